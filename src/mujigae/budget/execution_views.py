"""Placeholder: the execution pages are being built."""

from django.http import HttpResponse


def execution(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def execution_xlsx(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def spending_list(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def national(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)

"""Placeholder: the plan pages are being built."""

from django.http import HttpResponse


def year_list(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def lists(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def year_create(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def year_detail(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def year_close(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def project_create(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def project_detail(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def project_edit(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def amend(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def spending_create(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def ledger_import(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def ledger_mapping(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)


def ledger_template(request, **kwargs):
    return HttpResponse("준비 중입니다.", status=501)

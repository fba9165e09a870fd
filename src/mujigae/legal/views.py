"""The policy pages (thin: parse, authorize, call a service or selector, render).

Public: the privacy policy (the district's current version, the ones announced
for later, the earlier ones), the terms of use, the contact page. The district
comes from the logged-in user or from the path (/privacy/<district code>/); a
visitor with neither sees the platform's default policy and the list of
districts. The district coordinator edits their district's policy (each save a
new version) and contact."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.core import policy
from mujigae.core.forms import form_page
from mujigae.legal import defaults, forms, selectors, services
from mujigae.legal.models import EDITABLE, SECTIONS, PrivacyPolicy


def _sections(doc) -> list[tuple[str, str]]:
    """(heading, text) of each section of a version, or of the default texts."""
    value = (lambda name: doc[name]) if isinstance(doc, dict) else (lambda name: getattr(doc, name))
    return [
        (capfirst(PrivacyPolicy._meta.get_field(name).verbose_name), value(name))
        for name in SECTIONS
    ]


def _privacy_page(request: HttpRequest, district, shown: PrivacyPolicy | None = None):
    history = selectors.privacy_history(user=request.user, district=district)
    shown = shown or history.current
    ctx = {
        "district": district,
        "history": history,
        "shown": shown,
        "is_current": shown is not None and shown == history.current,
        "is_upcoming": shown is not None and shown in history.upcoming,
        "sections": _sections(shown or defaults.default_policy(district)),
        "contact": selectors.contact_of(user=request.user, district=district),
        "legal_district": district,
        "can_edit": policy.coordinates(request.user, district.pk),
    }
    return render(request, "legal/privacy.html", ctx)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    district = selectors.user_district(request.user)
    if district is not None:
        return _privacy_page(request, district)
    ctx = {
        "sections": _sections(defaults.default_policy()),
        "districts": selectors.public_districts(),
    }
    return render(request, "legal/privacy_index.html", ctx)


@require_GET
def privacy_district(request: HttpRequest, code: str) -> HttpResponse:
    return _privacy_page(request, selectors.public_district(code))


@require_GET
def privacy_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = policy.access(request.user, PrivacyPolicy, pk)
    return _privacy_page(request, version.district, shown=version)


def _own_district(request: HttpRequest):
    # The route lets coordinators only; a coordinator always has a district.
    return request.user.district


@require_http_methods(["GET", "POST"])
def privacy_edit(request: HttpRequest) -> HttpResponse:
    district = _own_district(request)
    history = selectors.privacy_history(user=request.user, district=district)
    latest = history.latest
    if latest is not None:
        initial = {name: getattr(latest, name) for name in EDITABLE}
    else:
        initial = defaults.default_policy(district)
    initial["effective_date"] = max(
        timezone.localdate(), latest.effective_date if latest else timezone.localdate()
    )
    initial["change_note"] = ""
    form = forms.PrivacyPolicyForm(request.POST or None, initial=initial)

    def success(result) -> str:
        version, created = result
        if not created:
            return _("Nothing changed: version %(version)s stays as it was.") % {
                "version": version.version
            }
        return _("Version %(version)s of the privacy policy is published.") % {
            "version": version.version
        }

    return form_page(
        request,
        form,
        save=lambda data: services.privacy_policy_publish(
            actor=request.user, district=district, data=data
        ),
        success=success,
        done=reverse("legal:privacy_district", args=[district.code]),
        template="legal/privacy_edit.html",
        context={"district": district, "history": history, "latest": latest},
    )


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/terms.html", {})


def _contact_page(request: HttpRequest, district) -> HttpResponse:
    history = selectors.privacy_history(user=request.user, district=district)
    ctx = {
        "district": district,
        "contact": selectors.contact_of(user=request.user, district=district),
        "officer": history.current,
        "legal_district": district,
        "can_edit": policy.coordinates(request.user, district.pk),
    }
    return render(request, "legal/contact.html", ctx)


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    district = selectors.user_district(request.user)
    if district is not None:
        return _contact_page(request, district)
    return render(request, "legal/contact_index.html", {"districts": selectors.public_districts()})


@require_GET
def contact_district(request: HttpRequest, code: str) -> HttpResponse:
    return _contact_page(request, selectors.public_district(code))


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest) -> HttpResponse:
    district = _own_district(request)
    current = selectors.contact_of(user=request.user, district=district)
    initial = {} if current is not None else {"office_name": district.name}
    form = forms.ContactForm(request.POST or None, instance=current, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.contact_save(actor=request.user, district=district, data=data),
        success=_("The contact was saved."),
        done=reverse("legal:contact_district", args=[district.code]),
        template="legal/contact_edit.html",
        context={"district": district},
    )

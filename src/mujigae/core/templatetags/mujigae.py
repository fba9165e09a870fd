from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from mujigae.core import numbers

register = template.Library()


@register.simple_tag
def status_badge(obj, field: str = "status"):
    """<span class="badge status-done">완료</span> for any model with choices."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="badge status-{}">{}</span>', value, label)


@register.simple_tag
def sample_badge(obj):
    if getattr(obj, "is_sample", False):
        return format_html(
            '<span class="badge sample" title="{}">{}</span>',
            _("Invented for the demo; not a real organisation."),
            _("sample"),
        )
    return ""


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def model_label(label: str) -> str:
    """'partners.Organisation' -> the model's (translated) verbose name."""
    from django.apps import apps

    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@register.filter
def audit_changes(entry):
    """An audit entry's changes as a reader sees them (core.audit.entry_changes)."""
    from mujigae.core.audit import entry_changes

    return entry_changes(entry)


VIA_LABELS = {
    "web": _noop("web page"),
    "api": _noop("API"),
    "admin": _noop("admin"),
    "system": _noop("system"),
    "import": _noop("file import"),
    "demo": _noop("demo data"),
}


@register.filter
def via_label(value: str) -> str:
    return _(VIA_LABELS[value]) if value in VIA_LABELS else value


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """What other apps show on `obj`'s page (core.panels), rendered in order."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from mujigae.core.panels import panels_for

    request = context.get("request")
    out = []
    for panel in panels_for(request, obj):
        template = panel.pop("template")
        out.append(render_to_string(template, {**panel, "obj": obj}, request=request))
    return mark_safe("".join(out))  # noqa: S308 - rendered templates (autoescaped)


@register.filter
def quantity(value, unit: str = ""):
    """{{ 25|quantity:"명" }} → 25명: no space before a Korean unit, no ".0" on a
    whole number, at most two decimals (2.25시간), "—" when undefined (core.numbers)."""
    return numbers.quantity(value, unit, places=2)


@register.filter
def percent(value):
    """{{ 80|percent }} → 80.0%: one decimal, no space, "—" when undefined (core.numbers)."""
    return numbers.percent(value)

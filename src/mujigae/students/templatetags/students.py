"""{% load students %}: masking filters for lists (the detail page shows full data)."""

from django import template

from mujigae.students import masking

register = template.Library()


@register.filter
def masked_name(value: str) -> str:
    return masking.mask_name(value)


@register.filter
def masked_phone(value: str) -> str:
    return masking.mask_phone(value)


@register.filter
def masked_email(value: str) -> str:
    return masking.mask_email(value)


@register.filter
def birth_year(value) -> str:
    return masking.mask_birth_date(value)

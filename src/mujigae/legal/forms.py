from __future__ import annotations

from django import forms

from mujigae.core import forms as core_forms
from mujigae.legal.models import EDITABLE, SECTIONS, Contact, PrivacyPolicy
from mujigae.legal.services import CONTACT_FIELDS


class PrivacyPolicyForm(forms.ModelForm):
    class Meta:
        model = PrivacyPolicy
        fields = EDITABLE
        field_classes = {"effective_date": core_forms.DateField}
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in SECTIONS}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

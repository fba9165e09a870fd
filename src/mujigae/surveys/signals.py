"""A survey's `updated_at` moves whenever one of its sections or questions
changes, however it is changed (service, admin, shell). Whatever is derived from
the questions and kept between requests — the answer checker's specs, the blank
answer form's HTML — is keyed on (survey id, updated_at), so a change is seen by
the next request in every worker process."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def _touch(survey_id: int | None) -> None:
    from mujigae.surveys.models import Survey

    if survey_id:
        Survey.objects.filter(pk=survey_id).update(updated_at=timezone.now())


def question_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    _touch(getattr(instance, "survey_id", None))


def connect() -> None:
    from mujigae.surveys.models import Question, Section

    for model in (Question, Section):
        post_save.connect(question_changed, sender=model, dispatch_uid=f"touch-survey-{model}")
        post_delete.connect(question_changed, sender=model, dispatch_uid=f"touch-survey-d-{model}")

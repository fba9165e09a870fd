"""Answering a survey through a personal link: /s/<token>/… (no login; the token is the key)."""

from django.urls import path

from mujigae.surveys import views_answer

urlpatterns = [
    path("<str:token>/", views_answer.answer, name="answer"),
    path("<str:token>/save", views_answer.save, name="save"),
    path("<str:token>/submit", views_answer.submit, name="submit"),
]

from django.urls import path

from mujigae.surveys import views_design as v

# Included by mujigae.surveys.urls under the "surveys" namespace.
urlpatterns = [
    path("", v.survey_list, name="survey_list"),
    path("new/", v.survey_create, name="survey_create"),
    path("<int:pk>/", v.survey_detail, name="survey_detail"),
    path("<int:pk>/edit/", v.survey_edit, name="survey_edit"),
    path("<int:pk>/sections/add/", v.section_add, name="section_add"),
    path("<int:pk>/questions/add/", v.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", v.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", v.question_delete, name="question_delete"),
    path("<int:pk>/preview/", v.survey_preview, name="survey_preview"),
    path("<int:pk>/status/", v.survey_status, name="survey_status"),
    path("<int:pk>/send/", v.survey_send, name="survey_send"),
    path("<int:pk>/letters/", v.survey_letters, name="survey_letters"),
    path("<int:pk>/tracker/", v.survey_tracker, name="survey_tracker"),
    path("<int:pk>/tracker/export/", v.survey_tracker_export, name="survey_tracker_export"),
]

from django.urls import include, path

from mujigae.surveys import views_answer

app_name = "surveys"

# Three areas, each with its own views module:
#   design   — coordinators build, preview, open, send and track surveys
#   answer   — companies answer through their personal link (no account)
#   analysis — results, charts, exports (coordinators see who; others aggregates)
urlpatterns = [
    path("", include("mujigae.surveys.urls_design")),
    path("", include("mujigae.surveys.urls_analysis")),
    # a company answers signed in, without its e-mailed link (the home's to-do)
    path("<int:pk>/answer/", views_answer.answer_signed_in, name="survey_answer"),
]

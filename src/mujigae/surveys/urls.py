from django.urls import include, path

app_name = "surveys"

# Three areas, each with its own views module:
#   design   — coordinators build, preview, open, send and track surveys
#   answer   — companies answer through their personal link (no account)
#   analysis — results, charts, exports (coordinators see who; others aggregates)
urlpatterns = [
    path("", include("mujigae.surveys.urls_design")),
    path("", include("mujigae.surveys.urls_analysis")),
]

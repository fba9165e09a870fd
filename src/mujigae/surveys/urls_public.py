from django.urls import include, path

app_name = "answer"

# The public answering pages: /s/<token>/… (the token is the key; no login).
urlpatterns = [path("", include("mujigae.surveys.urls_answer"))]

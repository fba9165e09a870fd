from django.urls import path

from mujigae.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/transition/", views.round_transition, name="round_transition"),
    path("<int:pk>/run/", views.round_run, name="round_run"),
    path("<int:pk>/export.xlsx", views.round_export, name="round_export"),
    path("<int:pk>/welfare/", views.round_welfare, name="round_welfare"),
    path("<int:pk>/second/", views.round_second, name="round_second"),
    path("<int:pk>/mine/", views.student_round, name="student_round"),
    path("<int:pk>/mine/answer/", views.student_respond, name="student_respond"),
    path("<int:pk>/company/", views.company_round, name="company_round"),
    path("<int:pk>/school/", views.school_round, name="school_round"),
    path("answers/<int:pk>/correct/", views.answer_correct, name="answer_correct"),
]

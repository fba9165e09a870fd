from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from mujigae.api import api
from mujigae.core import views as core_views
from mujigae.security import views as security_views

urlpatterns = [
    path("", include("mujigae.reports.urls")),
    # password step, then the second factor where the role needs it (docs/security.md)
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("", include("mujigae.core.urls")),
    path("partners/", include("mujigae.partners.urls")),
    path("governance/", include("mujigae.governance.urls")),
    path("surveys/", include("mujigae.surveys.urls")),
    path("s/", include("mujigae.surveys.urls_public")),
    path("competencies/", include("mujigae.competencies.urls")),
    path("curriculum/", include("mujigae.curriculum.urls")),
    path("insights/", include("mujigae.insights.urls")),
    path("students/", include("mujigae.students.urls")),
    path("placements/", include("mujigae.placements.urls")),
    path("rounds/", include("mujigae.rounds.urls")),
    path("outcomes/", include("mujigae.outcomes.urls")),
    path("budget/", include("mujigae.budget.urls")),
    path("benefits/", include("mujigae.benefits.urls")),
    path("sharing/", include("mujigae.sharing.urls")),
    path("accounts/", include("mujigae.accounts.urls")),
    path("security/", include("mujigae.security.urls")),
    path("", include("mujigae.legal.urls")),
    path("notifications/", include("mujigae.notifications.urls")),
    path("calendar/", include("mujigae.calendars.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "mujigae.core.views.bad_request"
handler403 = "mujigae.core.views.permission_denied"
handler404 = "mujigae.core.views.page_not_found"
handler500 = "mujigae.core.views.server_error"

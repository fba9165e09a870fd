"""Routes of the district's annual report and the entered indicator values
(namespace "annual": annual:list, annual:detail …)."""

app_name = "annual"

urlpatterns: list = []

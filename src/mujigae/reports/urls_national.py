"""Routes of the ministry's national view and the evaluation framework
(namespace "national": national:comparison, national:framework …)."""

app_name = "national"

urlpatterns: list = []

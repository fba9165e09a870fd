app_name = "sharing"

urlpatterns: list = [
    # each part adds its own patterns in its own module
]

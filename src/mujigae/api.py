"""The REST API (django-ninja). Routers live in each app's api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="mujigae API", version="1", urls_namespace="api")

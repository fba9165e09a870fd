from django.conf import settings

from mujigae.core import policy


def navigation(request):
    """Which menu entries the user may open: straight from the policy's route table."""
    user = getattr(request, "user", None)
    allowed = set()
    if user is not None and user.is_authenticated:
        allowed = {name for name, rule in policy.ROUTES.items() if rule.allows(user, "GET")}
    return {"nav_allowed": allowed, "LANGUAGES": settings.LANGUAGES}

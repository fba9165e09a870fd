from django.conf import settings
from django.utils.functional import SimpleLazyObject

from mujigae.core import inbox, policy


def navigation(request):
    """Which menu entries the user may open: straight from the policy's route table."""
    user = getattr(request, "user", None)
    allowed = set()
    if user is not None and user.is_authenticated:
        allowed = {name for name, rule in policy.ROUTES.items() if rule.allows(user, "GET")}
    return {
        "nav_allowed": allowed,
        "LANGUAGES": settings.LANGUAGES,
        # the number beside "Home": computed only when a template shows it
        "todo_count": SimpleLazyObject(lambda: inbox.todo_count(user)),
    }

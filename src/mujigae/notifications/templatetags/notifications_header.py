from django import template

from mujigae.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context.get("user")
    return {"count": unread_count(user) if user is not None else 0}

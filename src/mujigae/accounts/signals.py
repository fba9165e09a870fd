"""Keep the role in use among a person's memberships, whatever made the account
(the demo, test factories, Django's admin, `createsuperuser`). Core does not
know this app: the receiver is connected from `AccountsConfig.ready()`."""

from __future__ import annotations

from typing import Any

# The fields of core.User that make up the role in use.
ROLE_FIELDS = frozenset({"role", "district", "district_id", "organisation", "organisation_id"})


def user_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading a fixture: rows as they are
        return
    if instance.__dict__.pop("_membership_managed", False):
        return  # a service of this app wrote the membership (and its history row) itself
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not (set(update_fields) & ROLE_FIELDS):
        return  # e.g. last_login at each login
    from mujigae.accounts.services import ensure_membership

    ensure_membership(instance)

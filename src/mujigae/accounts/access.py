"""Access rules of people and their access (invitations, accounts, roles,
activation codes, the access-rights history). See docs/accounts.md."""

from __future__ import annotations

from mujigae.core import policy

policy.register_routes({})

"""Fixtures for people and access: an inviter per role, the invitation mail
captured (mails leave after the commit), the link's token read from the mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from mujigae.accounts import services
from mujigae.partners.models import OrgKind
from tests import factories as f

LINK = re.compile(r"https?://[^\s]+/accounts/invite/([^/\s]+)/")


def token_from_mail(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent() as outbox:` runs the after-commit mails and returns them."""

    class _Sent:
        def __call__(self):
            return self

        def __enter__(self):
            self._before = len(mail.outbox)
            self._capture = django_capture_on_commit_callbacks(execute=True)
            self._capture.__enter__()
            self.outbox = []
            return self

        def __exit__(self, *exc):
            self._capture.__exit__(*exc)
            self.outbox = mail.outbox[self._before :]
            return False

    return _Sent()


@pytest.fixture
def university(world):
    return f.OrganisationFactory(
        district=world.district, name="안산대학교", kind=OrgKind.UNIVERSITY
    )


def invite(actor, organisation, role, *, name="새담당자", email="new.person@example.com"):
    return services.invitation_create(
        actor=actor, organisation=organisation, role=role, name=name, email=email
    )

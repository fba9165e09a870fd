"""Shared fixtures: two districts, one user per role in the first, outsiders in the second."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import hypothesis
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.signals import setting_changed

from mujigae.core.models import Role, User
from mujigae.partners.models import Organisation, OrgKind
from tests import factories as f

# Property tests check behaviour, not speed: on a shared 2-core CI machine a
# generated example may take longer than hypothesis' health check allows.
hypothesis.settings.register_profile(
    "mujigae", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("mujigae")


@dataclass
class World:
    district: object
    other_district: object
    office: Organisation
    school: Organisation
    company: Organisation
    company_b: Organisation
    partner: Organisation
    other_company: Organisation
    users: dict[str, User]


@pytest.fixture(scope="session", autouse=True)
def korean_catalogue():
    """Compile the Korean .po with Babel (as `make messages` does; no GNU gettext
    needed) and make Django reload its catalogues, so every test sees Korean."""
    src = Path(__file__).resolve().parent.parent / "src/mujigae"
    # The main catalogue and any app's own (src/mujigae/<app>/locale/...).
    for po in sorted(src.glob("**/locale/ko/LC_MESSAGES/django.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        buf = BytesIO()
        write_mo(buf, catalog, use_fuzzy=True)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buf.getvalue():
            # Atomic replace: parallel workers may compile at the same time.
            fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(buf.getvalue())
            os.replace(tmp, mo)
    # What override_settings(LOCALE_PATHS=...) does: forget catalogues loaded
    # before the .mo existed (another worker may have just written it).
    setting_changed.send(
        sender=type(settings._wrapped),
        setting="LOCALE_PATHS",
        value=settings.LOCALE_PATHS,
        enter=False,
    )
    yield


@pytest.fixture(autouse=True)
def shipped_frameworks(request):
    """The evaluation framework the data migration ships (reports 0003). A
    transactional test empties every table when it ends, migrated rows
    included: put the shipped frameworks back for the tests after it."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from mujigae.reports.framework_seed import ensure_shipped

    ensure_shipped()


@pytest.fixture(autouse=True)
def fresh_evaluations(settings):
    """Tests change rows and read the pages again: the comparison pages compute
    afresh (tests/reports/test_evaluation.py tests the reuse itself)."""
    settings.MUJIGAE_EVALUATION_MAX_AGE = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached figures must not leak between tests (ids repeat after a rollback)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request in English (LocaleMiddleware activates it in this thread) must
    not leave the next test of the same worker in English."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def _files_root(tmp_path_factory):
    return tmp_path_factory.mktemp("files")


@pytest.fixture(autouse=True)
def files_dir(_files_root, settings):
    """Shared files (core.files) go to a temporary folder per test session, never
    under var/; each test gets a fresh sub-folder (the e2e server thread too)."""
    import uuid

    location = _files_root / uuid.uuid4().hex[:12]
    settings.STORAGES = {
        **settings.STORAGES,
        "mujigae_files": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """PBKDF2 is slow on purpose; tests hash many passwords (nine per `world`)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Two districts, our organisations, one user per role (and outsiders)."""
    district = f.DistrictFactory(code="ansan", name="안산 무지개 직업교육 혁신지구")
    other = f.DistrictFactory(code="other", name="다른 혁신지구")
    office = f.OrganisationFactory(
        district=district, name="교육지원청", kind=OrgKind.EDUCATION_OFFICE
    )
    school = f.OrganisationFactory(district=district, name="시험고등학교", kind=OrgKind.SCHOOL)
    company = f.OrganisationFactory(district=district, name="가나로봇", kind=OrgKind.COMPANY)
    company_b = f.OrganisationFactory(district=district, name="다라정밀", kind=OrgKind.COMPANY)
    partner = f.OrganisationFactory(district=district, name="상공회의소", kind=OrgKind.CHAMBER)
    other_company = f.OrganisationFactory(district=other, name="타지구기업", kind=OrgKind.COMPANY)
    users = {
        "coordinator": f.UserFactory(
            username="coordinator", role=Role.COORDINATOR, district=district, organisation=office
        ),
        "school": f.UserFactory(
            username="school", role=Role.SCHOOL, district=district, organisation=school
        ),
        "company": f.UserFactory(
            username="company", role=Role.COMPANY, district=district, organisation=company
        ),
        "company_b": f.UserFactory(
            username="company_b", role=Role.COMPANY, district=district, organisation=company_b
        ),
        "partner": f.UserFactory(
            username="partner", role=Role.PARTNER, district=district, organisation=partner
        ),
        "student": f.UserFactory(
            username="student", role=Role.STUDENT, district=district, organisation=school
        ),
        "ministry": f.UserFactory(
            username="ministry", role=Role.MINISTRY, district=None, organisation=None
        ),
        "other_coordinator": f.UserFactory(
            username="other_coordinator", role=Role.COORDINATOR, district=other
        ),
        "other_company": f.UserFactory(
            username="other_company", role=Role.COMPANY, district=other, organisation=other_company
        ),
    }
    return World(district, other, office, school, company, company_b, partner, other_company, users)


@pytest.fixture
def client_for(client, world):
    """client_for("company") -> a test client logged in as that role."""

    def login(name: str):
        client.force_login(world.users[name])
        return client

    return login

"""factory-boy factories for every domain model. Tests build their data here."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from mujigae.core.models import District, Industry, Role, User
from mujigae.governance.models import ActionItem, Agreement, Clause, Commitment, Decision, Meeting
from mujigae.partners.models import Organisation, OrgKind, Person

PASSWORD = "test-password-123"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"시험 혁신지구 {n}")
    region = "경기도"


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"industry-{n}")
    name = factory.Sequence(lambda n: f"산업 {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"기관 {n}")
    kind = OrgKind.COMPANY
    area = "단원구"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.SelfAttribute("organisation.district")
    name = factory.Sequence(lambda n: f"담당자{n}")
    position = "팀장"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COORDINATOR
    district = factory.SubFactory(DistrictFactory)
    organisation = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def api_token_row(user: User, name: str = "test") -> tuple:
    """(token, raw) for any user, students included: the row as a token made
    before students lost API tokens (core.services.api_token_create refuses
    them now) is still in the database."""
    import secrets

    from mujigae.core.models import ApiToken
    from mujigae.core.services import TOKEN_PREFIX, token_digest

    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], digest=token_digest(raw))
    return token, raw


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    district = factory.SubFactory(DistrictFactory)
    kind = "council"
    title = factory.Sequence(lambda n: f"협의회 {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    place = "시청 제1회의실"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "결정 사항"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    owner = factory.SubFactory(OrganisationFactory)
    district = factory.SelfAttribute("owner.district")
    title = factory.Sequence(lambda n: f"할 일 {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    district = factory.SubFactory(DistrictFactory)
    title = "업무협약"
    signed_on = dt.date(2024, 8, 8)


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"조항 {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    clause = factory.SubFactory(ClauseFactory)
    district = factory.SelfAttribute("clause.agreement.district")
    organisation = factory.SubFactory(
        OrganisationFactory, district=factory.SelfAttribute("..district")
    )


# ---------------------------------------------------------------- surveys
from mujigae.surveys.models import Invitation, Question, Section, Survey  # noqa: E402


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    district = factory.SubFactory(DistrictFactory)
    title = factory.Sequence(lambda n: f"기업 수요조사 {n}")
    year = 2025
    status = Survey.Status.OPEN
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "기본 정보"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.SelfAttribute("section.survey")
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = "short_text"
    text = factory.Sequence(lambda n: f"질문 {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, district=factory.SelfAttribute("..survey.district")
    )
    token = factory.Sequence(lambda n: f"token-{n:08d}-abcdefghijklmnop")

"""Objects of every attachable kind, for the attachments' tests and matrix part."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mujigae.core.files import memory_file
from mujigae.sharing import attachments
from tests import factories as f
from tests import filesamples as s


def proposal(world: Any, company: Any, provider: Any, name: str = "제안 모듈") -> Any:
    from mujigae.curriculum.models import ModuleProposal, ProposalVersion
    from tests.curriculum.factories import ProgrammeFactory

    programme = ProgrammeFactory(district=world.district, provider=provider)
    p = ModuleProposal.objects.create(
        district=world.district, programme=programme, proposer=company
    )
    ProposalVersion.objects.create(proposal=p, number=1, name=name, units=[])
    return p


def slot(company: Any, title: str = "로봇 정비 현장실습") -> Any:
    from mujigae.placements.models import Slot

    return Slot.objects.create(
        district=company.district,
        company=company,
        kind="field_training",
        title=title,
        daily_hours=Decimal(7),
        weekly_hours=Decimal(35),
        start_time=dt.time(9, 0),
        end_time=dt.time(17, 0),
        capacity=2,
    )


def spending(world: Any, runner: Any) -> Any:
    from mujigae.budget import services
    from mujigae.budget.models import Allocation, ExpenseCategory, FundingSource, Spending

    actor = world.users["coordinator"]
    services.lists_seed(actor=actor, district=world.district)
    source = FundingSource.objects.filter(district=world.district).first()
    category = ExpenseCategory.objects.filter(district=world.district).first()
    year = services.year_create(
        actor=actor,
        district=world.district,
        year=2026,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        amounts={source: 100_000_000},
    )
    project = services.project_create(
        actor=actor,
        fiscal_year=year,
        data={"code": "P-01", "name": "현장실습 지원", "runner": runner},
        allocations={(source.pk, category.pk): 10_000_000},
    )
    allocation = Allocation.objects.get(project=project)
    return Spending.objects.create(
        district=world.district,
        fiscal_year=year,
        allocation=allocation,
        project=project,
        source=source,
        category=category,
        spent_on=dt.date(2026, 3, 2),
        amount=120_000,
        description="실습 재료 구입",
        created_by=actor,
    )


def student(world: Any, name: str = "김첨부", *, login: bool = False) -> Any:
    from tests.students.factories import StudentFactory

    user = world.users["student"] if login else None
    return StudentFactory(school=world.school, name=name, user=user)


def objects(world: Any) -> dict[str, Any]:
    """One object of each attachable model in the first district."""
    meeting = f.MeetingFactory(district=world.district, title="운영위원회")
    return {
        "meeting": meeting,
        "action": f.ActionItemFactory(owner=world.company, meeting=meeting),
        "commitment": f.CommitmentFactory(
            clause=f.ClauseFactory(agreement=f.AgreementFactory(district=world.district)),
            organisation=world.company,
        ),
        "proposal": proposal(world, world.company, world.school),
        "slot": slot(world.company),
        "spending": spending(world, world.school),
        "student": student(world, login=True),
    }


def attach(obj: Any, actor: Any, name: str = "회의록(서명).pdf", data: bytes | None = None):
    upload = memory_file(data or s.small_pdf("signed"), name)
    return attachments.attachment_add(actor=actor, obj=obj, upload=upload)

"""Curriculum fixtures on top of `world`: programmes of the school, the partner
and the company, a few competency units, and a company proposal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from mujigae.curriculum.models import ProgrammeKind
from tests.curriculum import factories as cf


@pytest.fixture(autouse=True)
def korean():
    """Services answer in the active language: Korean here, whatever ran before
    in this worker (a page test may have left English active)."""
    with translation.override("ko"):
        yield


@dataclass
class Curr:
    units: list[Any]
    school_programme: Any
    partner_programme: Any
    company_programme: Any
    other_programme: Any
    module: Any


@pytest.fixture
def curr(world) -> Curr:
    units = [
        cf.UnitFactory(code=f"19030601{n:02d}_17v1", name=name)
        for n, name in enumerate(
            [
                "로봇 유지보수 계획 수립",
                "로봇 하드웨어 점검",
                "로봇 제어기 고장 진단",
                "산업용 로봇 티칭",
            ],
            start=1,
        )
    ]
    school_programme = cf.ProgrammeFactory(provider=world.school, name="로봇제어과")
    partner_programme = cf.ProgrammeFactory(
        provider=world.partner, name="재직자 자동화 과정", kind=ProgrammeKind.TRAINING_INSTITUTE
    )
    company_programme = cf.ProgrammeFactory(
        provider=world.company, name="사내 협동로봇 과정", kind=ProgrammeKind.COMPANY_COURSE
    )
    other_programme = cf.ProgrammeFactory(provider=world.other_company, name="타지구 과정")
    module = cf.ModuleFactory(programme=school_programme, name="로봇 유지보수 기초", order=1)
    cf.ModuleUnitFactory(module=module, unit=units[0], hours=30)
    cf.ModuleUnitFactory(module=module, unit=units[1], hours=20)
    return Curr(
        units, school_programme, partner_programme, company_programme, other_programme, module
    )

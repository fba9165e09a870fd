"""Factories for curriculum tests (competency units made here, independent of the
taxonomy importer)."""

from __future__ import annotations

import factory

from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsLevel
from mujigae.curriculum.models import Cohort, Module, ModuleUnit, Programme, ProgrammeKind


class NcsJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NcsClass
        django_get_or_create = ("code",)

    code = "19030601"
    name = "로봇유지보수"
    level = NcsLevel.JOB


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"19030601{n:02d}_17v1")
    job = factory.SubFactory(NcsJobFactory)
    name = factory.Sequence(lambda n: f"시험 능력단위 {n}")
    level = 3


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    provider = None  # give one
    district = factory.SelfAttribute("provider.district")
    kind = ProgrammeKind.SCHOOL_MAJOR
    name = factory.Sequence(lambda n: f"과정 {n}")


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    programme = None
    name = factory.Sequence(lambda n: f"모듈 {n}")
    order = factory.Sequence(lambda n: n + 1)


class ModuleUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleUnit

    module = None
    unit = factory.SubFactory(UnitFactory)
    hours = 40


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = None
    district = factory.SelfAttribute("programme.district")
    year = 2025
    enrolled = 20
    completed = None

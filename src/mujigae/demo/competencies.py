"""The Ansan competency map as demo data.

Loads the SAMPLE NCS taxonomy for Robot AI and Digital Manufacturing
(`mujigae/competencies/data/sample_ncs.csv`, written for the project, not the
official NCS) through the real importer with `is_sample=True`, then maps the
Ansan district's two specialised industries to the occupations the demo
surveys ask about (`mujigae.demo.surveys.OCCUPATIONS`) and their units.

`load_ansan_competencies()` runs after `load_ansan()`. It is idempotent (the
importer upserts; occupations are keyed on (district, name); a rerun that
changes nothing leaves no new import record) and deterministic (no random
values at all).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.db import transaction

from mujigae.competencies import services
from mujigae.competencies.models import CompetencyUnit, NcsClass, NcsLevel, Occupation
from mujigae.core.models import District, Industry
from mujigae.demo.ansan import DISTRICT
from mujigae.demo.surveys import OCCUPATIONS

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "competencies" / "data" / "sample_ncs.csv"


def load_sample_taxonomy(*, out: TextIO | None = None) -> None:
    record = services.ncs_import_file(
        actor=None,
        raw=SAMPLE_FILE.read_bytes(),
        file_name=SAMPLE_FILE.name,
        is_sample=True,
        via="system",
        skip_if_unchanged=True,
    )
    if out is not None:
        if record is None:
            out.write("competencies: sample NCS taxonomy unchanged\n")
        else:
            out.write(
                f"competencies: sample NCS taxonomy imported ({record.rows} rows, "
                f"{record.counts['units_created']} units added)\n"
            )


@transaction.atomic
def load_ansan_competencies(*, out: TextIO | None = None) -> list[Occupation]:
    """Import the sample taxonomy and build Ansan's competency map."""
    load_sample_taxonomy(out=out)
    district = District.objects.get(code=DISTRICT["code"])
    industries = {i.code: i for i in Industry.objects.filter(district=district)}
    occupations = []
    for name, (industry_codes, unit_codes) in OCCUPATIONS.items():
        units = list(CompetencyUnit.objects.filter(code__in=unit_codes).order_by("code"))
        job = (
            NcsClass.objects.filter(code=unit_codes[0][:8], level=NcsLevel.JOB).first()
            if unit_codes
            else None
        )
        occ, _created = Occupation.objects.update_or_create(
            district=district,
            name=name,
            defaults={
                # the first industry is the home of an occupation both industries share
                "industry": industries.get(industry_codes[0]),
                "job": job,
                "is_sample": True,
            },
        )
        occ.units.set(units)
        occupations.append(occ)
    if out is not None:
        out.write(f"competencies: {len(occupations)} occupations mapped for {district.name}\n")
    return occupations

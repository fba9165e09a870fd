"""Backfill: audit entries written before `core.districts.district_of` existed
have no district when their object reaches it through a parent (sections,
questions, clauses, invitations, responses, answers, module units, student
choices, company ranks …), so no coordinator could read them. Give each the
district of its object, found by the same path the policy uses. Entries whose
object is gone stay as they are (nothing says where they belonged).

It lives here, above every domain app, because it reads their tables."""

from collections import defaultdict

from django.db import migrations

BATCH = 1000


def backfill(apps, schema_editor):
    from mujigae.core.districts import district_path

    AuditEntry = apps.get_model("core", "AuditEntry")
    missing = defaultdict(set)
    for object_type, object_id in (
        AuditEntry.objects.filter(district__isnull=True)
        .values_list("object_type", "object_id")
        .iterator()
    ):
        missing[object_type].add(object_id)
    for object_type, ids in missing.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        path = district_path(model)
        if not path:  # national rows, or District itself (its entries name it)
            if path == "":
                district_ids = {str(pk): pk for pk in model.objects.values_list("pk", flat=True)}
                for object_id in ids & set(district_ids):
                    AuditEntry.objects.filter(
                        district__isnull=True, object_type=object_type, object_id=object_id
                    ).update(district_id=district_ids[object_id])
            continue
        pk_field = model._meta.pk
        valid = []
        for raw in ids:
            try:
                valid.append(pk_field.to_python(raw))
            except Exception:  # noqa: BLE001 - an id that is not one of this model's
                continue
        by_district = defaultdict(list)
        for start in range(0, len(valid), BATCH):
            chunk = valid[start : start + BATCH]
            for pk, district_id in model.objects.filter(pk__in=chunk).values_list(
                "pk", f"{path}_id"
            ):
                if district_id is not None:
                    by_district[district_id].append(str(pk))
        for district_id, object_ids in by_district.items():
            for start in range(0, len(object_ids), BATCH):
                AuditEntry.objects.filter(
                    district__isnull=True,
                    object_type=object_type,
                    object_id__in=object_ids[start : start + BATCH],
                ).update(district_id=district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("partners", "0001_initial"),
        ("governance", "0002_alter_actionitem_decision_alter_actionitem_meeting"),
        ("surveys", "0002_answers_submitted"),
        ("competencies", "0002_ncsimport_unittag"),
        ("curriculum", "0002_moduleproposal_proposalcomment_proposalversion_and_more"),
        ("insights", "0001_initial"),
        ("students", "0001_initial"),
        ("placements", "0001_initial"),
        ("rounds", "0001_initial"),
        ("outcomes", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

"""Every existing account gets a Membership for the role it has now, so that
the role in use is always one of the person's memberships (issue 12)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("core", "User")
    Membership = apps.get_model("accounts", "Membership")
    AccessChange = apps.get_model("accounts", "AccessChange")
    have = set(Membership.objects.values_list("user_id", "role", "district_id", "organisation_id"))
    new, history = [], []
    for user in User.objects.exclude(role="").iterator(chunk_size=2000):
        key = (user.pk, user.role, user.district_id, user.organisation_id)
        if key in have:
            continue
        new.append(
            Membership(
                user_id=user.pk,
                role=user.role,
                district_id=user.district_id,
                organisation_id=user.organisation_id,
            )
        )
        history.append(
            AccessChange(
                district_id=user.district_id,
                actor_name="mujigae",
                subject_id=user.pk,
                subject_name=(user.display_name or user.username)[:150],
                kind="role_granted",
                detail={"role": user.role, "organisation_id": user.organisation_id, "via": "migration"},
            )
        )
    Membership.objects.bulk_create(new, batch_size=2000)
    AccessChange.objects.bulk_create(history, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitation_resend")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

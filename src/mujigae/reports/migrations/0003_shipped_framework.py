"""The shipped evaluation framework, as data the ministry edits (years 2022–2026)."""

from django.db import migrations

YEARS = range(2022, 2027)


def forward(apps, schema_editor):
    from mujigae.reports.framework_seed import create_shipped

    Framework = apps.get_model("reports", "Framework")
    Area = apps.get_model("reports", "Area")
    Indicator = apps.get_model("reports", "Indicator")
    for year in YEARS:
        if not Framework.objects.filter(year=year).exists():
            create_shipped(year=year, Framework=Framework, Area=Area, Indicator=Indicator)


def backward(apps, schema_editor):
    apps.get_model("reports", "Framework").objects.filter(year__in=YEARS, reports__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_framework_and_reports")]

    operations = [migrations.RunPython(forward, backward)]

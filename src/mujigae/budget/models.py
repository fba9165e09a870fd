"""The district's budget and its execution (MOU clause 5, 행·재정적 지원).

A fiscal year (회계연도) of a district has its funding sources (재원: the
ministry's special grant, the education office's and the city's matching
funds …) with amounts, and its projects (사업), each with allocations per
source and expense category (비목). Amendments (변경) never overwrite: each
is a row with its date, reason and the amount before and after; `original`
stays as planned and `current` is the amount after the last amendment.
Spending (집행) rows hang off one allocation. Amounts are whole won
(BigIntegerField), never floats. See docs/budget.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District


class FundingSource(models.Model):
    """A kind of money the district runs on: a list each district edits."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["district", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="funding_source_name_unique")
        ]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class ExpenseCategory(models.Model):
    """An expense category (비목): personnel, operations, travel, equipment …"""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["district", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="expense_category_name_unique"
            )
        ]
        verbose_name = _("expense category")
        verbose_name_plural = _("expense categories")

    def __str__(self) -> str:
        return self.name


class FiscalYear(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="fiscal_year_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="fiscal_year_dates_ordered"
            ),
        ]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")

    def __str__(self) -> str:
        return f"{self.year}"


class SourceFunding(models.Model):
    """How much of one funding source a fiscal year has."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="fundings")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="fundings")
    original = models.BigIntegerField(_("original amount (won)"))
    current = models.BigIntegerField(_("current amount (won)"))

    class Meta:
        ordering = ["fiscal_year", "source__position", "source__name"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "source"], name="source_funding_unique"),
            models.CheckConstraint(
                condition=Q(original__gte=0) & Q(current__gte=0),
                name="source_funding_not_negative",
            ),
        ]
        verbose_name = _("source funding")
        verbose_name_plural = _("source fundings")

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.source}"


class Project(models.Model):
    """A project (사업) of the district in one fiscal year."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    clauses = models.ManyToManyField(
        "governance.Clause", blank=True, related_name="+", verbose_name=_("MOU clauses")
    )
    # who runs it: a partner sees the projects it runs and their spending
    runner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    programme = models.ForeignKey(
        "curriculum.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    settlement_programme = models.ForeignKey(
        "outcomes.SettlementProgramme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settlement programme"),
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fiscal_year", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="project_name_unique"),
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                condition=~Q(code=""),
                name="project_code_unique",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Allocation(models.Model):
    """A project's budget from one source for one expense category."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(ExpenseCategory, on_delete=models.PROTECT, related_name="+")
    original = models.BigIntegerField(_("original amount (won)"))
    current = models.BigIntegerField(_("current amount (won)"))

    class Meta:
        ordering = ["project", "source__position", "category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "category"], name="allocation_unique"
            ),
            models.CheckConstraint(
                condition=Q(original__gte=0) & Q(current__gte=0), name="allocation_not_negative"
            ),
        ]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.project} · {self.source} · {self.category}"


class Amendment(models.Model):
    """One change (변경) of a source's amount or an allocation: the history."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="amendments")
    funding = models.ForeignKey(
        SourceFunding, on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    amended_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    before = models.BigIntegerField(_("before (won)"))
    after = models.BigIntegerField(_("after (won)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fiscal_year", "amended_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(funding__isnull=False) & Q(allocation__isnull=True))
                | (Q(funding__isnull=True) & Q(allocation__isnull=False)),
                name="amendment_changes_one_thing",
            ),
            models.CheckConstraint(condition=Q(after__gte=0), name="amendment_not_negative"),
        ]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.amended_on} {self.reason}"


class SpendingOrigin(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from the execution ledger")
    BENEFIT = "benefit", _("Benefit paid")


class Spending(models.Model):
    """One execution row (집행 내역) of an allocation."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="spendings")
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="spendings")
    # denormalised from the allocation for the execution figures' GROUP BY
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="spendings")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(ExpenseCategory, on_delete=models.PROTECT, related_name="+")
    spent_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (won)"))
    payee_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payee (organisation)"),
    )
    payee_name = models.CharField(_("payee"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    origin = models.CharField(
        _("entered"), max_length=10, choices=SpendingOrigin.choices, default=SpendingOrigin.MANUAL
    )
    # an imported row's identity: the reference number, or a digest of the row
    import_key = models.CharField(max_length=100, blank=True)
    # a refund (반납, e.g. a benefit clawed back) is a negative row naming the row it returns
    refund_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fiscal_year", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__gt=0) & Q(refund_of__isnull=True))
                | (Q(amount__lt=0) & Q(refund_of__isnull=False)),
                name="spending_positive_or_refund",
            ),
            models.UniqueConstraint(
                fields=["district", "import_key"],
                condition=~Q(import_key=""),
                name="spending_import_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "spent_on"]),
            models.Index(fields=["allocation", "spent_on"]),
            models.Index(fields=["project", "spent_on"]),
        ]
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount:,}"


class LedgerMapping(models.Model):
    """Which column of the accounting system's export holds which field: set
    once per district, reused by every later import."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ledger column mapping")
        verbose_name_plural = _("ledger column mappings")

    def __str__(self) -> str:
        return str(self.district_id)

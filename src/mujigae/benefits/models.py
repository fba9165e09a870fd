"""Benefits for participating companies (MOU clause 4, 참여 기업체에 대한 제도적 혜택).

A district keeps a catalogue of benefits (`Benefit`): money (a field-training
subsidy per trainee-month, the on-site trainer allowance per day with its cap),
certifications and awards, points, facility use, training. Each has eligibility
conditions stored as rows (`Condition`: kind + threshold + window) that the
coordinator edits; `eligibility.py` evaluates them on the data mujigae holds.

The ledger (`Grant`) records what a company applied for and received:
applied → approved → paid, or rejected, or withdrawn with a reason (a paid
money grant withdrawn is clawed back: the spending is refunded). Every
transition is a `GrantEvent` row. A grant never doubles another live one for
the same company, benefit, year and period (a partial unique constraint) and
the yearly cap is checked by the service under a row lock. Amounts are whole
won (BigIntegerField). See docs/benefits.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mujigae.core.models import District


class BenefitKind(models.TextChoices):
    TRAINEE_SUBSIDY = "trainee_subsidy", _("Field-training subsidy (per trainee-month)")
    TRAINER_ALLOWANCE = "trainer_allowance", _("On-site trainer allowance (per day, capped)")
    MONEY = "money", _("Other money support")
    CERTIFICATION = "certification", _("Certification or award")
    POINTS = "points", _("Points in procurement or support programmes")
    FACILITY = "facility", _("Equipment or facility use")
    TRAINING = "training", _("Training")


MONEY_KINDS = frozenset(
    {BenefitKind.TRAINEE_SUBSIDY, BenefitKind.TRAINER_ALLOWANCE, BenefitKind.MONEY}
)


class Benefit(models.Model):
    """One benefit of a district's catalogue."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BenefitKind.choices)
    # money kinds: the budget allocation (project · source · category) that pays it
    allocation = models.ForeignKey(
        "budget.Allocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid from (budget project · source · category)"),
    )
    unit_amount = models.BigIntegerField(
        _("amount per unit (won)"),
        null=True,
        blank=True,
        help_text=_("Money benefits: won per trainee-month, per day or per grant."),
    )
    unit_label = models.CharField(
        _("unit"),
        max_length=20,
        blank=True,
        help_text=_("What one unit is: 'trainee-month', 'day', 'time' …"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    yearly_cap = models.BigIntegerField(
        _("yearly cap per company"),
        help_text=_("Won for money benefits; the number of units otherwise."),
    )
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="benefit_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="benefit_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(yearly_cap__gt=0), name="benefit_cap_positive"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(MONEY_KINDS))
                | (Q(allocation__isnull=False) & Q(unit_amount__gt=0)),
                name="benefit_money_has_budget",
            ),
        ]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return self.name

    @property
    def is_money(self) -> bool:
        return self.kind in MONEY_KINDS


class ConditionKind(models.TextChoices):
    HOSTED = "hosted", _("Hosted at least N trainees")
    HIRED = "hired", _("Hired at least N completers")
    MODULES = "modules", _("Co-developed at least N approved modules")
    SURVEY = "survey", _("Answered the year's demand survey")
    STATUS = "status", _("Holds a valid 선도/참여 status")
    NO_VIOLATION = "no_violation", _("No outstanding training-rule violation")


COUNTED_KINDS = frozenset({ConditionKind.HOSTED, ConditionKind.HIRED, ConditionKind.MODULES})


class Window(models.TextChoices):
    YEAR = "year", _("in the grant's year")
    PREVIOUS = "previous", _("in the year before")
    TWO_YEARS = "two_years", _("in the grant's year and the year before")


class StatusTier(models.TextChoices):
    ANY = "any", _("선도 or 참여")
    LEADING = "leading", _("선도 only")


class Condition(models.Model):
    """One eligibility condition of a benefit (data, not code): all must hold."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("condition"), max_length=20, choices=ConditionKind.choices)
    threshold = models.PositiveIntegerField(
        _("at least"), default=1, help_text=_("For counted conditions: trainees, hires, modules.")
    )
    window = models.CharField(
        _("counted"), max_length=20, choices=Window.choices, default=Window.YEAR
    )
    tier = models.CharField(
        _("status required"), max_length=20, choices=StatusTier.choices, default=StatusTier.ANY
    )

    class Meta:
        ordering = ["benefit", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "kind"], name="condition_one_per_kind"),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="condition_threshold"),
        ]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return f"{self.benefit}: {self.get_kind_display()}"


class GrantState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DEAD_STATES = (GrantState.REJECTED, GrantState.WITHDRAWN)


class Grant(models.Model):
    """One line of the ledger: a company's application for a benefit and what
    became of it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="grants")
    company = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="benefit_grants",
        verbose_name=_("company"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty for the whole year, or e.g. '1학기', '3월'."),
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.BigIntegerField(_("amount (won)"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=GrantState.choices, default=GrantState.APPLIED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    spending = models.ForeignKey(
        "budget.Spending", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund = models.ForeignKey(
        "budget.Spending", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "benefit", "year", "period"],
                condition=~Q(state__in=["rejected", "withdrawn"]),
                name="grant_no_double",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(quantity__gte=1), name="grant_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["rejected", "withdrawn"]) | ~Q(reason=""),
                name="grant_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid") | Q(amount=0) | Q(spending__isnull=False),
                name="grant_paid_money_has_spending",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "year", "state"]),
            models.Index(fields=["benefit", "year"]),
        ]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.benefit} · {self.company} · {self.year}{self.period and ' ' + self.period}"

    @property
    def is_live(self) -> bool:
        return self.state not in DEAD_STATES


class GrantEvent(models.Model):
    """A grant's history: every transition, who, when, why."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=GrantState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=GrantState.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "at", "pk"]
        verbose_name = _("grant history")
        verbose_name_plural = _("grant history")

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.from_state} → {self.to_state}"

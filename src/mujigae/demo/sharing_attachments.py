"""Attachments for the Ansan demo (issue 15, MOU clause 7): the signed minutes
of the past meetings, evidence on a couple of MOU commitments and completed
action items — small PDFs made in code with pypdf (sample content).

Idempotent: an object that already has an attachment is left as it is. Call
after `load_ansan()` (it needs the meetings, the MOU and the action items).
"""

from __future__ import annotations

from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType

from mujigae.demo import samplefiles


def _has_attachment(obj: Any) -> bool:
    from mujigae.sharing.models import Attachment

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).exists()


def load_ansan_attachments(district: Any = None, *, out: TextIO | None = None) -> int:
    """Attach the sample PDFs; returns how many were added this run."""
    from mujigae.core.files import memory_file
    from mujigae.core.models import District, Role, User
    from mujigae.demo.ansan import DISTRICT
    from mujigae.governance.models import ActionItem, Commitment, Meeting
    from mujigae.sharing.attachments import attachment_add

    district = district or District.objects.get(code=DISTRICT["code"])
    actor = (
        User.objects.filter(
            district=district, role=Role.COORDINATOR, username="coordinator"
        ).first()
        or User.objects.filter(district=district, role=Role.COORDINATOR).order_by("pk").first()
    )
    if actor is None:
        return 0
    plan: list[tuple[Any, str, str, tuple[str, ...]]] = []
    for meeting in Meeting.objects.filter(district=district, status=Meeting.Status.HELD).order_by(
        "starts_at"
    ):
        day = f"{meeting.starts_at:%Y%m%d}"
        plan.append(
            (
                meeting,
                f"{meeting.title} 회의록(서명본)_{day}.pdf",
                "서명된 회의록(예시)",
                ("Signed minutes (sample)", f"Meeting of {meeting.starts_at:%Y-%m-%d}"),
            )
        )
    for commitment in (
        Commitment.objects.filter(
            district=district,
            status__in=[Commitment.Status.ACHIEVED, Commitment.Status.IN_PROGRESS],
        )
        .select_related("organisation", "clause")
        .order_by("clause__number", "pk")[:3]
    ):
        plan.append(
            (
                commitment,
                f"{commitment.organisation.name} 협약 이행 실적(제{commitment.clause.number}조).pdf",
                "협약 이행 증빙(예시)",
                ("MOU evidence (sample)", f"Clause {commitment.clause.number}"),
            )
        )
    for item in ActionItem.objects.filter(
        district=district, status=ActionItem.Status.DONE
    ).order_by("due_date", "pk")[:3]:
        plan.append(
            (
                item,
                f"{item.title} 완료 보고.pdf",
                "완료 증빙(예시)",
                ("Action item completed (sample)",),
            )
        )
    added = 0
    for obj, filename, label, lines in plan:
        if _has_attachment(obj):
            continue
        attachment_add(
            actor=actor, obj=obj, upload=memory_file(samplefiles.pdf(*lines), filename), label=label
        )
        added += 1
    if out is not None:
        out.write(f"첨부 파일 / attachments: {added}건 추가")
    return added

"""Small real files for the documents tests (and the matrix part): docx, xlsx,
HWPX as minimal zips, a PDF made with pypdf."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mujigae.demo import samplefiles
from mujigae.sharing.forms import AUDIENCE_FIELDS


def docx_bytes(text: str) -> bytes:
    return samplefiles.docx(text)


def hwpx_bytes(text: str) -> bytes:
    return samplefiles.hwpx(text)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    return samplefiles.xlsx(rows)


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII: no Hangul glyphs)."""
    return samplefiles.pdf(text)


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(title: str, *, kinds=(), orgs=(), roles=(), everyone=False, **extra) -> dict:
    data = {"title": title, "description": "", "tags": "", "folder": "", "note": ""}
    if everyone:
        data["audience_everyone"] = "on"
    data["audience_kinds"] = list(kinds)
    data["audience_orgs"] = [str(o.pk) for o in orgs]
    data["audience_roles"] = list(roles)
    assert set(AUDIENCE_FIELDS) <= set(data) | {"audience_everyone"}
    data.update(extra)
    return data


def make_document(
    user,
    title: str,
    *,
    data: bytes | None = None,
    filename: str = "자료.docx",
    kinds=(),
    orgs=(),
    roles=(),
    everyone=False,
    tags: str = "",
    description: str = "",
    folder=None,
):
    """A document made through the service (as `user`)."""
    from mujigae.sharing import documents

    f = upload(filename, data if data is not None else docx_bytes(title))
    return documents.document_create(
        actor=user,
        district=user.district,
        title=title,
        upload=f,
        audience={
            "audience_everyone": everyone,
            "audience_orgs": list(orgs),
            "audience_kinds": list(kinds),
            "audience_roles": list(roles),
        },
        description=description,
        tags=tags,
        folder=folder,
    )

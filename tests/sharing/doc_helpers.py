"""Small real files for the documents tests (and the matrix part): docx, xlsx,
HWPX as minimal zips, a PDF made with pypdf."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from mujigae.sharing.forms import AUDIENCE_FIELDS


def docx_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def hwpx_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "Contents/section0.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
            'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
            f"<hp:p><hp:run><hp:t>{text}</hp:t></hp:run></hp:p></hs:sec>",
        )
    return buf.getvalue()


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII: pypdf's standard
    fonts have no Hangul glyphs)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


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

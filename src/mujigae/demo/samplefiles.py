"""Small real files made in code, for the demo's documents and attachments and
for the tests: a PDF with a text layer (pypdf), docx and HWPX (the minimal zips
Word and 한글 open), an xlsx (openpyxl). Sample content only."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def pdf(*lines: str) -> bytes:
    """A one-page PDF whose text pypdf reads back. Helvetica has no Hangul:
    the lines should be Latin letters (the Korean goes in the file name)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
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
    safe = [line.replace("\\", "").replace("(", "").replace(")", "") for line in lines]
    ops = "".join(
        f"BT /F1 12 Tf 60 {780 - 20 * i} Td ({line}) Tj ET "
        for i, line in enumerate(safe or ["mujigae"])
    )
    stream = DecodedStreamObject()
    stream.set_data(ops.encode("latin-1", "replace"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buf.getvalue()


def hwpx(*paragraphs: str) -> bytes:
    body = "".join(f"<hp:p><hp:run><hp:t>{escape(p)}</hp:t></hp:run></hp:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "Contents/section0.xml",
            '<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/'
            'hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
            f"{body}</hs:sec>",
        )
    return buf.getvalue()


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

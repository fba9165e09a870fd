"""Attachments for the Ansan demo (issue 15, MOU clause 7): the signed minutes
of the past meetings, evidence on a couple of MOU commitments and completed
action items — small PDFs made in code with pypdf (sample content).

Idempotent: an object that already has an attachment is left as it is. Call
after `load_ansan()` (it needs the meetings, the MOU and the action items).
"""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)


def small_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text pypdf can read back (ASCII lines: the
    standard Helvetica font has no Korean; the Korean is in the file name)."""
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
    text = " ".join(
        f"({line.replace(chr(92), '').replace('(', '').replace(')', '')}) Tj 0 -16 Td"
        for line in (lines or ("mujigae",))
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 770 Td {text} ET".encode("latin-1", "replace"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()

"""Small real files of every kind core.files knows, built in code (tests and
the attachments' tests): PDF (pypdf), PNG, JPEG, docx/xlsx/pptx/HWPX (zip
containers with their real entry names), HWP (OLE), CSV in UTF-8 and CP949."""

from __future__ import annotations

import io
import zipfile

from mujigae.demo import samplefiles

small_pdf = samplefiles.pdf

__all__ = ["small_pdf", "png", "jpeg", "docx", "xlsx", "pptx", "hwpx", "hwp", "zipped"]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def png() -> bytes:
    return PNG


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def zipped(entries: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types></Types>'


def docx(text: str) -> bytes:
    return samplefiles.docx(text)


def xlsx(text: str) -> bytes:
    return samplefiles.xlsx([[text]])


def pptx(text: str) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "ppt/slides/slide1.xml": f'<?xml version="1.0"?><p:sld xmlns:p="urn:p"><t>{text}</t></p:sld>',
        }
    )


def hwpx(text: str) -> bytes:
    return samplefiles.hwpx(text)


def hwp() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

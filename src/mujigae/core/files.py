"""Files as mujigae keeps them (docs/files.md): one mechanism for every app
that takes an upload (the sharing app's documents and attachments).

* **Checked by content.** `inspect_upload(f)` reads the first bytes and, for
  zip containers, the list of entries (never their content): the type is what
  the bytes are, not what the name says. Allowed: PDF, images (PNG, JPEG, GIF,
  WebP), office documents (docx/xlsx/pptx, HWPX, ODF; the legacy OLE formats
  HWP/doc/xls/ppt), CSV and plain text. Executables, scripts, plain zip
  archives and anything else are refused in Korean; so is a file whose name
  says one type and whose content is another (a `.pdf` that is an executable),
  an empty file and one over `MUJIGAE_FILES_MAX_BYTES`.
* **Size bounded while it arrives.** `LimitedUploadHandler` (first in
  `FILE_UPLOAD_HANDLERS`) skips a file as soon as it passes the limit, so an
  oversized upload never fills the disk; the form then says it was too large.
* **Scanned.** `scan(f)`: the virus-scan hook, off by default (`NoScan`);
  `MUJIGAE_VIRUS_SCAN=clamd:/run/clamav/clamd.ctl` (or `clamd:host:port`)
  streams the file to ClamAV's daemon (INSTREAM) and refuses what it finds.
* **Stored through Django's storage API** (`STORAGES["mujigae_files"]`: the
  local file system under `var/files` by default, S3/MinIO through
  django-storages in production), under a new random name each time: two
  uploads of the same name never overwrite, and no file has a public URL.
* **Downloaded through a view** that has checked access: `file_response`
  streams the stored file (`FileResponse`, Korean names as RFC 5987
  `filename*`) or, with `MUJIGAE_FILES_X_ACCEL_PREFIX`, hands it to nginx.

Core imports no app: the rows that remember a stored file live in the app that
owns them (sharing.StoredFile).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import socket
import struct
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mujigae.core.exceptions import ApplicationError
from mujigae.core.imports import format_size

STORAGE_ALIAS = "mujigae_files"
HEAD_BYTES = 8192
MAX_ZIP_ENTRIES = 5000


def max_bytes() -> int:
    return int(getattr(settings, "MUJIGAE_FILES_MAX_BYTES", 100 * 1024 * 1024))


def district_quota_bytes() -> int:
    return int(getattr(settings, "MUJIGAE_FILES_DISTRICT_QUOTA_BYTES", 20 * 1024**3))


def storage():
    return storages[STORAGE_ALIAS]


# --------------------------------------------------------------------------
# kinds


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazy Korean label
    content_type: str
    extensions: tuple[str, ...]
    text: str = ""  # how its text is read for search: pdf, zipxml, plain or ""


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("pdf", gettext_lazy("PDF"), "application/pdf", ("pdf",), "pdf"),
        Kind("png", gettext_lazy("image"), "image/png", ("png",)),
        Kind("jpeg", gettext_lazy("image"), "image/jpeg", ("jpg", "jpeg")),
        Kind("gif", gettext_lazy("image"), "image/gif", ("gif",)),
        Kind("webp", gettext_lazy("image"), "image/webp", ("webp",)),
        Kind(
            "docx",
            gettext_lazy("Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
            "zipxml",
        ),
        Kind(
            "xlsx",
            gettext_lazy("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx", "xlsm"),
            "zipxml",
        ),
        Kind(
            "pptx",
            gettext_lazy("PowerPoint presentation"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
            "zipxml",
        ),
        Kind("hwpx", gettext_lazy("Hangul document"), "application/hwp+zip", ("hwpx",), "zipxml"),
        Kind(
            "odf",
            gettext_lazy("OpenDocument file"),
            "application/vnd.oasis.opendocument",
            ("odt", "ods", "odp"),
            "zipxml",
        ),
        Kind(
            "ole",
            gettext_lazy("Hangul or older Office document"),
            "application/octet-stream",
            ("hwp", "doc", "xls", "ppt"),
        ),
        Kind("text", gettext_lazy("text"), "text/plain; charset=utf-8", ("txt", "csv"), "plain"),
    )
}

ALLOWED_EXTENSIONS = tuple(sorted({e for k in KINDS.values() for e in k.extensions}))

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O / Java class
    b"#!",
)


class FileRefused(ApplicationError):
    """An upload that is not stored; the message says why in Korean."""

    def __init__(self, message: str):
        super().__init__(message, status=400)


@dataclass(frozen=True)
class Checked:
    """What `inspect_upload` found: the type by content and the name to keep."""

    kind: Kind
    filename: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        if self.kind.code == "odf":
            ext = extension_of(self.filename)
            return {
                "odt": "application/vnd.oasis.opendocument.text",
                "ods": "application/vnd.oasis.opendocument.spreadsheet",
                "odp": "application/vnd.oasis.opendocument.presentation",
            }.get(ext, "application/octet-stream")
        if self.kind.code == "ole":
            return {
                "hwp": "application/x-hwp",
                "doc": "application/msword",
                "xls": "application/vnd.ms-excel",
                "ppt": "application/vnd.ms-powerpoint",
            }.get(extension_of(self.filename), "application/octet-stream")
        return self.kind.content_type


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def clean_filename(name: str) -> str:
    """The name a person gave the file, safe to keep and to send back: no path,
    no control characters, at most 200 characters (the extension kept)."""
    from mujigae.core.text import clean

    name = clean(str(name or "")).replace("\n", " ").replace("\t", " ")
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".") or "file"
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext)] + ext
    return name


def _zip_kind(f: BinaryIO) -> str:
    """The office format a zip container holds, from its entry names (and the
    ODF/HWPX `mimetype` entry, read bounded): "docx", "hwpx" … or "" (a zip)."""
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return ""
            names = {i.filename for i in infos}
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200:
                    mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == "application/hwp+zip":
                        return "hwpx"
                    if mimetype.startswith("application/vnd.oasis.opendocument"):
                        return "odf"
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if any(n.startswith("ppt/") for n in names):
                    return "pptx"
            if any(n.startswith("Contents/section") for n in names):
                return "hwpx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        return "broken"
    return ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp949"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the end of the sample is fine
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True
    return False


def _kind_by_content(f: BinaryIO, head: bytes, ext: str) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(f) or "zip"
    if any(head.startswith(m) for m in EXECUTABLE_MAGIC):
        return "executable"
    if ext in ("txt", "csv") and _looks_like_text(head):
        return "text"
    return ""


def sha256_of(f: BinaryIO) -> str:
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(1024 * 1024), b""):
        digest.update(chunk)
    f.seek(0)
    return digest.hexdigest()


def inspect_upload(f: Any, *, limit: int | None = None) -> Checked:
    """Check an uploaded file (a Django UploadedFile or any named binary file)
    by its content; raise FileRefused with a Korean message, or return what it
    is. Reads the first 8 KB, the zip directory of office files, and the whole
    file once for its SHA-256 (in 1 MB chunks: memory stays flat)."""
    limit = max_bytes() if limit is None else limit
    filename = clean_filename(getattr(f, "name", "") or "")
    size = getattr(f, "size", None)
    if size is None:
        f.seek(0, os.SEEK_END)
        size = f.tell()
    if not size:
        raise FileRefused(_("The file “%(name)s” is empty.") % {"name": filename})
    if size > limit:
        raise FileRefused(
            _("The file “%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": filename, "size": format_size(size), "limit": format_size(limit)}
        )
    ext = extension_of(filename)
    try:
        f.seek(0)
        head = f.read(HEAD_BYTES)
    except (OSError, ValueError) as exc:
        raise FileRefused(_("The file “%(name)s” could not be read.") % {"name": filename}) from exc
    code = _kind_by_content(f, head, ext)
    allowed = ", ".join(ALLOWED_EXTENSIONS)
    if code == "executable":
        raise FileRefused(
            _("The file “%(name)s” is a program or script, which cannot be shared.")
            % {"name": filename}
        )
    if code == "zip":
        raise FileRefused(
            _(
                "The file “%(name)s” is a zip archive. Unpack it and upload the files in it "
                "one by one."
            )
            % {"name": filename}
        )
    if code == "broken":
        raise FileRefused(
            _("The file “%(name)s” is damaged and could not be read.") % {"name": filename}
        )
    if not code:
        raise FileRefused(
            _("The file “%(name)s” is not of a type that can be shared (allowed: %(allowed)s).")
            % {"name": filename, "allowed": allowed}
        )
    kind = KINDS[code]
    if ext not in kind.extensions:
        raise FileRefused(
            _(
                "The file “%(name)s” is named as .%(ext)s but its content is a %(kind)s. "
                "Check the file and upload it with its real name."
            )
            % {"name": filename, "ext": ext or "?", "kind": kind.label}
        )
    checked = Checked(kind=kind, filename=filename, size=int(size), sha256=sha256_of(f))
    scan(f, filename)
    return checked


# --------------------------------------------------------------------------
# virus scan


class NoScan:
    def scan(self, f: BinaryIO) -> str | None:
        return None


class ClamdScanner:
    """ClamAV's daemon (Debian: `clamav-daemon`), over its socket with the
    INSTREAM command: the file is streamed in chunks, never loaded whole.
    `address`: a Unix socket path, or "host:port"."""

    CHUNK = 64 * 1024

    def __init__(self, address: str, timeout: float = 60.0):
        self.address = address
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        if self.address.startswith("/"):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(self.timeout)
            s.connect(self.address)
            return s
        host, _sep, port = self.address.rpartition(":")
        return socket.create_connection((host or "127.0.0.1", int(port)), timeout=self.timeout)

    def scan(self, f: BinaryIO) -> str | None:
        """The name of what was found, or None when the file is clean."""
        f.seek(0)
        with self._connect() as s:
            s.sendall(b"zINSTREAM\0")
            for chunk in iter(lambda: f.read(self.CHUNK), b""):
                s.sendall(struct.pack("!L", len(chunk)) + chunk)
            s.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = s.recv(4096)
                if not part:
                    break
                reply += part
        f.seek(0)
        text = reply.rstrip(b"\0").decode("utf-8", "replace")
        # "stream: OK" | "stream: Eicar-Signature FOUND" | "... ERROR"
        if text.endswith("FOUND"):
            return text.split(":", 1)[-1].removesuffix("FOUND").strip()
        if not text.endswith("OK"):
            raise OSError(text or "no answer from clamd")
        return None


def scanner() -> NoScan | ClamdScanner:
    spec = getattr(settings, "MUJIGAE_VIRUS_SCAN", "") or ""
    if spec.startswith("clamd:"):
        return ClamdScanner(spec.removeprefix("clamd:"))
    return NoScan()


def scan(f: BinaryIO, filename: str = "") -> None:
    try:
        found = scanner().scan(f)
    except OSError as exc:
        raise FileRefused(
            _("The virus check could not be run, so the file was not stored. Try again later.")
        ) from exc
    if found:
        raise FileRefused(
            _("The virus check found “%(found)s” in “%(name)s”; the file was not stored.")
            % {"found": found, "name": filename}
        )


# --------------------------------------------------------------------------
# uploads arriving


class LimitedUploadHandler(FileUploadHandler):
    """Skips a file as soon as more than MUJIGAE_FILES_MAX_BYTES (plus a little,
    for the imports' own limits) have arrived: disk and memory stay bounded.
    The skipped field's name is kept on the request (`upload_refused`), so the
    form can say the file was too large instead of "no file"."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max_bytes():
            refused = getattr(self.request, "upload_refused", None)
            if refused is None:
                refused = {}
                self.request.upload_refused = refused
            refused[self.field_name] = self.file_name or ""
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadField(forms.FileField):
    """A form field for one upload, checked by `inspect_upload`; `cleaned_data`
    holds the UploadedFile with `.checked` (a Checked) set on it."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault(
            "help_text",
            gettext_lazy("PDF, images, Hangul (HWP/HWPX), Word, Excel, PowerPoint, CSV or text."),
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join("." + e for e in ALLOWED_EXTENSIONS))

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and hasattr(value, "read") and not hasattr(value, "checked"):
            try:
                value.checked = inspect_upload(value)
            except FileRefused as exc:
                raise forms.ValidationError(exc.message, code="refused") from exc
        return value


def refused_upload_errors(request: Any, form: forms.BaseForm) -> None:
    """Turn files skipped by LimitedUploadHandler into the form's errors."""
    if getattr(request, "method", "") == "POST":
        request.FILES  # noqa: B018 - the body is parsed (and files skipped) on first access
    refused = getattr(request, "upload_refused", None) or {}
    for field in form.fields:
        # the request names the field with the form's prefix ("attachment-file")
        name = refused.get(form.add_prefix(field))
        if name is not None:
            form.errors.pop(field, None)
            form.add_error(
                field,
                _("The file “%(name)s” is too large; the limit is %(limit)s.")
                % {"name": clean_filename(name), "limit": format_size(max_bytes())},
            )


# --------------------------------------------------------------------------
# storing


def new_storage_name(district_id: int | None, filename: str) -> str:
    """A fresh name under the district's folder: never the person's file name
    (two uploads of "회의록.pdf" never meet), never guessable."""
    ext = extension_of(filename)
    today = timezone.localdate()
    return f"d{district_id or 0}/{today:%Y/%m}/{uuid.uuid4().hex}{('.' + ext) if ext else ''}"


@contextmanager
def stored(f: BinaryIO, *, district_id: int | None, filename: str) -> Iterator[str]:
    """Save `f` and yield its storage name; if the block raises (the database
    write failed, the request was cut), the stored file is removed again: no
    orphan is left. Use inside the transaction that writes the row."""
    f.seek(0)
    name = storage().save(new_storage_name(district_id, filename), f)
    try:
        yield name
    except BaseException:
        delete_stored(name)
        raise


def delete_stored(name: str) -> None:
    with contextlib.suppress(OSError, NotImplementedError):  # already gone
        storage().delete(name)


def open_stored(name: str) -> BinaryIO:
    return storage().open(name, "rb")


# --------------------------------------------------------------------------
# downloading (after the view has checked access)


def file_response(
    name: str, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """Stream a stored file; Korean names survive in every browser (RFC 5987
    `filename*` next to an ASCII fallback). Behind nginx with
    MUJIGAE_FILES_X_ACCEL_PREFIX set (e.g. "/protected-files/"), nginx sends
    the bytes (docs/files.md)."""
    prefix = getattr(settings, "MUJIGAE_FILES_X_ACCEL_PREFIX", "") or ""
    as_attachment = not inline
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            open_stored(name),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # a shared file never runs script in our origin
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


# --------------------------------------------------------------------------
# text for search (bounded: a PDF's first pages, a zip's XML parts)

MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 50
MAX_XML_PART_BYTES = 20 * 1024 * 1024


def _xml_text(data: bytes) -> str:
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except Exception:  # noqa: BLE001 - unreadable XML: no text, not an error
        return ""
    return " ".join(t.strip() for t in root.itertext() if t and t.strip())


def _zip_text(f: BinaryIO, code: str) -> str:
    parts: list[str] = []
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as zf:
            for info in zf.infolist()[:MAX_ZIP_ENTRIES]:
                n = info.filename
                wanted = (
                    (
                        code == "docx"
                        and n.startswith("word/")
                        and n.endswith(".xml")
                        and ("document" in n or "header" in n or "footer" in n)
                    )
                    or (
                        code == "xlsx"
                        and (n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/sheet"))
                    )
                    or (code == "pptx" and n.startswith("ppt/slides/slide") and n.endswith(".xml"))
                    or (code == "hwpx" and n.startswith("Contents/section") and n.endswith(".xml"))
                    or (code == "odf" and n == "content.xml")
                )
                if not wanted or info.file_size > MAX_XML_PART_BYTES:
                    continue
                with zf.open(info) as part:
                    data = part.read(MAX_XML_PART_BYTES + 1)
                if len(data) > MAX_XML_PART_BYTES:
                    continue
                parts.append(_xml_text(data))
                if sum(map(len, parts)) > MAX_TEXT_CHARS:
                    break
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return ""
    return " ".join(parts)[:MAX_TEXT_CHARS]


def _pdf_text(f: BinaryIO) -> str:
    from pypdf import PdfReader

    f.seek(0)
    try:
        reader = PdfReader(f)
        out: list[str] = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            out.append(page.extract_text() or "")
            if sum(map(len, out)) > MAX_TEXT_CHARS:
                break
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read: no text
        return ""
    return " ".join(out)[:MAX_TEXT_CHARS]


def extract_text(f: BinaryIO, checked: Checked) -> str:
    """The searchable text of a file (PDF, docx, xlsx, pptx, HWPX, ODF, text);
    "" for images and legacy formats. Bounded in time and memory."""
    from mujigae.core.text import clean

    how = checked.kind.text
    if how == "pdf":
        text = _pdf_text(f)
    elif how == "zipxml":
        text = _zip_text(f, checked.kind.code)
    elif how == "plain":
        f.seek(0)
        raw = f.read(MAX_TEXT_CHARS * 2)
        for encoding in ("utf-8", "cp949"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = raw.decode("utf-8", "replace")
    else:
        text = ""
    f.seek(0)
    return clean(text)[:MAX_TEXT_CHARS]


def retention_days() -> int:
    return int(getattr(settings, "MUJIGAE_FILES_RETENTION_DAYS", 30))


def purge_before(now: dt.datetime | None = None) -> dt.datetime:
    """Soft-deleted files older than this are purged (row and stored bytes)."""
    return (now or timezone.now()) - dt.timedelta(days=retention_days())


def memory_file(data: bytes, name: str) -> io.BytesIO:
    """A named in-memory file (tests, the demo loader)."""
    f = io.BytesIO(data)
    f.name = name
    f.size = len(data)  # type: ignore[attr-defined]
    return f

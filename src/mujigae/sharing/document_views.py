"""Pages of the documents library (thin: parse, authorize, call a service or
selector, render). Route rules: sharing/access.py "documents"; a document
outside one's audience is a 404 on every page, guessed ids included."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mujigae.core import exports, files, policy
from mujigae.core.forms import confirm_delete, form_page
from mujigae.core.policy import DISTRICT_MEMBERS, role_of
from mujigae.core.views import page
from mujigae.sharing import document_selectors as selectors
from mujigae.sharing import documents as services
from mujigae.sharing.audience import audience_describe
from mujigae.sharing.document_forms import DocumentForm, FolderForm, VersionForm
from mujigae.sharing.models import Document, DocumentAccess, Folder

PER_PAGE = 30
# the list counts no further (core.views.CappedPaginator): flat at national scale
LIST_CAP = 1000


def _folders(user):
    return policy.visible(user, Folder).order_by("name", "pk")


@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    user = request.user
    folders = selectors.folders_of(user)
    raw = request.GET.get("folder", "")
    folder = selectors.folder_for(user=user, pk=raw) if raw else None
    q = request.GET.get("q", "").strip()[: selectors.MAX_QUERY_CHARS]
    tag = request.GET.get("tag", "").strip()[:50]
    qs = selectors.document_list(user=user, q=q, tag=tag, folder=folder)
    ctx = {
        "page_obj": page(request, qs, PER_PAGE, cap=LIST_CAP),
        "tree": selectors.folder_tree(folders),
        "folder": folder,
        "trail": selectors.breadcrumb(folder, folders),
        "q": q,
        "tag": tag,
        "can_create": role_of(user) in DISTRICT_MEMBERS,
        "can_change_folder": folder is not None and policy.can_change(user, folder),
    }
    return render(request, "sharing/documents/list.html", ctx)


def _document_form(request, **kwargs):
    user = request.user
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        district=policy.home_district(user),
        folders=_folders(user),
        **kwargs,
    )
    if request.method == "POST":
        files.refused_upload_errors(request, form)
    return form


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {}
    raw = request.GET.get("folder", "")
    if raw.isdigit():
        initial["folder"] = _folders(user).filter(pk=raw).values_list("pk", flat=True).first()
    form = _document_form(request, initial=initial)
    return form_page(
        request,
        form,
        save=lambda _data: services.document_create(
            actor=user, district=policy.home_district(user), **form.service_data()
        ),
        success=_("The document was shared."),
        done=lambda d: reverse("sharing:document_detail", args=[d.pk]),
        template="sharing/documents/form.html",
        context={"title": _("New document"), "upload": True},
    )


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.document_detail(user=user, pk=pk)
    versions = selectors.versions_of(document)
    services.record_access(
        user=user,
        document=document,
        action=DocumentAccess.Action.VIEW,
        version=versions[0] if versions else None,
    )
    ctx = {
        "document": document,
        "versions": versions,
        "current": versions[0] if versions else None,
        "tags": list(document.tags.order_by("pk")),
        "audience": audience_describe(document.audience),
        "can_change": policy.can_change(user, document),
        "can_read_record": selectors.record_allowed(user, document),
        "trail": selectors.breadcrumb(document.folder, selectors.folders_of(user)),
    }
    return render(request, "sharing/documents/detail.html", ctx)


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = policy.access(user, Document, pk, write=True)
    form = _document_form(request, document=document)
    return form_page(
        request,
        form,
        save=lambda _data: services.document_update(
            actor=user, document=document, **form.service_data()
        ),
        success=_("The document was saved."),
        done=reverse("sharing:document_detail", args=[document.pk]),
        template="sharing/documents/form.html",
        context={"title": _("Edit the document"), "document": document},
    )


@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = policy.access(user, Document, pk, write=True)
    return confirm_delete(
        request,
        document,
        back=reverse("sharing:document_detail", args=[document.pk]),
        delete=lambda: services.document_delete(actor=user, document=document),
        success=_("The document was deleted."),
        what=document.title,
    )


@require_http_methods(["GET", "POST"])
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = policy.access(user, Document, pk, write=True)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        files.refused_upload_errors(request, form)
    return form_page(
        request,
        form,
        save=lambda data: services.version_add(
            actor=user, document=document, upload=data["file"], note=data.get("note", "")
        ),
        success=lambda v: _("Version %(n)d was added.") % {"n": v.number},
        done=reverse("sharing:document_detail", args=[document.pk]),
        template="sharing/documents/version_form.html",
        context={"document": document},
    )


@require_GET
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(user=request.user, pk=pk)
    services.record_access(
        user=request.user,
        document=version.document,
        action=DocumentAccess.Action.DOWNLOAD,
        version=version,
    )
    stored = version.file
    return files.file_response(
        stored.name, filename=stored.filename, content_type=stored.content_type
    )


def _record(request: HttpRequest, pk: int):
    user = request.user
    document = selectors.document_detail(user=user, pk=pk)
    if not selectors.record_allowed(user, document):
        raise PermissionDenied
    return document, selectors.access_record(user=user, document=document)


@require_GET
def document_log(request: HttpRequest, pk: int) -> HttpResponse:
    document, qs = _record(request, pk)
    ctx = {"document": document, "page_obj": page(request, qs, 100)}
    return render(request, "sharing/documents/log.html", ctx)


@require_GET
def document_log_export(request: HttpRequest, pk: int) -> HttpResponse:
    document, qs = _record(request, pk)
    rows = (
        (
            a.at,
            a.get_action_display(),
            f"v{a.version.number}" if a.version else "",
            a.user.get_full_name() or a.user.get_username() if a.user else "",
            a.user.organisation.name if a.user and a.user.organisation else "",
        )
        for a in qs.iterator(2000)
    )
    return exports.xlsx_response(
        f"{document.title} 열람기록.xlsx",
        str(_("Views and downloads")),
        [_("When"), _("What"), _("Version"), _("Who"), _("Organisation")],
        rows,
        fallback="document-record.xlsx",
    )


# --------------------------------------------------------------------------
# folders


@require_http_methods(["GET", "POST"])
def folder_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    raw = request.GET.get("parent", "")
    initial = {"parent": raw} if raw.isdigit() else {}
    form = FolderForm(request.POST or None, folders=_folders(user), initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.folder_create(
            actor=user,
            district=policy.home_district(user),
            name=data["name"],
            parent=data.get("parent"),
        ),
        success=_("The folder was made."),
        done=lambda f: reverse("sharing:documents") + f"?folder={f.pk}",
        template="sharing/documents/folder_form.html",
        context={"title": _("New folder")},
    )


@require_http_methods(["GET", "POST"])
def folder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    folder = policy.access(user, Folder, pk, write=True)
    form = FolderForm(request.POST or None, rename=True, initial={"name": folder.name})
    return form_page(
        request,
        form,
        save=lambda data: services.folder_rename(actor=user, folder=folder, name=data["name"]),
        success=_("The folder was renamed."),
        done=reverse("sharing:documents") + f"?folder={folder.pk}",
        template="sharing/documents/folder_form.html",
        context={"title": _("Rename the folder"), "folder": folder},
    )


@require_http_methods(["GET", "POST"])
def folder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    folder = policy.access(user, Folder, pk, write=True)
    back = reverse("sharing:documents")
    return confirm_delete(
        request,
        folder,
        back=back + (f"?folder={folder.parent_id}" if folder.parent_id else ""),
        delete=lambda: services.folder_delete(actor=user, folder=folder),
        success=_("The folder was deleted."),
        what=folder.name,
    )

"""The Ansan demo's documents (src/mujigae/demo/sharing_documents.py):
real files through core.files, mixed audiences, idempotent."""

from __future__ import annotations

import pytest

from mujigae.core.models import User
from mujigae.demo.ansan import load_ansan
from mujigae.demo.sharing_documents import load_ansan_documents
from mujigae.sharing import document_selectors as selectors
from mujigae.sharing.models import Document, Folder, StoredFile

pytestmark = pytest.mark.django_db


def test_the_demo_library_loads_once_with_searchable_files(files_dir):
    district = load_ansan()
    first = load_ansan_documents(district)
    assert first["documents"] == 8
    assert set(Folder.objects.values_list("name", flat=True)) == {
        "회의자료",
        "교육과정",
        "현장실습",
        "예산",
    }
    assert {f.kind for f in StoredFile.objects.all()} == {"docx", "xlsx", "hwpx", "pdf"}
    assert all(f.text for f in StoredFile.objects.all())
    assert len([p for p in files_dir.rglob("*") if p.is_file()]) == 8
    assert load_ansan_documents(district)["documents"] == 0
    assert Document.objects.count() == 8
    school, company, student = (
        User.objects.get(username=u) for u in ("school", "company", "student")
    )
    # the schools-only document: found by its file's text by a school, not by a company
    assert selectors.document_list(user=school, q="예지보전").count() == 1
    assert selectors.document_list(user=company, q="예지보전").count() == 0
    assert set(selectors.document_list(user=student).values_list("title", flat=True)) == {
        "현장실습 안전교육 자료"
    }

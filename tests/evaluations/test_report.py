"""The intern's report: PDF only, size-checked, before the deadline unless extended."""

import datetime as dt
import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from balise.agreements.models import Agreement
from balise.evaluations import services
from balise.evaluations.models import DefenceSettings, Report


def pdf_bytes(pages=2, password=None) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files() -> list[str]:
    """The report files in storage (none when the folder was never created)."""
    try:
        folders, _files = default_storage.listdir("reports")
    except FileNotFoundError:
        return []
    return [f for folder in folders for f in default_storage.listdir(f"reports/{folder}")[1]]


def upload(content=None, name="rapport.pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def test_the_intern_uploads_then_replaces_her_report(
    personas, running, django_capture_on_commit_callbacks
):
    first = services.report_upload(agreement=running, by=personas.intern, upload=upload())
    assert first.pages == 2 and first.original_name == "rapport.pdf"
    old_name = first.file.name
    assert default_storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_upload(
            agreement=running, by=personas.intern, upload=upload(pdf_bytes(5), "rapport-v2.pdf")
        )
    assert Report.objects.get() == second
    assert second.pages == 5 and second.original_name == "rapport-v2.pdf"
    assert default_storage.exists(second.file.name)
    assert stored_files() == [second.file.name.rsplit("/", 1)[-1]]  # the old file is gone


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rapport.docx", b"PK\x03\x04", "must be a PDF file"),
        ("rapport.pdf", b"Ceci n'est pas un PDF", "not a PDF"),
        ("rapport.pdf", b"%PDF-1.7\nrien de plus", "damaged"),
        ("rapport.pdf", pdf_bytes(password="secret"), "protected by a password"),
        ("rapport.pdf", b"", "empty"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(personas, running, name, data, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.report_upload(agreement=running, by=personas.intern, upload=upload(data, name))
    assert not Report.objects.exists()
    assert stored_files() == []


def test_a_file_too_large_is_refused_with_its_size(personas, running, monkeypatch):
    monkeypatch.setattr(services, "REPORT_MAX_BYTES", 3 * 1024 * 1024)
    big = b"%PDF-1.7\n" + b"0" * (4 * 1024 * 1024)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.report_upload(agreement=running, by=personas.intern, upload=upload(big))
    assert "The file is 4.0 MB; the limit is 3 MB." in error.value.messages[0]
    assert not Report.objects.exists()


def test_after_the_deadline_the_report_is_refused_until_the_office_extends_it(personas, running):
    today = timezone.localdate()
    Agreement.objects.filter(pk=running.pk).update(
        start_date=today - dt.timedelta(days=120),
        end_date=today - dt.timedelta(days=20),
        status="completed",
    )
    running.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="deadline"):
        services.report_upload(agreement=running, by=personas.intern, upload=upload())
    assert not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        services.report_extend(
            agreement=running, by=personas.referent, until=today + dt.timedelta(days=7)
        )
    services.report_extend(
        agreement=running, by=personas.staff, until=today + dt.timedelta(days=7), reason="Malade"
    )
    assert services.report_upload(agreement=running, by=personas.intern, upload=upload())


def test_a_fixed_programme_date_replaces_the_days_after_the_end(personas, running):
    settings = services.defence_settings_for(personas.program)
    settings.report_deadline_date = timezone.localdate() - dt.timedelta(days=1)
    settings.save()
    with pytest.raises(ValidationError):
        services.report_upload(agreement=running, by=personas.intern, upload=upload())


def test_only_the_intern_uploads(personas, running):
    for person in (personas.tutor, personas.referent, personas.staff):
        with pytest.raises(PermissionDenied):
            services.report_upload(agreement=running, by=person, upload=upload())


def test_upload_page_shows_the_error_and_keeps_nothing(personas, running, client):
    client.force_login(personas.intern)
    client.cookies["django_language"] = "en"
    url = reverse("evaluations:report", args=[running.pk])
    response = client.post(url, {"file": upload(b"Ceci n'est pas un PDF")})
    assert response.status_code == 400
    assert "This file is not a PDF" in response.content.decode()
    assert not Report.objects.exists()
    assert stored_files() == []
    response = client.post(url, {"file": upload()})
    assert response.status_code == 302
    download = client.get(reverse("evaluations:report_file", args=[running.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert DefenceSettings.objects.filter(program=personas.program).count() <= 1

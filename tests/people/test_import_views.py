"""The web import: upload → map columns → check → apply, for data stewards."""

from __future__ import annotations

import csv
import io
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.importing import uploads
from belong.importing.models import ImportMapping, ImportRun
from belong.people.importing.views import UPLOADS
from belong.people.models import Person
from tests.people.test_import_support import GOOD_ROWS, HEADER, csv_bytes, table_counts

pytestmark = pytest.mark.django_db

UPLOAD = reverse("people:imports:upload")
MAPPING = reverse("people:imports:mapping")
APPLY = reverse("people:imports:apply")


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _upload(client, content: bytes, name: str = "people.csv"):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def _mapping_post(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The mapping form's data as the page suggests it."""
    form = response.context["form"]
    return {name: form.initial.get(name, "") for name in form.fields if name.startswith("col_")}


def test_upload_map_check_apply_flow(world, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response = _upload(client, csv_bytes(*GOOD_ROWS))
    assert response.status_code == 302 and response["Location"] == MAPPING
    pending = UPLOADS.current(response.wsgi_request)
    assert pending is not None and pending.path.is_file()
    assert pending.path.stat().st_mode & 0o077 == 0  # only the server may read it

    page = client.get(MAPPING)
    assert page.status_code == 200
    data = _mapping_post(page)
    assert data["col_0"] == "institutional_id" and data["col_5"] == "unit_code"
    response = client.post(MAPPING, {**data, "save_as": "Registrar export"})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": run.pk})
    assert run.outcome == ImportRun.Outcome.DRY_RUN and run.created == 3
    assert ImportMapping.objects.get(name="Registrar export").columns["unit_code"] == "unit_code"
    assert not Person.objects.filter(institutional_id="S100").exists()

    report = client.get(response["Location"])
    assert b"Check passed" in report.content and b"Apply this import" in report.content

    response = client.post(APPLY)
    applied = ImportRun.objects.filter(outcome=ImportRun.Outcome.APPLIED).get()
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": applied.pk})
    assert Person.objects.filter(institutional_id__in=["S100", "S101", "F200"]).count() == 3
    assert not pending.path.exists(), "the uploaded file is deleted once applied"
    assert UPLOADS.session_key not in client.session
    result = client.get(response["Location"])
    assert b"Import applied" in result.content and b"Apply this import" not in result.content


def test_mapping_the_same_field_twice_is_refused_with_an_error_summary(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes(*GOOD_ROWS))
    data = _mapping_post(client.get(MAPPING))
    data["col_1"] = "legal_family_name"  # already chosen for column C
    response = client.post(MAPPING, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "“Legal family name” is already chosen for column B (“legal_given_name”)" in html
    assert 'href="#id_col_2"' in html  # the summary links to the select to fix
    assert not ImportRun.objects.exists()


def test_mapping_without_an_id_column_is_refused(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes(*GOOD_ROWS))
    data = _mapping_post(client.get(MAPPING))
    data["col_0"] = ""
    response = client.post(MAPPING, data)
    assert "Choose the column that holds the Institutional id: it is this file" in (
        response.content.decode()
    )
    assert not ImportRun.objects.exists()


def test_htmx_check_answers_with_a_client_redirect(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes(*GOOD_ROWS))
    data = _mapping_post(client.get(MAPPING))
    response = client.post(MAPPING, data, headers={"HX-Request": "true"})
    run = ImportRun.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("people:imports:run", kwargs={"run_id": run.pk})


def test_a_file_with_problems_shows_every_problem_and_writes_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    rows = [*GOOD_ROWS, "S102,Di,Moss,di@example.edu,student,nowhere,,2024-07-01,2028,SECRETVALUE,"]
    _upload(client, csv_bytes(*rows))
    before = table_counts()
    response = client.post(MAPPING, _mapping_post(client.get(MAPPING)))
    # A value Belong does not know: the value step comes first; check without a meaning.
    assert response["Location"] == reverse("people:imports:values")
    response = client.post(reverse("people:imports:values"), {"skip": "1"}, follow=True)
    html = response.content.decode()
    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.REJECTED and run.problem_count == 2
    assert "Problems found: nothing written" in html
    assert "No unit has the code or name “nowhere”" in html
    assert "is not a known answer to sex" in html
    assert "SECRETVALUE" not in html and "SECRETVALUE" not in str(run.problems)
    assert 'href="#problems"' in html and 'id="problems"' in html
    assert "Apply this import" not in html
    assert table_counts()["people"] == before["people"]
    # Applying is refused: the check did not pass.
    client.post(APPLY)
    assert ImportRun.objects.filter(outcome=ImportRun.Outcome.APPLIED).count() == 0


def test_problems_download_is_a_safe_csv(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes('=HYPERLINK("http://x"),A,B,,,,,,,,'))
    client.post(MAPPING, _mapping_post(client.get(MAPPING)))
    run = ImportRun.objects.get()
    response = client.get(reverse("people:imports:problems_csv", kwargs={"run_id": run.pk}))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Type", "Row"]
    assert any("formula" in " ".join(r) for r in rows[1:])
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert "HYPERLINK" not in response.content.decode()


def test_problems_download_neutralises_text_from_the_file(world, client_for) -> None:  # type: ignore[no-untyped-def]
    """A header from the file is echoed in the Column cell; it must not become a formula."""
    client = client_for(world.user("data_steward"))
    row = "E1,Ana,Diaz,a@x.edu,student,md,,2024-01-01,2027,female,white,x,y"
    _upload(client, csv_bytes(row, header=HEADER + ",-Dept,-Dept"))
    client.post(MAPPING, _mapping_post(client.get(MAPPING)))
    run = ImportRun.objects.get()
    response = client.get(reverse("people:imports:problems_csv", kwargs={"run_id": run.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    columns = [r[3] for r in rows[1:] if r[0] == "problem"]
    assert "'-Dept" in columns


def test_a_file_that_is_not_a_table_goes_straight_to_its_report(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response = _upload(client, b"%PDF-1.7 not a spreadsheet", name="people.pdf")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": run.pk})
    page = client.get(response["Location"])
    assert "This is a PDF document" in page.content.decode()


def test_an_empty_upload_is_explained(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response = _upload(client, b"", name="empty.csv")
    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.REJECTED
    assert "The file is empty" in client.get(response["Location"]).content.decode()


def test_the_waiting_file_belongs_to_its_session(world, client_for, client) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    steward = world.user("data_steward")
    first = client_for(steward)
    _upload(first, csv_bytes(*GOOD_ROWS))
    first.post(MAPPING, _mapping_post(first.get(MAPPING)))
    other = Client()
    other.force_login(steward)  # the same steward, in another browser
    response = other.post(APPLY)
    assert response["Location"] == UPLOAD
    assert not Person.objects.filter(institutional_id="S100").exists()


def test_discard_deletes_the_waiting_file(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response = _upload(client, csv_bytes(*GOOD_ROWS))
    path = UPLOADS.current(response.wsgi_request).path
    assert path.exists()
    client.post(reverse("people:imports:discard"))
    assert not path.exists()
    assert client.get(MAPPING)["Location"] == UPLOAD


def test_waiting_files_expire(world, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response = _upload(client, csv_bytes(*GOOD_ROWS))
    path = UPLOADS.current(response.wsgi_request).path
    session = client.session
    session[UPLOADS.session_key]["stored_at"] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get(MAPPING)["Location"] == UPLOAD
    assert not path.exists()


def test_purge_removes_files_older_than_a_session(world, settings) -> None:  # type: ignore[no-untyped-def]
    import os

    folder = uploads.upload_dir()
    old, new = folder / ("a" * 32 + ".upload"), folder / ("b" * 32 + ".upload")
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    # The files' times are set from the test's clock, not the file system's, so the
    # test holds whatever day the suite runs on (tests/clock.py).
    now = time.time()
    stale = now - settings.SESSION_COOKIE_AGE - 10
    os.utime(old, (stale, stale))
    os.utime(new, (now, now))
    out = StringIO()
    call_command("purge_import_uploads", stdout=out)  # what cron runs
    assert "Deleted 1 expired" in out.getvalue()
    assert not old.exists() and new.exists()


def test_upload_size_is_limited(world, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_MAX_BYTES = 10
    client = client_for(world.user("data_steward"))
    response = _upload(client, csv_bytes(*GOOD_ROWS))
    assert response.status_code == 200
    assert "at most" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_saved_mapping_prefills_the_form(world, client_for) -> None:  # type: ignore[no-untyped-def]
    mapping = ImportMapping.objects.create(
        name="HR", columns={"cohort": "", "start_date": "end_date"}
    )
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes(*GOOD_ROWS))
    page = client.get(MAPPING, {"saved": mapping.pk})
    assert page.context["form"].initial["col_7"] == "end_date"
    assert "Use this mapping" in page.content.decode()


def test_history_lists_runs_and_home_shows_the_last(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    home = client.get(reverse("core:home")).content.decode()
    assert "No people have been imported yet." in home and "Import people" in home
    _upload(client, csv_bytes(*GOOD_ROWS), name="registrar.csv")
    client.post(MAPPING, _mapping_post(client.get(MAPPING)))
    history = client.get(reverse("people:imports:history")).content.decode()
    assert "registrar.csv" in history and "Checked, nothing written" in history
    home = client.get(reverse("core:home")).content.decode()
    assert "Last people import" in home and "registrar.csv" in home


def test_other_roles_see_no_import_link(world, client_for) -> None:  # type: ignore[no-untyped-def]
    home = client_for(world.user("administrator")).get(reverse("core:home")).content.decode()
    assert "Import people" not in home and "Last people import" not in home


def test_views_leave_one_audit_event_per_run(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _upload(client, csv_bytes(*GOOD_ROWS))
    before = AuditEvent.objects.count()
    client.post(MAPPING, _mapping_post(client.get(MAPPING)))
    client.post(APPLY)
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True)[before:])
    assert verbs == ["people.import.dry_run", "people.import.applied"]

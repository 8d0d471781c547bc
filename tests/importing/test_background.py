"""Large web imports run on the task worker, with rows done / rows expected on the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.equity import actions as equity_actions
from belong.equity.importing import PATH as EVENTS_PATH
from belong.equity.models import StageEvent
from belong.importing import background, progress, uploads
from belong.importing.models import ImportRun
from belong.people.importing.importer import PATH
from belong.people.importing.views import UPLOADS
from belong.people.models import Person
from tests.factories.people import PersonFactory
from tests.people.test_import_support import GOOD_ROWS, csv_bytes, table_counts

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
UPLOAD = reverse("people:imports:upload")
MAPPING = reverse("people:imports:mapping")
APPLY = reverse("people:imports:apply")


@pytest.fixture(autouse=True)
def _large_means_more_than_100_bytes(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.BELONG_IMPORT_INLINE_MAX_BYTES = 100
    settings.TASKS = DUMMY


def _rows(n: int) -> list[str]:
    return [
        f"Q{i:05d},G{i},F{i},q{i}@example.edu,student,md,pasadena,2024-07-01,2028,female,asian"
        for i in range(n)
    ]


def _queue_check(client, content: bytes, capture):  # type: ignore[no-untyped-def]
    client.post(UPLOAD, {"file": SimpleUploadedFile("registrar.csv", content)})
    form = client.get(MAPPING).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields if name.startswith("col_")}
    with capture(execute=True):
        response = client.post(MAPPING, data)
    return response, ImportRun.objects.latest("at")


def test_a_large_check_is_queued_and_the_page_follows_it(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    response, run = _queue_check(client, csv_bytes(*_rows(30)), django_capture_on_commit_callbacks)
    url = reverse("people:imports:run", kwargs={"run_id": run.pk})
    assert response["Location"] == url
    assert run.status == ImportRun.Status.QUEUED and run.task_id and not run.apply
    assert run.upload == UPLOADS.current(response.wsgi_request).token
    page = client.get(url).content.decode()
    assert "Checking every row" in page and "Waiting for the task worker" in page
    assert 'hx-trigger="every 1s"' in page

    # The worker has read 10 of 30 rows: the page says so, with a determinate bar.
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    progress.Writer(run.pk)("Checking", 10, 30)
    fragment = client.get(url + "?progress=1", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Checking:</strong> 10 of 30 rows (33%)" in fragment
    assert '<progress max="30" value="10"' in fragment

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    seen: list[tuple[str, int, int | None]] = []
    real = progress.Writer.__call__

    def spy(self, phase, done, total):  # type: ignore[no-untyped-def]
        seen.append((phase, done, total))
        real(self, phase, done, total)

    progress.Writer.__call__ = spy  # type: ignore[method-assign]
    try:
        assert background.execute(run.pk, PATH) == ImportRun.Outcome.DRY_RUN
    finally:
        progress.Writer.__call__ = real  # type: ignore[method-assign]
    assert seen[0] == ("Checking", 0, 30) and seen[-1] == ("Checking", 30, 30)
    assert progress.read(run.pk) is None, "the progress file goes when the run ends"
    assert background.execute(run.pk, PATH) == "not queued"  # a second worker does nothing
    done = client.get(url + "?progress=1", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    report = client.get(url).content.decode()
    assert "Check passed: nothing written yet" in report and "Apply this import" in report
    assert not Person.objects.filter(institutional_id="Q00000").exists()


def test_a_large_apply_runs_on_the_worker_all_at_once(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _response, checked = _queue_check(
        client, csv_bytes(*_rows(25)), django_capture_on_commit_callbacks
    )
    background.execute(checked.pk, PATH)
    path = UPLOADS.current(_response.wsgi_request).path
    audit_before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY)
    run = ImportRun.objects.latest("at")
    assert run.apply and run.status == ImportRun.Status.QUEUED
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": run.pk})
    assert "Applying the import" in client.get(response["Location"]).content.decode()
    assert background.execute(run.pk, PATH) == ImportRun.Outcome.APPLIED
    assert Person.objects.filter(institutional_id__startswith="Q").count() == 25
    assert not path.exists(), "the waiting file is deleted once applied"
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True)[audit_before:])
    assert verbs == ["people.import.applied"]
    assert "Import applied" in client.get(response["Location"]).content.decode()


def test_the_immediate_backend_runs_it_in_the_request(
    world, client_for, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
    client = client_for(world.user("data_steward"))
    _response, run = _queue_check(client, csv_bytes(*GOOD_ROWS), django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.outcome == ImportRun.Outcome.DRY_RUN
    assert run.created == 3 and run.upload == ""


def test_a_run_that_fails_in_the_worker_says_so_and_changes_nothing(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    _response, run = _queue_check(client, csv_bytes(*_rows(5)), django_capture_on_commit_callbacks)
    before = table_counts()

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("belong.people.importing.plan.plan_chunk", explode)
    monkeypatch.setattr("belong.people.importing.importer.plan_chunk", explode)
    with pytest.raises(RuntimeError):
        background.execute(run.pk, PATH)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.outcome == ImportRun.Outcome.REJECTED
    assert table_counts()["people"] == before["people"]
    page = client.get(reverse("people:imports:run", kwargs={"run_id": run.pk})).content.decode()
    assert "The import stopped on an unexpected error, and nothing was written." in page


def test_a_steward_who_lost_the_role_before_the_worker_ran_imports_nothing(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    steward = world.user("data_steward")
    client = client_for(steward)
    _response, run = _queue_check(client, csv_bytes(*_rows(5)), django_capture_on_commit_callbacks)
    steward.role_assignments.all().delete()
    from belong.access.policies import forget_roles

    forget_roles(steward)
    assert background.execute(run.pk, PATH) == "failed"
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert not Person.objects.filter(institutional_id="Q00000").exists()


def test_only_a_belong_importer_may_be_named_for_the_worker() -> None:
    with pytest.raises(ValueError, match="not an importer"):
        background.importer_at("os.system")
    with pytest.raises(ValueError, match="not an importer"):
        background.importer_at("belong.people.importing.importer.KIND")


def test_a_large_stage_event_file_goes_to_the_worker_and_has_its_own_page(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    equity_actions.ensure_defaults(by=None, record=False)
    PersonFactory(institutional_id="A0")
    text = "institutional_id,pipeline,stage,year,unit_code,date\n" + (
        "A0,md_admissions,applied,2024,md,2023-06-01\n"
        "A0,md_admissions,interviewed,2024,md,2023-09-01\n"
    )
    client = client_for(world.user("data_steward"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("equity:event_import"),
            {"file": SimpleUploadedFile("events.csv", text.encode()), "apply": "1"},
        )
    run = ImportRun.objects.get(kind="stage_events")
    url = reverse("equity:event_import_run", kwargs={"run_id": run.pk})
    assert response["Location"] == url and run.status == ImportRun.Status.QUEUED
    assert "Waiting for the task worker" in client.get(url).content.decode()
    assert background.execute(run.pk, EVENTS_PATH) == ImportRun.Outcome.APPLIED
    assert StageEvent.objects.filter(import_run=run).count() == 2
    page = client.get(url).content.decode()
    assert "2 events imported from 2 rows" in page
    assert not list(uploads.upload_dir().glob("*.upload")), "the file is deleted once read"

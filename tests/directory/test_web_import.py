"""The HSDS import page: all or nothing, every problem by JSON path, large files on the worker."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from belong.directory.hsds import web_import
from belong.directory.hsds.export import export_document
from belong.directory.models import Service
from belong.importing.models import ImportRun
from tests.factories.directory import build_directory

pytestmark = pytest.mark.django_db


def _upload(document: object, name: str = "directory.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), "application/json")


def _changed_document() -> dict:
    document = export_document()
    document["services"][0]["name"] = "Renamed by the import"
    return document


def test_a_valid_file_is_checked_then_applied(world, client):
    build_directory(world)
    client.force_login(world.user("administrator"))
    url = reverse("directory:hsds_import")
    checked = client.post(url, {"file": _upload(_changed_document())}, follow=True)
    assert "Every record is valid" in checked.content.decode()
    assert not Service.objects.filter(name="Renamed by the import").exists()
    applied = client.post(url, {"file": _upload(_changed_document()), "import_it": "on"})
    run = ImportRun.objects.get(pk=applied.url.rstrip("/").rsplit("/", 1)[1])
    assert (run.kind, run.outcome, run.updated) == ("hsds", "applied", 2)
    assert Service.objects.filter(name="Renamed by the import").exists()


def test_every_invalid_record_is_reported_by_path_and_nothing_changes(world, client):
    build_directory(world)
    before = list(Service.objects.order_by("pk").values_list("name", "topic"))
    document = _changed_document()
    del document["services"][0]["name"]
    document["services"][1]["status"] = "sometimes"
    client.force_login(world.user("administrator"))
    page = client.post(
        reverse("directory:hsds_import"),
        {"file": _upload(document), "import_it": "on"},
        follow=True,
    ).content.decode()
    assert "Rejected" in page and "nothing in the directory changed" in page
    assert "$.services[0]" in page and "name" in page
    assert "$.services[1].status" in page
    assert list(Service.objects.order_by("pk").values_list("name", "topic")) == before
    run = ImportRun.objects.get(kind="hsds")
    assert run.problem_count == 2


def test_not_json_is_one_clear_problem(world, client):
    client.force_login(world.user("administrator"))
    upload = SimpleUploadedFile("directory.json", b"{not json", "application/json")
    page = client.post(reverse("directory:hsds_import"), {"file": upload}, follow=True)
    run = ImportRun.objects.get(kind="hsds")
    assert run.outcome == "rejected" and run.problem_count == 1
    assert run.problems[0]["reason"] in page.content.decode()


@override_settings(BELONG_IMPORT_JSON_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_unread(world, client):
    client.force_login(world.user("administrator"))
    big = {"hsds_version": "3.0", "organizations": [], "services": [], "pad": "x" * 2000}
    page = client.post(reverse("directory:hsds_import"), {"file": _upload(big)})
    assert page.status_code == 200
    assert "is over the limit of 1.0\xa0KB; nothing was read" in page.content.decode()
    assert not ImportRun.objects.exists()


@override_settings(BELONG_IMPORT_INLINE_MAX_BYTES=0)
def test_a_large_file_runs_on_the_worker_with_progress(world, client, tmp_path, settings):
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path
    build_directory(world)
    client.force_login(world.user("administrator"))
    response = client.post(
        reverse("directory:hsds_import"), {"file": _upload(_changed_document()), "import_it": "on"}
    )
    run = ImportRun.objects.get(kind="hsds")
    assert run.status == "queued" and run.upload
    waiting = client.get(response.url).content.decode()
    assert "Waiting for the task worker" in waiting
    seen: list[tuple[str, int, int | None]] = []
    original = web_import.progress.Writer

    class Recording(original):  # type: ignore[misc,valid-type]
        def __call__(self, phase: str, done: int, total: int | None) -> None:
            seen.append((phase, done, total))
            super().__call__(phase, done, total)

    web_import.progress.Writer = Recording  # type: ignore[misc]
    try:
        assert web_import.execute(run.pk) == "applied"
    finally:
        web_import.progress.Writer = original  # type: ignore[misc]
    assert ("Writing services", 2, 2) in seen
    assert web_import.execute(run.pk) == "not queued"  # safe to run twice
    assert Service.objects.filter(name="Renamed by the import").exists()
    assert not list(tmp_path.glob("*.upload"))  # the waiting file has done its work
    assert "2 updated" in client.get(response.url).content.decode()


def test_an_unexpected_error_marks_the_run_failed_and_writes_nothing(world, monkeypatch):
    build_directory(world)
    before = list(Service.objects.order_by("pk").values_list("name", flat=True))

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(web_import, "import_document", broken)
    with pytest.raises(RuntimeError):
        web_import.import_now(
            by=world.user("administrator"),
            fileobj=_upload(_changed_document()),
            filename="directory.json",
            apply=True,
        )
    run = ImportRun.objects.get(kind="hsds")
    assert (run.status, run.outcome) == ("failed", "rejected")
    assert list(Service.objects.order_by("pk").values_list("name", flat=True)) == before

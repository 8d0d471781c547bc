"""The web import's key, matching, separator and value-mapping step, saved with the mapping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belong.importing.models import ImportMapping, ImportRun
from belong.people.models import Person, PersonIdentifier, SelfIdentification

pytestmark = pytest.mark.django_db

UPLOAD = reverse("people:imports:upload")
MAPPING = reverse("people:imports:mapping")
VALUES = reverse("people:imports:values")
APPLY = reverse("people:imports:apply")

ADMISSIONS = (
    "AAMC ID,Last Name,First Name,Legal Sex,Race/Ethnicity\n"
    '13000001,Okafor,Ada,X,"Hispanic, Latino, or of Spanish Origin|White"\n'
    "13000002,Tran,Bao,Decline to answer,Multiracial (write-in)\n"
    "13000003,Ruiz,Carmen,F,Asian\n"
)


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _columns(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    form = page.context["form"]
    return {name: form.initial.get(name, "") for name in form.fields if name.startswith("col_")}


def test_a_value_the_file_alone_holds_is_given_its_meaning_then_saved(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    client.post(UPLOAD, {"file": SimpleUploadedFile("amcas.csv", ADMISSIONS.encode())})
    page = client.get(MAPPING)
    columns = _columns(page)
    assert columns["col_0"] == "aamc_id" and columns["col_4"] == "race"
    response = client.post(
        MAPPING, {**columns, "key": "aamc_id", "separator": "|", "save_as": "AMCAS"}
    )
    assert response["Location"] == VALUES
    assert not ImportRun.objects.exists()  # nothing checked before the values are answered

    step = client.get(VALUES)
    assert step.status_code == 200
    text = step.content.decode()
    assert "Multiracial (write-in)" in text
    assert "Hispanic, Latino" not in text and "Decline to answer" not in text  # known already
    refused = client.post(VALUES, {})
    assert refused.status_code == 200 and "Choose what “Multiracial (write-in)” means" in (
        refused.content.decode()
    )
    response = client.post(VALUES, {"v_race_0": "-", "save_as": "AMCAS"})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("people:imports:run", kwargs={"run_id": run.pk})
    assert run.outcome == ImportRun.Outcome.DRY_RUN, run.problems
    assert run.options["key"] == "aamc_id"
    saved = ImportMapping.objects.get(name="AMCAS")
    assert saved.options == {
        "key": "aamc_id",
        "separators": {"race": "|", "race_detailed": "|"},
        "values": {"race": {"Multiracial (write-in)": ""}},
    }

    client.post(APPLY)
    assert Person.objects.filter(identifiers__scheme="aamc_id").count() == 3
    assert Person.objects.filter(identifiers__value="13000001", institutional_id=None).exists()
    first = SelfIdentification.objects.get(person__identifiers__value="13000001")
    assert first.race == ["hispanic", "white"] and first.sex == "x"
    second = SelfIdentification.objects.get(person__identifiers__value="13000002")
    assert second.sex == "prefer_not" and second.race == []

    # The next file from the same source, with the saved mapping, needs no answers.
    client.post(UPLOAD, {"file": SimpleUploadedFile("amcas.csv", ADMISSIONS.encode())})
    page = client.get(MAPPING, {"saved": saved.pk})
    assert page.context["form"].initial["key"] == "aamc_id"
    response = client.post(MAPPING, {**_columns(page), "key": "aamc_id", "separator": "|"})
    assert response["Location"].startswith("/people/imports/") and response["Location"] != VALUES
    assert PersonIdentifier.objects.count() == 3


def test_the_key_column_must_be_mapped(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("data_steward"))
    client.post(UPLOAD, {"file": SimpleUploadedFile("amcas.csv", ADMISSIONS.encode())})
    columns = _columns(client.get(MAPPING))
    refused = client.post(MAPPING, {**columns, "key": "eras_id"})
    assert refused.status_code == 200
    assert "Choose the column that holds the ERAS id" in refused.content.decode()

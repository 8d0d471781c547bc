"""Belong's API, endpoint by endpoint: what each role's token reads, and what it never does."""

from __future__ import annotations

from typing import Any

from belong.access import tokens
from belong.access.policies import role_codes
from belong.publishing.exports import export_rows
from belong.publishing.frozen import tables_for
from belong.publishing.kinds import kind_of
from belong.surveys.models import Participation
from tests.factories.directory import build_directory
from tests.factories.equity import frozen_release, matrix_release
from tests.factories.surveys import campaign


def _get(client, world, persona: str, url: str, roles: list[str] | None = None) -> Any:  # type: ignore[no-untyped-def]
    user = world.user(persona)
    _, raw = tokens.create_token(
        by=user, name="t", roles=roles or sorted(role_codes(user)), days=30
    )
    return client.get(url, headers={"Authorization": f"Bearer {raw}"})


def test_people_list_shows_affiliations_and_no_demographics(world, client) -> None:  # type: ignore[no-untyped-def]
    response = _get(client, world, "data_steward", "/api/v1/people/?kind=student&per_page=100")
    assert response.status_code == 200
    body = response.json()
    ids = {p["institutional_id"] for p in body["people"]}
    assert ids == {"ID-student"} and body["total"] == 1
    student = body["people"][0]
    assert student["affiliations"][0]["kind"] == "student"
    assert student["affiliations"][0]["cohort"] == 2027
    text = response.content.decode()
    for word in ("race", "gender", "sex", "disability", "orientation", "self_identification"):
        assert word not in text


def test_one_person_reads_as_on_the_person_page(world, client) -> None:  # type: ignore[no-untyped-def]
    person = world.person("coach")
    body = _get(client, world, "data_steward", f"/api/v1/people/{person.pk}").json()
    assert body["legal_family_name"] == "Persona" and body["id"] == person.pk
    assert [a["unit"] for a in body["affiliations"]] == ["medicine"]
    assert _get(client, world, "data_steward", "/api/v1/people/999999").status_code == 404


def test_a_token_without_the_data_steward_role_sees_no_people(world, client) -> None:  # type: ignore[no-untyped-def]
    # The data steward is also staff; a token carrying only "staff" reads no person.
    response = _get(client, world, "data_steward", "/api/v1/people/", roles=["staff"])
    assert response.status_code == 404


def test_releases_list_only_what_the_token_s_audiences_read(world, client) -> None:  # type: ignore[no-untyped-def]
    leadership = frozen_release(audience="leadership")
    public = frozen_release(audience="public", noised=True)
    frozen_release(audience=None)  # a draft: never listed, even for the analyst
    staff_ids = {
        r["id"] for r in _get(client, world, "staff", "/api/v1/releases/").json()["releases"]
    }
    assert staff_ids == {public.pk}
    analyst_ids = {
        r["id"] for r in _get(client, world, "analyst", "/api/v1/releases/").json()["releases"]
    }
    assert analyst_ids == {public.pk, leadership.pk}


def test_a_release_s_tables_are_those_its_readers_download(world, client) -> None:  # type: ignore[no-untyped-def]
    release = matrix_release(world, "leadership")
    body = _get(client, world, "leadership", f"/api/v1/releases/{release.pk}").json()
    kind = kind_of(release)
    tables = tables_for(release)
    assert [t["name"] for t in body["data"]] == list(kind.exports)
    for table in body["data"]:
        frame = kind.export_frame(table["name"], tables.frame(table["name"]), tables)
        header, _ = export_rows(frame)
        assert table["columns"] == header
        assert len(table["rows"]) == frame.height
    cells = next(t for t in body["data"] if t["name"] == "cells")
    suppressed_at = cells["columns"].index("suppressed")
    hidden = [row for row in cells["rows"] if row[suppressed_at]]
    assert len(hidden) == release.suppressed_cells > 0
    assert body["noisy"] is False


def test_a_public_release_reads_as_its_noisy_draw(world, client) -> None:  # type: ignore[no-untyped-def]
    release = matrix_release(world, "public", noised=True)
    body = _get(client, world, "leadership", f"/api/v1/releases/{release.pk}").json()
    assert body["noisy"] is True and body["noise_epsilon"] == release.noise_epsilon
    cells = next(t for t in body["data"] if t["name"] == "cells")
    noisy = kind_of(release).export_frame(
        "cells", tables_for(release).frame("cells"), tables_for(release)
    )
    assert cells["rows"] == [list(row) for row in noisy.rows()]
    exact_rows = release.result["cells"]["rows"]
    assert cells["rows"] != exact_rows


def test_campaign_status_is_counts_only(world, client) -> None:  # type: ignore[no-untyped-def]
    found = campaign(world)
    answered = Participation.objects.filter(campaign=found).count()
    body = _get(client, world, "analyst", f"/api/v1/surveys/campaigns/{found.pk}").json()
    assert body["invited"] == found.invited > 0
    assert body["responses"] == answered
    assert set(body) == {
        "id",
        "title",
        "instrument",
        "mode",
        "status",
        "opens_on",
        "closes_on",
        "invited",
        "responses",
        "rate",
    }
    listed = _get(client, world, "analyst", "/api/v1/surveys/campaigns").json()
    assert [c["id"] for c in listed["campaigns"]] == [found.pk]
    assert _get(client, world, "leadership", "/api/v1/surveys/campaigns").status_code == 404


def test_hsds_under_v1_answers_as_the_public_hsds_api(world, client) -> None:  # type: ignore[no-untyped-def]
    build_directory(world)
    v1 = _get(client, world, "student", "/api/v1/hsds/services").json()
    public = client.get("/api/hsds/services").json()
    assert v1 == public and v1["total_items"] > 0


def test_paging_is_bounded_with_a_clear_error(world, client) -> None:  # type: ignore[no-untyped-def]
    response = _get(client, world, "data_steward", "/api/v1/people/?per_page=1000")
    assert response.status_code == 422
    assert "per_page" in response.content.decode()

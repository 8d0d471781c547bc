from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_out_visitors_see_public_pages_only(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("core:accessibility")).content.decode()
    assert reverse("publishing:public_release_list") in page
    assert reverse("people:me") not in page
    assert "Sign in" in page


def test_menus_follow_the_roles(world, client_for) -> None:  # type: ignore[no-untyped-def]
    student_page = client_for(world.user("student")).get("/").content.decode()
    assert reverse("people:me") in student_page
    assert reverse("access:audit_log") not in student_page
    admin_page = client_for(world.user("administrator")).get("/").content.decode()
    assert reverse("access:audit_log") in admin_page
    assert reverse("equity:release_build") not in admin_page


def test_outsider_home_says_there_is_nothing_yet(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for(world.user("outsider")).get("/").content.decode()
    assert "no role yet" in page


def test_a_home_page_reads_the_person_record_once(world, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("student"))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    person_reads = [q for q in queries.captured_queries if 'FROM "people_person"' in q["sql"]]
    assert len(person_reads) == 1, [q["sql"][:120] for q in person_reads]

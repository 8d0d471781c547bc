"""No join leads from a survey response to a person: schema, full dump, form, admin, logs, queues.

The attacker is a reader of everything stored: every table, the audit log,
the server's logs and the task queue (not the secret key, not the live
server). Twelve students answer; the attacker tries to single one out.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from belong.access.audit import seal_closed_days
from belong.access.models import AuditEvent
from belong.anonymity.models import SealedEnvelope
from belong.core.logging import JsonFormatter, RequestContextFilter
from belong.surveys import queries
from belong.surveys.actions.campaigns import close_campaign
from belong.surveys.models import Campaign, Invitation, Participation, Response
from tests.factories.surveys import campaign, full_answers, token_of

PERSON_MODELS = {"people.person", settings.AUTH_USER_MODEL.lower()}


def _everyone_answers(world: Any, client: Any, n: int = 12) -> Campaign:
    made = campaign(world, n=n)
    for i, invitation in enumerate(Invitation.objects.filter(campaign=made).order_by("pk")):
        url = reverse("surveys:answer", kwargs={"token": token_of(invitation)})
        data = {**full_answers(comment=f"Answer number {i}"), "send": "1"}
        response = client.post(url, data)
        assert response.status_code == 302, response.content[:500]
    return made


def test_a_response_row_has_no_column_that_could_say_who_or_when() -> None:
    columns = {f.column for f in Response._meta.concrete_fields}
    assert columns == {"id", "received_on", "campaign_id", "answers", "groups"}
    relations = [f for f in Response._meta.get_fields() if f.is_relation]
    assert [f.related_model for f in relations if f.concrete] == [Campaign]


def test_no_model_points_at_a_response() -> None:
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation:
                assert f.related_model is not Response, f"{model._meta.label}.{f.name}"


def test_invitation_and_participation_share_only_the_campaign_with_a_response() -> None:
    response_columns = {f.column for f in Response._meta.concrete_fields} - {"id"}
    for model in (Invitation, Participation):
        shared = response_columns & {f.column for f in model._meta.concrete_fields}
        assert shared == {"campaign_id"}, model
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.concrete_fields)


def _dump() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as a reader of the database file would see it."""
    tables = connection.introspection.table_names()
    found: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            names = [c[0] for c in cursor.description]
            found[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return found


def _json(value: Any) -> Any:
    # SQLite hands JSON columns back as text; PostgreSQL may hand them back parsed.
    return json.loads(value) if isinstance(value, str) else value


def test_a_full_dump_cannot_single_out_a_respondent(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _everyone_answers(world, client)
    close_campaign(by=world.user("analyst"), campaign=made)
    seal_closed_days(today=datetime.date.today() + datetime.timedelta(days=1))
    dump = _dump()
    responses = dump[Response._meta.db_table]
    assert len(responses) == 12 and not dump[SealedEnvelope._meta.db_table]
    ids = {str(r["id"]).replace("-", "") for r in responses}
    # No other table holds a response's key, in any form.
    for table, rows in dump.items():
        if table == Response._meta.db_table:
            continue
        text = json.dumps(rows, default=str).replace("-", "")
        assert not any(i in text for i in ids), f"{table} holds a response's key"
    # The invitations keep no link, snapshot or draft after answering.
    for row in dump[Invitation._meta.db_table]:
        assert row["link_salt"] == "" and _json(row["snapshot"]) == {} and row["draft"] is None
    # Joining on groups: every response's groups fit at least k of those who took part.
    participants = dict(queries.audience(made, on=datetime.date.today()))
    groups_of = queries.snapshots(made, participants)
    for row in responses:
        stored = _json(row["groups"])
        fits = [
            p
            for p, g in groups_of.items()
            if all(stored[d] in (g[d], "not_shown") for d in made.dimensions)
        ]
        assert len(fits) >= made.k
    # Ordering: no time of day anywhere in a response, and the week only.
    for row in responses:
        received = row["received_on"]
        day = datetime.date.fromisoformat(str(received))
        assert day.weekday() == 0
    # The order on disk is not the order of arrival.
    comments = [_json(r["answers"])["comment"] for r in responses]
    assert comments != [f"Answer number {i}" for i in range(12)]


def test_the_audit_log_names_nobody_for_a_response(world, client) -> None:  # type: ignore[no-untyped-def]
    _everyone_answers(world, client, n=6)
    seal_closed_days(today=datetime.date.today() + datetime.timedelta(days=1))
    events = AuditEvent.objects.filter(verb="surveys.response.received")
    assert events.count() == 6
    for event in events:
        assert event.actor_id is None and event.at is None and event.day is not None
        assert event.target_type == "surveys.campaign"


@pytest.fixture
def json_log():  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_the_server_logs_carry_no_line_for_answering(world, client, json_log) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitation = Invitation.objects.filter(campaign=made).first()
    assert invitation is not None
    token = token_of(invitation)
    url = reverse("surveys:answer", kwargs={"token": token})
    client.get(url)
    client.post(url, {**full_answers(), "save": "1"})
    client.post(url, {**full_answers(), "send": "1"})
    client.get(reverse("surveys:answered"))
    client.get(url)  # the used link
    assert token not in json_log.getvalue()
    assert "surveys:answer" not in json_log.getvalue()


def test_answering_signed_in_records_no_account(world, client) -> None:  # type: ignore[no-untyped-def]
    made = campaign(world, n=6)
    invitation = Invitation.objects.filter(campaign=made).first()
    assert invitation is not None
    client.force_login(world.user("student"))
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("surveys:answer", kwargs={"token": token_of(invitation)}),
        {**full_answers(), "send": "1"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before  # the anonymous event waits, with no actor


def test_answering_queues_no_background_task(world, client) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    made = campaign(world, n=6)
    DBTaskResult.objects.all().delete()
    invitation = Invitation.objects.filter(campaign=made).first()
    assert invitation is not None
    client.post(
        reverse("surveys:answer", kwargs={"token": token_of(invitation)}),
        {**full_answers(), "send": "1"},
    )
    assert not DBTaskResult.objects.exists()


def test_the_admin_offers_no_survey_record_that_names_or_holds_answers() -> None:
    registered = {m._meta.label for m in admin.site._registry}
    for label in ("surveys.Response", "surveys.Invitation", "surveys.Participation"):
        assert label not in registered
    assert "anonymity.SealedEnvelope" not in registered


def test_dumpdata_of_the_surveys_app_holds_no_person_beside_an_answer(world, client) -> None:  # type: ignore[no-untyped-def]
    made = _everyone_answers(world, client, n=6)
    close_campaign(by=world.user("analyst"), campaign=made)
    out = io.StringIO()
    call_command("dumpdata", "surveys.response", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 6
    for row in rows:
        assert set(row["fields"]) == {"received_on", "campaign", "answers", "groups"}
    counts = Counter(json.dumps(r["fields"]["groups"], sort_keys=True) for r in rows)
    assert all(n >= made.k for n in counts.values())

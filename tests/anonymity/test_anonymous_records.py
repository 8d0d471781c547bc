"""Anonymous records: the system check, coarse dates, and sealed envelopes under attack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps, override_settings

from belong.anonymity import sealing
from belong.anonymity.checks import check_anonymous_records, problems_of
from belong.anonymity.models import AnonymousRecord, SealedEnvelope
from belong.anonymity.periods import Period, coarse_day


def test_every_anonymous_record_model_in_belong_passes_the_check() -> None:
    assert check_anonymous_records() == []


@isolate_apps("belong.anonymity")
def test_the_check_refuses_links_to_people_times_addresses_and_telling_names() -> None:
    class Leaky(AnonymousRecord):
        account = models.ForeignKey("access.User", on_delete=models.CASCADE)
        person = models.ForeignKey("people.Person", on_delete=models.CASCADE)
        sent = models.DateTimeField()
        origin = models.GenericIPAddressField()
        submitted_at = models.DateField()
        answer = models.IntegerField()

        class Meta:
            app_label = "anonymity"

    ids = sorted(message.id for message in problems_of(Leaky))
    assert ids == [
        "anonymity.E001",
        "anonymity.E001",
        "anonymity.E002",
        "anonymity.E003",
        "anonymity.E004",
    ]


@isolate_apps("belong.anonymity")
def test_the_check_refuses_a_model_that_says_it_names_a_person_and_a_sequential_key() -> None:
    class Invitation(models.Model):  # noqa: DJ008
        names_a_person = True

        class Meta:
            app_label = "anonymity"

    class Linked(AnonymousRecord):
        invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE)

        class Meta:
            app_label = "anonymity"

    class Counted(AnonymousRecord):
        id = models.BigAutoField(primary_key=True)  # type: ignore[assignment]

        class Meta:
            app_label = "anonymity"

    assert [m.id for m in problems_of(Linked)] == ["anonymity.E001"]
    assert [m.id for m in problems_of(Counted)] == ["anonymity.E005"]


@isolate_apps("belong.anonymity")
def test_a_clean_record_passes() -> None:
    class Answer(AnonymousRecord):
        campaign_code = models.CharField(max_length=20)
        score = models.IntegerField()

        class Meta:
            app_label = "anonymity"

    assert problems_of(Answer) == []


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.DAY, date(2026, 10, 14)),
        (Period.WEEK, date(2026, 10, 12)),
        (Period.MONTH, date(2026, 10, 1)),
    ],
)
def test_coarse_days(period: Period, expected: date) -> None:
    assert coarse_day(period, on=date(2026, 10, 14)) == expected


@pytest.fixture
def answer_model(transactional_db) -> Iterator[type[AnonymousRecord]]:  # type: ignore[no-untyped-def]
    """A real table for an anonymous record, made for the test and dropped after it."""
    with isolate_apps("belong.anonymity"):

        class Answer(AnonymousRecord):
            question = models.CharField(max_length=20)
            score = models.IntegerField()

            class Meta:
                app_label = "anonymity"
                db_table = "anonymity_test_answer"

        with connection.schema_editor() as editor:
            editor.create_model(Answer)
        try:
            yield Answer
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Answer)


def _seal(model: type[AnonymousRecord], scores: list[int], bucket: str = "wave-1") -> None:
    for score in scores:
        sealing.seal(model, bucket=bucket, fields={"question": "q1", "score": score})


def test_the_pool_holds_nothing_readable_without_the_key(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, [4711, 4712])
    for payload in SealedEnvelope.objects.values_list("payload", flat=True):
        raw = bytes(payload)
        assert b"4711" not in raw and b"q1" not in raw and b"score" not in raw
    columns = [f.name for f in SealedEnvelope._meta.get_fields()]
    assert columns == ["id", "bucket", "payload"]  # no time, no person, no sequence


def test_nothing_is_released_until_twice_k_wait_and_k_always_stay(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, list(range(9)))
    assert sealing.release_ready(answer_model, bucket="wave-1", k=5) == 0
    assert answer_model.objects.count() == 0
    _seal(answer_model, [9])
    assert sealing.release_ready(answer_model, bucket="wave-1", k=5) == 5
    assert answer_model.objects.count() == 5 and sealing.waiting("wave-1") == 5
    assert sealing.release_all(answer_model, bucket="wave-1") == 5
    assert sorted(answer_model.objects.values_list("score", flat=True)) == list(range(10))
    assert sealing.waiting("wave-1") == 0


def test_released_rows_keep_the_day_only(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, [1, 2])
    sealing.release_all(answer_model, bucket="wave-1")
    assert set(answer_model.objects.values_list("received_on", flat=True)) == {coarse_day()}


def _physical_order(model: type[AnonymousRecord]) -> list[int]:
    """The order a database reader sees rows in on disk (rowid, or ctid on PostgreSQL)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT score FROM {table} ORDER BY ctid")
        else:
            cursor.execute(f"SELECT score FROM {table} ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def test_the_order_on_disk_is_not_the_order_of_arrival(answer_model) -> None:  # type: ignore[no-untyped-def]
    # An attacker who knows who took part in which order, and reads rows in the
    # order the database stored them, would pair them off. Across repeated
    # releases the stored order must vary and must not follow arrival.
    arrival = list(range(12))
    same_as_arrival = 0
    orders = set()
    for attempt in range(8):
        answer_model.objects.all().delete()
        _seal(answer_model, arrival, bucket=f"run-{attempt}")
        sealing.release_all(answer_model, bucket=f"run-{attempt}")
        order = _physical_order(answer_model)
        assert sorted(order) == arrival
        orders.add(tuple(order))
        same_as_arrival += order == arrival
    assert same_as_arrival == 0
    assert len(orders) == 8


def test_keys_are_random_and_carry_no_order(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, list(range(20)))
    sealing.release_all(answer_model, bucket="wave-1")
    by_key = [score for _, score in sorted(answer_model.objects.values_list("id", "score"))]
    assert by_key != list(range(20))
    assert len({str(pk)[14] for pk in answer_model.objects.values_list("id", flat=True)}) == 1


def test_envelopes_open_after_a_key_rotation_and_not_without_the_old_key(
    answer_model, settings
) -> None:  # type: ignore[no-untyped-def]
    old = settings.SECRET_KEY
    _seal(answer_model, [1, 2])
    with override_settings(SECRET_KEY="a-completely-different-key-for-this-test"):
        with pytest.raises(sealing.EnvelopeError, match="FALLBACKS"):
            sealing.release_all(answer_model, bucket="wave-1")
        assert sealing.waiting("wave-1") == 2 and answer_model.objects.count() == 0
        with override_settings(SECRET_KEY_FALLBACKS=[old]):
            assert sealing.release_all(answer_model, bucket="wave-1") == 2


def test_a_field_the_model_does_not_have_is_refused_before_anything_is_written(
    answer_model,
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(sealing.EnvelopeError, match="no field person_id"):
        sealing.seal(answer_model, bucket="wave-1", fields={"score": 1, "person_id": 7})
    assert sealing.waiting("wave-1") == 0


def test_the_payload_is_json_of_the_record_only(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, [3])
    payload = bytes(SealedEnvelope.objects.get().payload)
    body = json.loads(sealing._decrypt(payload))
    assert body == {
        "model": answer_model._meta.label_lower,
        "received_on": coarse_day().isoformat(),
        "fields": {"question": "q1", "score": 3},
    }


def test_prepare_changes_a_whole_batch_before_it_is_written(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, [1, 2, 3, 4])
    seen: list[int] = []

    def prepare(rows):  # type: ignore[no-untyped-def]
        seen.append(len(rows))
        return [{**row, "question": "hidden"} for row in rows]

    assert sealing.release_all(answer_model, bucket="wave-1", prepare=prepare) == 4
    assert seen == [4]
    assert set(answer_model.objects.values_list("question", flat=True)) == {"hidden"}


def test_prepare_cannot_add_a_field_and_then_nothing_is_released(answer_model) -> None:  # type: ignore[no-untyped-def]
    _seal(answer_model, [1, 2])
    with pytest.raises(sealing.EnvelopeError, match="no field person_id"):
        sealing.release_all(
            answer_model,
            bucket="wave-1",
            prepare=lambda rows: [{**row, "person_id": 7} for row in rows],
        )
    assert sealing.waiting("wave-1") == 2 and not answer_model.objects.exists()

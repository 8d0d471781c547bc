import pytest
from django.core.exceptions import ValidationError

from belong.access.models import AuditEvent
from belong.surveys.actions.instruments import add_item, install_standard, save_instrument, spec_of
from belong.surveys.library import BELONGING, WHO5
from belong.surveys.models import Instrument, InstrumentVersion
from belong.surveys.scoring import ScoredItem, scale_score
from belong.surveys.specs import InstrumentSpec, ItemSpec, ScaleSpec, problems_of


def test_shipped_instruments_have_no_problems() -> None:
    assert problems_of(WHO5) == []
    assert problems_of(BELONGING) == []


def test_install_standard_is_idempotent(db) -> None:  # type: ignore[no-untyped-def]
    assert len(install_standard()) == 2
    assert install_standard() == []
    belonging = Instrument.objects.get(code="belong-climate").latest
    assert belonging is not None and belonging.items.count() == len(BELONGING.items)
    assert belonging.items.get(code="belong_4").reverse_scored
    assert belonging.items.get(code="settings").branching == "[witnessed] <> 'never'"


def test_spec_problems_name_every_fault() -> None:
    spec = InstrumentSpec(
        code="bad",
        title="",
        items=(
            ItemSpec("q1", "likert", "Agree?", (("1", "No"),)),
            ItemSpec("q1", "slider", "How much?"),
            ItemSpec("q3", "text", "Why?", reverse_scored=True),
        ),
        scales=(ScaleSpec("s", "S", ("q3", "missing")),),
    )
    found = " ".join(problems_of(spec))
    for words in (
        "needs a title",
        "q1 is used 2 times",
        "at least two labelled choices",
        "“slider” is not a kind",
        "only a Likert item can be reverse-scored",
        "q3 is not a Likert item",
        "names missing",
    ):
        assert words in found


def test_reverse_scored_items_are_turned_round() -> None:
    items = [ScoredItem("a", (1, 2, 3, 4, 5)), ScoredItem("b", (1, 2, 3, 4, 5), reverse=True)]
    assert scale_score(items, {"a": "5", "b": "1"}) == 5.0
    assert scale_score(items, {"a": "4", "b": "4"}) == 3.0


def test_a_scale_needs_half_its_items_answered() -> None:
    items = [ScoredItem(c, (1, 2, 3)) for c in "abc"]
    assert scale_score(items, {"a": "3"}) is None
    assert scale_score(items, {"a": "3", "b": "1"}) == 2.0


def test_a_live_version_is_never_edited_a_new_version_is_written(world) -> None:  # type: ignore[no-untyped-def]
    analyst = world.user("analyst")
    version = save_instrument(by=analyst, spec=WHO5)
    InstrumentVersion.objects.filter(pk=version.pk).update(status=InstrumentVersion.Status.LIVE)
    version.refresh_from_db()
    item = ItemSpec("extra", "text", "Anything else?")
    newer = add_item(by=analyst, version=version, item=item)
    assert newer.pk != version.pk and newer.number == 2
    assert version.items.count() == 5 and newer.items.count() == 6
    assert spec_of(version) == spec_of(Instrument.objects.get(code="who5").versions.get(number=1))


def test_a_draft_takes_a_new_item_in_place_and_each_write_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    analyst = world.user("analyst")
    version = save_instrument(by=analyst, spec=WHO5)
    same = add_item(by=analyst, version=version, item=ItemSpec("extra", "text", "Anything else?"))
    assert same.pk == version.pk and version.items.count() == 6
    assert AuditEvent.objects.filter(verb="surveys.instrument_version.saved").count() == 2


def test_a_bad_item_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    analyst = world.user("analyst")
    version = save_instrument(by=analyst, spec=WHO5)
    with pytest.raises(ValidationError, match="is used 2 times"):
        add_item(by=analyst, version=version, item=ItemSpec("who5_1", "text", "Again?"))
    assert version.items.count() == 5


def test_only_the_survey_office_saves_instruments(world) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    with pytest.raises(Http404):
        save_instrument(by=world.user("student"), spec=WHO5)
    assert not Instrument.objects.exists()

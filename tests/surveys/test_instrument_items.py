"""Every field of an item survives each way a version is written: new, added to, copied."""

from __future__ import annotations

from belong.surveys.actions.instruments import add_item, save_instrument, spec_of
from belong.surveys.library import WHO5
from belong.surveys.models import InstrumentVersion
from belong.surveys.specs import InstrumentSpec, ItemSpec

# Every field set to something other than its default, so a dropped field shows.
FULL = ItemSpec(
    code="ward_climate",
    kind="likert",
    prompt="On this ward I can ask questions.",
    choices=(("1", "Never"), ("2", "Sometimes"), ("3", "Always")),
    required=True,
    reverse_scored=True,
    section="Clerkships",
    note="Think of your last rotation.",
    matrix_group="ward_grid",
    branching="[in_clerkship] = '1'",
    validation="integer",
)


def _last_item(version: InstrumentVersion) -> ItemSpec:
    return spec_of(version).items[-1]


def test_an_item_added_to_a_draft_keeps_every_field(world) -> None:  # type: ignore[no-untyped-def]
    version = save_instrument(by=world.user("analyst"), spec=WHO5)
    same = add_item(by=world.user("analyst"), version=version, item=FULL)
    assert same.pk == version.pk
    assert _last_item(same) == FULL


def test_an_item_added_to_a_live_version_keeps_every_field_in_the_new_version(world) -> None:  # type: ignore[no-untyped-def]
    version = save_instrument(by=world.user("analyst"), spec=WHO5)
    InstrumentVersion.objects.filter(pk=version.pk).update(status=InstrumentVersion.Status.LIVE)
    version.refresh_from_db()
    newer = add_item(by=world.user("analyst"), version=version, item=FULL)
    assert newer.pk != version.pk
    assert _last_item(newer) == FULL


def test_a_copied_version_keeps_every_field_of_every_item(world) -> None:  # type: ignore[no-untyped-def]
    spec = InstrumentSpec(code="ward", title="Ward climate", items=(*WHO5.items, FULL))
    first = save_instrument(by=world.user("analyst"), spec=spec)
    copy = save_instrument(by=world.user("analyst"), spec=spec_of(first))
    assert copy.number == 2
    assert spec_of(copy).items == spec.items

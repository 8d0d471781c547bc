"""Saving instruments: a spec becomes a new version; a live version is never edited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.surveys.models import Instrument, InstrumentVersion, Item, Scale
from belong.surveys.specs import InstrumentSpec, ItemSpec, ScaleSpec, problems_of


def _allowed(by: Any) -> None:
    # The system (a command, the demo) acts with by=None.
    if by is not None:
        ensure_permission(by, Permission.MANAGE_SURVEYS)


def _item_row(version: InstrumentVersion, position: int, item: ItemSpec) -> Item:
    """The one place an item spec becomes a row: every field of the spec is kept."""
    return Item(
        version=version,
        position=position,
        code=item.code,
        kind=item.kind,
        prompt=item.prompt,
        choices=[list(c) for c in item.choices],
        required=item.required,
        reverse_scored=item.reverse_scored,
        section=item.section,
        note=item.note,
        matrix_group=item.matrix_group,
        branching=item.branching,
        validation=item.validation,
    )


def _write_version(instrument: Instrument, spec: InstrumentSpec, by: Any) -> InstrumentVersion:
    last = instrument.versions.order_by("-number").values_list("number", flat=True).first()
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        number=(last or 0) + 1,
        introduction=spec.introduction,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Item.objects.bulk_create(
        _item_row(version, n, item) for n, item in enumerate(spec.items, start=1)
    )
    Scale.objects.bulk_create(
        Scale(version=version, code=s.code, label=s.label, item_codes=list(s.item_codes))
        for s in spec.scales
    )
    audit.record(
        audit.SurveyEvent.INSTRUMENT_VERSION_SAVED,
        by=by,
        target=version,
        detail={"items": len(spec.items)},
    )
    return version


def save_instrument(*, by: Any, spec: InstrumentSpec) -> InstrumentVersion:
    """Write ``spec`` as the next version of its instrument (created if new).

    Raises ``ValidationError`` listing every problem; nothing is written then.
    """
    _allowed(by)
    found = problems_of(spec)
    if found:
        raise ValidationError(found)
    with transaction.atomic():
        instrument, created = Instrument.objects.get_or_create(
            code=spec.code,
            defaults={"title": spec.title, "description": spec.description, "source": spec.source},
        )
        if not created:
            instrument.title, instrument.description = spec.title, spec.description
            instrument.source = spec.source
            instrument.save(update_fields=["title", "description", "source"])
        return _write_version(instrument, spec, by)


def spec_of(version: InstrumentVersion) -> InstrumentSpec:
    """A saved version as a spec (to copy it into a new version, or to export it)."""
    instrument = version.instrument
    return InstrumentSpec(
        code=instrument.code,
        title=instrument.title,
        description=instrument.description,
        source=instrument.source,
        introduction=version.introduction,
        items=tuple(
            ItemSpec(
                code=i.code,
                kind=i.kind,
                prompt=i.prompt,
                choices=tuple((str(v), str(label)) for v, label in i.choices),
                required=i.required,
                reverse_scored=i.reverse_scored,
                section=i.section,
                note=i.note,
                matrix_group=i.matrix_group,
                branching=i.branching,
                validation=i.validation,
            )
            for i in version.items.all()
        ),
        scales=tuple(ScaleSpec(s.code, s.label, tuple(s.item_codes)) for s in version.scales.all()),
    )


def add_item(*, by: Any, version: InstrumentVersion, item: ItemSpec) -> InstrumentVersion:
    """Add a question: to a draft in place; to a live version by writing a new version.

    Returns the version the item went into. A live version (one a campaign
    sent) never changes, so every answer is read against the wording its
    respondent saw.
    """
    _allowed(by)
    spec = spec_of(version)
    changed = InstrumentSpec(
        code=spec.code,
        title=spec.title,
        description=spec.description,
        source=spec.source,
        introduction=spec.introduction,
        items=(*spec.items, item),
        scales=spec.scales,
    )
    found = problems_of(changed)
    if found:
        raise ValidationError(found)
    with transaction.atomic():
        version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_live:
            return _write_version(version.instrument, changed, by)
        _item_row(version, len(spec.items) + 1, item).save()
        audit.record(
            audit.SurveyEvent.INSTRUMENT_VERSION_SAVED,
            by=by,
            target=version,
            detail={"items": len(changed.items)},
        )
        return version


def install_standard() -> list[InstrumentVersion]:
    """Install each shipped instrument not installed yet (by the system; idempotent)."""
    from belong.surveys.library import STANDARD

    installed = []
    for spec in STANDARD:
        if not Instrument.objects.filter(code=spec.code).exists():
            installed.append(save_instrument(by=None, spec=spec))
    return installed

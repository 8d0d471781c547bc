"""REDCap data dictionaries as they come, through the one import engine; and back out."""

from __future__ import annotations

import csv
import io

import pytest

from belong.importing.engine import run_import
from belong.importing.models import ImportRun
from belong.surveys.actions.instruments import save_instrument, spec_of
from belong.surveys.library import BELONGING
from belong.surveys.models import Instrument
from belong.surveys.redcap import HEADERS, DictionaryImporter, export_dictionary, plain_text


def _row(**cells: str) -> list[str]:
    names = {
        "name": 0, "form": 1, "section": 2, "type": 3, "label": 4, "choices": 5, "note": 6,
        "validation": 7, "identifier": 10, "branching": 11, "required": 12, "matrix": 15,
        "annotation": 17,
    }  # fmt: skip
    row = [""] * len(HEADERS)
    for key, value in cells.items():
        row[names[key]] = value
    return row


def _csv(rows: list[list[str]]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


AGREE = "1, Strongly disagree | 2, Disagree | 3, Agree | 4, Strongly agree"
REAL = [
    _row(
        name="intro",
        form="climate",
        type="descriptive",
        label="<p><b>Welcome!</b> Please answer&nbsp;honestly.</p><script>alert(1)</script>",
    ),
    _row(
        name="q1",
        form="climate",
        section="<h3>Belonging</h3>",
        type="radio",
        label="I feel I <i>belong</i> here",
        choices=AGREE,
        matrix="agree",
        required="y",
        annotation="@BELONG-SCALE=belonging",
    ),
    _row(
        name="q2",
        form="climate",
        type="radio",
        label="I feel like an outsider",
        choices=AGREE,
        matrix="agree",
        annotation="@BELONG-REVERSE @BELONG-SCALE=belonging",
    ),
    _row(
        name="seen",
        form="climate",
        type="checkbox",
        label="Where?",
        choices="a, Classroom | b, Clinic",
        branching="[q1] = '1'",
    ),
    _row(
        name="age", form="climate", type="text", label="Years at the school", validation="integer"
    ),
    _row(name="mood", form="climate", type="slider", label="Mood today", choices="Low | | High"),
    _row(name="total", form="climate", type="calc", label="Total", choices="[q1]+[q2]"),
    _row(name="ok", form="climate", type="yesno", label="Anything else?"),
    [""] * len(HEADERS),
    [""] * len(HEADERS),
]


def _run(world, rows, *, apply: bool, code: str = "climate"):  # type: ignore[no-untyped-def]
    importer = DictionaryImporter(code, "Climate (REDCap)")
    return run_import(
        importer, by=world.user("analyst"), fileobj=_csv(rows), filename="dd.csv", apply=apply
    ), importer


def test_plain_text_drops_tags_and_scripts_and_decodes_entities() -> None:
    assert plain_text("<p><b>Hi</b>&nbsp;you</p><script>steal()</script>") == "Hi you"
    assert plain_text("a<br>b &amp; c") == "a b & c"


def test_a_real_dictionary_imports_with_every_field_left_out_reported(world) -> None:  # type: ignore[no-untyped-def]
    result, _ = _run(world, REAL, apply=True)
    assert result.applied, [str(p) for p in result.log.sorted_errors()]
    version = Instrument.objects.get(code="climate").latest
    items = {i.code: i for i in version.items.all()}
    assert set(items) == {"intro", "q1", "q2", "seen", "age", "ok"}
    assert items["intro"].kind == "descriptive" and items["intro"].prompt == (
        "Welcome! Please answer honestly."
    )
    assert items["q1"].kind == "likert" and items["q1"].required
    assert items["q1"].section == "Belonging" and items["q1"].matrix_group == "agree"
    assert items["q2"].reverse_scored
    assert items["seen"].kind == "multiple" and items["seen"].branching == "[q1] = '1'"
    assert items["age"].validation == "integer" and items["ok"].kind == "single"
    assert version.scales.get(code="belonging").item_codes == ["q1", "q2"]
    notes = {(n.row, n.column, n.code) for n in result.log.notes}
    assert (7, "Field Type", "left_out") in notes  # the slider, row 7
    assert (8, "Field Type", "left_out") in notes  # the calc field, row 8
    assert (5, "Branching Logic (Show field only if...)", "kept_not_enforced") in notes
    assert (6, "Text Validation Type OR Show Slider Number", "kept_not_enforced") in notes


def test_unknown_types_identifiers_and_bad_choices_import_nothing(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        *REAL,
        _row(name="where", type="geolocation", label="Where are you?"),
        _row(name="email", type="text", label="Your e-mail", identifier="y"),
        _row(name="bad", type="radio", label="Pick", choices="1 Never | 2 Often"),
    ]
    result, _ = _run(world, rows, apply=True)
    assert not result.applied
    errors = {(p.row, p.column, p.code) for p in result.log.sorted_errors()}
    assert (12, "Field Type", "unknown_field_type") in errors
    assert (13, "Identifier?", "identifier") in errors
    assert (14, "Choices, Calculations, OR Slider Labels", "bad_choices") in errors
    assert not Instrument.objects.exists()
    assert ImportRun.objects.get().outcome == ImportRun.Outcome.REJECTED


def test_a_check_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    result, _ = _run(world, REAL, apply=False)
    assert result.ok and not result.applied and not Instrument.objects.exists()


def test_export_then_import_gives_the_same_instrument(world) -> None:  # type: ignore[no-untyped-def]
    version = save_instrument(by=world.user("analyst"), spec=BELONGING)
    text = export_dictionary(spec_of(version))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADERS
    result, _ = _run(world, rows[1:], apply=True, code="copy")
    assert result.applied, [str(p) for p in result.log.sorted_errors()]
    copy = spec_of(Instrument.objects.get(code="copy").latest)
    original = spec_of(version)
    assert [(i.code, i.kind, i.prompt, i.choices, i.reverse_scored, i.section, i.branching)
            for i in copy.items] == [
        (i.code, i.kind, i.prompt, i.choices, i.reverse_scored, i.section, i.branching)
        for i in original.items
    ]  # fmt: skip
    assert {s.code: s.item_codes for s in copy.scales} == {
        s.code: s.item_codes for s in original.scales
    }


@pytest.mark.parametrize("label", ['=HYPERLINK("x")', "+1", "@SUM(A1)"])
def test_export_quotes_cells_that_would_run_as_formulas(label: str) -> None:
    from belong.surveys.specs import InstrumentSpec, ItemSpec

    spec = InstrumentSpec("f", "F", (ItemSpec("q", "text", label),))
    text = export_dictionary(spec)
    assert list(csv.reader(io.StringIO(text)))[1][4] == "'" + label

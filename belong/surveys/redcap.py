"""REDCap data dictionaries: import one as an instrument (through ``belong.importing``), export one.

A data dictionary is the CSV REDCap exports from *Project Setup → Data
Dictionary*: one row per field. Real dictionaries come with HTML in labels,
descriptive fields, branching logic, matrix groups, validation types, slider
and calculated fields, and blank rows at the end. Here:

* labels lose their HTML safely (tags dropped, entities decoded, text kept);
* ``descriptive`` fields become descriptive items; ``radio``/``dropdown``
  single choice (Likert when every code is a whole number, lowest first);
  ``checkbox`` multiple choice; ``yesno``/``truefalse`` single choice;
  ``text``/``notes`` free text;
* branching logic, matrix groups and validation types are kept and shown;
  branching is not evaluated (every item is shown) and a validation type is
  not enforced, and the report says so row by row;
* ``calc``, ``slider``, ``file``, ``signature`` and ``sql`` fields cannot be
  carried over: each is reported (row and column) and left out;
* an unknown field type, a field marked as an identifier, or choices that
  cannot be read are problems: nothing is imported until they are fixed.

Belong's own annotations round-trip: ``@BELONG-REVERSE`` marks a
reverse-scored item and ``@BELONG-SCALE=code`` puts it in a scale.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any

from belong.access import audit
from belong.access.permissions import Permission
from belong.importing import problems as P
from belong.importing.cells import BLANK, CellProblem, read_cell, sentence
from belong.importing.engine import Counts, Handler, Importer, ProgressCallback
from belong.importing.fields import TEXT, Field, Schema
from belong.importing.mapping import Columns
from belong.importing.models import ImportRun
from belong.surveys.specs import InstrumentSpec, ItemSpec, ScaleSpec, problems_of

KIND = "redcap_dictionary"
HEADERS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
LEFT_OUT = ("calc", "slider", "file", "signature", "sql")
KNOWN = frozenset(
    {
        "descriptive",
        "radio",
        "dropdown",
        "checkbox",
        "yesno",
        "truefalse",
        "text",
        "notes",
        *LEFT_OUT,
    }
)

REDCAP_KINDS = MappingProxyType(
    {
        "unknown_field_type": "Not a REDCap field type",
        "identifier": "A field that asks who the respondent is",
        "bad_choices": "Choices that cannot be read",
        "bad_instrument": "The instrument cannot be saved",
        "left_out": "A field that cannot be carried over",
        "kept_not_enforced": "Kept and shown, not enforced",
    }
)


def _f(name: str, label: str, *synonyms: str, multiline: bool = False) -> Field:
    return Field(
        name, label, kind=TEXT, synonyms=synonyms, multiline=multiline, refuse_formulas=False
    )


SCHEMA = Schema(
    fields=(
        _f("field_name", HEADERS[0], "variable", "field name"),
        _f("form_name", HEADERS[1], "form"),
        _f("section", HEADERS[2], "section header", multiline=True),
        _f("field_type", HEADERS[3], "field type", "type"),
        _f("label", HEADERS[4], "field label", multiline=True),
        _f("choices", HEADERS[5], "choices", multiline=True),
        _f("note", HEADERS[6], "field note", multiline=True),
        _f("validation", HEADERS[7], "text validation type"),
        _f("identifier", HEADERS[10], "identifier"),
        _f("branching", HEADERS[11], "branching logic"),
        _f("required", HEADERS[12], "required field", "required"),
        _f("matrix_group", HEADERS[15], "matrix group name", "matrix group"),
        _f("annotation", HEADERS[17], "field annotation", multiline=True),
    ),
    required=("field_name", "field_type", "label"),
    noun="fields",
    missing_hint="Export the data dictionary from REDCap (Project Setup → Data Dictionary).",
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("br", "p", "div", "li"):
            self.parts.append(" ")


def plain_text(value: str) -> str:
    """Text of an HTML label: tags (and scripts' text) dropped, entities decoded, spaces joined."""
    without_scripts = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", value)
    parser = _Text()
    parser.feed(without_scripts)
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())


def parse_choices(text: str) -> tuple[tuple[str, str], ...]:
    """``"1, Never | 2, Often"`` → ``(("1", "Never"), ("2", "Often"))``; else ValueError."""
    found = []
    for part in text.split("|"):
        if not part.strip():
            continue
        code, sep, label = part.partition(",")
        if not sep or not code.strip() or not label.strip():
            raise ValueError(f"“{part.strip()}” is not “code, label”")
        found.append((code.strip().lower(), plain_text(label)))
    return tuple(found)


def _is_int(value: str) -> bool:
    return bool(re.fullmatch(r"-?\d+", value))


class DictionaryHandler(Handler[tuple[ItemSpec, tuple[str, ...]]]):
    def __init__(self, columns: Columns, log: P.ProblemLog, code: str, title: str) -> None:
        self.columns, self.log, self.code, self.title = columns, log, code, title
        self.items: list[ItemSpec] = []
        self.scales: dict[str, list[str]] = {}
        self.section = ""
        self.spec: InstrumentSpec | None = None

    def _at(self, row: int, name: str, reason: str, code: str, *, note: bool = False) -> None:
        if note:
            self.log.note(reason, code, row=row, column=self.columns.header(name))
        else:
            self.log.add(row, self.columns.header(name), self.columns.letter(name), reason, code)

    def _cells(self, number: int, cells: list[Any]) -> dict[str, str] | None:
        values: dict[str, str] = {}
        ok = True
        for name, i in self.columns.index.items():
            raw = cells[i] if i < len(cells) else None
            try:
                value = read_cell(SCHEMA.by_name[name], raw)
            except CellProblem as problem:
                self._at(number, name, sentence(problem.reason), problem.code)
                ok = False
                continue
            values[name] = "" if value is BLANK else str(value).strip()
        for name in SCHEMA.required:
            if ok and not values.get(name):
                self._at(number, name, "This cell is blank; every field needs one.", "required")
                ok = False
        return values if ok else None

    def check_row(self, number: int, cells: list[Any]) -> tuple[ItemSpec, tuple[str, ...]] | None:
        v = self._cells(number, cells)
        if v is None:
            return None
        kind, name = v["field_type"].lower(), v["field_name"].lower()
        if v.get("section"):
            self.section = plain_text(v["section"])
        if kind not in KNOWN:
            self._at(
                number,
                "field_type",
                f"“{v['field_type']}” is not a REDCap field type Belong knows (it knows "
                + ", ".join(sorted(KNOWN))
                + ").",
                "unknown_field_type",
            )
            return None
        if kind in LEFT_OUT:
            self._at(
                number,
                "field_type",
                f"{name}: a {kind} field cannot be carried over into a survey; it was left out.",
                "left_out",
                note=True,
            )
            return None
        if v.get("identifier", "").lower() in ("y", "yes", "1"):
            self._at(
                number,
                "identifier",
                f"{name} is marked as an identifier: a Belong survey "
                "never asks who the respondent is. Remove the field or its mark.",
                "identifier",
            )
            return None
        choices: tuple[tuple[str, str], ...] = ()
        if kind == "yesno":
            choices = (("1", "Yes"), ("0", "No"))
        elif kind == "truefalse":
            choices = (("1", "True"), ("0", "False"))
        elif kind in ("radio", "dropdown", "checkbox"):
            try:
                choices = parse_choices(v.get("choices", ""))
            except ValueError as exc:
                self._at(
                    number,
                    "choices",
                    f"{name}: {exc}; write choices as “1, Never | 2, Often”.",
                    "bad_choices",
                )
                return None
        ours = {
            "descriptive": "descriptive",
            "checkbox": "multiple",
            "text": "text",
            "notes": "text",
            "yesno": "single",
            "truefalse": "single",
        }.get(kind, "single")
        codes = [c for c, _ in choices]
        if (
            ours == "single"
            and kind in ("radio", "dropdown")
            and codes
            and all(map(_is_int, codes))
        ) and [int(c) for c in codes] == sorted(int(c) for c in codes):
            ours = "likert"
        annotation = v.get("annotation", "")
        reverse = "@BELONG-REVERSE" in annotation
        scales = tuple(re.findall(r"@BELONG-SCALE=([a-z0-9_-]+)", annotation))
        for logic, column in (
            (v.get("branching"), "branching"),
            (v.get("validation"), "validation"),
        ):
            if logic:
                what = "branching logic" if column == "branching" else f"validation “{logic}”"
                self._at(
                    number,
                    column,
                    f"{name}: {what} is kept and shown, not enforced "
                    "(every respondent sees the item; answers are not checked by it).",
                    "kept_not_enforced",
                    note=True,
                )
        item = ItemSpec(
            code=name,
            kind=ours,
            prompt=plain_text(v["label"]),
            choices=choices,
            required=v.get("required", "").lower() in ("y", "yes", "1"),
            reverse_scored=reverse and ours == "likert",
            section=self.section or v.get("form_name", "").replace("_", " ").capitalize(),
            note=plain_text(v.get("note", "")),
            matrix_group=v.get("matrix_group", ""),
            branching=v.get("branching", ""),
            validation=v.get("validation", ""),
        )
        return item, scales

    def check_chunk(self, rows: list[tuple[ItemSpec, tuple[str, ...]]]) -> Counts:
        for item, scales in rows:
            self.items.append(item)
            for scale in scales:
                self.scales.setdefault(scale, []).append(item.code)
        return Counts(rows=len(rows))

    def finish_check(self, counts: Counts) -> None:
        self.spec = InstrumentSpec(
            code=self.code,
            title=self.title,
            items=tuple(self.items),
            scales=tuple(
                ScaleSpec(c, c.replace("_", " ").capitalize(), tuple(i))
                for c, i in self.scales.items()
            ),
            source="Imported from a REDCap data dictionary.",
        )
        for problem in problems_of(self.spec):
            self.log.add(None, "", "", problem, "bad_instrument")
        counts.created = len(self.items)

    def write(
        self,
        chunked: Iterable[list[tuple[ItemSpec, tuple[str, ...]]]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        from belong.surveys.actions.instruments import save_instrument

        assert self.spec is not None
        version = save_instrument(by=by, spec=self.spec)
        self.version = version
        return Counts(created=len(self.spec.items))

    def note_changes(self, log: P.ProblemLog, counts: Counts, *, would: bool) -> None:
        verb = "would be" if would else "were"
        log.note(f"{counts.created:,} items {verb} added as a new instrument version.", "changes")


class DictionaryImporter(Importer):
    """One import of one dictionary, as the instrument ``code`` titled ``title``."""

    kind = KIND
    schema = SCHEMA
    problem_kinds = REDCAP_KINDS
    permission = Permission.MANAGE_SURVEYS

    def __init__(self, code: str, title: str) -> None:
        self.code, self.title = code, title
        self.last: DictionaryHandler | None = None

    def handler(self, columns: Columns, log: P.ProblemLog, *, today: dt.date) -> DictionaryHandler:
        self.last = DictionaryHandler(columns, log, self.code, self.title)
        return self.last

    def record_audit(self, *, by: Any, run: ImportRun, counts: Counts, log: P.ProblemLog) -> None:
        audit.record(
            audit.SurveyEvent.INSTRUMENT_IMPORTED,
            by=by,
            target=run,
            detail={"outcome": run.outcome, "rows": run.rows, "problems": run.problem_count},
        )


def _safe(text: str) -> str:
    # A cell starting like a formula would run in a spreadsheet: quote it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_dictionary(spec: InstrumentSpec) -> str:
    """The instrument as a REDCap data dictionary (CSV text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    form = re.sub(r"[^a-z0-9]+", "_", spec.code.lower()).strip("_")
    scales_of: dict[str, list[str]] = {}
    for scale in spec.scales:
        for code in scale.item_codes:
            scales_of.setdefault(code, []).append(scale.code)
    section = ""
    for item in spec.items:
        redcap_type = {
            "likert": "radio",
            "single": "radio",
            "multiple": "checkbox",
            "text": "notes",
            "descriptive": "descriptive",
        }[item.kind]
        annotation = " ".join(
            (["@BELONG-REVERSE"] if item.reverse_scored else [])
            + [f"@BELONG-SCALE={s}" for s in scales_of.get(item.code, [])]
        )
        header = item.section if item.section != section else ""
        section = item.section
        row = {
            HEADERS[0]: item.code,
            HEADERS[1]: form,
            HEADERS[2]: header,
            HEADERS[3]: redcap_type,
            HEADERS[4]: item.prompt,
            HEADERS[5]: " | ".join(f"{c}, {label}" for c, label in item.choices),
            HEADERS[6]: item.note,
            HEADERS[7]: item.validation,
            HEADERS[11]: item.branching,
            HEADERS[12]: "y" if item.required else "",
            HEADERS[15]: item.matrix_group,
            HEADERS[17]: annotation,
        }
        writer.writerow([_safe(row.get(h, "")) for h in HEADERS])
    return out.getvalue()

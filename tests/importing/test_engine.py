"""The engine knows nothing of people: an importer of another shape (a REDCap data
dictionary, whose rows are a survey's fields) runs on it unchanged."""

from __future__ import annotations

import ast
import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import pytest

from belong.access.permissions import Permission
from belong.importing.cells import BLANK, CellProblem, read_cell, sentence
from belong.importing.engine import Counts, Handler, Importer, ProgressCallback, run_import
from belong.importing.fields import CHOICE, TEXT, Field, Schema
from belong.importing.mapping import Columns
from belong.importing.models import ImportRun
from belong.importing.problems import ProblemLog

pytestmark = pytest.mark.django_db

FIELD_TYPES = ("text", "notes", "radio", "dropdown", "checkbox", "calc", "descriptive", "yesno")

DICTIONARY = Schema(
    fields=(
        Field(
            "field_name",
            "Variable / Field Name",
            kind=TEXT,
            max_length=100,
            synonyms=("variable", "field name"),
        ),
        Field("form_name", "Form Name", kind=TEXT, max_length=100),
        Field("section_header", "Section Header", kind=TEXT, multiline=True),
        Field(
            "field_type",
            "Field Type",
            kind=CHOICE,
            choices={t: t for t in FIELD_TYPES},
            allowed=FIELD_TYPES,
        ),
        Field("field_label", "Field Label", kind=TEXT, multiline=True, max_length=2000),
        Field(
            "choices",
            "Choices, Calculations, OR Slider Labels",
            kind=TEXT,
            multiline=True,
            synonyms=("choices",),
        ),
        Field("branching_logic", "Branching Logic (Show field only if...)", kind=TEXT),
    ),
    required=("field_name", "form_name", "field_type", "field_label"),
    noun="fields",
)

HEADER = (
    '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",'
    '"Choices, Calculations, OR Slider Labels","Field Note","Branching Logic (Show field only '
    'if...)"'
)
ROWS = [
    'record_id,belonging,,text,"Record ID",,,',
    'belong_1,belonging,"Part 1\nHow you feel",radio,"I feel that I belong\nat this school",'
    '"1, Strongly disagree | 2, Disagree | 3, Agree | 4, Strongly agree",,',
    'belong_why,belonging,,notes,"Why?",,,"[belong_1] = \'1\'"',
]


class DictionaryHandler(Handler[dict[str, Any]]):
    def __init__(self, columns: Columns, log: ProblemLog) -> None:
        self.columns = columns
        self.log = log
        self.seen: dict[str, int] = {}
        self.written: list[dict[str, Any]] = []

    def check_row(self, number: int, cells: list[Any]) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for name, index in self.columns.index.items():
            f = DICTIONARY.by_name[name]
            try:
                value = read_cell(f, cells[index] if index < len(cells) else None)
            except CellProblem as problem:
                self.log.add(
                    number,
                    self.columns.header(name),
                    self.columns.letter(name),
                    sentence(problem.reason),
                    problem.code,
                )
                ok = False
                continue
            if value is not BLANK:
                values[name] = value
        name = values.get("field_name")
        if name in self.seen:
            self.log.add(
                number,
                self.columns.header("field_name"),
                self.columns.letter("field_name"),
                f"The field “{name}” is also on row {self.seen[name]}.",
                "duplicate_key",
            )
            return None
        if name:
            self.seen[name] = number
        return values if ok else None

    def check_chunk(self, rows: list[dict[str, Any]]) -> Counts:
        return Counts(created=len(rows))

    def write(
        self,
        chunked: Iterable[list[dict[str, Any]]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        for rows in chunked:
            self.written.extend(rows)
        return Counts(created=len(self.written))


class DictionaryImporter(Importer):
    kind = "data_dictionary"
    schema = DICTIONARY
    problem_kinds = MappingProxyType({})
    permission = Permission.IMPORT_PEOPLE
    audits: ClassVar[list[tuple[str, int]]] = []
    handlers: ClassVar[list[DictionaryHandler]] = []

    def handler(self, columns: Columns, log: ProblemLog, *, today: dt.date) -> DictionaryHandler:
        made = DictionaryHandler(columns, log)
        self.handlers.append(made)
        return made

    def record_audit(self, *, by: Any, run: ImportRun, counts: Counts, log: ProblemLog) -> None:
        self.audits.append((run.outcome, counts.created))


def _run(text: str, *, apply: bool) -> Any:
    DictionaryImporter.audits.clear()
    DictionaryImporter.handlers.clear()
    return run_import(
        DictionaryImporter(),
        by=None,
        fileobj=io.BytesIO(text.encode()),
        filename="dictionary.csv",
        apply=apply,
    )


def test_a_data_dictionary_maps_by_its_own_headers_and_keeps_line_breaks_in_labels() -> None:
    result = _run("\n".join([HEADER, *ROWS]) + "\n", apply=True)
    assert result.ok, result.log.errors
    assert result.run.kind == "data_dictionary" and result.applied
    assert result.mapping["Variable / Field Name"] == "field_name"
    assert result.mapping["Choices, Calculations, OR Slider Labels"] == "choices"
    [handler] = DictionaryImporter.handlers
    labels = [row["field_label"] for row in handler.written]
    assert labels[1] == "I feel that I belong\nat this school"
    assert handler.written[1]["choices"].startswith("1, Strongly disagree | 2, Disagree")
    assert DictionaryImporter.audits == [("applied", 3)]
    assert any("“Field Note”" in n.reason for n in result.log.notes)


def test_its_problems_speak_of_fields_not_people() -> None:
    missing = _run("Form Name,Field Type,Field Label\nbelonging,text,Age\n", apply=False)
    reasons = [p.reason for p in missing.log.errors]
    assert reasons == [
        "No column is mapped to “Variable / Field Name”, which every row needs. Map the column "
        "that holds it."
    ]
    empty = _run(HEADER + "\n", apply=False)
    assert [p.reason for p in empty.log.errors] == [
        "The file has a header row but no rows of fields under it."
    ]
    assert DictionaryImporter.audits == [("rejected", 0)]


def test_its_rows_are_checked_like_any_others() -> None:
    rows = [*ROWS, 'belong_1,belonging,,radio,"Again",,,', 'x,belonging,,text,"A\x00B",,,']
    result = _run("\n".join([HEADER, *rows]) + "\n", apply=True)
    assert [(p.row, p.column, p.code) for p in result.log.sorted_errors()] == [
        (5, "Variable / Field Name", "duplicate_key"),
        (6, "Field Label", "control_character"),
    ]
    assert result.run.outcome == ImportRun.Outcome.REJECTED
    assert DictionaryImporter.handlers[0].written == []


def test_the_engine_imports_no_people_and_no_domain_app() -> None:
    """Layering: the engine stands on core and access only (docs/importing.md)."""
    allowed = ("belong.importing", "belong.core", "belong.access", "belong.privacy")
    root = Path(__file__).parents[2] / "belong" / "importing"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("belong") and not n.startswith(allowed)
            ]
    assert offenders == []

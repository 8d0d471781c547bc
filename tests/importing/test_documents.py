"""JSON documents (Open Referral HSDS and the like): read, checked against a schema,
every problem placed by its JSON path."""

from __future__ import annotations

import io
import json

import pytest

from belong.importing.problems import ProblemLog
from belong.importing.readers import open_document, open_table, schema_problems

# A small part of the shape of an HSDS 3 document, enough to place problems by path.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["services"],
    "properties": {
        "services": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string", "minLength": 1},
                    "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
                    "email": {"type": "string"},
                },
                "additionalProperties": False,
            },
        }
    },
}


def _document(data: object) -> bytes:
    return json.dumps(data).encode()


def _service(n: int, **extra: object) -> dict[str, object]:
    return {"id": f"s{n}", "name": f"Counselling {n}", **extra}


def test_a_document_is_read_and_its_items_walked_with_their_paths() -> None:
    log = ProblemLog()
    document = open_document(io.BytesIO(_document({"services": [_service(0), _service(1)]})), log)
    assert document is not None and log.ok
    assert [(path, item["id"]) for path, item in document.items(["services"])] == [
        (["services", 0], "s0"),
        (["services", 1], "s1"),
    ]
    assert list(document.items(["organizations"])) == []


def test_schema_problems_are_placed_by_json_path() -> None:
    services = [_service(n) for n in range(5)]
    del services[3]["name"]
    services[1]["status"] = "closed for ever"
    services[4]["name"] = 42
    services[2]["secret_note"] = "not in the format"
    log = ProblemLog()
    document = open_document(io.BytesIO(_document({"services": services})), log)
    assert document is not None
    assert schema_problems(document.data, SCHEMA, log) == 4
    found = sorted(str(p) for p in log.errors)
    assert found == [
        '$.services[1].status: Must be one of: "active", "inactive", "defunct", '
        '"temporarily closed".',
        "$.services[2]: Holds properties the format does not have: secret_note.",
        "$.services[3].name: Required: this property is missing.",
        "$.services[4].name: Must be of type string.",
    ]
    # The values found are never repeated: only where, and the rule broken.
    assert "closed for ever" not in " ".join(found) and "42" not in " ".join(found)


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b'{"services": [1, 2,]}', "damaged_json", "at line 1, column 20"),
        (b'{"a": NaN}', "damaged_json", "NaN is not a JSON number"),
        (b'{"name": "Jos\xe9"}', "encoding", "byte 0xE9 (byte 14 of the file)"),
        (b"id,name\n1,Ann\n", "damaged_json", "not a JSON document"),
        (b"", "empty_file", "The file is empty"),
        (b"[" * 100_000 + b"]" * 100_000, "damaged_json", "nested too deeply"),
    ],
)
def test_documents_that_cannot_be_read_say_why(content: bytes, code: str, words: str) -> None:
    log = ProblemLog()
    assert open_document(io.BytesIO(content), log) is None
    [problem] = log.errors
    assert problem.code == code and words in problem.reason, problem.reason


def test_a_document_larger_than_the_limit_is_not_read(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BELONG_IMPORT_JSON_MAX_BYTES = 2048
    log = ProblemLog()
    big = _document({"services": [_service(n) for n in range(200)]})
    assert open_document(io.BytesIO(big), log) is None
    assert (
        log.errors[0].code == "too_large" and "BELONG_IMPORT_JSON_MAX_BYTES" in log.errors[0].reason
    )


def test_a_table_importer_given_a_json_document_says_what_it_is() -> None:
    log = ProblemLog()
    assert open_table(io.BytesIO(_document({"services": []})), "services.csv", log) is None
    assert log.errors[0].reason.startswith("This is a JSON document, not a table.")

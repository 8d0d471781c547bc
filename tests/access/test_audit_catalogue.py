"""The catalogue of audit event kinds: every kind the code records is in it, once.

The code is read (not run) to find every call that records an audit event,
so a kind that no test happens to exercise is still checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from belong.access import audit
from belong.access.audit import catalogue
from belong.access.audit.kinds import EventKind, Kind
from belong.access.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2] / "belong"

# Every verb the log stored before the catalogue existed: rows holding them
# must still read in words.
STORED_BEFORE_THE_CATALOGUE = [
    "access.signed_in",
    "access.signed_out",
    "access.sign_in_failed",
    "access.sso_refused",
    "access.account_created_by_sso",
    "access.sso_identity_linked",
    "access.role.assigned",
    "access.role.revoked",
    "people.self_identification.read",
    "people.self_identification.history_read",
    "people.self_identification.changed",
    "people.person.details_changed",
    "people.import.dry_run",
    "people.import.applied",
    "people.import.rejected",
    "people.import_mapping.saved",
    "people.import_mapping.replaced",
    "equity.self_identification.bulk_read",
    "equity.defaults.installed",
    "equity.pipeline.created",
    "equity.pipeline.changed",
    "equity.grouping.saved",
    "equity.grouping.retired",
    "equity.grouping.restored",
    "equity.benchmark.imported",
    "equity.stage_events.derived",
    "equity.stage_events.import",
    "equity.release.built",
    "equity.release.publish_refused",
    "equity.release.published",
    "equity.release.unpublished",
    "coaching.notes.read",
    "coaching.note.read",
    "coaching.referral.read",
    "coaching.referrals.listed",
    "coaching.referral.proposed",
    "coaching.referral.withdrawn",
    "coaching.referral.consented",
    "coaching.referral.declined",
    "coaching.referral.acknowledged",
    "coaching.referral.closed",
    "coaching.coach.added",
    "coaching.coach.changed",
    "coaching.coach.left",
    "coaching.pairing.ended",
    "coaching.assessment.recorded",
    "coaching.assessment.ended",
    "coaching.preferences.submitted",
    "coaching.preference_window.set",
    "coaching.weights.set",
    "coaching.pairing_run.started",
    "coaching.pairing_run.failed",
    "coaching.pairing_run.proposed",
    "coaching.pairing_run.mode_chosen",
    "coaching.pairing_run.adjusted",
    "coaching.pairing_run.adjustments_undone",
    "coaching.pairing_run.published",
    "coaching.pairing_run.discarded",
    "coaching.pairing_run.verified",
    "coaching.meeting.scheduled",
    "coaching.meeting.changed",
    "coaching.meeting.status_changed",
    "coaching.goal.set",
    "coaching.goal.updated",
    "coaching.note.written",
    "coaching.note.edited",
    "coaching.note.shared",
    "coaching.note.unshared",
    "coaching.reminders.queued",
    "wellbeing.checkins.read",
    "wellbeing.checkin.read",
    "wellbeing.checkin_date.read",
    "wellbeing.checkin_aggregates.read",
    "wellbeing.reflections.read",
    "wellbeing.reflection.read",
    "wellbeing.support_requests.read",
    "wellbeing.support_request.read",
    "wellbeing.support_queue.read",
    "wellbeing.coverage_record.read",
    "wellbeing.coverage_queue.read",
    "wellbeing.coverage_proof.read",
    "wellbeing.coverage_missing.read",
    "wellbeing.coverage_year.created",
    "wellbeing.coverage_year.changed",
    "wellbeing.coverage.enrolled",
    "wellbeing.coverage.waiver_submitted",
    "wellbeing.coverage.waiver_approved",
    "wellbeing.coverage.waiver_more_info",
    "wellbeing.coverage.waiver_denied",
    "wellbeing.calendar_feed.created",
    "wellbeing.calendar_feed.revoked",
    "wellbeing.checkin.submitted",
    "wellbeing.support_service.created",
    "wellbeing.support_service.changed",
    "wellbeing.support_request.created",
    "wellbeing.support_request.message_posted",
    "wellbeing.support_request.acknowledged",
    "wellbeing.support_request.assigned",
    "wellbeing.support_request.resolved",
    "wellbeing.support_request.reopened",
    "wellbeing.support_request.withdrawn",
    "wellbeing.reach_week.created",
    "wellbeing.reach_week.changed",
    "wellbeing.reach_session.created",
    "wellbeing.reach_session.changed",
    "wellbeing.reach_session.deleted",
    "wellbeing.reach_attendance.recorded",
    "wellbeing.reflection.created",
    "wellbeing.reflection.changed",
    "wellbeing.reflection.deleted",
    "wellbeing.reminders.queued",
    "demo.reset",
    "demo.built",
]


def _dynamic_domains() -> dict[str, list[str]]:
    """The values the two kinds built at run time can take, from the code's own lists."""
    from belong.people.models import ImportRun
    from belong.wellbeing.actions.coverage import DECISIONS

    return {
        'f"people.import.{outcome}"': [f"people.import.{o}" for o in ImportRun.Outcome.values],
        'f"wellbeing.coverage.waiver_{action}"': [
            f"wellbeing.coverage.waiver_{action}" for _, action in DECISIONS.values()
        ],
    }


RECORDERS = {"record", "record_anonymous"}


def _audit_calls() -> Iterator[tuple[Path, ast.Call, ast.AST, str]]:
    """Every call recording an audit event in belong/, with its enclosing function."""
    for path in sorted(ROOT.rglob("*.py")):
        source = path.read_text()
        tree = ast.parse(source)
        imports_record = any(
            isinstance(n, ast.ImportFrom)
            and (n.module or "").startswith("belong.access.audit")
            and any(a.name in RECORDERS for a in n.names)
            for n in ast.walk(tree)
        )
        scopes: list[tuple[ast.AST, ast.Call]] = []
        for scope in ast.walk(tree):
            if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                for node in ast.walk(scope):
                    if not isinstance(node, ast.Call):
                        continue
                    func = node.func
                    by_attr = (
                        isinstance(func, ast.Attribute)
                        and func.attr in RECORDERS
                        and isinstance(func.value, ast.Name)
                        and func.value.id == "audit"
                    )
                    by_name = imports_record and isinstance(func, ast.Name) and func.id in RECORDERS
                    if by_attr or by_name:
                        scopes.append((scope, node))
        # Innermost function wins: walk order puts the module first.
        innermost: dict[int, tuple[ast.AST, ast.Call]] = {}
        for scope, call in scopes:
            innermost[id(call)] = (scope, call)
        for scope, call in innermost.values():
            yield path, call, scope, source


def _kinds_named(arg: ast.AST, scope: ast.AST, source: str) -> list[object]:
    """What the first argument of an audit call can be, read from the code."""
    if isinstance(arg, ast.IfExp):
        return _kinds_named(arg.body, scope, source) + _kinds_named(arg.orelse, scope, source)
    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Attribute):
        enum = getattr(audit, arg.value.attr, None)
        return [getattr(enum, arg.attr, f"missing {ast.unparse(arg)}")]
    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
        enum = getattr(audit, arg.value.id, None)
        return [getattr(enum, arg.attr, f"missing {ast.unparse(arg)}")]
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and len(arg.args) == 1:
        enum = getattr(audit, arg.func.attr, None)
        if not (isinstance(enum, type) and issubclass(enum, EventKind)):
            return [f"not a catalogue enum: {ast.unparse(arg)}"]
        inner = arg.args[0]
        if isinstance(inner, ast.JoinedStr):
            verbs = _dynamic_domains().get(ast.get_source_segment(source, inner) or "")
            if verbs is None:
                return [
                    f"a kind built at run time that this test does not know: {ast.unparse(arg)}"
                ]
        elif isinstance(inner, ast.Name):
            verbs = [
                node.value.value
                for node in ast.walk(scope)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == inner.id for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ]
            if not verbs:
                return [f"cannot tell which kinds {inner.id} holds"]
        else:
            return [f"cannot tell which kind: {ast.unparse(arg)}"]
        found: list[object] = []
        for verb in verbs:
            try:
                found.append(enum(verb))
            except ValueError:
                found.append(f"{verb} is not in {enum.__name__}")
        return found
    return [f"not a catalogued kind: {ast.unparse(arg)}"]


def test_every_recorded_kind_is_catalogued() -> None:
    problems = []
    calls = 0
    for path, call, scope, source in _audit_calls():
        calls += 1
        where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
        if not call.args:
            problems.append(f"{where}: no kind given")
            continue
        for kind in _kinds_named(call.args[0], scope, source):
            if not catalogue.is_catalogued(kind):
                problems.append(f"{where}: {kind}")
    assert calls > 90, f"found only {calls} audit calls: is the scan still finding them?"
    assert not problems, "\n".join(problems)


def test_every_catalogued_kind_is_recorded_somewhere() -> None:
    """A kind nobody records is a stale entry (or a typo beside the real one)."""
    recorded: set[object] = set()
    for _path, call, scope, source in _audit_calls():
        recorded.update(_kinds_named(call.args[0], scope, source))
    missing = [k.verb for k in catalogue.kinds() if k not in recorded]
    assert not missing, f"catalogued but never recorded: {missing}"


def test_every_verb_stored_before_the_catalogue_still_reads_in_words() -> None:
    unknown = [verb for verb in STORED_BEFORE_THE_CATALOGUE if catalogue.kind_for(verb) is None]
    assert not unknown
    assert len(set(STORED_BEFORE_THE_CATALOGUE)) == len(STORED_BEFORE_THE_CATALOGUE)


def test_each_kind_is_listed_once_in_its_area() -> None:
    verbs = [k.verb for k in catalogue.kinds()]
    assert len(verbs) == len(set(verbs))
    for label, enum in catalogue.AREAS:
        areas = {kind.area for kind in enum}
        assert len(areas) == 1, f"{label} mixes areas: {areas}"
        for kind in enum:
            assert kind.label[0].isupper() and kind.description.endswith("."), kind.verb


def test_a_verb_catalogued_twice_is_refused() -> None:
    from enum import unique

    @unique
    class Clash(EventKind):
        AGAIN = Kind("access.signed_in", "Signed in again", "The same verb a second time.")

    with pytest.raises(ValueError, match="catalogued twice"):
        catalogue.register("Clash", Clash)
    assert catalogue.kind_for("access.signed_in") is audit.AccessEvent.SIGNED_IN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    ["access.role.assigned", object(), None],
    ids=["a verb string", "an object", "nothing"],
)
def test_record_refuses_anything_but_a_catalogued_kind(kind, outsider) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError, match="not a catalogued audit event kind"):
        audit.record(kind, by=outsider)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_record_refuses_a_kind_outside_the_catalogue(outsider) -> None:  # type: ignore[no-untyped-def]
    from enum import unique

    @unique
    class Stray(EventKind):
        THING = Kind("stray.thing", "Stray thing", "Never registered.")

    with pytest.raises(TypeError, match="not a catalogued"):
        audit.record(Stray.THING, by=outsider)
    assert not AuditEvent.objects.filter(verb="stray.thing").exists()

"""How build_demo behaves: guards, all-or-nothing, reuse, determinism, the step contract."""

from __future__ import annotations

import re
import sys
import types
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from belong.access.audit import verify_chain
from belong.access.models import AuditEvent, User
from belong.demo import steps
from belong.demo.context import DemoContext
from belong.demo.digest import school_digest
from belong.demo.models import DemoBuild
from belong.people.models import Affiliation, Person, SelfIdentification, Unit
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db

TINY = "0.02"


def _build(*args: str) -> str:
    out = StringIO()
    call_command("build_demo", "--scale", TINY, *args, verbosity=0, stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Affiliation.objects.count(),
        SelfIdentification.objects.count(),
        User.objects.count(),
    )


@pytest.fixture(autouse=True)
def _school_step_only(monkeypatch):  # type: ignore[no-untyped-def]
    """These tests are about the builder; other apps' steps are tested by their apps."""
    monkeypatch.setattr(steps, "STEPS", ["belong.demo.school"])


@pytest.fixture
def failing_step(monkeypatch):  # type: ignore[no-untyped-def]
    """A last step that raises, after the school step has written everything."""
    module = types.ModuleType("demo_test_failing_step")

    def build(context: DemoContext) -> None:
        assert Person.objects.exists()  # the school was written before this step
        raise RuntimeError("step failed on purpose")

    module.build = build  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(steps, "STEPS", [*steps.STEPS, module.__name__])


def test_if_missing_does_nothing_when_the_demo_exists() -> None:
    _build()
    before, marker = _counts(), DemoBuild.objects.get()
    out = StringIO()
    call_command("build_demo", "--if-missing", stdout=out)
    assert "already built" in out.getvalue()
    assert _counts() == before
    assert DemoBuild.objects.get() == marker


def test_if_missing_builds_when_there_is_no_demo() -> None:
    _build("--if-missing")
    assert DemoBuild.objects.count() == 1
    assert Person.objects.exists()


def test_failed_step_leaves_no_half_school(failing_step) -> None:  # type: ignore[no-untyped-def]
    audit_before = AuditEvent.objects.count()
    # A fresh install's own units (migration people 0005) are all there is before.
    units_before = set(Unit.objects.values_list("code", "name"))
    with pytest.raises(RuntimeError, match="on purpose"):
        _build()
    assert _counts() == (0, 0, 0, 0)
    assert set(Unit.objects.values_list("code", "name")) == units_before
    assert not DemoBuild.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_failed_reset_keeps_the_previous_school(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _build("--seed", "3")
    before, digest = _counts(), school_digest()
    module = types.ModuleType("demo_test_failing_step")
    module.build = lambda context: (_ for _ in ()).throw(RuntimeError("boom"))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(steps, "STEPS", [*steps.STEPS, module.__name__])
    with pytest.raises(RuntimeError, match="boom"):
        _build("--reset", "--seed", "4")
    assert _counts() == before
    assert school_digest() == digest
    assert DemoBuild.objects.get().seed == 3


def test_same_seed_builds_the_same_school_and_another_seed_does_not() -> None:
    _build("--seed", "11")
    first = school_digest()
    _build("--seed", "11", "--reset")
    assert school_digest() == first
    _build("--seed", "12", "--reset")
    assert school_digest() != first


def test_digest_changes_when_one_field_changes() -> None:
    _build("--seed", "11")
    before = school_digest()
    row = Affiliation.objects.filter(kind="faculty").order_by("pk").first()
    assert row is not None
    row.title = "Chair"
    row.save(update_fields=["title"])
    assert school_digest() != before


def test_build_without_reset_refuses_when_a_demo_exists() -> None:
    _build()
    with pytest.raises(CommandError, match="already exists"):
        _build()


def test_build_refuses_to_mix_into_a_database_with_people() -> None:
    PersonFactory(institutional_id="REAL-1")
    with pytest.raises(CommandError, match="refusing to mix"):
        _build()
    with pytest.raises(CommandError, match="not a demo database"):
        _build("--reset")
    assert list(Person.objects.values_list("institutional_id", flat=True)) == ["REAL-1"]


def test_reset_with_force_replaces_a_non_demo_database() -> None:
    PersonFactory(institutional_id="REAL-1")
    _build("--reset", "--force")
    assert not Person.objects.filter(institutional_id="REAL-1").exists()
    assert DemoBuild.objects.count() == 1


def test_reset_keeps_superusers_and_the_audit_log() -> None:
    admin = User.objects.create_superuser("operator", password="operator-pw-123")
    _build()
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    assert before
    _build("--reset")
    assert User.objects.filter(pk=admin.pk).exists()
    after = set(AuditEvent.objects.values_list("pk", flat=True))
    assert before < after  # every earlier event kept, new ones added
    assert AuditEvent.objects.filter(verb="demo.reset").exists()
    assert verify_chain().ok


def test_build_refuses_on_an_https_server(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HTTPS = True
    with pytest.raises(CommandError, match="production"):
        _build()
    with pytest.raises(CommandError, match="not a demo server"):
        call_command("demo_logins", stdout=StringIO())
    assert not Person.objects.exists()


def test_demo_logins_without_a_demo_says_how_to_build_one() -> None:
    with pytest.raises(CommandError, match="build_demo"):
        call_command("demo_logins", stdout=StringIO())


def test_demo_logins_notices_a_changed_password() -> None:
    _build()
    user = User.objects.get(username="analyst")
    user.set_password("something-else-entirely")
    user.save()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().count("changed since the demo was built") == 1


def test_password_comes_from_the_environment(monkeypatch, client) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BELONG_DEMO_PASSWORD", "my-own-demo-password")
    _build()
    assert client.login(username="leadership", password="my-own-demo-password")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "my-own-demo-password" in out.getvalue()


def test_progress_and_timings_are_printed_at_normal_verbosity() -> None:
    out, err = StringIO(), StringIO()
    call_command("build_demo", "--scale", TINY, stdout=out, stderr=err)
    text = out.getvalue()
    assert re.search(r"^  people and self-identification\s+\d+\.\d s", text, re.MULTILINE)
    assert re.search(r"^Built in \d+\.\d s\.$", text, re.MULTILINE)


# --- the step contract ---------------------------------------------------------


def test_missing_step_modules_are_skipped() -> None:
    loaded = steps.load_steps(
        ["belong.demo.school", "belong.demo.no_such_step", "no_such_app.demo"]
    )
    assert [s.name for s in loaded] == ["belong.demo.school"]


def test_step_that_fails_to_import_raises(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "demo_test_broken_step.py").write_text("import demo_test_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="demo_test_not_installed"):
        steps.load_steps(["demo_test_broken_step"])


def test_step_without_build_is_an_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(
        sys.modules, "demo_test_empty_step", types.ModuleType("demo_test_empty_step")
    )
    with pytest.raises(TypeError, match="build"):
        steps.load_steps(["demo_test_empty_step"])


def test_rng_depends_on_seed_and_name_only() -> None:
    from datetime import date

    one = DemoContext(seed=1, scale=1, today=date(2026, 11, 24))
    same = DemoContext(seed=1, scale=5, today=date(2020, 1, 1))
    other = DemoContext(seed=2, scale=1, today=date(2026, 11, 24))
    draw = lambda ctx, name: ctx.rng(name).integers(0, 10**9, 5).tolist()  # noqa: E731
    assert draw(one, "belong.coaching.demo") == draw(same, "belong.coaching.demo")
    assert draw(one, "belong.coaching.demo") != draw(one, "belong.wellbeing.demo")
    assert draw(one, "belong.coaching.demo") != draw(other, "belong.coaching.demo")


def test_progress_shows_on_stderr_only_when_verbose() -> None:
    from datetime import date

    loud = DemoContext(seed=1, scale=1, today=date(2026, 11, 24), stderr=StringIO())
    quiet = DemoContext(seed=1, scale=1, today=date(2026, 11, 24), verbosity=0, stderr=StringIO())
    for context in (loud, quiet):
        assert list(context.progress(range(3), total=3, desc="counting")) == [0, 1, 2]
        with context.bar(10, "batches") as bar:
            bar.update(10)
    assert "counting" in loud.stderr.getvalue() and "batches" in loud.stderr.getvalue()  # type: ignore[attr-defined]
    assert quiet.stderr.getvalue() == ""  # type: ignore[attr-defined]

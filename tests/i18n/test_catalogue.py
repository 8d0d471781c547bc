"""The committed Spanish catalogue: compiled from its source, complete, and its checker can fail."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.i18n.spanish import CATALOGUE, untranslated

pytestmark = pytest.mark.django_db


def _catalogue(mo: Path) -> dict[object, str]:
    with open(mo, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
def test_committed_mo_is_compiled_from_the_committed_po(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(CATALOGUE / "django.po")],
        check=True,
        capture_output=True,
    )
    assert _catalogue(CATALOGUE / "django.mo") == _catalogue(fresh), (
        "belong/locale/es/LC_MESSAGES/django.mo is stale: run `make messages`"
    )


def test_every_string_in_the_catalogue_has_a_spanish_translation() -> None:
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = source.split("\n\n")[1:]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgid_plural" not in e]
    assert not empty, "untranslated entries:\n" + "\n\n".join(empty)
    assert "#, fuzzy" not in source


def test_checker_finds_text_that_is_not_marked_for_translation() -> None:
    page = (
        '<html lang="es"><body><h1>Informar de una situación</h1>'
        "<p>Please wait here</p><button aria-label='Close the menu'>x</button>"
        "<p>3 diciembre 2026 · Belong</p><script>var English = 1;</script></body></html>"
    )
    assert [problem.split(" (left")[0] for problem in untranslated(page)] == [
        "'Please wait here'",
        "'Close the menu'",
    ]


def test_checker_accepts_placeholders_only_when_what_fills_them_is_allowed() -> None:
    assert untranslated("<p>Su informe del 3 diciembre 2026.</p>") == []
    assert untranslated("<p>Su informe del last Tuesday.</p>") != []


def test_durations_are_said_in_the_reader_language() -> None:
    from django.utils import translation

    from belong.core.formatting import duration

    with translation.override("es"):
        assert [duration(h) for h in (0.75, 1, 24, 36, 100)] == [
            "45 minutos",
            "1 hora",
            "1 día",
            "36 horas",
            "4 días 4 horas",
        ]
    with translation.override("en"):
        assert duration(100) == "4 days 4 hours"

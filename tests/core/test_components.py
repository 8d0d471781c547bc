"""The shared components: one table, one form pattern, one error summary, used everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

from belong.core.tables import DataTable

TEMPLATES = Path(__file__).resolve().parents[2] / "belong"
COMPONENTS = "templates/_components"


def _render(source: str, **context: object) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def test_a_table_is_a_region_named_by_its_caption_that_scrolls_by_itself() -> None:
    html = _render(
        '{% table class="compact" %}<caption>Seats <b>{{ n }}</b></caption>'
        "<tbody><tr><td>{{ v }}</td></tr></tbody>{% endtable %}",
        n=3,
        v="<script>",
    )
    region = re.search(
        r'<div class="table-wrap" role="region" aria-labelledby="([^"]+)" tabindex="0">', html
    )
    assert region is not None
    assert f'<caption id="{region.group(1)}">' in html
    assert '<table class="compact">' in html and "&lt;script&gt;" in html


def test_two_tables_alike_on_one_page_keep_distinct_names() -> None:
    html = _render(
        "{% for i in rows %}{% table %}<caption>Same</caption>{% endtable %}{% endfor %}",
        rows=[1, 2],
    )
    ids = re.findall(r'aria-labelledby="([^"]+)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2


def test_a_table_without_a_caption_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="caption"):
        _render("{% table %}<tbody></tbody>{% endtable %}")


def test_a_data_table_is_drawn_in_the_same_frame_with_hidden_cells_spoken() -> None:
    table = DataTable.of_values("Counts", ["Group", "People"], [("A", 12), ("B", None)])
    table.k = 10
    html = Template('{% include "_components/table.html" %}').render(Context({"table": table}))
    assert 'role="region"' in html and "<caption id=" in html
    assert '<span class="visually-hidden">suppressed</span>' in html
    assert "fewer than 10 people" in html


class _Form(forms.Form):
    name = forms.CharField(help_text="As on your badge.")
    agree = forms.BooleanField(label="I agree")
    colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)

    def clean(self):  # type: ignore[no-untyped-def]
        raise forms.ValidationError("The form as a whole is wrong.")


def test_every_form_renders_through_the_pattern_with_one_error_summary() -> None:
    html = str(_Form({"name": ""}))
    summary = html.split("</div>", 1)[0]
    assert 'role="alert"' in summary and "Nothing was saved" in summary
    assert "The form as a whole is wrong." in summary
    assert '<a href="#id_name">This field is required.</a>' in summary
    assert html.count('role="alert"') == 1
    # Each input is named by its label and described by its help and its errors.
    assert (
        'aria-describedby="id_name_helptext id_name_error"' in html
        and 'aria-invalid="true"' in html
    )
    assert '<label for="id_agree"><input type="checkbox"' in html
    assert "<fieldset" in html and "<legend>Colour</legend>" in html
    assert '<label for="id_name">Name</label>' in html


def test_an_unbound_form_has_no_summary() -> None:
    assert "error-summary" not in str(_Form())


def _templates() -> list[Path]:
    return [p for p in TEMPLATES.rglob("templates/**/*.html") if COMPONENTS not in str(p)]


def test_every_table_in_every_template_uses_the_table_component() -> None:
    raw = [str(p.relative_to(TEMPLATES)) for p in _templates() if "<table" in p.read_text()]
    assert not raw, f"tables written outside {{% table %}}: {raw}"
    for path in _templates():
        text = path.read_text()
        if "{% table" in text:
            assert "{% load components %}" in text, path
            for body in re.findall(r"{% table[^%]*%}(.*?){% endtable %}", text, re.S):
                assert "<caption" in body, f"{path}: a table without a caption"


def test_no_template_keeps_an_error_summary_of_its_own() -> None:
    own = [
        str(p.relative_to(TEMPLATES))
        for p in _templates()
        if re.search(
            r"(form\.errors|non_field_errors)[^\n]*role=\"alert\"|role=\"alert\"[^\n]*non_field_errors",
            p.read_text(),
        )
    ]
    assert not own, f"error summaries outside _components/error_summary.html: {own}"

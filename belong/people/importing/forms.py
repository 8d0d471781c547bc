from __future__ import annotations

from typing import Any

from django import forms

from belong.importing.mapping import IGNORE
from belong.importing.models import ImportMapping
from belong.importing.options import ImportOptions
from belong.importing.problems import column_letter
from belong.importing.uploads import max_bytes
from belong.people import categories as cat
from belong.people.importing import fields as F
from belong.people.models import Affiliation

_FIELD_CHOICES: list[tuple[str, Any]] = [
    (IGNORE, "Do not import this column"),
    *[
        (label, [(f.name, f.label) for f in F.FIELDS if f.group == group])
        for group, label in F.GROUP_LABELS.items()
    ],
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The file",
        help_text="CSV (saved as “CSV UTF-8”) or an Excel workbook (.xlsx); the first row holds "
        "the column headers. Nothing is changed until you have seen the check and chosen to "
        "apply it.",
        allow_empty_file=True,  # the importer explains an empty file itself
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        limit = max_bytes()
        if uploaded.size > limit:
            raise forms.ValidationError(
                f"The file is {uploaded.size / 1e6:,.1f} MB; at most {limit / 1e6:,.0f} MB can "
                "be imported at once. Split it into smaller files."
            )
        return uploaded


_KEY_CHOICES = [(name, F.BY_NAME[name].label) for name in F.IDENTIFIER_FIELDS]


class MappingForm(forms.Form):
    """One choice per column of the file; which identifier is the key, which others find
    people on record, the separator between answers; a name to save it all under."""

    key = forms.ChoiceField(
        label="Each row names its person by",
        choices=_KEY_CHOICES,
        initial=F.DEFAULT_KEY,
        required=False,  # the school's id unless another is chosen
        help_text="The identifier that is this file's key: a row whose key is on record updates "
        "that person, a new key adds a person.",
    )
    match_on = forms.MultipleChoiceField(
        label="Also find people on record by (optional)",
        choices=_KEY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="When a row's key is new but another identifier in it (mapped above) is on "
        "record, add the key to that person instead of adding a second person. Without it, "
        "such a row is reported and nothing is written.",
    )
    separator = forms.CharField(
        label="Between two answers in one cell (optional)",
        max_length=5,
        required=False,
        strip=False,
        help_text="For race and ethnicity: the text between answers, such as | or ;. Leave it "
        "empty for “;” or “|”. A comma is never assumed: labels such as “Hispanic, Latino, or of "
        "Spanish Origin” hold commas.",
    )
    save_as = forms.CharField(
        label="Save this mapping as (optional)",
        max_length=120,
        required=False,
        help_text="A name to reuse it next time, here or with "
        "“manage.py import_people --mapping NAME”. An existing mapping of the same name is "
        "replaced.",
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.column_fields: list[tuple[int, str]] = []
        for index, header in enumerate(headers):
            if not header:
                continue
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=_FIELD_CHOICES,
                required=False,
                help_text=f"Column {column_letter(index)}",
            )
            self.column_fields.append((index, name))
        # Keep the identity and answer choices, then the save box, last.
        for name in ("key", "match_on", "separator", "save_as"):
            self.fields[name] = self.fields.pop(name)

    def columns(self) -> list[forms.BoundField]:
        return [self[name] for _index, name in self.column_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, tuple[int, str]] = {}
        for index, name in self.column_fields:
            field_name = data.get(name) or IGNORE
            if not field_name:
                continue
            if field_name in chosen:
                first_index, first_header = chosen[field_name]
                self.add_error(
                    name,
                    f"“{F.BY_NAME[field_name].label}” is already chosen for column "
                    f"{column_letter(first_index)} (“{first_header}”); choose it for one column "
                    "only.",
                )
            else:
                chosen[field_name] = (index, self.headers[index])
        key = data.get("key") or F.DEFAULT_KEY
        if key not in chosen:
            self.add_error(
                None,
                f"Choose the column that holds the {F.BY_NAME[key].label}: it is this file's "
                "key, and every row needs one.",
            )
        return data

    def options(self, start: ImportOptions) -> ImportOptions:
        """The chosen key, matching and separator, over ``start`` (values are kept)."""
        data = self.cleaned_data
        key = data.get("key") or F.DEFAULT_KEY
        separators = dict(start.separators)
        separator = (data.get("separator") or "").strip()
        for name in ("race", "race_detailed"):
            if separator:
                separators[name] = separator
            else:
                separators.pop(name, None)
        return ImportOptions(
            key=key,
            match_on=tuple(m for m in data.get("match_on") or () if m != key),
            separators=separators,
            values=start.values,
        )

    @staticmethod
    def initial_options(options: ImportOptions) -> dict[str, Any]:
        return {
            "key": options.key or F.DEFAULT_KEY,
            "match_on": list(options.match_on),
            "separator": options.separators.get("race", ""),
        }

    def mapping(self) -> dict[str, str]:
        """{header: field} as chosen (ignored columns left out)."""
        return {
            self.headers[index]: self.cleaned_data[name]
            for index, name in self.column_fields
            if self.cleaned_data.get(name)
        }

    @staticmethod
    def initial_for(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
        return {f"col_{i}": mapping.get(h, IGNORE) for i, h in enumerate(headers) if h}


class SavedMappingForm(forms.Form):
    saved = forms.ModelChoiceField(
        label="Start from a saved mapping",
        queryset=ImportMapping.objects.filter(kind="people"),
        empty_label="Suggested from the headers",
        required=False,
    )


NOT_ANSWERED = "-"
_ANSWER_LABELS: dict[str, dict[str, str]] = {
    name: {**labels, cat.PREFER_NOT: cat.PREFER_NOT_LABEL}
    for name, labels in {
        "race": cat.RACE_ETHNICITY,
        "race_detailed": cat.DETAILED_LABELS,
        "sex": cat.SEX,
        "gender_identity": cat.GENDER_IDENTITY,
        "sexual_orientation": cat.SEXUAL_ORIENTATION,
        "first_generation": cat.YES_NO,
        "disability": cat.YES_NO,
        "veteran": cat.YES_NO,
        "origin": cat.ORIGIN,
        "age_band": cat.AGE_BAND,
        "citizenship": cat.CITIZENSHIP,
        "affiliation_kind": dict(Affiliation.Kind.choices),
        "rank": dict(Affiliation.Rank.choices),
        "track": dict(Affiliation.Track.choices),
        "status": dict(Affiliation.Status.choices),
    }.items()
}


class ValuesForm(forms.Form):
    """For each value a column holds that Belong does not know: what it means here."""

    save_as = forms.CharField(
        label="Save with the mapping named (optional)",
        max_length=120,
        required=False,
        help_text="Keeps these meanings with the column mapping for the next file like this one.",
    )

    def __init__(self, *args: Any, unknown: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[str, str, str]] = []  # (field, value, form field name)
        for field_name, values in unknown.items():
            f = F.BY_NAME[field_name]
            labels = _ANSWER_LABELS.get(field_name, {})
            choices = [
                ("", "Choose what it means"),
                (NOT_ANSWERED, "Not answered (no category)"),
                *[(code, labels.get(code, code)) for code in f.allowed],
            ]
            for n, value in enumerate(values):
                name = f"v_{field_name}_{n}"
                self.fields[name] = forms.ChoiceField(
                    label=f"“{value}” in the column for {f.label.lower()} means",
                    choices=choices,
                    error_messages={"required": f"Choose what “{value}” means."},
                )
                self.rows.append((field_name, value, name))
        self.fields["save_as"] = self.fields.pop("save_as")

    def value_fields(self) -> list[forms.BoundField]:
        return [self[name] for _f, _v, name in self.rows]

    def values(self, start: ImportOptions) -> ImportOptions:
        chosen = {k: dict(v) for k, v in start.values.items()}
        for field_name, value, name in self.rows:
            code = self.cleaned_data[name]
            chosen.setdefault(field_name, {})[value] = "" if code == NOT_ANSWERED else code
        return ImportOptions(
            key=start.key, match_on=start.match_on, separators=start.separators, values=chosen
        )

from __future__ import annotations

from typing import Any

from django import forms

from belong.importing.mapping import IGNORE
from belong.importing.models import ImportMapping
from belong.importing.problems import column_letter
from belong.importing.uploads import max_bytes
from belong.people.importing import fields as F

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


class MappingForm(forms.Form):
    """One choice per column of the file, and an optional name to save the mapping under."""

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
        # Keep the save box last.
        self.fields["save_as"] = self.fields.pop("save_as")

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
        for required in F.REQUIRED_COLUMNS:
            if required not in chosen:
                self.add_error(
                    None,
                    f"Choose the column that holds the {F.BY_NAME[required].label.lower()}: "
                    "every row needs one.",
                )
        return data

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

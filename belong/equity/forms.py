"""Forms of outcomes monitoring. They check what a person typed; the actions check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from belong.equity import actions, queries
from belong.equity.analytics import default_groupings
from belong.equity.analytics.groupings import SPECIAL_CODES, VARIABLES
from belong.equity.analytics.stats import CORRECTION_METHODS
from belong.equity.models import BenchmarkSet, PipelineDefinition, SavedGrouping
from belong.people import categories as cat
from belong.people.models import Unit
from belong.publishing.noise import DEFAULT_EPSILON

# Exclusive variables an intersection may combine (select-all race answers cannot).
INTERSECTABLE: list[tuple[str, str]] = [
    (code, var.label) for code, var in VARIABLES.items() if not var.select_all
]


DEFAULT_TABLES = ("race_ipeds", "sex")


def _groups_of(variable: str) -> list[tuple[str, str]]:
    var = VARIABLES[variable]
    return [
        (v, label)
        for v, label in zip(var.values, var.labels, strict=True)
        if v not in SPECIAL_CODES
    ]


class BuildReleaseForm(forms.Form):
    pipeline = forms.ModelChoiceField(
        queryset=PipelineDefinition.objects.none(), to_field_name="code", empty_label=None
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="Leave blank for the pipeline's name and the years.",
    )
    year_from = forms.IntegerField(
        required=False,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        label="From year",
        help_text="Blank: the first year on record.",
    )
    year_to = forms.IntegerField(
        required=False,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        label="To year",
        help_text="Blank: the last year on record.",
    )
    units = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to pool every unit.",
    )
    groupings = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Reporting tables",
        help_text="Every self-identification question, the three race and ethnicity schemes "
        "and two intersections. “Prefer not to answer” and “Not answered” are always rows "
        "of their own.",
    )
    saved_groupings = forms.ModelMultipleChoiceField(
        queryset=SavedGrouping.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="School-defined groupings",
    )
    intersection_first = forms.ChoiceField(
        required=False,
        label="Add an intersection: first question",
    )
    intersection_second = forms.ChoiceField(
        required=False,
        label="Add an intersection: second question",
    )
    benchmarks = forms.ModelMultipleChoiceField(
        queryset=BenchmarkSet.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="At most one for each reporting table; its table must be included.",
    )
    reference_race = forms.ChoiceField(
        required=False,
        label="Reference group for race and ethnicity (IPEDS)",
        help_text="Rates are compared with this group's. Blank: the largest group each year.",
    )
    reference_sex = forms.ChoiceField(
        required=False,
        label="Reference group for sex",
        help_text="Blank: the largest group each year.",
    )
    k = forms.IntegerField(
        label="Smallest cell shown (k)",
        help_text="A count of fewer than k people is suppressed, with enough other cells that "
        "it cannot be worked out.",
    )
    correction = forms.ChoiceField(
        choices=list(CORRECTION_METHODS.items()),
        initial="holm",
        label="Correction for multiple comparisons",
    )
    alpha = forms.TypedChoiceField(
        choices=[("0.05", "0.05"), ("0.01", "0.01")],
        coerce=float,
        initial="0.05",
        label="Significance level",
    )
    bounded = forms.BooleanField(
        required=False,
        label="Count each person in one pass only",
        help_text="A person is counted in their first application cycle (or their first event "
        "of each stage) only. Always on for a release with noise.",
    )
    for_public = forms.BooleanField(
        required=False,
        label="For the public: add calibrated noise",
        help_text="Draws random noise into every count now, once, so that the public pages "
        "cannot show whether any one person is among the figures. The public reads the noisy "
        "figures, each with its uncertainty; readers inside the school read the exact ones.",
    )
    epsilon = forms.FloatField(
        required=False,
        initial=DEFAULT_EPSILON,
        min_value=0.01,
        max_value=10.0,
        label="Privacy parameter ε (with noise)",
        help_text="Smaller ε means more noise and stronger protection. 1.0 is a common choice.",
    )
    years_reported = forms.ChoiceField(
        required=False,
        choices=[
            ("auto", "Pooled into one period for a release with noise, year by year otherwise"),
            ("separately", "Year by year"),
            ("pooled", "Pooled into one period"),
        ],
        initial="auto",
        widget=forms.RadioSelect,
        label="How the years are reported",
        help_text="Pooling puts more people in every figure: fewer hidden cells, and noise that "
        "is small beside the counts. Trends need the years separately.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pipelines = queries.active_pipelines()
        self.fields["pipeline"].queryset = pipelines  # type: ignore[attr-defined]
        self.fields["units"].choices = queries.units_on_record(pipelines)  # type: ignore[attr-defined]
        built_in = default_groupings()
        self.fields["groupings"].choices = [(g.code, g.label) for g in built_in]  # type: ignore[attr-defined]
        # Race and ethnicity and sex by default: a release a dean can read, with few enough
        # comparisons that real differences stand out; every other table is one tick away.
        self.fields["groupings"].initial = [
            c for c in DEFAULT_TABLES if c in {g.code for g in built_in}
        ]
        self.fields["saved_groupings"].queryset = queries.active_groupings()  # type: ignore[attr-defined]
        choices = [("", "None"), *INTERSECTABLE]
        self.fields["intersection_first"].choices = choices  # type: ignore[attr-defined]
        self.fields["intersection_second"].choices = choices  # type: ignore[attr-defined]
        self.fields["benchmarks"].queryset = queries.active_benchmarks()  # type: ignore[attr-defined]
        self.fields["benchmarks"].initial = list(
            queries.active_benchmarks().filter(shipped=True).values_list("pk", flat=True)
        )
        self.fields["reference_race"].choices = [  # type: ignore[attr-defined]
            ("", "The largest group"),
            *_groups_of("ipeds"),
        ]
        self.fields["reference_sex"].choices = [  # type: ignore[attr-defined]
            ("", "The largest group"),
            *_groups_of("sex"),
        ]
        minimum = actions.minimum_k()
        self.fields["k"].initial = minimum
        self.fields["k"].min_value = minimum  # type: ignore[attr-defined]
        self.fields["k"].validators.append(MinValueValidator(minimum))
        self.fields["k"].widget.attrs["min"] = str(minimum)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", "The last year is before the first.")
        a, b = data.get("intersection_first"), data.get("intersection_second")
        if bool(a) != bool(b):
            self.add_error("intersection_second", "Choose both questions, or neither.")
        elif a and a == b:
            self.add_error("intersection_second", "Choose two different questions.")
        return data

    def years(self, on_record: list[int]) -> list[int] | None:
        first, last = self.cleaned_data.get("year_from"), self.cleaned_data.get("year_to")
        if first is None and last is None:
            return None
        low = first if first is not None else (on_record[0] if on_record else 1900)
        high = last if last is not None else (on_record[-1] if on_record else 2100)
        return list(range(low, high + 1))

    def noise_epsilon(self) -> float | None:
        if not self.cleaned_data.get("for_public"):
            return None
        return float(self.cleaned_data.get("epsilon") or DEFAULT_EPSILON)

    def counts_each_person_once(self) -> bool:
        return bool(self.cleaned_data.get("bounded")) or self.noise_epsilon() is not None

    def pool_years(self) -> bool:
        choice = self.cleaned_data.get("years_reported") or "auto"
        return choice == "pooled" or (choice == "auto" and self.noise_epsilon() is not None)

    def reference(self) -> dict[str, str]:
        chosen = set(self.cleaned_data.get("groupings") or [])
        out = {}
        if self.cleaned_data.get("reference_race") and "race_ipeds" in chosen:
            out["race_ipeds"] = self.cleaned_data["reference_race"]
        if self.cleaned_data.get("reference_sex") and "sex" in chosen:
            out["sex"] = self.cleaned_data["reference_sex"]
        return out

    def intersections(self) -> list[tuple[str, str]]:
        a, b = (
            self.cleaned_data.get("intersection_first"),
            self.cleaned_data.get("intersection_second"),
        )
        return [(a, b)] if a and b else []


class PipelineForm(forms.Form):
    code = forms.SlugField(
        max_length=60,
        required=False,
        help_text="Lower-case letters, digits and _; cannot change later.",
    )
    label = forms.CharField(max_length=200)
    noun = forms.CharField(
        max_length=100, help_text="Who is in it, in the plural: “applicants”, “faculty members”."
    )
    year_basis = forms.ChoiceField(
        choices=[
            ("cohort", "Cohort: every stage of one pass carries the cohort's year"),
            ("event", "Event: each stage counts in the year it happened"),
        ],
        widget=forms.RadioSelect,
    )
    stages = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One stage a line: code | label | outcome | kind (stage, exit or milestone). "
        "Example: interviewed | Interviewed | were interviewed | stage",
    )
    transitions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Rates to compare, one a line: source > target. Blank: each stage to the next.",
    )
    active = forms.BooleanField(required=False, initial=True)
    program = forms.ModelChoiceField(
        label="Belongs to one program (optional)",
        queryset=Unit.objects.filter(kind=Unit.Kind.PROGRAM).order_by("name"),
        required=False,
        empty_label="No: every event names its unit",
        help_text="Imported events of this pipeline may then leave the unit blank; this "
        "program's unit is used (MD admissions: the MD program).",
    )

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        if creating:
            self.fields["code"].required = True
        else:
            del self.fields["code"]

    @staticmethod
    def initial_for(pipeline: PipelineDefinition) -> dict[str, Any]:
        data = pipeline.pipeline()
        return {
            "label": pipeline.label,
            "noun": data.noun,
            "year_basis": data.year_basis,
            "stages": "\n".join(
                f"{s.code} | {s.label} | {s.outcome} | {s.kind}" for s in data.stages
            ),
            "transitions": "\n".join(f"{t.source} > {t.target}" for t in data.transitions),
            "active": pipeline.active,
            "program": pipeline.program_id or "",
        }

    def clean_stages(self) -> list[dict[str, str]]:
        try:
            return actions.parse_stages(self.cleaned_data["stages"])
        except actions.ActionError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_transitions(self) -> list[list[str]] | None:
        try:
            return actions.parse_transitions(self.cleaned_data.get("transitions") or "") or None
        except actions.ActionError as exc:
            raise forms.ValidationError(str(exc)) from exc


DIMENSIONS: list[tuple[str, str]] = [
    ("ipeds", VARIABLES["ipeds"].label),
    ("omb_alone", VARIABLES["omb_alone"].label),
    ("omb_any", VARIABLES["omb_any"].label),
    *((d, cat.DIMENSIONS[d].label) for d in cat.SINGLE_CHOICE_DIMENSIONS),
    ("citizenship", "Citizenship"),
]


def codes_by_dimension() -> list[tuple[str, list[tuple[str, str]]]]:
    """(dimension label, [(code, label)...]) for the grouping form's help table."""
    return [(label, _groups_of(code)) for code, label in DIMENSIONS]


class GroupingForm(forms.Form):
    label = forms.CharField(max_length=200, help_text="For example “Underrepresented in medicine”.")
    code = forms.RegexField(
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=60,
        help_text="Lower-case letters, digits and _, starting with a letter.",
        error_messages={"invalid": "Use lower-case letters, digits and _, starting with a letter."},
    )
    dimension = forms.ChoiceField(choices=DIMENSIONS, label="Built from")
    groups = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One group a line: its name, a colon, then the codes it joins, separated by "
        "commas. Example: URiM: black, hispanic, aian, nhpi",
    )
    other_label = forms.CharField(
        max_length=200,
        required=False,
        label="Name for every other answer",
        help_text="Blank: “All other answers”.",
    )

    def clean_groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for number, line in enumerate(self.cleaned_data["groups"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, codes = line.partition(":")
            members = [c.strip().lower() for c in codes.split(",") if c.strip()]
            if not sep or not name.strip() or not members:
                raise forms.ValidationError(
                    f"Line {number}: write the group's name, a colon, then its codes."
                )
            groups[name.strip()] = members
        if not groups:
            raise forms.ValidationError("Give at least one group.")
        return groups


class BenchmarkImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: scheme, group, and share (fractions or percentages) or count. "
        "Schemes: race_ipeds, race_omb_alone, sex, gender_identity ... One file may hold several.",
    )
    code = forms.SlugField(max_length=80, help_text="A short name, for example county_2023.")
    label = forms.CharField(max_length=200, help_text="For example “Our county, 2023 ACS”.")
    source = forms.CharField(max_length=400, required=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    geography = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kind = forms.ChoiceField(
        required=False,
        choices=[
            ("population", "The population at large (a census, a county, the school's patients)"),
            (
                "availability",
                "An availability pool: the people the school could hire or admit "
                "(a national applicant or faculty pool)",
            ),
        ],
        initial="population",
        widget=forms.RadioSelect,
        label="What it describes",
        help_text="Hiring and admissions are judged against their availability pool; the "
        "population at large is read as context.",
    )
    pool_stages = forms.CharField(
        max_length=400,
        required=False,
        label="Stages it is the pool for",
        help_text="Stage codes separated by commas, for example hired. Blank: every stage.",
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_pool_stages(self) -> list[str]:
        raw = self.cleaned_data.get("pool_stages") or ""
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        known = {
            s["code"]
            for p in PipelineDefinition.objects.all()
            for s in (p.definition or {}).get("stages", [])
        }
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                f"No pipeline has the stage {', '.join(unknown)}; stages on record: "
                f"{', '.join(sorted(known))}."
            )
        return codes

    def stages(self) -> list[str]:
        if self.cleaned_data.get("kind") != "availability":
            return []
        return list(self.cleaned_data.get("pool_stages") or [])

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB; a benchmark is a few rows.")
        raw = upload.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as CSV UTF-8."
            ) from exc


class EventImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        help_text="Columns: the person's identifier, pipeline, stage, year, unit_code (may be "
        "blank for a pipeline of one program, such as MD admissions), date (optional).",
    )
    key = forms.ChoiceField(
        label="Each row names its person by",
        choices=[
            ("institutional_id", "Institutional id (EMPLID, Banner ID...)"),
            ("aamc_id", "AAMC ID"),
            ("eras_id", "ERAS id"),
            ("nrmp_id", "NRMP id"),
        ],
        initial="institutional_id",
        required=False,
    )

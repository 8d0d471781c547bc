from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission, roles_of
from belong.people import actions, queries
from belong.people import categories as cat
from belong.people.forms import OwnDetailsForm, ReadPurposeForm, SelfIdentificationForm
from belong.people.invitations import standing_of
from belong.people.models import Affiliation, Person


def _answer_rows(record) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Question / answer pairs in words, for showing a person their own answers."""
    if record is None:
        return []
    race = record.race or []
    race_text = (
        cat.PREFER_NOT_LABEL
        if cat.PREFER_NOT in race
        else ", ".join(cat.RACE_ETHNICITY[c] for c in race) or cat.NOT_ANSWERED_LABEL
    )
    if record.race_detailed:
        race_text += " (" + ", ".join(cat.DETAILED_LABELS[c] for c in record.race_detailed) + ")"
    if record.race_write_in:
        race_text += f"; {record.race_write_in}"
    rows = [("Race and ethnicity", race_text)]
    for code in cat.SINGLE_CHOICE_DIMENSIONS:
        dim = cat.DIMENSIONS[code]
        text = dim.label_for(getattr(record, code))
        write_in = getattr(record, f"{code}_write_in", "")
        rows.append((dim.label, f"{text}; {write_in}" if write_in else text))
    citizenship = record.citizenship
    rows.append(
        (
            "Citizenship",
            cat.CITIZENSHIP.get(citizenship or "", "")
            or (cat.PREFER_NOT_LABEL if citizenship == cat.PREFER_NOT else cat.NOT_ANSWERED_LABEL),
        )
    )
    rows.append(("Reported to IPEDS as", cat.IPEDS[record.ipeds]))
    return rows


@require_permission(Permission.VIEW_OWN_PROFILE)
def my_information(request: HttpRequest) -> HttpResponse:
    person = queries.person_of(request.user)
    form = OwnDetailsForm(
        request.POST or None,
        initial={"preferred_name": person.preferred_name, "pronouns": person.pronouns},
    )
    if request.method == "POST" and form.is_valid():
        actions.update_own_details(by=request.user, person=person, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("people:me")
    return render(
        request,
        "people/my_information.html",
        {
            "person": person,
            "form": form,
            "affiliations": person.affiliations.select_related("unit", "campus").order_by(
                "-start_date"
            ),
            "roles": roles_of(request.user),
        },
    )


@require_permission(Permission.EDIT_OWN_SELF_ID)
def my_self_identification(request: HttpRequest) -> HttpResponse:
    person = queries.person_of(request.user)
    record = queries.self_identification_for(request.user, person, purpose="own record")
    initial = SelfIdentificationForm.initial_from(record.answers() if record else None)
    form = SelfIdentificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _record, changed = actions.save_self_identification(
            by=request.user, person=person, answers=form.answers()
        )
        messages.success(
            request,
            "Your answers are saved."
            if changed
            else "Nothing changed: your answers are as they were.",
        )
        return redirect("people:my_self_identification")
    return render(
        request,
        "people/my_self_identification.html",
        {"form": form, "record": record, "rows": _answer_rows(record)},
    )


@require_permission(Permission.EDIT_OWN_SELF_ID)
def my_self_identification_history(request: HttpRequest) -> HttpResponse:
    person = queries.person_of(request.user)
    versions = queries.self_identification_history_for(request.user, person, purpose="own history")
    return render(
        request,
        "people/self_identification_history.html",
        {"versions": [(v, _answer_rows(v)) for v in versions], "subject": person, "own": True},
    )


# For finding whom to invite (no account yet) and whose account is deactivated.
_ACCOUNT_FILTERS = {
    "none": ("No account", Q(user__isnull=True)),
    "active": ("Account active", Q(user__isnull=False, user__is_active=True)),
    "deactivated": ("Account deactivated", Q(user__isnull=False, user__is_active=False)),
}


@require_permission(Permission.VIEW_PEOPLE)
def people_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    people = Person.objects.order_by("legal_family_name", "legal_given_name")
    if query:
        people = people.filter(
            Q(legal_family_name__icontains=query)
            | Q(legal_given_name__icontains=query)
            | Q(preferred_name__icontains=query)
            | Q(institutional_id__iexact=query)
            | Q(identifiers__value__iexact=query)
            | Q(email__iexact=query)
        )
    if kind in Affiliation.Kind.values:
        people = people.filter(affiliations__in=Affiliation.objects.current().filter(kind=kind))
    account = request.GET.get("account", "")
    if account in _ACCOUNT_FILTERS:
        people = people.filter(_ACCOUNT_FILTERS[account][1])
    people = people.distinct().prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.current().select_related("unit"),
            to_attr="current_affiliations",
        )
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "people/people_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": Affiliation.Kind.choices,
            "account": account,
            "accounts": [(code, label) for code, (label, _) in _ACCOUNT_FILTERS.items()],
            "querystring": params.urlencode(),
        },
    )


@require_permission(Permission.VIEW_PEOPLE)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_for(request.user, Permission.VIEW_PEOPLE, Person, pk=person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "standing": standing_of(person),
            "affiliations": person.affiliations.select_related("unit", "campus").order_by(
                "kind", "-start_date"
            ),
        },
    )


@require_permission(Permission.VIEW_SELF_ID_RECORDS)
def person_self_identification(request: HttpRequest, person_id: int) -> HttpResponse:
    """A data steward's read of one person's answers: purpose asked, read audited."""
    person = get_object_for(request.user, Permission.VIEW_PEOPLE, Person, pk=person_id)
    form = ReadPurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        versions = queries.self_identification_history_for(request.user, person, purpose=purpose)
        return render(
            request,
            "people/self_identification_history.html",
            {"versions": [(v, _answer_rows(v)) for v in versions], "subject": person, "own": False},
        )
    return render(request, "people/read_purpose.html", {"form": form, "person": person})

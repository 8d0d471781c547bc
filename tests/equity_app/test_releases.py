"""Building, freezing, publishing and withdrawing releases; the differencing guard; noise."""

from __future__ import annotations

import polars as pl
import pytest
from django.http import Http404

from belong.access.models import AuditEvent
from belong.equity import actions, queries
from belong.equity.models import StageEvent
from belong.people.models import SelfIdentification
from belong.publishing import actions as publishing
from belong.publishing import frozen
from belong.publishing import queries as releases
from belong.publishing.audiences import Audience
from belong.publishing.frames import frame_from_records
from belong.publishing.models import ImmutableReleaseError, Publication, Release
from tests.factories import equity as F

pytestmark = pytest.mark.django_db


def _change_one_answer() -> None:
    """One applicant who said White now says Asian: a correction of one person."""
    record = SelfIdentification.objects.filter(
        race=["white"], person__stage_events__stage="interviewed"
    ).first()
    assert record is not None
    record.race = ["asian"]
    record.ipeds = "asian"
    record.save()


def test_a_build_freezes_parameters_data_version_and_suppression(school, analyst) -> None:
    release = F.build(analyst, years=[2020, 2021, 2022])
    assert release.status == Release.Status.FROZEN and release.audience == ""
    assert release.spec["pipeline"]["code"] == "md_admissions"
    assert [g["code"] for g in release.spec["groupings"]] == ["race_ipeds", "sex"]
    assert release.years == [2020, 2021, 2022] and release.k == 10
    assert len(release.data_version) == 64
    assert release.suppressed_cells == len(release.suppression["cells"]) > 0
    assert release.build_seconds > 0
    assert release.data_summary["people"] == release.data_summary["with_answers"] > 0
    # Two audit events: the bulk read of answers, and the build. Neither holds a figure.
    read = AuditEvent.objects.get(verb="equity.self_identification.bulk_read")
    assert set(read.detail) == {"purpose", "pipeline", "events", "people", "with_answers"}
    built = AuditEvent.objects.get(verb="publishing.release.built")
    assert built.target_id == str(release.pk)
    assert "result" not in built.detail and "findings" not in built.detail


def test_a_frozen_release_refuses_to_change_its_tables(school, analyst) -> None:
    release = F.build(analyst)
    release.title = "Something else"
    with pytest.raises(ImmutableReleaseError):
        release.save()
    with pytest.raises(ImmutableReleaseError, match="title"):
        release.save(update_fields=["title"])


def test_the_release_holds_no_person(school, analyst) -> None:
    release = F.build(analyst)
    text = str(release.result) + str(release.spec) + str(release.suppression)
    ids = StageEvent.objects.values_list("person__institutional_id", flat=True)[:50]
    assert not any(i in text for i in ids)
    assert "person_id" not in text


def test_k_below_the_school_minimum_is_refused_unless_the_setting_allows(
    school, analyst, settings
) -> None:
    with pytest.raises(actions.ActionError, match="at least 10"):
        F.build(analyst, k=5)
    settings.PRIVACY_MIN_CELL = 5
    assert F.build(analyst, k=5).k == 5


def test_the_data_version_follows_the_data(school, analyst) -> None:
    first = F.build(analyst)
    assert F.build(analyst).data_version == first.data_version
    _change_one_answer()
    assert F.build(analyst).data_version != first.data_version


def test_identical_releases_pass_the_guard_whatever_the_audience(school, analyst) -> None:
    F.published(analyst, Audience.LEADERSHIP)
    again = F.build(analyst, years=[2019, 2020])
    outcome = publishing.publish_release(by=analyst, release=again, audience=Audience.PUBLIC)
    assert outcome.published
    assert outcome.report.compared_with and outcome.report.new_cells == 0


def test_a_correction_of_one_person_is_refused_in_plain_words(school, analyst) -> None:
    first = F.published(analyst, Audience.LEADERSHIP)
    _change_one_answer()
    second = F.build(analyst)
    outcome = publishing.publish_release(by=analyst, release=second, audience=Audience.STAFF)
    assert not outcome.published
    assert outcome.report.compared_with == [first.pk]
    words = outcome.report.explanations()
    assert words and any("versions of the data" in w for w in words)
    assert all(f"#{first.pk}" in w or f"#{second.pk}" in w for w in words)
    second.refresh_from_db()
    assert second.status == Release.Status.FROZEN
    assert not Publication.objects.filter(release=second).exists()
    refused = AuditEvent.objects.get(verb="publishing.release.publish_refused")
    assert refused.detail["risks"] == len(outcome.report.risks)


def test_what_was_once_published_still_counts_after_unpublishing(school, analyst) -> None:
    first = F.published(analyst, Audience.PUBLIC)
    publishing.unpublish_release(by=analyst, release=first)
    first.refresh_from_db()
    assert first.status == Release.Status.UNPUBLISHED
    assert Publication.objects.get(release=first).unpublished_at is not None
    _change_one_answer()
    # Leadership reads the public pages too: a public release is set beside leadership's.
    outcome = publishing.publish_release(
        by=analyst, release=F.build(analyst), audience=Audience.LEADERSHIP
    )
    assert not outcome.published and outcome.report.compared_with == [first.pk]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="publishing.release.").values_list(
            "verb", flat=True
        )
    )
    assert "publishing.release.unpublished" in verbs


def test_noise_is_drawn_once_at_build_and_shown_only_to_the_public(school, analyst) -> None:
    release = F.build(
        analyst, bounded=True, groupings=("race_ipeds",), pool_years=True, noise_epsilon=1.0
    )
    assert release.is_noised and release.noise_epsilon == pytest.approx(1.0)
    assert "discrete Laplace" in release.noise_mechanism and "opendp" in release.noise_mechanism
    # One exclusive table over pooled years: a person is in one cell of the noisy histogram.
    assert release.noise_sensitivity == 1
    assert not release.shows_noise  # a draft: its builders read the exact figures
    draw = release.noised_result
    outcome = publishing.publish_release(by=analyst, release=release, audience=Audience.PUBLIC)
    assert outcome.published and outcome.report.skipped_reason
    release = outcome.release
    assert release.shows_noise and frozen.tables_for(release).frames["cells"].height > 0
    exact = frame_from_records(release.result["cells"])
    noisy = frame_from_records(release.noised_result["cells"])
    assert exact["suppressed"].to_list() == noisy["suppressed"].to_list()
    shown = noisy.filter(~pl.col("suppressed"))
    assert (exact.filter(~pl.col("suppressed"))["count"] != shown["count"]).any()
    assert shown["count_margin"].null_count() == 0
    assert release.noised_result["findings"] == []
    assert release.noised_result["selection"]["rows"] == []
    publishing.unpublish_release(by=analyst, release=release)
    again = publishing.publish_release(by=analyst, release=release, audience=Audience.PUBLIC)
    assert again.release.noised_result == draw  # the same draw: fresh ones could be averaged away
    assert again.release.publications.order_by("-pk").first().noised
    publishing.unpublish_release(by=analyst, release=again.release)
    inside = publishing.publish_release(
        by=analyst, release=again.release, audience=Audience.LEADERSHIP
    )
    assert not inside.release.shows_noise
    assert not inside.release.publications.order_by("-pk").first().noised


def test_noise_needs_each_person_counted_once(school, analyst) -> None:
    with pytest.raises(actions.ActionError, match="once"):
        F.build(analyst, noise_epsilon=1.0)
    with pytest.raises(actions.ActionError, match="ε"):
        F.build(analyst, bounded=True, noise_epsilon=0.0)


def test_a_noisy_release_is_not_held_against_exact_ones(school, analyst) -> None:
    noisy = F.build(analyst, bounded=True, groupings=("race_ipeds",), noise_epsilon=1.0)
    assert publishing.publish_release(by=analyst, release=noisy, audience=Audience.PUBLIC).published
    _change_one_answer()
    outcome = publishing.publish_release(
        by=analyst, release=F.build(analyst), audience=Audience.LEADERSHIP
    )
    assert outcome.published and outcome.report.compared_with == []


def test_publishing_twice_and_unpublishing_a_draft_are_refused(school, analyst) -> None:
    release = F.published(analyst, Audience.STAFF)
    with pytest.raises(publishing.ActionError, match="already published"):
        publishing.publish_release(by=analyst, release=release, audience=Audience.PUBLIC)
    with pytest.raises(publishing.ActionError, match="not published"):
        publishing.unpublish_release(by=analyst, release=F.build(analyst))


def test_bounded_contributions_keep_one_pass_per_person() -> None:
    events = pl.DataFrame(
        {
            "person_id": [1, 1, 1, 1, 2],
            "stage": ["applied", "interviewed", "applied", "interviewed", "applied"],
            "year": [2020, 2020, 2021, 2021, 2021],
            "date": [None] * 5,
        },
        schema_overrides={"date": pl.Date},
    )
    cohort = queries.bound_contributions(events, "cohort")
    assert sorted(cohort.select("person_id", "year").rows()) == [(1, 2020), (1, 2020), (2, 2021)]
    event = queries.bound_contributions(events, "event")
    assert event.height == 3


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("anonymous", {"public"}),
        ("student", {"public"}),
        ("faculty", {"public", "staff"}),
        ("staff", {"public", "staff"}),
        ("leadership", {"public", "staff", "leadership"}),
        ("analyst", {"public", "staff", "leadership", "draft"}),
        # Staff by affiliation; never a builder (separation of duties).
        ("data_steward", {"public", "staff"}),
    ],
)
def test_who_sees_which_release(world, persona: str, visible: set[str]) -> None:
    from django.contrib.auth.models import AnonymousUser

    made = {
        "public": F.frozen_release(audience="public"),
        "staff": F.frozen_release(audience="staff"),
        "leadership": F.frozen_release(audience="leadership"),
        "draft": F.frozen_release(audience=None),
    }
    user = world.user(persona) or AnonymousUser()
    listed = set(releases.releases_for(user).values_list("pk", flat=True))
    assert listed == {made[k].pk for k in visible}
    for key, release in made.items():
        if key in visible:
            assert releases.release_for(user, release.pk).pk == release.pk
        else:
            with pytest.raises(Http404):
                releases.release_for(user, release.pk)
    assert [r.pk for r in releases.public_releases()] == [made["public"].pk]


def test_a_release_of_nothing_is_refused_in_words(world, analyst) -> None:
    with pytest.raises(actions.ActionError, match="No stage events"):
        actions.build_release(by=analyst, pipeline=F.pipeline("residents"))
    assert not Release.objects.exists()

"""Building a results release from a closed campaign, publishing it, reading it back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from belong.publishing import actions as publishing
from belong.publishing.frozen import tables_for
from belong.publishing.kinds import kind_of
from belong.surveys.actions.campaigns import close_campaign
from belong.surveys.actions.responding import submit
from belong.surveys.actions.results import build_results
from belong.surveys.models import Campaign
from tests.factories.surveys import campaign, full_answers, token_of


def _answered(world, n: int = 12, **overrides):  # type: ignore[no-untyped-def]
    made = campaign(world, n=n, **overrides)
    for i, invitation in enumerate(made.invitations.order_by("pk")):
        point = str(1 + i % 5)
        submit(
            token=token_of(invitation),
            answers=full_answers(belong_1=point, comment=f"Comment number {i}."),
        )
    return made


def test_results_of_a_closed_campaign_are_frozen_and_publishable(world) -> None:  # type: ignore[no-untyped-def]
    made = _answered(world)
    analyst = world.user("analyst")
    close_campaign(by=analyst, campaign=made)
    release = build_results(by=analyst, campaign=made, seed=1)
    assert release.kind == "surveys" and release.status == "frozen"
    result = release.result
    assert result["summary"]["responses"] == 12
    everyone = result["cuts"]["rows"][0]
    assert everyone == ["all", "all", "Everyone", 12]
    outcome = publishing.publish_release(by=analyst, release=release, audience="leadership")
    assert outcome.published, outcome.report.explanations()
    tables = tables_for(release)
    page = kind_of(release).page(release, tables, {})
    assert [b.key for b in page.blocks][:2] == ["scales-all", "favourable-all"]
    by_gender = kind_of(release).page(release, tables, {"by": "gender"})
    assert any(b.key == "gaps-gender" for b in by_gender.blocks)
    summary = kind_of(release).summary(release, tables)
    assert summary.headline.startswith("12 of 12")


def test_results_are_refused_while_the_campaign_is_open(world) -> None:  # type: ignore[no-untyped-def]
    made = _answered(world, n=6)
    with pytest.raises(ValidationError, match="once the campaign has closed"):
        build_results(by=world.user("analyst"), campaign=made)
    assert Campaign.objects.get(pk=made.pk).status == Campaign.Status.OPEN


def test_the_guard_compares_releases_of_the_same_survey_for_one_audience(world) -> None:  # type: ignore[no-untyped-def]
    made = _answered(world)
    analyst = world.user("analyst")
    close_campaign(by=analyst, campaign=made)
    first = build_results(by=analyst, campaign=made, seed=1)
    assert publishing.publish_release(by=analyst, release=first, audience="leadership").published
    # The same cuts again add nothing a reader could subtract.
    again = build_results(by=analyst, campaign=made, correction="fdr_bh", seed=2)
    assert publishing.publish_release(by=analyst, release=again, audience="staff").published
    # A release whose "everyone" is two more than before would give those two away.
    changed = dict(first.result)
    cuts = {**changed["cuts"], "rows": [list(r) for r in changed["cuts"]["rows"]]}
    cuts["rows"][0][3] += 2
    changed["cuts"] = cuts
    later = publishing.freeze_release(
        by=analyst,
        kind="surveys",
        title="Later results",
        subject_code=first.subject_code,
        subject_label=first.subject_label,
        spec=first.spec,
        result=changed,
        data_version="later",
        data_summary={},
        k=first.k,
    )
    outcome = publishing.publish_release(by=analyst, release=later, audience="leadership")
    assert not outcome.published
    assert outcome.report.compared_with == [first.pk, again.pk]


def test_the_previous_wave_to_the_same_audience_gives_a_trend(world) -> None:  # type: ignore[no-untyped-def]
    analyst = world.user("analyst")
    before = _answered(world, title="Climate survey 2025")
    close_campaign(by=analyst, campaign=before)
    Campaign.objects.filter(pk=before.pk).update(
        opens_on=before.opens_on - datetime.timedelta(days=365),
        closes_on=before.closes_on - datetime.timedelta(days=365),
    )
    now = campaign(world, n=0, title="Climate survey 2026")
    for invitation in now.invitations.order_by("pk"):
        submit(token=token_of(invitation), answers=full_answers(belong_1="5", belong_2="5"))
    close_campaign(by=analyst, campaign=now)
    release = build_results(by=analyst, campaign=now, seed=1)
    assert release.result["parameters"]["previous"]["title"] == "Climate survey 2025"
    trend = {r[1]: r for r in release.result["trend"]["rows"]}
    assert trend["belonging"][3] > trend["belonging"][2]  # current above previous
    page = kind_of(release).page(release, tables_for(release), {})
    assert any(b.key == "trend" for b in page.blocks)

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.wellbeing.models import CheckIn
from tests.factories.wellbeing import checkin_with_score
from tests.personas import SIGNED_IN

pytestmark = pytest.mark.django_db


def _answers(*values: int) -> dict[str, str]:
    return {f"item_{i}": str(v) for i, v in enumerate(values, start=1)}


def test_submitting_scores_raw_times_four_and_shows_the_result(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("student"))
    response = client.post(reverse("wellbeing:checkin_new"), _answers(4, 4, 3, 4, 4))
    checkin = CheckIn.objects.order_by("-submitted_at").first()
    assert checkin.score == 76 and checkin.person == world.person("student")
    assert checkin.cohort == 2027
    assert response.url == reverse("wellbeing:checkin_result", args=[checkin.pk])
    page = client.get(response.url).content.decode()
    assert "76" in page and "Your well-being looks good." in page
    assert "988" not in page.split("If you ever need help")[0]


def test_a_missing_answer_names_the_question_and_saves_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.user("student")).post(
        reverse("wellbeing:checkin_new"), {"item_1": "3", "item_2": "3"}
    )
    page = response.content.decode()
    assert "“I have felt active and vigorous”: choose how often." in page
    assert not CheckIn.objects.exists()


def _result(client, checkin) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("wellbeing:checkin_result", args=[checkin.pk])).content.decode()


def test_low_score_offers_support_and_one_click_counselling_request(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    student = world.person("student")
    low = checkin_with_score(student, 44)
    page = _result(client_for(world.user("student")), low)
    assert "Support is here for you" in page
    assert "Ask counselling to contact me" in page
    assert "Help right now" not in page
    counselling = wb["services"]["counselling"]
    assert f"?service={counselling.pk}&amp;from=checkin" in page


def test_score_of_28_or_below_shows_urgent_help_first(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _result(client_for(world.user("student")), wb["checkins"][1])  # 24
    assert "Help right now" in page and 'href="tel:988"' in page
    assert "(555) 010-0199" in page  # the counselling office's after-hours line
    assert page.index("Help right now") < page.index("out of 100")
    assert "Support is here for you" in page


def test_a_drop_of_ten_offers_support_even_above_50(world, client_for) -> None:  # type: ignore[no-untyped-def]
    student = world.person("student")
    checkin_with_score(student, 80, submitted_at=timezone.now() - dt.timedelta(days=30))
    latest = checkin_with_score(student, 68)
    page = _result(client_for(world.user("student")), latest)
    assert "gone down by 12" in page and "Support is here for you" in page


def test_a_small_change_above_50_offers_nothing_extra(world, client_for) -> None:  # type: ignore[no-untyped-def]
    student = world.person("student")
    checkin_with_score(student, 72, submitted_at=timezone.now() - dt.timedelta(days=30))
    latest = checkin_with_score(student, 64)
    assert "Support is here for you" not in _result(client_for(world.user("student")), latest)


def test_the_one_click_request_is_prefilled_and_carries_no_score(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    counselling = wb["services"]["counselling"]
    client = client_for(world.user("student"))
    page = client.get(
        reverse("wellbeing:support_new") + f"?service={counselling.pk}&from=checkin"
    ).content.decode()
    checked = re.findall(r'<input type="radio" name="service" value="(\d+)"[^>]*checked', page)
    assert checked == [str(counselling.pk)]
    assert "I would like to talk with someone." in page
    assert "Your check-in score is not included." in page


def test_nobody_but_the_student_sees_a_check_in(world, wb, client_for, make_student) -> None:  # type: ignore[no-untyped-def]
    checkin = wb["checkins"][1]
    result_url = reverse("wellbeing:checkin_result", args=[checkin.pk])
    others = [world.user(p) for p in SIGNED_IN if p != "student"] + [make_student("classmate")]
    for user in others:
        client = client_for(user)
        assert client.get(result_url).status_code == 404, user.username
        history = client.get(reverse("wellbeing:checkins"))
        # Another student's history page lists only their own (none); others get 404.
        assert history.status_code in (200, 404)
        assert f"checkins/{checkin.pk}/" not in history.content.decode()


def test_the_student_sees_history_trend_and_table(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for(world.user("student")).get(reverse("wellbeing:checkins")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Your check-in scores, newest first" in page
    assert page.count("<tr>") >= 3  # header and two check-ins
    assert '<td class="num">-44</td>' in page


def test_every_read_is_audited_and_no_score_is_written_to_the_log(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.user("student"))
    client.get(reverse("wellbeing:checkins"))
    client.get(reverse("wellbeing:checkin_result", args=[wb["checkins"][1].pk]))
    client.get(reverse("core:home"))  # the home card asks when the last check-in was
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "wellbeing.checkins.read",
        "wellbeing.checkin.read",
        "wellbeing.checkin_date.read",
    } <= verbs
    for event in AuditEvent.objects.filter(verb__startswith="wellbeing.checkin"):
        assert "score" not in event.detail and "24" not in str(event.detail.values())


def test_no_admin_registration_exposes_check_ins() -> None:
    from django.contrib import admin

    assert CheckIn not in admin.site._registry

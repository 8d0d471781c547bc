"""The plans link and an owner's home card."""

from __future__ import annotations

from django.test import RequestFactory

from belong.plans import navigation
from tests.factories.plans import plan


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_an_owner_with_an_overdue_update_is_told_on_the_home_page(world) -> None:  # type: ignore[no-untyped-def]
    plan(world)
    cards = navigation.home_cards(_request(world.user("faculty")))
    assert [c.title for c in cards] == ["Your plan actions"]
    assert cards[0].figure == "1" and "1 need a progress update" in cards[0].body


def test_nobody_else_gets_the_card(world) -> None:  # type: ignore[no-untyped-def]
    plan(world)
    for persona in ("student", "leadership", "analyst"):
        assert navigation.home_cards(_request(world.user(persona))) == []


def test_the_signed_out_see_the_public_list_and_the_school_its_own_link(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    home, public = navigation.ITEMS
    assert public.visible_to(_request(AnonymousUser())) and not home.visible_to(
        _request(AnonymousUser())
    )
    assert home.visible_to(_request(world.user("student")))
    assert not public.visible_to(_request(world.user("student")))
    assert not home.visible_to(_request(world.user("outsider")))

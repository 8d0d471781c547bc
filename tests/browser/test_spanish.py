"""Spanish for students, survey respondents, reporters and the public (decision 0033).

A visitor switches language with the keyboard from the foot of any page; the choice is
kept (a cookie) from page to page; every page then reads in Spanish, says so to assistive
technology (``lang="es"``) and passes axe-core; switching back restores English.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories.coaching import coaching_world
from tests.factories.directory import build_directory
from tests.factories.equity import matrix_release
from tests.factories.plans import plan
from tests.factories.surveys import campaign, token_of
from tests.factories.wellbeing import build_wellbeing


def _switch_by_keyboard(page: Any, language: str, button: str) -> None:
    page.get_by_role("combobox").last.focus()
    page.keyboard.press("End" if language == "es" else "Home")
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_a_visitor_reads_the_public_pages_in_spanish(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    build_directory(world)
    matrix_release(world, "public")
    plan(world, audience="public", title="Public culture plan")
    invitation = campaign(world).invitations.order_by("pk").first()
    page.goto(live_server.url + reverse("concerns:start"))
    expect(page.get_by_label("Language")).to_have_value("en")
    _switch_by_keyboard(page, "es", "Change language")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Informar de una situación")
    expect(page.get_by_label("Idioma")).to_have_value("es")
    assert_accessible(page, context="concerns start, Spanish")
    pages = {
        reverse("concerns:report_anonymous"): "Informar de una situación: anónimo",
        reverse("concerns:follow_up"): "Seguimiento de un informe anónimo",
        reverse("surveys:answer", kwargs={"token": token_of(invitation)}): "Climate survey 2026",
        reverse("surveys:anonymity"): "Qué significa «anónimo» en las encuestas de Belong",
        reverse("directory:index"): "Directorio",
        reverse("directory:events"): "Actividades",
        reverse("directory:stories"): "Relatos de la comunidad",
        reverse("publishing:public_release_list"): "Informes publicados",
        reverse("plans:public_list"): "Planes de acción",
        reverse("core:accessibility"): "Accesibilidad",
        reverse("login"): "Iniciar sesión en Belong",
    }
    for path, heading in pages.items():
        page.goto(live_server.url + path)
        # The choice is remembered: no switching on these pages.
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, context=f"{path}, Spanish")
    _switch_by_keyboard(page, "en", "Cambiar el idioma")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Belong")
    assert_accessible(page, context="sign-in, back in English")


def test_an_anonymous_report_form_with_errors_reads_in_spanish(world, page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + reverse("concerns:report_anonymous"))
    _switch_by_keyboard(page, "es", "Change language")
    page.get_by_role("button", name="Enviar el informe").click()
    expect(
        page.get_by_role("heading", name="No se ha guardado nada: corrija lo siguiente")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Qué ocurrió: elija al menos una opción.")).to_be_visible()
    assert_accessible(page, context="anonymous report with errors, Spanish")


def test_a_student_reads_their_pages_in_spanish(world, page, live_server, sign_in) -> None:  # type: ignore[no-untyped-def]
    seeded = build_wellbeing(world)
    coached = coaching_world(world)
    sign_in(world.user("student"))
    page.goto(live_server.url + "/")
    _switch_by_keyboard(page, "es", "Change language")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(
        page.get_by_role("navigation", name="Principal").get_by_role("link", name="Inicio")
    ).to_be_visible()
    expect(page.get_by_text("Estudiante de medicina.")).to_be_visible()
    assert_accessible(page, context="student home, Spanish")
    for path in (
        reverse("concerns:report", kwargs={"mode": "confidential"}),
        reverse("concerns:own_list"),
        reverse("directory:story_new"),
        reverse("wellbeing:checkins"),
        reverse("wellbeing:checkin_new"),
        reverse("wellbeing:checkin_result", kwargs={"pk": seeded["checkins"][1].pk}),
        reverse("wellbeing:support_home"),
        reverse("wellbeing:support_new"),
        reverse("wellbeing:support_request", kwargs={"pk": seeded["counselling_request"].pk}),
        reverse("wellbeing:coverage_home"),
        reverse(
            "wellbeing:coverage_waiver", kwargs={"academic_year": seeded["year"].academic_year}
        ),
        reverse("wellbeing:reach_calendar"),
        reverse("wellbeing:journal"),
        reverse("wellbeing:journal_entry", kwargs={"pk": seeded["reflection"].pk}),
        reverse("wellbeing:calendar_feed_settings"),
        reverse("coaching:my_coaching"),
        reverse("coaching:choose"),
        reverse("coaching:goal_edit", kwargs={"goal_id": coached.goal.pk}),
        reverse("coaching:referral_decide", kwargs={"referral_id": coached.referral.pk}),
    ):
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert_accessible(page, context=f"{path}, Spanish")

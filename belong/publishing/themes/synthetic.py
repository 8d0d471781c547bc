"""Invented survey comments with planted themes, for the tests, the benchmark and the demo.

Each planted theme has its own words; every comment is written from one
theme's words and words shared by all themes, so a theme finder should put
each comment back with its theme. Nothing here describes a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class PlantedTheme:
    name: str
    nouns: tuple[str, ...]
    complaints: tuple[str, ...]


ENGLISH_THEMES = (
    PlantedTheme(
        "parking",
        ("parking", "garage", "shuttle", "permit", "parking lot", "parking fees"),
        ("costs too much", "is always full", "is far from the hospital", "runs late"),
    ),
    PlantedTheme(
        "workload",
        ("workload", "duty hours", "overnight shifts", "sleep", "schedule", "exhaustion"),
        ("leaves no time to rest", "is unsustainable", "keeps getting worse", "burns us out"),
    ),
    PlantedTheme(
        "mentoring",
        ("mentor", "advisor", "career guidance", "mentoring program", "advising meetings"),
        ("helped me a lot", "is hard to find", "should be assigned earlier", "made me feel seen"),
    ),
    PlantedTheme(
        "mistreatment",
        ("attending", "rounds", "residents on the team", "team on the wards"),
        (
            "yelled at students",
            "humiliated me in front of patients",
            "made belittling jokes",
            "ignored our questions",
        ),
    ),
    PlantedTheme(
        "food",
        ("cafeteria", "food options", "coffee", "vending machines", "student lounge"),
        ("closes too early", "has nothing healthy", "is too expensive", "needs more seating"),
    ),
)

SPANISH_THEMES = (
    PlantedTheme(
        "estacionamiento",
        ("estacionamiento", "transporte", "autobús del campus", "permiso de estacionar"),
        ("es muy caro", "siempre está lleno", "queda lejos del hospital", "llega tarde"),
    ),
    PlantedTheme(
        "carga",
        ("carga de trabajo", "guardias nocturnas", "horario", "cansancio", "descanso"),
        ("no deja tiempo para descansar", "es insostenible", "empeora cada semana"),
    ),
    PlantedTheme(
        "tutoría",
        ("tutor", "mentora", "orientación profesional", "programa de tutoría"),
        ("me ayudó mucho", "es difícil de encontrar", "debería asignarse antes"),
    ),
)

_OPENERS = ("", "Honestly, ", "I think ", "Overall ", "This year ", "As a student, ")
_CLOSERS = (
    "",
    " Please fix this.",
    " It really matters to us.",
    " Something needs to change.",
    " Thank you for asking.",
)
_OPENERS_ES = ("", "Sinceramente, ", "Creo que ", "Este año ")
_CLOSERS_ES = ("", " Por favor, cambien esto.", " Gracias por preguntar.")


def _sentence(theme: PlantedTheme, rng: random.Random, spanish: bool) -> str:
    noun, complaint = rng.choice(theme.nouns), rng.choice(theme.complaints)
    other, extra = rng.choice(theme.nouns), rng.choice(theme.complaints)
    if spanish:
        opener, closer = rng.choice(_OPENERS_ES), rng.choice(_CLOSERS_ES)
        body = f"{opener}el {noun} {complaint}, y el {other} {extra}."
    else:
        opener, closer = rng.choice(_OPENERS), rng.choice(_CLOSERS)
        body = f"{opener}the {noun} {complaint}, and the {other} {extra}."
    return (body[0].upper() + body[1:]) + closer


def planted_comments(
    count: int,
    *,
    seed: int = 0,
    themes: tuple[PlantedTheme, ...] = ENGLISH_THEMES,
    spanish: bool = False,
) -> tuple[list[str], list[str]]:
    """``count`` comments and, for each, the name of the theme it was written from.

    Themes take turns so that each gets ``count // len(themes)`` comments or one
    more; the order is then shuffled with ``seed``.
    """
    rng = random.Random(seed)
    pairs = []
    for n in range(count):
        theme = themes[n % len(themes)]
        pairs.append((_sentence(theme, rng, spanish), theme.name))
    rng.shuffle(pairs)
    return [c for c, _ in pairs], [t for _, t in pairs]

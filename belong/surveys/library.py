"""The instruments Belong ships: the WHO-5, and a learning-environment and belonging survey.

The WHO-5 Well-Being Index is free to use without permission (WHO Regional
Office for Europe, 1998). The learning-environment and belonging instrument
was written for Belong from the themes of the school's own documents (a
welcoming environment, being heard, speaking up, fair treatment); it copies
no licensed instrument. Install both with ``manage.py install_instruments``.
"""

from __future__ import annotations

from belong.surveys.specs import InstrumentSpec, ItemSpec, ScaleSpec

WHO5_POINTS = (
    ("0", "At no time"),
    ("1", "Some of the time"),
    ("2", "Less than half of the time"),
    ("3", "More than half of the time"),
    ("4", "Most of the time"),
    ("5", "All of the time"),
)
WHO5 = InstrumentSpec(
    code="who5",
    title="WHO-5 Well-Being Index",
    description="Five statements about the last two weeks; a short measure of well-being.",
    source="WHO Regional Office for Europe (1998); free to use without permission.",
    introduction="Please indicate for each of the five statements which is closest to how you "
    "have been feeling over the last two weeks.",
    items=tuple(
        ItemSpec(
            f"who5_{n}",
            "likert",
            text,
            WHO5_POINTS,
            required=True,
            section="Over the last two weeks",
        )
        for n, text in enumerate(
            (
                "I have felt cheerful and in good spirits",
                "I have felt calm and relaxed",
                "I have felt active and vigorous",
                "I woke up feeling fresh and rested",
                "My daily life has been filled with things that interest me",
            ),
            start=1,
        )
    ),
    scales=(ScaleSpec("wellbeing", "Well-being", tuple(f"who5_{n}" for n in range(1, 6))),),
)

AGREE = (
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
)


def _agree(code: str, text: str, section: str, *, reverse: bool = False) -> ItemSpec:
    return ItemSpec(code, "likert", text, AGREE, reverse_scored=reverse, section=section)


_BELONGING = "Belonging"
_ENVIRONMENT = "Learning environment"
_VOICE = "Speaking up"
BELONGING = InstrumentSpec(
    code="belong-climate",
    title="Learning environment and belonging",
    description="How welcome, respected and heard people feel in the school, and whether they "
    "can speak up. Written for Belong.",
    source="Written for Belong (2026); free to use.",
    introduction="Think about the last three months at the school. There are no right answers.",
    items=(
        _agree("belong_1", "I feel that I belong at this school.", _BELONGING),
        _agree("belong_2", "People here care about me as a person.", _BELONGING),
        _agree("belong_3", "I can be myself here without worrying how I will be seen.", _BELONGING),
        _agree(
            "belong_4", "I often feel like an outsider at this school.", _BELONGING, reverse=True
        ),
        _agree(
            "env_1", "I am treated with respect by the people I learn or work with.", _ENVIRONMENT
        ),
        _agree("env_2", "Teaching and supervision here are fair to everyone.", _ENVIRONMENT),
        _agree("env_3", "I have the support I need to do well.", _ENVIRONMENT),
        _agree(
            "env_4",
            "I have been made to feel that people like me are less able.",
            _ENVIRONMENT,
            reverse=True,
        ),
        _agree("voice_1", "I could report mistreatment without fear of consequences.", _VOICE),
        _agree("voice_2", "When people raise concerns here, something changes.", _VOICE),
        _agree("voice_3", "I know where to go if I am treated unfairly.", _VOICE),
        ItemSpec(
            "witnessed",
            "single",
            "In the last three months, how often have you seen someone treated unfairly here?",
            (
                ("never", "Never"),
                ("once", "Once"),
                ("several", "Several times"),
                ("often", "Often"),
            ),
            section=_VOICE,
        ),
        ItemSpec(
            "settings",
            "multiple",
            "Where did it happen? Choose all that apply.",
            (
                ("classroom", "Classroom or small group"),
                ("clinical", "Clinical setting"),
                ("online", "Online"),
                ("elsewhere", "Somewhere else"),
            ),
            section=_VOICE,
            branching="[witnessed] <> 'never'",
        ),
        ItemSpec(
            "comment",
            "text",
            "What one change would make this school a better place to learn and work?",
            section="In your own words",
            note="Please do not name anyone. Comments are shown only in groups of at least ten, "
            "in random order.",
        ),
    ),
    scales=(
        ScaleSpec("belonging", "Belonging", ("belong_1", "belong_2", "belong_3", "belong_4")),
        ScaleSpec("environment", "Learning environment", ("env_1", "env_2", "env_3", "env_4")),
        ScaleSpec("voice", "Speaking up", ("voice_1", "voice_2", "voice_3")),
    ),
)

STANDARD = (WHO5, BELONGING)

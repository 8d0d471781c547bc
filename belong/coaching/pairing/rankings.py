"""Turn what students told us (explicit choices, interests, languages, campus) into ranked lists.

Only the fields on :class:`StudentRequest` and :class:`CoachSeat` are read, and
neither has a demographic field: suggestions come from shared interests,
languages and campus, never from who the student is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from .inputs import CoachSeat, PairingInputError, StudentRequest
from .prepare import STREAM_RANKING_TIES


@dataclasses.dataclass(frozen=True)
class RankingWeights:
    """How much each kind of overlap counts when suggesting coaches; the school sets these.

    A coach's score for a student is
    ``interests * shared interests + languages * shared languages
    + campus * (same campus) + specialty * (coach's specialty among the student's interests)``.
    """

    interests: float = 1.0
    languages: float = 1.0
    campus: float = 1.0
    specialty: float = 1.0


def _norm(text: str) -> str:
    # Interests are typed by people: "Pediatrics " and "pediatrics" are the same interest.
    return " ".join(text.split()).casefold()


def build_rankings(
    students: Sequence[StudentRequest],
    coaches: Sequence[CoachSeat],
    weights: RankingWeights | None = None,
    *,
    seed: int,
    forbidden: Iterable[tuple[str, ...]] = (),
    length: int | None = None,
) -> tuple[StudentRequest, ...]:
    """Complete each student's ranked list from their explicit choices and stated interests.

    Explicit choices come first, unchanged and in the student's order (a
    forbidden or unknown one is left in place so the pairing reports it). Then
    every other coach with a positive score follows, highest score first; equal
    scores are ordered by a lottery drawn from ``seed``, so neither input order
    nor coach ids decide ties.

    Parameters
    ----------
    students, coaches
        The run's students and coaches.
    weights
        The school's weights; the default counts each overlap once.
    seed
        Lottery seed for ties (use the run's seed so the run can be repeated).
    forbidden
        ``(student_id, coach_id[, reason])`` pairs never suggested.
    length
        Stop adding suggestions once a list has this many coaches; explicit
        choices are never cut. ``None`` adds every coach with a positive score.

    Returns
    -------
    tuple of StudentRequest
        The students, in the order given, with ``ranking`` filled in.

    Raises
    ------
    PairingInputError
        For negative weights or a negative ``length``.
    """
    weights = weights or RankingWeights()
    problems = [
        f"weight {f.name} is {getattr(weights, f.name)!r}; weights must be zero or more"
        for f in dataclasses.fields(weights)
        if not getattr(weights, f.name) >= 0
    ]
    if length is not None and length < 0:
        problems.append(f"length must be zero or more, got {length}")
    if problems:
        raise PairingInputError(problems)
    if not students:
        return ()

    ordered_coaches = sorted(coaches, key=lambda c: c.id)
    coach_index = {c.id: i for i, c in enumerate(ordered_coaches)}
    m = len(ordered_coaches)

    interest_vocab: dict[str, int] = {}
    language_vocab: dict[str, int] = {}
    campus_vocab: dict[str, int] = {}
    for c in ordered_coaches:
        for word in c.interests:
            interest_vocab.setdefault(_norm(word), len(interest_vocab))
        if c.specialty:
            interest_vocab.setdefault(_norm(c.specialty), len(interest_vocab))
        for word in c.languages:
            language_vocab.setdefault(_norm(word), len(language_vocab))
        if c.campus:
            campus_vocab.setdefault(_norm(c.campus), len(campus_vocab))

    coach_interests = np.zeros((m, max(len(interest_vocab), 1)), dtype=np.float64)
    coach_languages = np.zeros((m, max(len(language_vocab), 1)), dtype=np.float64)
    coach_campus = np.full(m, -1, dtype=np.int64)
    coach_specialty = np.full(m, -1, dtype=np.int64)
    for i, c in enumerate(ordered_coaches):
        for word in c.interests:
            coach_interests[i, interest_vocab[_norm(word)]] = 1.0
        for word in c.languages:
            coach_languages[i, language_vocab[_norm(word)]] = 1.0
        if c.campus:
            coach_campus[i] = campus_vocab[_norm(c.campus)]
        if c.specialty:
            coach_specialty[i] = interest_vocab[_norm(c.specialty)]

    banned: dict[str, set[int]] = {}
    for entry in forbidden:
        if entry[1] in coach_index:
            banned.setdefault(entry[0], set()).add(coach_index[entry[1]])

    rng = np.random.default_rng([seed, STREAM_RANKING_TIES])
    ranked: dict[str, tuple[str, ...]] = {}
    # Draw the tie-break lottery in id order, so shuffling the input changes nothing.
    for student in sorted(students, key=lambda s: s.id):
        lottery = rng.random(m)
        explicit = tuple(student.ranking)
        room = None if length is None else max(length - len(explicit), 0)
        if room == 0 or m == 0:
            ranked[student.id] = explicit
            continue
        interests = [
            interest_vocab[w] for w in map(_norm, student.interests) if w in interest_vocab
        ]
        languages = [
            language_vocab[w] for w in map(_norm, student.languages) if w in language_vocab
        ]
        score = np.zeros(m, dtype=np.float64)
        if interests:
            score += weights.interests * coach_interests[:, interests].sum(axis=1)
            score += weights.specialty * np.isin(coach_specialty, interests)
        if languages:
            score += weights.languages * coach_languages[:, languages].sum(axis=1)
        if student.campus and _norm(student.campus) in campus_vocab:
            score += weights.campus * (coach_campus == campus_vocab[_norm(student.campus)])
        # Rounding keeps 0.1 + 0.2 and 0.3 equal, so float noise cannot break a tie.
        score = np.round(score, 9)

        eligible = score > 0
        for coach_id in explicit:
            if coach_id in coach_index:
                eligible[coach_index[coach_id]] = False
        for j in banned.get(student.id, ()):
            eligible[j] = False
        candidates = np.flatnonzero(eligible)
        order = candidates[np.lexsort((lottery[candidates], -score[candidates]))]
        if room is not None:
            order = order[:room]
        ranked[student.id] = explicit + tuple(ordered_coaches[i].id for i in order.tolist())

    return tuple(dataclasses.replace(s, ranking=ranked[s.id]) for s in students)

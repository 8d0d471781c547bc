"""The fix the audience guard offers: the fewest new cells to hide, re-certified.

Greedy, as statistical offices do for secondary suppression: for each risk,
hide the new cell in it that touches the most risks (the smallest count first
on a tie), so that every risk loses one of its cells in one round; check the
whole system again, and repeat until nothing is at risk; then try
to show again, one by one, the cells hidden early, keeping each only if the
check still passes without it. The result is checked by the same guard that
found the risks (the system and the pairwise differences), so the fix is
certified, not guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from belong.privacy._system_solve import Verdict
from belong.privacy.constraints import check_k
from belong.privacy.differencing import PublishedCell, find_differencing_risks
from belong.privacy.system import SystemCheck, blame, find_system_risks

__all__ = ["Fix", "certify", "propose_hiding"]

MAX_PRUNE = 12


@dataclass
class Certificate:
    """The system check plus the new cells the pairwise differences blame."""

    system: SystemCheck
    pairwise_cells: Counter[PublishedCell] = field(default_factory=Counter)
    pairwise_risks: int = 0

    @property
    def ok(self) -> bool:
        return self.system.ok and not self.pairwise_risks

    def blamed(self) -> Counter[PublishedCell]:
        return blame(self.system.risks) + self.pairwise_cells


@dataclass
class Fix:
    """New cells to hide so that the release can be published, and the check that proves it."""

    hide: list[PublishedCell]
    certificate: Certificate
    checks: int

    @property
    def found(self) -> bool:
        return self.certificate.ok


def certify(
    new: Sequence[PublishedCell],
    earlier: Sequence[PublishedCell],
    *,
    k: int,
    complete: Mapping[str, frozenset] | None = None,
    memo: dict[bytes, Verdict] | None = None,
) -> Certificate:
    """Both guards over ``new`` (cells of one release) beside ``earlier``."""
    k = check_k(k)
    system = find_system_risks(new, earlier, k=k, complete=complete, memo=memo)
    mine = set(map(id, new))
    counter: Counter[PublishedCell] = Counter()
    risks = 0
    for risk in find_differencing_risks(new, earlier, k=k):
        small_mine, large_mine = id(risk.smaller) in mine, id(risk.larger) in mine
        if small_mine and large_mine:
            continue  # within the release: the suppressor's part
        risks += 1
        counter[risk.smaller if small_mine else risk.larger] += 1
    return Certificate(system, counter, risks)


def propose_hiding(
    new: Sequence[PublishedCell],
    earlier: Sequence[PublishedCell],
    *,
    k: int,
    complete: Mapping[str, frozenset] | None = None,
) -> Fix:
    """The fewest new cells (greedy) whose hiding leaves no risk, with its certificate."""
    shown = list(new)
    hidden: list[PublishedCell] = []
    memo: dict[bytes, Verdict] = {}  # most subsystems are the same in every round
    certificate = certify(shown, earlier, k=k, complete=complete, memo=memo)
    checks = 1
    while not certificate.ok and shown:
        blamed = certificate.blamed()
        if not blamed:
            break
        picks = _cover(certificate, blamed)
        hidden.extend(picks)
        shown = [c for c in shown if all(c is not p for p in picks)]
        certificate = certify(shown, earlier, k=k, complete=complete, memo=memo)
        checks += 1
    if certificate.ok:
        for cell in list(reversed(hidden[:-1]))[:MAX_PRUNE]:
            trial = [*shown, cell]
            attempt = certify(trial, earlier, k=k, complete=complete, memo=memo)
            checks += 1
            if attempt.ok:
                shown, certificate = trial, attempt
                hidden.remove(cell)
    return Fix(hidden, certificate, checks)


def _cover(certificate: Certificate, blamed: Counter[PublishedCell]) -> list[PublishedCell]:
    """One blamed cell per risk, the most-blamed first, so each risk loses a cell."""

    def rank(cell: PublishedCell) -> tuple[int, int]:
        return (blamed[cell], -cell.count)

    picks: list[PublishedCell] = []
    for risk in certificate.system.risks:
        if any(any(p is c for p in picks) for c in risk.new_cells) or not risk.new_cells:
            continue
        picks.append(max(risk.new_cells, key=rank))
    # Each pairwise risk blames one new cell: hide each of them.
    picks += [c for c in certificate.pairwise_cells if all(c is not p for p in picks)]
    return picks

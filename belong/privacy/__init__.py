"""Disclosure control for Belong's aggregate releases. Pure Python, no Django, no models.

* :func:`suppress_small_cells` hides every cell describing 1..k-1 people and enough
  other cells (complementary suppression) that none can be rebuilt from the margins,
  across any number of tables linked through shared cells.
* :func:`suppress_one_way` does the same, vectorised, for many independent one-way
  tables whose totals are published.
* :func:`feasible_ranges` is the attacker's view, used to audit both.
* :func:`find_differencing_risks` checks a release against earlier ones so that two
  safe tables cannot be subtracted into an unsafe one.
* :func:`find_system_risks` reads everything an audience has seen as one linear
  system, so that no combination of releases pins down a small group;
  :func:`propose_hiding` offers the fewest new cells to hide, re-certified.
* :func:`add_calibrated_noise` adds differentially private noise for public releases.

See ``docs/privacy.md`` for the plain-words account and
``docs/decisions/0004-small-cell-suppression.md`` for the reasoning.
"""

from belong.privacy._system_solve import OutOfTime, SolverFailure, time_budget
from belong.privacy.audit import feasible_ranges, find_disclosed_cells, find_narrow_cells
from belong.privacy.constraints import CellKey, Constraint, ProtectionError
from belong.privacy.differencing import DifferencingRisk, PublishedCell, find_differencing_risks
from belong.privacy.noise import (
    NoisyCounts,
    add_calibrated_noise,
    noise_standard_deviation,
    total_epsilon,
)
from belong.privacy.suppression import (
    Suppression,
    one_way_rows_to_hide,
    suppress_one_way,
    suppress_small_cells,
)
from belong.privacy.system import Atom, SystemCheck, SystemRisk, find_system_risks
from belong.privacy.system_fix import Certificate, Fix, certify, propose_hiding

DEFAULT_K = 10
"""The school's default threshold: a cell describing fewer than 10 people is hidden."""

__all__ = [
    "DEFAULT_K",
    "Atom",
    "CellKey",
    "Certificate",
    "Constraint",
    "DifferencingRisk",
    "Fix",
    "NoisyCounts",
    "OutOfTime",
    "ProtectionError",
    "PublishedCell",
    "SolverFailure",
    "Suppression",
    "SystemCheck",
    "SystemRisk",
    "add_calibrated_noise",
    "certify",
    "feasible_ranges",
    "find_differencing_risks",
    "find_disclosed_cells",
    "find_narrow_cells",
    "find_system_risks",
    "noise_standard_deviation",
    "one_way_rows_to_hide",
    "propose_hiding",
    "suppress_one_way",
    "suppress_small_cells",
    "time_budget",
    "total_epsilon",
]

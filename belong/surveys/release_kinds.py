"""Survey results as a publishing kind (contract: ``belong.publishing.kinds``).

A results release is built from one closed campaign
(``surveys.actions.results.build_results``); its subject is the instrument,
so every wave of an instrument released to an audience is checked together
by the guard.
"""

from __future__ import annotations

from collections.abc import Mapping

from belong.publishing.kinds import ModuleKind


class SurveyResults(ModuleKind):
    code = "surveys"
    label = "Survey results"
    build_url_name = "surveys:home"
    cells_module = "belong.surveys.results.cells"
    pages_module = "belong.surveys.results.presentation"
    exports: Mapping[str, str] = {
        "cuts": "Responses by group",
        "scales": "Scale scores",
        "favourable": "Favourable answers",
        "gaps": "Gaps between groups",
        "trend": "Change since the previous wave",
    }


KINDS = (SurveyResults(),)

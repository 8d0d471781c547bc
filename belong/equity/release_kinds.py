"""Outcome releases as a publishing kind (contract: ``belong.publishing.kinds``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from belong.privacy import PublishedCell
from belong.publishing.kinds import ReleaseKind
from belong.publishing.noise import NoisyRelease


class EquityReleases(ReleaseKind):
    code = "equity"
    label = "Outcomes monitoring"

    @property
    def exports(self) -> Mapping[str, str]:  # type: ignore[override]
        from belong.equity.presentation import EXPORTABLE

        return EXPORTABLE

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        from belong.equity.analytics import ReleaseResult

        return ReleaseResult.from_dict(result).published_cells(label)

    def add_noise(
        self, result: Mapping[str, Any], *, epsilon: float, bounded: bool
    ) -> NoisyRelease:
        from belong.equity.noise import add_noise

        return add_noise(result, epsilon=epsilon, bounded=bounded)


KINDS = (EquityReleases(),)

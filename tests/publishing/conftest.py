from __future__ import annotations

import pytest

from tests.factories.equity import SmallSchool, load_school


@pytest.fixture
def school(world) -> SmallSchool:  # type: ignore[no-untyped-def]
    """The personas' world plus a small synthetic school (about 3,000 people)."""
    return load_school(0.04)

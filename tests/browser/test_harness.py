"""The accessibility check itself must be able to fail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible


def test_axe_reports_an_unlabelled_field_and_low_contrast(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content(
        "<!doctype html><html lang='en'><head><title>t</title></head><body><main>"
        "<input type='text'><p style='color:#bbb;background:#fff'>faint</p></main></body></html>"
    )
    with pytest.raises(AssertionError, match="accessibility violation") as caught:
        assert_accessible(page)
    assert "label" in str(caught.value) and "color-contrast" in str(caught.value)

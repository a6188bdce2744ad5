"""The light and dark palettes: what cannot be used now looks so."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from explorer.ui.theme import palette_for


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_disabled_text_is_fainter_than_text(theme: str) -> None:
    palette = palette_for(theme)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        active = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert disabled != active
        background = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
        # nearer the background than the text is: faded, still legible
        assert abs(disabled.lightness() - background.lightness()) < abs(
            active.lightness() - background.lightness()
        )

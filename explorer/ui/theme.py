"""Light and dark palettes; "system" follows the platform's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#26272b",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2b2c30",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#3b6fb6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2b2c30",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Link: "#8cc4ff",
}
LIGHT = {
    QPalette.ColorRole.Window: "#f3f3f3",
    QPalette.ColorRole.WindowText: "#202124",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f6f8fa",
    QPalette.ColorRole.Text: "#202124",
    QPalette.ColorRole.Button: "#ececec",
    QPalette.ColorRole.ButtonText: "#202124",
    QPalette.ColorRole.Highlight: "#2f6fd0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffe8",
    QPalette.ColorRole.ToolTipText: "#202124",
    QPalette.ColorRole.PlaceholderText: "#80868b",
    QPalette.ColorRole.Link: "#0b5cad",
}

MARKS = {"light": ("#fff2a8", "#202124"), "dark": ("#7a6a00", "#ffffff")}
"""A searched word's mark: its background and its text, the same in the reader and in the
result list, selected or not (white on the pale yellow could not be read): 14.6:1 and 5.4:1,
past WCAG AA's 4.5:1."""


def mark_colours(dark: bool) -> tuple[str, str]:
    """(background, text) of a searched word's mark in this theme."""
    return MARKS["dark" if dark else "light"]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: str) -> float:
        c = QColor(colour)
        channels = [
            v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c.redF(), c.greenF(), c.blueF())
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


FADED = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText)
"""What a disabled widget writes in its placeholder's colour: a menu item that cannot be
chosen now (Undo with nothing to undo) looks so."""


def palette_for(theme: str) -> QPalette:
    """The palette of "light" or "dark"."""
    colours = DARK if theme == "dark" else LIGHT
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))  # every group: active, inactive, disabled
    faded = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in FADED:
        palette.setColor(QPalette.ColorGroup.Disabled, role, faded)
    return palette


def apply_theme(app: QApplication, name: str = "system") -> str:
    """Apply "light", "dark" or "system"; returns the theme actually applied."""
    chosen = ("dark" if system_prefers_dark() else "light") if name == "system" else name
    app.setStyle("Fusion")
    app.setPalette(palette_for(chosen))
    return chosen

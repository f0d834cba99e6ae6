"""The one look of the application: the app-wide stylesheet, and the text size the adviser chose.

Every widget is styled by ``resources/style/app.qss``, set once on the application: no screen
sets a stylesheet of its own. A label that says a state asks for its tone (``set_tone``), which
the stylesheet colours. The text follows the system's font and size; Affichage › Agrandir le
texte scales it by steps, for the whole application at once, and the step is kept in the
settings. The largest step is bounded so that every dialog still fits a 1366×768 screen
(``tests/gui/test_dialogs_fit.py`` runs at that step too).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from pej_desktop.config import resources_dir

TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.45)
NORMAL_STEP = TEXT_SCALES.index(1.0)
TEXT_STEP_SETTING = "view/text_size_step"

# What the stylesheet cannot say: the palette that painted items (the catalogue's list, the
# charts) and placeholders read. Fusion's placeholder (black at half opacity) was 4.0:1 on white.
PALETTE: dict[str, str] = {
    "Window": "#ffffff", "WindowText": "#161616", "Base": "#ffffff", "AlternateBase": "#f6f6f6",
    "Text": "#161616", "PlaceholderText": "#666666", "Button": "#ffffff", "ButtonText": "#000091",
    "Highlight": "#000091", "HighlightedText": "#ffffff", "Link": "#000091", "LinkVisited": "#6a2d8f",
    "ToolTipBase": "#161616", "ToolTipText": "#ffffff",
}
DISABLED_TEXT = "#666666"
# The pairs that must reach 4.5:1 (tests/unit/test_stylesheet.py).
PALETTE_PAIRS = (("Text", "Base"), ("PlaceholderText", "Base"), ("WindowText", "Window"), ("ButtonText", "Button"),
                 ("HighlightedText", "Highlight"), ("Link", "Base"), ("LinkVisited", "Base"),
                 ("ToolTipText", "ToolTipBase"), ("Text", "AlternateBase"))

_system_font: QFont | None = None


def stylesheet_path() -> str:
    return str(resources_dir() / "style" / "app.qss")


@cache
def stylesheet_template() -> str:
    with open(stylesheet_path(), encoding="utf-8") as source:
        return source.read()


def stylesheet() -> str:
    """The stylesheet; it names no font size, so a new text size never has to re-set it."""
    return stylesheet_template()


def system_font() -> QFont:
    """The font the system gave the application, read once before any step changes it."""
    global _system_font
    if _system_font is None:
        _system_font = QFont(QGuiApplication.font())
    return QFont(_system_font)


def install_look(app: QApplication) -> None:
    """Fusion everywhere (the stylesheet then looks the same on Windows and Linux), a light
    palette even under a dark system theme (the stylesheet's contrasts are computed on it)."""
    system_font()
    if app.style().name().lower() != "fusion":  # once: a style replaced under live widgets crashes
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(light_palette(app.style().standardPalette()))
    if app.styleSheet() != stylesheet():
        app.setStyleSheet(stylesheet())
    apply_text_step(app, NORMAL_STEP)


def light_palette(palette: QPalette) -> QPalette:
    for role, colour in PALETTE.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for disabled in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, disabled, QColor(DISABLED_TEXT))
    return palette


def point_size(step: int) -> float:
    base = system_font().pointSizeF()
    return (base if base > 0 else 10.0) * TEXT_SCALES[step]


def apply_text_step(app: QApplication, step: int) -> None:
    """Scale the system font for the whole application. The stylesheet stays as it is: re-setting
    it repolishes every widget, and crashed Qt on dialogs kept hidden under the window."""
    font = system_font()
    font.setPointSizeF(point_size(bounded(step)))
    ratio = font.pointSizeF() / app.font().pointSizeF()
    app.setFont(font)  # for the windows to come
    if ratio != 1.0:
        scale_open_windows(app, ratio)


def scale_open_windows(app: QApplication, ratio: float) -> None:
    """A widget polished by the stylesheet keeps its font when the application's changes: each
    is told, in proportion (a figure twice the text's size stays so; a bold title stays bold).
    Sizes are read before any is set, so a child inheriting its parent's is not scaled twice."""
    widgets = [w for window in app.topLevelWidgets() for w in (window, *window.findChildren(QWidget))]
    sizes = [widget.font().pointSizeF() for widget in widgets]
    for widget, size in zip(widgets, sizes, strict=True):
        sized = QFont(widget.font())
        sized.setPointSizeF(size * ratio)
        widget.setFont(sized)


def enlarge(widget: QWidget, ratio: float) -> None:
    """A figure: bold, bigger than the rest relative to the adviser's text size, never in pixels."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * ratio)
    font.setBold(True)
    widget.setFont(font)


def bounded(step: int) -> int:
    return max(0, min(len(TEXT_SCALES) - 1, step))


def saved_step(settings: QSettings) -> int:
    value = settings.value(TEXT_STEP_SETTING, NORMAL_STEP)
    try:
        return bounded(int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return NORMAL_STEP


def change_text_step(settings: QSettings, delta: int | None) -> int:
    """One step larger (+1) or smaller (-1), or back to normal (None); applied and kept."""
    step = NORMAL_STEP if delta is None else bounded(saved_step(settings) + delta)
    settings.setValue(TEXT_STEP_SETTING, step)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_text_step(app, step)
    return step


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour a label by the state it says (error, success, warning, info, note, figure) through
    the stylesheet; the sentence says the state, the colour only underlines it."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)

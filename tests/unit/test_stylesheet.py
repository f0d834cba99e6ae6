"""The one stylesheet: readable colours (WCAG contrast), a visible focus, no per-widget styles.

The stylesheet is parsed as text: every rule that gives a text colour is paired with its own
background, or with the window's white when it has none, and the pair must reach 4.5:1
(WCAG 2.1 AA for normal text). Disabled text is held to the same ratio. The focus rules must
give every focusable widget type a border of at least 2 px.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pej_desktop.views.look import stylesheet, stylesheet_template

ROOT = Path(__file__).resolve().parents[2]
WINDOW = "#ffffff"
AA = 4.5
FOCUSABLE = ("QPushButton", "QToolButton", "QLineEdit", "QPlainTextEdit", "QTextEdit", "QTextBrowser", "QComboBox",
             "QSpinBox", "QDoubleSpinBox", "QDateEdit", "QCheckBox", "QRadioButton", "QListView", "QListWidget",
             "QTreeView", "QTableView", "QTableWidget", "QTabBar::tab")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def rules(text: str) -> list[tuple[list[str], dict[str, str]]]:
    parsed = []
    for selectors, body in RULE.findall(COMMENT.sub("", text)):
        declarations = dict(
            (name.strip(), value.strip()) for name, _, value in
            (line.partition(":") for line in body.split(";") if ":" in line))
        parsed.append(([s.strip() for s in selectors.split(",")], declarations))
    return parsed


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_pairs(text: str) -> list[tuple[str, str, str]]:
    """(selectors, text colour, background) for every rule that colours text."""
    pairs = []
    for selectors, declarations in rules(text):
        for fg_name, bg_name in (("color", "background-color"), ("selection-color", "selection-background-color"),
                                 ("placeholder-text-color", "background-color")):
            if fg_name in declarations:
                background = declarations.get(bg_name, declarations.get("background", WINDOW))
                if background == "transparent":
                    background = WINDOW
                pairs.append((", ".join(selectors), declarations[fg_name], background))
    return pairs


def test_contrast_is_computed_as_wcag_says() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


def test_every_text_colour_of_the_stylesheet_reaches_4_5_to_1_with_its_background() -> None:
    pairs = colour_pairs(stylesheet())
    assert len(pairs) > 20  # the parser really read the rules
    assert any(":disabled" in selectors for selectors, _fg, _bg in pairs)  # disabled text is held to it too
    weak = {selectors: round(contrast(fg, bg), 2) for selectors, fg, bg in pairs if contrast(fg, bg) < AA}
    assert weak == {}


def test_colours_are_hexadecimal_so_that_they_can_be_checked() -> None:
    for _selectors, declarations in rules(stylesheet()):
        for name in ("color", "background-color", "selection-color", "selection-background-color",
                     "placeholder-text-color"):
            value = declarations.get(name)
            assert value is None or value == "transparent" or re.fullmatch(r"#[0-9a-f]{6}", value), (name, value)


def focus_border_px(text: str, widget_type: str) -> int:
    widest = 0
    for selectors, declarations in rules(text):
        if any(s.startswith(widget_type) and ":focus" in s for s in selectors):
            for name in ("border", "outline"):
                if match := re.match(r"(\d+)px solid #[0-9a-f]{6}", declarations.get(name, "")):
                    widest = max(widest, int(match.group(1)))
    return widest


@pytest.mark.parametrize("widget_type", FOCUSABLE)
def test_focus_is_shown_by_a_border_of_at_least_2_px(widget_type: str) -> None:
    assert focus_border_px(stylesheet_template(), widget_type) >= 2


def test_no_font_size_in_pixels_the_system_size_is_followed() -> None:
    template = stylesheet_template()
    assert not re.search(r"font(-size)?\s*:", template)  # the application's font, scaled by the steps


def test_no_screen_sets_a_stylesheet_of_its_own() -> None:
    """One stylesheet for the app: a label says its state with ``look.set_tone``."""
    views = ROOT / "pej_desktop" / "views"
    offenders = [str(path.relative_to(ROOT)) for path in views.rglob("*.py")
                 if path.name != "look.py" and "setStyleSheet(" in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_badges_painted_on_offers_are_readable_white_on_colour() -> None:
    """The catalogue's badges (drawn by the delegate, outside the stylesheet) carry a word, and
    their white text reaches 4.5:1 on every badge colour."""
    from pej_desktop.views.catalogue.offer_delegate import BADGE_COLOURS

    weak = {kind: round(contrast(c.name(), WINDOW), 2) for kind, c in BADGE_COLOURS.items()
            if contrast(c.name(), WINDOW) < AA}
    assert weak == {}


def test_the_palette_painted_items_and_placeholders_read_is_as_readable() -> None:
    """The catalogue's second lines and the fields' placeholders use the palette, not the stylesheet."""
    from pej_desktop.views.look import DISABLED_TEXT, PALETTE, PALETTE_PAIRS

    weak = {f"{fg}/{bg}": round(contrast(PALETTE[fg], PALETTE[bg]), 2) for fg, bg in PALETTE_PAIRS
            if contrast(PALETTE[fg], PALETTE[bg]) < AA}
    assert weak == {}
    assert contrast(DISABLED_TEXT, PALETTE["Base"]) >= AA
    assert contrast(DISABLED_TEXT, "#eeeeee") >= AA  # a disabled field's background

"""``make screenshot``: the real app under Xvfb draws each main screen at 1366×768, from a
throw-away folder of fictional data (nothing of the developer's own data folder is read)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO_ROOT

SCREENS = ("catalogue.png", "young-people.png", "dashboard.png", "guide.png")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is installed by `make system-deps`")
def test_make_screenshot_draws_every_main_screen_at_the_laptop_size(tmp_path: Path, data_dir: Path) -> None:
    marker = data_dir / "settings.ini"
    marker.write_text("[view]\ntext_size_step=3\n", encoding="utf-8")  # the developer's own settings
    result = subprocess.run([sys.executable, str(REPO_ROOT / "packaging" / "screenshot.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    sizes = {name: Image.open(tmp_path / name).size for name in SCREENS}
    assert {name: size for name, size in sizes.items() if name != "guide.png"} == {
        "catalogue.png": (1366, 768), "young-people.png": (1366, 768), "dashboard.png": (1366, 768)}
    guide_width, guide_height = sizes["guide.png"]
    assert guide_width <= 1366 and guide_height <= 768
    assert marker.read_text(encoding="utf-8") == "[view]\ntext_size_step=3\n"  # untouched: a throw-away folder
    colours = Image.open(tmp_path / "young-people.png").convert("RGB").getcolors(1_000_000) or []
    assert any(rgb == (0, 0, 145) for _count, rgb in colours)  # bleu France: the stylesheet was applied

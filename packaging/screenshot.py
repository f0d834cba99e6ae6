"""Screenshot of the real application for the docs: ``make screenshot``.

Starts a private X server (Xvfb) on a free display, runs ``pej-desktop`` on it with a
throw-away data folder (so the demo catalogue is shown, never anyone's data), waits
until the main window is mapped and its content has stopped changing, and grabs it
with ImageMagick's ``import``. Nothing inside the application knows it is being
photographed.

    python packaging/screenshot.py docs/images/main-window.png [--bundle]

``--bundle`` photographs the built bundle (dist/pej-desktop) instead of the sources.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOW_TITLE = "PEJ Desktop"
SCREEN = "1280x800x24"
WINDOW_TIMEOUT_S = 30.0
SETTLE_TIMEOUT_S = 20.0


class ScreenshotFailed(Exception):
    pass


def free_display() -> int:
    """A display number with neither a lock file nor a socket: ours alone."""
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise ScreenshotFailed("no free X display number between :90 and :199")


def start_xvfb(number: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise ScreenshotFailed(f"Xvfb :{number} did not start")
        time.sleep(0.1)
    return server


def app_command(bundle: bool) -> list[str]:
    if bundle:
        return [str(ROOT / "dist" / "pej-desktop" / "pej-desktop")]
    return [sys.executable, "-m", "pej_desktop"]


def start_app(command: list[str], display: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "PEJ_DATA_DIR", "WAYLAND_DISPLAY"}}
    env.update(DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb", LANG="fr_FR.UTF-8",
               PEJ_SKIP_FIRST_RUN="1")  # the main window, not the first-run assistant over it
    with open(log, "wb") as out:
        return subprocess.Popen([*command, "--data-dir", str(data_dir)], cwd=data_dir.parent, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def find_window(display: int) -> str | None:
    """The X id of the mapped window titled WINDOW_TITLE, or None while there is none."""
    result = subprocess.run(["xwininfo", "-display", f":{display}", "-name", WINDOW_TITLE],
                            capture_output=True, text=True, timeout=30)
    match = re.search(r"Window id: (0x[0-9a-f]+)", result.stdout)
    return match.group(1) if match and "IsViewable" in result.stdout else None


def grab(display: int, window: str, target: Path) -> None:
    # A window id, never a name: given a name it cannot find, import waits for a click.
    subprocess.run(["import", "-display", f":{display}", "-window", window, str(target)],
                   check=True, capture_output=True, timeout=30)


def wait_for_window(display: int, app: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    while (window := find_window(display)) is None:
        if app.poll() is not None:
            raise ScreenshotFailed(f"the application exited with {app.returncode} before showing its window")
        if time.monotonic() > deadline:
            raise ScreenshotFailed(f"no window titled {WINDOW_TITLE!r} after {WINDOW_TIMEOUT_S:.0f} s")
        time.sleep(0.3)
    return window


def wait_until_settled(display: int, window: str, target: Path) -> None:
    """Grab until two grabs in a row are identical: background loading is done."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    grab(display, window, target)
    previous = target.read_bytes()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        grab(display, window, target)
        current = target.read_bytes()
        if current == previous:
            return
        previous = current
    raise ScreenshotFailed(f"the window was still changing after {SETTLE_TIMEOUT_S:.0f} s")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def take(output: Path, *, bundle: bool) -> None:
    for tool in ("Xvfb", "xwininfo", "import"):
        if shutil.which(tool) is None:
            raise ScreenshotFailed(f"{tool} is missing: run `make system-deps`")
    output.parent.mkdir(parents=True, exist_ok=True)
    server = app = None
    with tempfile.TemporaryDirectory(prefix="pej-screenshot-") as folder:
        work = Path(folder)
        try:
            display = free_display()
            server = start_xvfb(display)
            app = start_app(app_command(bundle), display, work / "data", work / "app.log")
            shot = work / "shot.png"
            wait_until_settled(display, wait_for_window(display, app), shot)
            shutil.copyfile(shot, output)
        except (ScreenshotFailed, subprocess.SubprocessError):
            log = work / "app.log"
            if log.exists():
                sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
            raise
        finally:
            stop(app)
            stop(server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, nargs="?", default=ROOT / "docs" / "images" / "main-window.png")
    parser.add_argument("--bundle", action="store_true", help="photograph dist/pej-desktop instead of the sources")
    args = parser.parse_args(argv)
    try:
        take(args.output, bundle=args.bundle)
    except (ScreenshotFailed, subprocess.SubprocessError) as error:
        print(f"Screenshot failed: {error}", file=sys.stderr)
        return 1
    print(f"Screenshot written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

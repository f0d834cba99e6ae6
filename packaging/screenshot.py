"""Pictures of the real application for the docs: ``make screenshot``.

Starts a private X server (Xvfb) at the advisers' 1366×768 on a free display, and runs this
same script inside it (``--inside``) with a throw-away data folder and a throw-away secret
store: the demo catalogue (fictional partners) and one fictional young person, never anyone's
data. Inside, the real main window is opened at 1366×768 and each main screen is drawn by Qt
into a PNG once its background loading has settled:

    catalogue.png     the catalogue with an offer selected
    young-people.png  the « Jeunes » tab with the demo young person selected and checked
    dashboard.png     the dashboard
    guide.png         Aide › Guide du conseiller

    python packaging/screenshot.py docs/images
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sync.protocol.french_cli import FrenchArgumentParser

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1366, 768
SCREEN = f"{WIDTH}x{HEIGHT}x24"
TIMEOUT_S = 60.0
# Fictional: no real person has this name and file number.
DEMO_PERSON = ("prenom;nom;date_naissance;code_postal;reference;debut_cej;fin_prevue_cej\n"
               "Inès;Exemple;{birth};69003;1234567890;{start};{end}\n")
DEMO_ACTIVATIONS = ("demo-ali-001", "demo-mob-007")  # offers of the demo catalogue (fictional partners)


class ScreenshotFailed(Exception):
    pass


# -- outside: the X server ---------------------------------------------------------------------
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


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def take(output: Path) -> None:
    if shutil.which("Xvfb") is None:
        raise ScreenshotFailed("Xvfb is missing: run `make system-deps`")
    output.mkdir(parents=True, exist_ok=True)
    server = None
    with tempfile.TemporaryDirectory(prefix="pej-screenshot-") as folder:
        env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
        try:
            display = free_display()
            server = start_xvfb(display)
            env.update(DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb", LANG="fr_FR.UTF-8", PEJ_SKIP_FIRST_RUN="1",
                       PEJ_DATA_DIR=str(Path(folder) / "data"))
            subprocess.run([sys.executable, __file__, "--inside", str(output.resolve())], env=env, check=True,
                           timeout=TIMEOUT_S * 4, cwd=folder)
        finally:
            stop(server)


# -- inside: the real window, on fictional data -------------------------------------------------
def demo_file(paths) -> int:  # type: ignore[no-untyped-def]
    """The adviser and one fictional young person, checked eligible (through the app's operations)."""
    from pej_desktop.domain.eligibility import Confirmations
    from pej_desktop.domain.people import Adviser
    from pej_desktop.ops import people
    from pej_desktop.ops.activations import activate_offers
    from pej_desktop.ops.catalogue import load_demo_if_empty
    from pej_desktop.ops.integrity import open_catalogue

    today = dt.date.today()
    store = people.open_personal_store(paths).store
    catalogue, _recovery = open_catalogue(paths)
    load_demo_if_empty(catalogue)  # as at a first start: the demo catalogue, fictional partners
    people.save_adviser(store, Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                                       agency_name="Mission Locale de Lyon", agency_code="69001",
                                       phone="04 72 00 00 00", email="camille.durand@ml-lyon.example.org"))
    row = DEMO_PERSON.format(birth="14/03/2004", start=f"{today - dt.timedelta(days=60):%d/%m/%Y}",
                             end=f"{today + dt.timedelta(days=300):%d/%m/%Y}")
    people.import_young_people(store, row.encode("utf-8"), today=today)
    person_id = people.find_person_id(store, "1234567890")
    assert person_id is not None
    people.run_eligibility_check(store, catalogue, person_id, Confirmations(not_student=True, not_in_training=True),
                                 on=today)
    report = activate_offers(store, catalogue, person_id, DEMO_ACTIVATIONS, uses_per_month={"demo-mob-007": 4})
    if not all(result.activated for result in report.results):
        raise ScreenshotFailed(f"the demo activations were refused: {[r.reason for r in report.results]}")
    store.close()
    catalogue.close()
    return person_id


def wait_until(app, condition: Callable[[], bool], what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise ScreenshotFailed(f"{what}: still not ready after {TIMEOUT_S:.0f} s")
        app.processEvents()
        time.sleep(0.05)


def settle(app, seconds: float = 1.0) -> None:  # type: ignore[no-untyped-def]
    """Let queued loads and paints finish (the window's reads run on workers)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def photograph(widget, target: Path) -> None:  # type: ignore[no-untyped-def]
    if not widget.grab().save(str(target)):
        raise ScreenshotFailed(f"could not write {target}")
    print(f"Screenshot written to {target}")


def inside(output: Path) -> None:
    from pej_desktop.config import resolve_paths
    from pej_desktop.ops.self_check import throwaway_secret_store

    paths = resolve_paths(None).ensure()
    with throwaway_secret_store():
        person_id = demo_file(paths)
        photograph_screens(paths, person_id, output)


def check_eligibility(app, page, person_id: int) -> None:  # type: ignore[no-untyped-def]
    """As the adviser does: « Vérifier l'éligibilité… », both confirmations, « Vérifier »."""
    page.check_eligibility()
    wait_until(app, lambda: page.dialog is not None and page.dialog.isVisible(), "the eligibility dialog")
    dialog = page.dialog
    dialog.not_student.setChecked(True)
    dialog.not_in_training.setChecked(True)
    dialog.check_button.click()
    wait_until(app, lambda: page.eligibility.checked_person_id == person_id, "the eligibility check")


def photograph_screens(paths, person_id: int, output: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QCheckBox

    from pej_desktop.app import make_application, open_session
    from pej_desktop.views.main_window import MainWindow

    app = make_application([sys.argv[0]])
    window = MainWindow(open_session(paths))
    window.setGeometry(0, 0, WIDTH, HEIGHT)
    window.show()
    window.start()
    catalogue = window.catalogue_page
    wait_until(app, lambda: catalogue.model.rowCount() > 0, "the catalogue")
    catalogue.result_view.setCurrentIndex(catalogue.model.index(1, 0))
    wait_until(app, lambda: bool(catalogue.detail.toPlainText().strip()), "the offer's detail")
    settle(app)
    photograph(window, output / "catalogue.png")

    page = window.young_people_page
    wait_until(app, lambda: page.store is not None and page.model.rowCount() > 0, "the young people")
    window.show_page(page)
    page.select_person(person_id)
    wait_until(app, lambda: window.activations.panel.shown_person_id == person_id, "the interview")
    check_eligibility(app, page, person_id)
    for need in ("need_food", "need_transport"):
        box = page.findChild(QCheckBox, need)
        if box is not None:
            box.setChecked(True)
    settle(app, 2.0)
    photograph(window, output / "young-people.png")

    window.show_page(window.dashboard_page)
    settle(app, 2.0)
    photograph(window, output / "dashboard.png")

    window.open_help("guide")
    guide = window.help_dialog
    assert guide is not None
    settle(app)
    photograph(guide, output / "guide.png")
    guide.close()
    window.close()
    window.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(
        description="Captures d'écran de l'application réelle pour la documentation (make screenshot).")
    parser.add_argument("output", type=Path, nargs="?", default=ROOT / "docs" / "images",
                        metavar="DOSSIER", help="dossier des images (docs/images)")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.inside is not None:
            inside(args.inside)
        else:
            take(args.output)
    except (ScreenshotFailed, subprocess.SubprocessError) as error:
        print(f"Screenshot failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

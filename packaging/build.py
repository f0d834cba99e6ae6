"""Build the desktop bundle with PyInstaller, then run the BUNDLED executable.

``make package`` runs this on Linux (CI too); on Windows and macOS run
``python packaging/build.py`` from the project's virtual environment. After the build,
the bundled executable must answer ``--version`` and pass ``self-check`` offscreen,
from a folder outside the source tree: a bundle that misses a file fails here, not on
an adviser's PC. Exits non-zero, loudly, on any failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_contents as contents

from sync.protocol.french_cli import FrenchArgumentParser

ROOT = contents.REPO_ROOT
SPEC = ROOT / "packaging" / "pej-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
RUN_TIMEOUT_S = 180


class BuildFailed(Exception):
    pass


def bundle_dir() -> Path:
    if sys.platform == "darwin":
        return DIST / f"{contents.DISPLAY_NAME}.app"
    return DIST / contents.BUNDLE_NAME


def bundled_executable() -> Path:
    """The executable that answers on the command line (the console twin on Windows)."""
    if sys.platform == "win32":
        return bundle_dir() / f"{contents.CONSOLE_NAME}.exe"
    if sys.platform == "darwin":
        return bundle_dir() / "Contents" / "MacOS" / contents.BUNDLE_NAME
    return bundle_dir() / contents.BUNDLE_NAME


def internal_dir() -> Path:
    if sys.platform == "darwin":
        return bundle_dir() / "Contents" / "Frameworks"
    return bundle_dir() / "_internal"


def run_pyinstaller(*, clean: bool) -> float:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    print("$ " + " ".join(command), flush=True)
    started = time.monotonic()
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildFailed("PyInstaller failed (see its messages above)")
    return time.monotonic() - started


def check_layout() -> None:
    """Files the app loads at run time are there; the reference server is not."""
    internal = internal_dir()
    required = [
        internal / "resources" / "demo" / "catalogue.json",
        internal / "resources" / "icons" / "pej-desktop-256.png",
        internal / "pej_desktop" / "store" / "migrations" / "catalogue" / "env.py",
    ] + [internal / dest / Path(src).name for src, dest in contents.qt_translation_files()]
    missing = [str(path.relative_to(bundle_dir())) for path in required if not path.is_file()]
    if missing:
        raise BuildFailed(f"missing from the bundle: {', '.join(missing)}")
    leaked = sorted(p.name for p in internal.iterdir() if p.name.split(".")[0].split("-")[0] in contents.SERVER_MODULES)
    if leaked:
        raise BuildFailed(f"the reference server's packages are in the bundle: {', '.join(leaked)}")


def run_bundled(*args: str) -> tuple[str, float]:
    """Run the bundled executable away from the source tree, with a clean environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PEJ_", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    command = [str(bundled_executable()), *args]
    print("$ " + " ".join(command), flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pej-bundle-run-") as cwd:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=RUN_TIMEOUT_S)
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    print(output.rstrip())
    if result.returncode != 0:
        raise BuildFailed(f"'{' '.join(args)}' of the bundled executable exited with {result.returncode}")
    return result.stdout, elapsed


def check_linux_install() -> None:
    """install.sh into a throw-away prefix: the installed entry is valid and launches."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="pej-install-") as prefix:
        env = {**os.environ, "PREFIX": prefix, "BUNDLE": str(bundle_dir())}
        script = ROOT / "packaging" / "linux" / "install.sh"
        subprocess.run(["bash", str(script)], env=env, check=True, capture_output=True, timeout=RUN_TIMEOUT_S)
        entry = Path(prefix) / "share" / "applications" / f"{contents.BUNDLE_NAME}.desktop"
        if shutil.which("desktop-file-validate"):
            subprocess.run(["desktop-file-validate", str(entry)], check=True, timeout=60)
        launcher = Path(prefix) / "bin" / contents.BUNDLE_NAME
        out = subprocess.run([str(launcher), "--version"], capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if out.returncode != 0 or contents.app_version() not in out.stdout:
            raise BuildFailed(f"the installed launcher does not start: {out.stdout}{out.stderr}")
        subprocess.run(["bash", str(script), "--uninstall"], env=env, check=True, capture_output=True, timeout=60)
        if launcher.exists() or entry.exists():
            raise BuildFailed("install.sh --uninstall left the launcher or the menu entry behind")
    print("Linux per-user install (packaging/linux/install.sh): installed, validated, launched, uninstalled.")


def check_portable_mode() -> None:
    """The portable layout (make_portable.py) keeps its data in data/ beside the program."""
    import make_portable

    with tempfile.TemporaryDirectory(prefix="pej-portable-") as target:
        folder = make_portable.lay_out(bundle_dir(), Path(target), version=contents.app_version())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PEJ_"))}
        env["QT_QPA_PLATFORM"] = "offscreen"
        exe = folder / bundled_executable().relative_to(bundle_dir())
        result = subprocess.run([str(exe), "search", "--limit", "1"], cwd=target, env=env,
                                capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if result.returncode != 0 or not (folder / "data" / "catalogue.sqlite3").is_file():
            raise BuildFailed(f"portable mode did not keep its data beside the program: {result.stderr}")
    print("Portable mode (packaging/make_portable.py layout): data kept in data/ beside the program.")


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(description="Construit le paquet de l'application avec PyInstaller, "
                                              "puis lance l'exécutable empaqueté pour le vérifier.")
    parser.add_argument("--skip-build", action="store_true",
                        help="vérifier seulement le paquet déjà présent dans dist/")
    parser.add_argument("--clean", action="store_true", help="vider d'abord le cache de PyInstaller")
    args = parser.parse_args(argv)
    version = contents.app_version()
    try:
        build_s = 0.0 if args.skip_build else run_pyinstaller(clean=args.clean)
        check_layout()
        out, _ = run_bundled("--version")
        if out.strip() != f"{contents.DISPLAY_NAME} {version}":
            raise BuildFailed(f"--version printed {out.strip()!r}, expected {contents.DISPLAY_NAME} {version}")
        _, check_s = run_bundled("self-check", "--offscreen")
        if sys.platform != "darwin":
            check_portable_mode()
        if sys.platform.startswith("linux"):
            check_linux_install()
    except (BuildFailed, subprocess.TimeoutExpired, subprocess.CalledProcessError) as error:
        print(f"\n*** PACKAGING FAILED: {error}", file=sys.stderr)
        return 1
    size, count = folder_size(bundle_dir())
    print(f"\nBundle OK: {bundle_dir().relative_to(ROOT)} — {size / 2**20:.0f} MiB in {count} files; "
          f"build {build_s:.0f} s, bundled self-check {check_s:.1f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

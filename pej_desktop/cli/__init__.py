"""Command line: ``pej-desktop`` opens the window; sub-commands work headless.

Each sub-command lives in its own module exposing ``register(subparsers)``. Modules
import their heavy dependencies inside the command, so that parsing the command line
stays cheap for the window's cold start.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence

from pej_desktop import APP_NAME, __version__
from pej_desktop.domain.errors import UserError

# Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "pej_desktop.cli.search_cmd",
    "pej_desktop.cli.adviser_cmd",
    "pej_desktop.cli.people_cmd",
    "pej_desktop.cli.check_cmd",
    "pej_desktop.cli.reports_cmd",
    "pej_desktop.cli.selfcheck_cmd",
    "pej_desktop.cli.sync_cmd",
    "pej_desktop.cli.backup_cmd",
    "pej_desktop.cli.duties_cmd",
    "pej_desktop.cli.activate_cmd",
    "pej_desktop.cli.dashboard_cmd",
)


class CommandError(UserError):
    """A failure to report to the user in French, with a non-zero exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    from sync.protocol.french_cli import VERSION_HELP, FrenchArgumentParser

    parser = FrenchArgumentParser(
        prog="pej-desktop",
        description=f"{APP_NAME} — catalogue du Pass Engagement Jeune pour les conseillers CEJ.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help=VERSION_HELP)
    parser.add_argument("--data-dir", metavar="DOSSIER",
                        help="dossier des données locales (sinon $PEJ_DATA_DIR, puis le dossier de l'utilisateur)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _import_before_qt() -> None:
    """The modules the window's first screen needs that do not use Qt, imported before Qt is.

    Importing PySide6 installs an import hook (its ``__feature__`` support) that reads the
    source of every module imported after it; SQLAlchemy and the catalogue's operations
    (about 200 modules) skip it when they come first: 40 ms of a 0.42 s start."""
    importlib.import_module("pej_desktop.ops.integrity")
    importlib.import_module("pej_desktop.ops.catalogue")


def main(argv: Sequence[str] | None = None) -> int:
    from pej_desktop.ops.private_files import private_umask

    private_umask()  # every file this process creates is the adviser's only
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    quiet = _quiet_terminal() if handler is not None else None
    try:
        if handler is None:
            _import_before_qt()
            from pej_desktop.app import run_gui

            return run_gui(args)
        return int(handler(args) or 0)
    except CommandError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception as error:
        return _report_failure(error, args)
    finally:
        if quiet is not None:
            logging.getLogger().removeHandler(quiet)


def _quiet_terminal() -> logging.Handler | None:
    """A command's English warnings stay off the terminal (Python prints them when no log is set up)."""
    root = logging.getLogger()
    if root.handlers:
        return None
    quiet = logging.NullHandler()
    root.addHandler(quiet)
    return quiet


def _report_failure(error: Exception, args: argparse.Namespace) -> int:
    """One French sentence and an exit code (``ops.machine_failures``); a bug's traceback goes to the log only."""
    from pej_desktop.config import resolve_paths
    from pej_desktop.logging_setup import setup_logging
    from pej_desktop.ops.machine_failures import describe

    paths, root = resolve_paths(getattr(args, "data_dir", None)), logging.getLogger()
    before = list(root.handlers)
    previous, logging.raiseExceptions = logging.raiseExceptions, False  # a full disk: no traceback from the log
    try:
        with contextlib.suppress(OSError):  # a read-only or full disk: the sentence still goes out
            setup_logging(paths.log_dir)
        failure = describe(error, data_dir=str(paths.data_dir))
    finally:
        logging.raiseExceptions = previous
        for added in [h for h in root.handlers if h not in before]:  # main() may run again in this process
            root.removeHandler(added)
            added.close()
    print(f"Erreur : {failure.message}", file=sys.stderr)
    return failure.exit_code

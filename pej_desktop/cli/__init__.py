"""Command line: ``pej-desktop`` opens the window; sub-commands work headless.

Each sub-command lives in its own module exposing ``register(subparsers)``. Modules
import their heavy dependencies inside the command, so that parsing the command line
stays cheap for the window's cold start.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pej_desktop import APP_NAME, __version__

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


class CommandError(Exception):
    """A failure to report to the user in French, with a non-zero exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    from pej_desktop.cli.french import VERSION_HELP, FrenchArgumentParser

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    try:
        if handler is None:
            from pej_desktop.app import run_gui

            return run_gui(args)
        return int(handler(args) or 0)
    except CommandError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130

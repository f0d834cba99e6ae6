"""``pej-desktop sync``: send pending activations, update the catalogue, renew the code reserve; no window.

Meant for a scheduled task on a shared PC: a progress bar on the terminal, a summary,
and a non-zero exit code on failure (2 configuration, 4 token refused, 5 invalid data
from the server, 1 network or server, 130 interrupted).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import open_catalogue, paths_from
from pej_desktop.domain.money import format_count
from pej_desktop.ops.sync_failures import refused_records_notice

_EPILOG = ("Le jeton est lu dans le coffre-fort du système (enregistré depuis les paramètres de "
           "l'application), ou dans la variable d'environnement PEJ_API_TOKEN si elle est définie. "
           "Les activations en attente partent en premier, puis le catalogue, puis la réserve de codes est "
           "renouvelée (le fichier des jeunes s'ouvre avec la clé du coffre-fort ou PEJ_PASSPHRASE). "
           "Codes de sortie : 0 succès, 1 réseau ou serveur, 2 configuration, 4 jeton refusé, "
           "5 données invalides reçues, 6 catalogue synchronisé mais fichier des jeunes non ouvert "
           "(activations non envoyées).")
EXIT_ACTIVATIONS_NOT_SENT = 6


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sync", help="synchroniser le catalogue avec l'API nationale", epilog=_EPILOG)
    parser.add_argument("--api", metavar="URL", help="adresse de l'API (sinon celle des paramètres)")
    parser.add_argument("--full", action="store_true", help="tout retélécharger et remplacer le catalogue local")
    parser.add_argument("--page-size", type=int, default=None, metavar="N", help="enregistrements par page (1000)")
    parser.add_argument("--attempts", type=int, default=6, metavar="N",
                        help="tentatives par requête en cas de panne réseau ou serveur (6)")
    parser.add_argument("-q", "--quiet", action="store_true", help="n'afficher que les erreurs")
    parser.set_defaults(func=run)


class TerminalProgress:
    """A one-line progress bar when the output is a terminal, a few plain lines otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO, *, quiet: bool) -> None:
        self.stream, self.quiet = stream, quiet
        self.tty = stream.isatty()
        self._last_line = ""
        self._drawn = False

    def __call__(self, progress) -> None:  # type: ignore[no-untyped-def]
        if self.quiet:
            return
        line = self._line(progress)
        if self.tty:
            self.stream.write("\r" + line.ljust(len(self._last_line)))
            self._drawn = True
        elif line.split(" [")[0] != self._last_line.split(" [")[0]:
            self.stream.write(line + "\n")
        self._last_line = line
        self.stream.flush()

    def _line(self, progress) -> str:  # type: ignore[no-untyped-def]
        if not progress.total:
            return progress.message
        share = min(1.0, progress.done / progress.total)
        filled = int(self.WIDTH * share)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        done, total = format_count(progress.done), format_count(progress.total)
        return f"{progress.message} [{bar}] {share:4.0%} ({done}/{total})"

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _api_url(args: argparse.Namespace) -> str:
    if args.api:
        return args.api
    from pej_desktop.app import app_settings
    from pej_desktop.ops.sync_settings import read_preferences

    preferences = read_preferences(app_settings(paths_from(args)))
    if not preferences.configured:
        raise CommandError("aucune API nationale n'est configurée : indiquez --api URL, ou renseignez "
                           "l'adresse dans les paramètres de synchronisation de l'application.", exit_code=2)
    return preferences.api_url


def _token() -> str:
    from pej_desktop.ops.sync_settings import TOKEN_ENV, TokenNeeded, keyring_token, token_from_env

    token = token_from_env()
    if token:
        return token
    try:
        return keyring_token()
    except TokenNeeded as need:
        if need.no_keyring:
            raise CommandError(f"{need} Pour une tâche planifiée, définissez la variable {TOKEN_ENV}.",
                               exit_code=2) from None
        raise CommandError("aucun jeton d'accès à l'API nationale : enregistrez-le dans les paramètres de "
                           f"synchronisation de l'application, ou définissez la variable {TOKEN_ENV}.",
                           exit_code=2) from None


def run(args: argparse.Namespace) -> int:
    from pej_desktop.ops import device_sync
    from pej_desktop.ops.sync_failures import SyncFailed, raised_as_user_errors
    from pej_desktop.ops.sync_settings import PageSizeRefused, sync_page_size

    try:
        page_size = sync_page_size(args.page_size)
    except PageSizeRefused as refused:
        raise CommandError(f"--page-size doit être compris entre 1 et {refused.maximum}", exit_code=2) from None
    if not 1 <= args.attempts <= 20:
        raise CommandError("--attempts doit être compris entre 1 et 20", exit_code=2)
    progress = TerminalProgress(sys.stderr, quiet=args.quiet)
    try:
        with raised_as_user_errors():
            client = device_sync.client_for(_api_url(args), _token(), attempts=args.attempts)
    except SyncFailed as failed:
        raise CommandError(str(failed), exit_code=failed.exit_code) from None
    store = open_catalogue(args)
    from pej_desktop.cli.activate_cmd import open_personal_quietly

    people, why_not = open_personal_quietly(args)
    try:
        with raised_as_user_errors():
            done = device_sync.sync_device(client, store, people, full=args.full, page_size=page_size,
                                           on_progress=progress)
    except SyncFailed as failed:
        progress.finish()
        raise CommandError(str(failed), exit_code=failed.exit_code) from None
    finally:
        client.close()
        store.close()
        if people is not None:
            people.close()
    progress.finish()
    if not args.quiet:
        print(_summary(done.catalogue))
        if people is not None:
            print(done.exchange.summary())
    if why_not:
        print(f"Attention : {why_not}", file=sys.stderr)
        return EXIT_ACTIVATIONS_NOT_SENT
    return 0


def _summary(result) -> str:  # type: ignore[no-untyped-def]
    if result.outcome == "unchanged":
        return f"Catalogue déjà à jour (version {result.version})." + _refusals(result)
    what = "remplacé" if result.outcome == "replaced" else "mis à jour"
    return (f"Catalogue {what} (version {result.version}) : {format_count(result.applied)} enregistrement(s) "
            f"reçu(s), {format_count(result.deleted)} suppression(s), {result.pages} page(s), {result.seconds:.1f} s."
            + _refusals(result))


def _refusals(result) -> str:  # type: ignore[no-untyped-def]
    notice = refused_records_notice(result)
    return f"\n{notice}" if notice else ""

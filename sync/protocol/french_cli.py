"""argparse in French: usage, section titles, help option and error messages.

Shared by the three command lines (``pej-desktop``, ``pej-national-api`` and the catalogue
generator): it is here, in the package both programs import, because the reference server
imports nothing of the desktop app.

argparse writes its own words in English through gettext. Rather than ship a
translation catalogue, the parser class used for the program and all its
sub-commands says them in French: a formatter with a French « utilisation : »
prefix, French section titles, a French ``-h/--help``, and ``error()`` rewriting the
handful of messages argparse can produce. A message it does not know is printed as it
came, after the French « erreur : » (never a traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

USAGE_PREFIX = "utilisation : "
HELP_TEXT = "afficher cette aide et quitter"
VERSION_HELP = "afficher la version et quitter"

# (argparse's English, the French), most specific first. Names and values stay as typed.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.S), french) for pattern, french in (
    (r"^the following arguments are required: (.*)$", r"arguments obligatoires manquants : \1"),
    (r"^unrecognized arguments: (.*)$", r"arguments non reconnus : \1"),
    (r"^one of the arguments (.*) is required$", r"l'un de ces arguments est obligatoire : \1"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"option ambiguë : \1 peut désigner \2"),
    (r"^invalid choice: (.*) \(choose from (.*)\)$", r"choix invalide : \1 (choix possibles : \2)"),
    (r"^expected one argument$", "une valeur est attendue"),
    (r"^expected at least one argument$", "au moins une valeur est attendue"),
    (r"^expected at most one argument$", "au plus une valeur est attendue"),
    (r"^ignored explicit argument (.*)$", r"valeur non admise : \1"),
    (r"^not allowed with argument (.*)$", r"incompatible avec l'argument \1"),
    (r"^invalid \S+ value: (.*)$", r"valeur invalide : \1"),
    (r"^unexpected option string: (.*)$", r"option inattendue : \1"),
))
_ARGUMENT = re.compile(r"^argument (\S+?): (.*)$", re.S)


def translate(message: str) -> str:
    """argparse's English message in French; « argument X : … » keeps the option's name."""
    found = _ARGUMENT.match(message)
    if found:
        return f"argument {found.group(1)} : {translate(found.group(2))}"
    for pattern, french in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(french, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser (and, through ``add_subparsers``, its sub-parsers) that speaks French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False  # the French -h/--help is added below
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_TEXT)

    def error(self, message: str) -> NoReturn:
        """Usage, then « <program> : erreur : … » in French; exit code 2 as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")

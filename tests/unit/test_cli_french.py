"""argparse's own words in French, and the keyring explanation printed once per data folder."""

from __future__ import annotations

import stat

import pytest

from pej_desktop.cli import build_parser
from pej_desktop.cli.common import EXPLAINED_FILE, explain_once
from sync.protocol.french_cli import translate


@pytest.mark.parametrize(("english", "french"), [
    ("the following arguments are required: --young-person, -o/--output",
     "arguments obligatoires manquants : --young-person, -o/--output"),
    ("unrecognized arguments: --foo", "arguments non reconnus : --foo"),
    ("argument --structure: invalid choice: 'x' (choose from 'mission_locale', 'france_travail')",
     "argument --structure : choix invalide : 'x' (choix possibles : 'mission_locale', 'france_travail')"),
    ("argument --date: expected one argument", "argument --date : une valeur est attendue"),
    ("argument --limit: invalid int value: 'dix'", "argument --limit : valeur invalide : 'dix'"),
    ("one of the arguments --a --b is required", "l'un de ces arguments est obligatoire : --a --b"),
    ("ambiguous option: --da could match --date, --data-dir", "option ambiguë : --da peut désigner --date, --data-dir"),
    ("argument --x: not allowed with argument --y", "argument --x : incompatible avec l'argument --y"),
    ("something argparse never said", "something argparse never said"),
])
def test_argparse_messages_in_french(english: str, french: str) -> None:
    assert translate(english) == french


def test_help_and_errors_of_every_command_are_french(capsys) -> None:  # type: ignore[no-untyped-def]
    parser = build_parser()
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["activate", "--young-person", "1"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : pej-desktop activate")
    assert "pej-desktop activate : erreur : arguments obligatoires manquants : --offer" in err
    for command in ("search", "adviser", "check", "import-young-people", "summary", "activate", "dashboard"):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        out = capsys.readouterr().out
        assert out.startswith(f"utilisation : pej-desktop {command}") and "afficher cette aide et quitter" in out
        assert "usage:" not in out and "show this help message" not in out


def test_the_reference_server_and_the_generator_speak_french_too(capsys) -> None:  # type: ignore[no-untyped-def]
    from sync.generator import main as generator_main
    from sync.server.cli import build_parser as server_parser

    parser = server_parser()
    for argv in (["--help"], ["serve", "--help"], ["token", "--help"]):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)
        out = capsys.readouterr().out
        assert out.startswith("utilisation : pej-national-api") and "afficher cette aide et quitter" in out
        assert "usage:" not in out and "show this help" not in out and "positional arguments" not in out
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["servir"])
    assert exited.value.code == 2
    assert "pej-national-api : erreur : argument COMMANDE : choix invalide : 'servir'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        generator_main(["--offers", "dix", "-o", "catalogue.json"])
    assert exited.value.code == 2
    assert "erreur : argument --offers : valeur invalide : 'dix'" in capsys.readouterr().err


def test_the_keyring_explanation_is_printed_once_per_data_folder(paths, capsys) -> None:  # type: ignore[no-untyped-def]
    creating = ("Aucun coffre-fort de mots de passe du système ne fonctionne sur ce poste : la clé de chiffrement "
                "ne peut pas y être conservée. Choisissez une phrase de passe.")
    opening = creating.replace("Choisissez une phrase de passe.", "Saisissez la phrase de passe du fichier des jeunes.")
    assert explain_once(paths, creating) is True
    assert explain_once(paths, opening) is False  # the same explanation, whether creating or opening
    assert explain_once(paths, "La clé de chiffrement du fichier des jeunes n'est pas dans le coffre-fort.") is True
    assert capsys.readouterr().err.count("Aucun coffre-fort") == 1
    marker = paths.data_dir / EXPLAINED_FILE
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert "coffre" not in marker.read_text()  # hashes only

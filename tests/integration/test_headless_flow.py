"""The headless flow of the README, command for command, as real processes from an empty folder.

Profile, import, check, activate, summary: each step is a ``pej-desktop`` process with
no keyring (the passphrase comes from ``PEJ_PASSPHRASE``), and the summary is read back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pdf_reading import all_text

PASSPHRASE = "une phrase de passe assez longue"
PORTFOLIO = ("prenom;nom;date_naissance;code_postal;reference;debut_cej;fin_prevue_cej\n"
             "Léa;Martin;14/03/2001;69003;4815162342;01/06/2026;31/05/2027\n")


class Shell:
    """Runs ``pej-desktop`` as the README does: PEJ_DATA_DIR and PEJ_PASSPHRASE exported, no keyring."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {**os.environ, "PEJ_DATA_DIR": str(folder / "pej-donnees"), "PEJ_PASSPHRASE": PASSPHRASE,
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pej_desktop", *args], capture_output=True, text=True,
                              cwd=self.folder, env=self.env, stdin=subprocess.DEVNULL, timeout=180)


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    return Shell(tmp_path)


def test_the_readme_flow_from_an_empty_folder(shell: Shell) -> None:
    profile = shell("adviser", "--first-name", "Camille", "--last-name", "Durand", "--structure", "mission_locale",
                    "--agency-name", "Mission Locale de Lyon", "--agency-code", "69001",
                    "--phone", "04 72 00 00 00", "--email", "camille.durand@ml-lyon.example.org")
    assert profile.returncode == 0, profile.stderr
    assert "Profil du conseiller enregistré : Camille Durand — Mission Locale de Lyon." in profile.stdout
    assert "Aucun coffre-fort" in profile.stderr  # the keyring fallback, explained at the first command

    (shell.folder / "portefeuille.csv").write_text(PORTFOLIO, encoding="utf-8")
    imported = shell("import-young-people", "portefeuille.csv")
    assert imported.returncode == 0, imported.stderr
    assert "1 dossier(s) créé(s)" in imported.stdout
    assert "Aucun coffre-fort" not in imported.stderr  # … and only once per data folder

    unconfirmed = shell("check", "--young-person", "4815162342")
    assert unconfirmed.returncode == 4, unconfirmed.stderr
    assert "--confirm-situation" in unconfirmed.stdout
    checked = shell("check", "--young-person", "4815162342", "--confirm-situation")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Léa — Éligible" in checked.stdout and "✓ CEJ en cours jusqu'au 31/05/2027." in checked.stdout

    activated = shell("activate", "--young-person", "4815162342", "--offer", "demo-ali-001", "--offer",
                      "demo-mob-007", "--uses-per-month", "4")
    assert activated.returncode == 0, activated.stderr
    assert "demo-ali-001 — 20 % sur vos courses du quotidien :" in activated.stdout

    summary = shell("summary", "--young-person", "4815162342", "-o", "recapitulatif.pdf")
    assert summary.returncode == 0, summary.stderr
    text = all_text((shell.folder / "recapitulatif.pdf").read_bytes())
    assert "Camille DURAND" in text
    # from the profile, not an option
    assert "Ton conseiller : Camille DURAND, 04 72 00 00 00, camille.durand@ml-lyon.example.org." in text
    # 20 % of 60 € × 4 uses agreed = 48 € a month; the highway-code course (one-time) 20 € once.
    assert "Chaque mois : environ 48,00 €, si tu utilises chaque offre 4 fois par mois." in text
    assert "En une fois : 20,00 € avec les offres qui ne servent qu'une fois." in text
    for output in (profile, imported, unconfirmed, checked, activated, summary):
        assert "Traceback" not in output.stderr and PASSPHRASE not in output.stdout + output.stderr


def test_check_asks_the_rqth_only_when_the_age_at_entry_needs_it(shell: Shell) -> None:
    """Source: DOMAIN.md "ask it only when the age at entry needs it, never store the answer"."""
    assert shell("adviser", "--first-name", "Camille", "--last-name", "Durand", "--structure", "france_travail",
                 "--agency-name", "Agence de Lyon Part-Dieu", "--agency-code", "69003").returncode == 0
    (shell.folder / "p.csv").write_text(
        "prenom;nom;date_naissance;code_postal;reference;debut_cej;fin_prevue_cej;programme\n"
        "Noa;Roux;10/01/1999;69003;1234567A;01/06/2026;31/05/2027;CEJ\n"  # 27 at entry
        "Ana;Blanc;10/01/2004;69003;7654321B;01/06/2026;31/05/2027;PACEA\n", encoding="utf-8")
    assert shell("import-young-people", "p.csv").returncode == 0
    asked = shell("check", "--young-person", "1234567A", "--confirm-situation", "--date", "2026-11-28")
    assert asked.returncode == 4 and "--rqth yes" in asked.stdout
    answered = shell("check", "--young-person", "1234567A", "--confirm-situation", "--rqth", "yes", "--json",
                     "--date", "2026-11-28")
    assert answered.returncode == 0, answered.stdout + answered.stderr
    document = json.loads(answered.stdout)
    assert document["result"] == "eligible" and "Léa" not in answered.stdout
    assert ("Âge : 27 ans à l'entrée en CEJ le 01/06/2026 ; condition d'âge vérifiée par le conseiller."
            in [r["text"] for r in document["reasons"]])
    refused = shell("check", "--young-person", "1234567A", "--confirm-situation", "--rqth", "no", "--json",
                    "--date", "2026-11-28")
    assert refused.returncode == 3
    assert "RQTH" not in refused.stdout and "RQTH" not in answered.stdout  # never says how it was answered
    assert "ne se pose pas" not in answered.stderr + refused.stderr
    pacea = shell("check", "--young-person", "7654321B", "--confirm-situation")
    assert pacea.returncode == 3 and "Programme « PACEA »" in pacea.stdout
    needless = shell("check", "--young-person", "7654321B", "--confirm-situation", "--rqth", "yes")
    assert needless.returncode == 3  # 22 at entry: the answer changes nothing, and the adviser is told
    assert "la question de la RQTH ne se pose pas pour ce jeune" in needless.stderr
    unknown = shell("check", "--young-person", "999", "--confirm-situation")
    assert unknown.returncode == 2 and "aucun dossier ne correspond à « 999 »" in unknown.stderr


def test_argparse_speaks_french(shell: Shell) -> None:
    helped = shell("check", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("utilisation : pej-desktop check") and "afficher cette aide et quitter" in \
        helped.stdout and "options:" in helped.stdout
    missing = shell("check")
    assert missing.returncode == 2
    assert "pej-desktop check : erreur : arguments obligatoires manquants : --young-person" in missing.stderr
    wrong = shell("adviser", "--structure", "mairie")
    assert wrong.returncode == 2 and "argument --structure : choix invalide : 'mairie'" in wrong.stderr
    for output in (helped, missing, wrong):
        for english in ("usage:", "error:", "show this help", "required", "invalid choice"):
            assert english not in output.stdout + output.stderr, english


def test_an_invalid_profile_names_the_option_and_saves_nothing(shell: Shell) -> None:
    refused = shell("adviser", "--first-name", "Camille", "--last-name", "Durand", "--structure", "mission_locale",
                    "--agency-name", "Mission Locale Mission Locale de Corse", "--agency-code", "20001",
                    "--phone", "12")
    assert refused.returncode == 2
    assert "--agency-code : Code d'agence invalide" in refused.stderr
    assert "--phone : Téléphone professionnel invalide" in refused.stderr
    shown = shell("adviser")
    assert shown.returncode == 0 and "Aucun profil de conseiller sur ce poste" in shown.stdout

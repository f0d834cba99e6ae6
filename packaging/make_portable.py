"""Make the portable edition from a built bundle: unzip and run, data beside the program.

For locked-down PCs where nothing can be installed. ``pej_desktop/config.py`` switches
to portable mode when a ``portable.txt`` file sits next to the executable: the data
(catalogue, file of young people, backups, logs) then live in ``data/`` beside it.

    python packaging/make_portable.py            # after packaging/build.py
    -> dist/PEJ-Desktop-<version>-portable-windows.zip (a .tar.gz on Linux and macOS)

The archive holds one folder, ``PEJ Desktop <version> portable/``: the bundle, the
``portable.txt`` marker and a ``LISEZMOI.txt`` for the adviser.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_contents as contents

from sync.protocol.french_cli import FrenchArgumentParser

MARKER = "portable.txt"
MARKER_TEXT = (
    "Ce fichier active le mode portable de PEJ Desktop : les données sont enregistrées\n"
    "dans le dossier « data » à côté du programme, et non dans le profil Windows.\n"
    "Ne le supprimez pas, sinon l'application ne retrouvera plus vos données.\n"
)
README_TEXT = """{title}
{underline}

Cette édition ne s'installe pas : elle fonctionne depuis n'importe quel dossier où vous
pouvez écrire (votre dossier Documents, une clé USB).

1. Décompressez l'archive entière dans ce dossier.
2. Lancez {exe} dans le dossier « PEJ Desktop {version} portable ».
3. Vos données (catalogue, fichier des jeunes, sauvegardes, journaux) sont enregistrées
   dans le sous-dossier « data », à côté du programme. Pour changer de version, copiez
   ce dossier « data » dans le dossier de la nouvelle version.

Les secrets (jeton d'accès à l'API nationale, clé de chiffrement du fichier des jeunes)
ne sont jamais écrits dans ce dossier : ils restent dans le coffre-fort de mots de passe
de la session où ils ont été créés :
    {vault}.
Utilisez donc cette édition depuis la même session : ailleurs, le jeton vous sera
redemandé, et le fichier des jeunes ne pourra être ouvert que s'il est protégé par
une phrase secrète.

Le fichier portable.txt active ce mode : ne le supprimez pas.
En cas de problème : {exe_cli} self-check vérifie que l'application est complète.
"""


def executable_names(platform: str) -> tuple[str, str, str]:
    """(window executable, command-line executable, secret store) for the README."""
    if platform == "win32":
        return (f"{contents.BUNDLE_NAME}.exe", f"{contents.CONSOLE_NAME}.exe",
                "Gestionnaire d'identifiants Windows")
    return contents.BUNDLE_NAME, f"./{contents.BUNDLE_NAME}", "trousseau du système"


def lay_out(bundle: Path, target: Path, *, version: str, platform: str = sys.platform) -> Path:
    """Copy the bundle into ``target/<folder>`` with the marker and the README."""
    folder = target / f"{contents.DISPLAY_NAME} {version} portable"
    shutil.copytree(bundle, folder, symlinks=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    exe, exe_cli, vault = executable_names(platform)
    title = f"{contents.DISPLAY_NAME} {version} — édition portable"
    readme = README_TEXT.format(title=title, underline="=" * len(title), version=version,
                                exe=exe, exe_cli=exe_cli, vault=vault)
    newline = "\r\n" if platform == "win32" else "\n"
    (folder / "LISEZMOI.txt").write_text(readme, encoding="utf-8-sig" if platform == "win32" else "utf-8",
                                        newline=newline)
    return folder


def archive(folder: Path, destination: Path, *, version: str, platform: str = sys.platform) -> Path:
    """A .zip on Windows (opens with Explorer); a .tar.gz elsewhere (keeps symlinks)."""
    slug = {"win32": "windows", "darwin": "macos"}.get(platform, "linux")
    stem = destination / f"PEJ-Desktop-{version}-portable-{slug}"
    if platform == "win32":
        path = stem.with_suffix(".zip")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for file in sorted(folder.rglob("*")):
                zipped.write(file, file.relative_to(folder.parent))
        return path
    path = stem.with_name(stem.name + ".tar.gz")
    with tarfile.open(path, "w:gz") as tarred:
        tarred.add(folder, arcname=folder.name)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(description="Fabrique l'édition portable à partir d'un paquet construit : on "
                                              "décompresse, on lance, les données restent à côté du programme.")
    parser.add_argument("--bundle", type=Path, default=contents.REPO_ROOT / "dist" / contents.BUNDLE_NAME,
                        metavar="DOSSIER", help="le paquet construit (dist/…)")
    parser.add_argument("--out", type=Path, default=contents.REPO_ROOT / "dist", metavar="DOSSIER",
                        help="où écrire l'archive portable (dist/)")
    args = parser.parse_args(argv)
    if not (args.bundle / "_internal").is_dir():
        print(f"No bundle in {args.bundle}: run packaging/build.py first.", file=sys.stderr)
        return 1
    version = contents.app_version()
    staging = args.out / "portable"
    shutil.rmtree(staging, ignore_errors=True)
    path = archive(lay_out(args.bundle, staging, version=version), args.out, version=version)
    shutil.rmtree(staging, ignore_errors=True)
    print(f"Portable edition: {path} ({path.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

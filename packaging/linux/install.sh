#!/usr/bin/env bash
# Per-user installation of the Linux bundle built by `make package` (no root needed):
#   bash packaging/linux/install.sh              installs dist/pej-desktop into ~/.local
#   bash packaging/linux/install.sh --uninstall  removes it (the adviser's data stays)
# PREFIX (default ~/.local) and BUNDLE (default dist/pej-desktop) can be overridden.
# Layout: PREFIX/lib/pej-desktop/ (the bundle), PREFIX/bin/pej-desktop (a link),
# the .desktop entry, the icons (hicolor theme) and the AppStream metadata under PREFIX/share.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
prefix="${PREFIX:-$HOME/.local}"
bundle="${BUNDLE:-$repo/dist/pej-desktop}"
app_id="fr.pej.PejDesktop"
share="$prefix/share"
targets=("$prefix/lib/pej-desktop" "$prefix/bin/pej-desktop" "$share/applications/pej-desktop.desktop"
         "$share/metainfo/$app_id.metainfo.xml" "$share/icons/hicolor/scalable/apps/pej-desktop.svg")
for size in 16 24 32 48 64 128 256; do targets+=("$share/icons/hicolor/${size}x${size}/apps/pej-desktop.png"); done

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "${targets[@]}"
  refresh_caches
  echo "PEJ Desktop a été désinstallé de $prefix (vos données n'ont pas été supprimées)."
  exit 0
fi

if [ ! -x "$bundle/pej-desktop" ]; then
  echo "Aucune application construite dans $bundle : lancez d'abord « make package »." >&2
  exit 1
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
rm -rf "$prefix/lib/pej-desktop"
cp -a "$bundle" "$prefix/lib/pej-desktop"
ln -sfn "$prefix/lib/pej-desktop/pej-desktop" "$prefix/bin/pej-desktop"
sed -e "s|^Exec=pej-desktop|Exec=$prefix/bin/pej-desktop|" -e "s|^TryExec=pej-desktop|TryExec=$prefix/bin/pej-desktop|" \
  "$here/pej-desktop.desktop" > "$share/applications/pej-desktop.desktop"
cp "$here/$app_id.metainfo.xml" "$share/metainfo/"
cp "$repo/resources/icons/pej-desktop.svg" "$share/icons/hicolor/scalable/apps/"
for size in 16 24 32 48 64 128 256; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$repo/resources/icons/pej-desktop-$size.png" "$share/icons/hicolor/${size}x${size}/apps/pej-desktop.png"
done
refresh_caches
echo "PEJ Desktop est installé dans $prefix (menu Bureautique, ou commande $prefix/bin/pej-desktop)."

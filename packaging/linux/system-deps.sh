#!/usr/bin/env bash
# Installs the Debian packages that the test suite, the bundle build and the screenshot use,
# when they are missing and we are allowed to (root). Never fails the build for a
# package that is already there.
set -euo pipefail
need=()
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb xauth)
[ -e /usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libxcb-cursor.so.0 ] || need+=(libxcb-cursor0)
dpkg -s libxkbcommon-x11-0 >/dev/null 2>&1 || need+=(libxkbcommon-x11-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
# Qt's xcb platform (the screenshot under Xvfb), ImageMagick's `import` and xwininfo (the screenshot),
# binutils (PyInstaller reads and strips the bundle's libraries), appstreamcli and
# desktop-file-validate (the packaging tests check the Linux desktop metadata).
dpkg -s libxcb-icccm4 >/dev/null 2>&1 || need+=(libxcb-icccm4)
dpkg -s libxcb-keysyms1 >/dev/null 2>&1 || need+=(libxcb-keysyms1)
command -v import >/dev/null 2>&1 || need+=(imagemagick)
command -v xwininfo >/dev/null 2>&1 || need+=(x11-utils)
command -v objdump >/dev/null 2>&1 || need+=(binutils)
command -v appstreamcli >/dev/null 2>&1 || need+=(appstream)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
# PostgreSQL's server binaries (initdb, pg_ctl): the national API's tests start a throw-away
# cluster under a temporary folder (tests/support/postgres.py), and `make load` measures on it.
command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing system packages (install them with your package manager): ${need[*]}" >&2
  fi
fi

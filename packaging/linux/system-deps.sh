#!/usr/bin/env bash
# Installs the Debian packages that the test suite and the screenshot script use,
# when they are missing and we are allowed to (root). Never fails the build for a
# package that is already there.
set -euo pipefail
need=()
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb xauth)
[ -e /usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libxcb-cursor.so.0 ] || need+=(libxcb-cursor0)
dpkg -s libxkbcommon-x11-0 >/dev/null 2>&1 || need+=(libxkbcommon-x11-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing system packages (install them with your package manager): ${need[*]}" >&2
  fi
fi

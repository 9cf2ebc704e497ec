#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing (apt-get update once, first):
#   chromium                              browser tests (Playwright drives Debian's build; never `playwright install`)
#   poppler-utils                         pdftotext, to read generated PDFs back
#   libpango-1.0-0 libpangoft2-1.0-0      WeasyPrint's text layout
#   fonts-liberation2                     Liberation Sans: Arial metrics, identical PDFs everywhere
set -euo pipefail

packages=(chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: install ${packages[*]} (or equivalents) yourself." >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "Missing Debian packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]})." >&2
    exit 1
  fi
fi

echo "Installing missing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

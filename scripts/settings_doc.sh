#!/bin/sh
# Rewrite docs/settings.md from the settings the code declares (`make docs`).
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
SHIPPED=$(ls -d plugins/*/ | xargs -n1 basename | grep -v __pycache__ | tr '\n' ' ')
TABLE=$(mktemp)
trap 'rm -f "$TABLE"' EXIT
"$BIN/relais" -c development.ini settings --plugins "$SHIPPED" --markdown >"$TABLE"
{ sed '/^| Setting /,$d' docs/settings.md; cat "$TABLE"; } >"$TABLE.page"
mv "$TABLE.page" docs/settings.md

#!/bin/sh
# Rewrite docs/settings.md from the settings the code declares (`make docs`).
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
SHIPPED=$(ls -d plugins/*/ | xargs -n1 basename | grep -v __pycache__ | tr '\n' ' ')
{
    sed '/^| Setting /,$d' docs/settings.md
    "$BIN/relais" -c development.ini settings --plugins "$SHIPPED" --markdown
} >docs/settings.md.new
mv docs/settings.md.new docs/settings.md

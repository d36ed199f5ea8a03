#!/bin/sh
# Refresh the translation catalogs: extract the message ids from the core,
# the plugins and the themes, merge them into each locale's .po, compile the
# .mo files.
# Run with `make i18n`, then translate the new French entries and run it again
# so the compiled catalogs match.
set -eu

cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
LOCALE=core/locale
DOMAIN=relais
POT=$LOCALE/$DOMAIN.pot
VERSION=$(sed -n 's/^version = //p' setup.cfg)
FILES=$(mktemp)
trap 'rm -f "$FILES"' EXIT

# An explicit list keeps vendored files (licences, minified JS) out of reach.
find core plugins themes \
    \( -path core/static -o -path core/testing -o -name __pycache__ \) -prune -o \
    -type f \( -name '*.py' -o -name '*.pt' -o -path '*/templates/*.txt' \) -print \
    | LC_ALL=C sort >"$FILES"

"$BIN/pot-create" --config "$LOCALE/lingua.cfg" --files-from "$FILES" \
    --package-name Relais --package-version "$VERSION" \
    --copyright-holder "Relais contributors" \
    --width 79 --sort-by-file --output "$POT"

for lang in fr en; do
    "$BIN/pybabel" --quiet update --init-missing --no-fuzzy-matching \
        --ignore-obsolete --ignore-pot-creation-date --width 79 \
        --domain "$DOMAIN" --input-file "$POT" --locale "$lang" \
        --output-file "$LOCALE/$lang/LC_MESSAGES/$DOMAIN.po"
done

"$BIN/pybabel" compile --statistics --domain "$DOMAIN" --directory "$LOCALE"

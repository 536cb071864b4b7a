#!/usr/bin/env bash
# Message catalogues with Babel: extract every _()/N_() message, merge it into every language's .po
# (each folder backprop_core/locale/<code>/), compile the .mo. Review each .po (fill new msgstr, drop
# obsolete "#~" entries), then run again. English is the source and the pseudo-locale is made at run
# time, so neither has a catalogue.
#
#   bash scripts/i18n.sh            # extract + update + compile every catalogue
#   bash scripts/i18n.sh fr         # the same, first starting backprop_core/locale/fr/ (a new language;
#                                   # it also needs its record in backprop_core/languages.py)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
pybabel=.venv/bin/pybabel
locale=backprop_core/locale
pot="$(mktemp --suffix=.pot)"
trap 'rm -f "$pot"' EXIT
"$pybabel" extract --project backprop-anim --version 0.1.0 -F babel.cfg -k _ -k N_ --no-location --sort-output --omit-header -o "$pot" .
for new in "$@"; do
    [[ "$new" =~ ^[a-z]{2,3}(_[A-Z]{2})?$ ]] || { echo "i18n.sh: $new is not a language code such as fr or pt_BR" >&2; exit 2; }
    [ -f "$locale/$new/LC_MESSAGES/backprop.po" ] || "$pybabel" init -i "$pot" -d "$locale" -D backprop -l "$new" --no-wrap
done
shopt -s nullglob
catalogues=("$locale"/*/LC_MESSAGES/backprop.po)
[ "${#catalogues[@]}" -gt 0 ] || { echo "i18n.sh: no catalogue under $locale (give a language code to start one)" >&2; exit 2; }
for po in "${catalogues[@]}"; do
    lang="$(basename "$(dirname "$(dirname "$po")")")"
    "$pybabel" update -i "$pot" -d "$locale" -D backprop -l "$lang" --no-fuzzy-matching --no-wrap --ignore-obsolete
    "$pybabel" compile -d "$locale" -D backprop -l "$lang" --statistics
done

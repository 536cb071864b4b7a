#!/usr/bin/env bash
# Message catalogues with Babel: extract every _()/N_() message, merge into the Chinese .po,
# compile the .mo. Review the .po (fill new msgstr, drop obsolete "#~" entries), then run again.
#
#   bash scripts/i18n.sh            # extract + update + compile
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
pybabel=.venv/bin/pybabel
locale=backprop_core/locale
pot="$(mktemp --suffix=.pot)"
trap 'rm -f "$pot"' EXIT
"$pybabel" extract --project backprop-anim --version 0.1.0 -F babel.cfg -k _ -k N_ --no-location --sort-output --omit-header -o "$pot" .
po="$locale/zh/LC_MESSAGES/backprop.po"
[ -f "$po" ] || "$pybabel" init -i "$pot" -d "$locale" -D backprop -l zh --no-wrap
"$pybabel" update -i "$pot" -d "$locale" -D backprop -l zh --no-fuzzy-matching --no-wrap --ignore-obsolete
"$pybabel" compile -d "$locale" -D backprop -l zh --statistics

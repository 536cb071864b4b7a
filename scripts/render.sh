#!/usr/bin/env bash
# Render the lecture and its handout: set everything up (idempotent), then `backprop render "$@"`.
#
#   bash scripts/render.sh                       # full default lecture (2-2-2 sigmoid mse) + handout
#   bash scripts/render.sh -q h                  # same at 1080p60
#   bash scripts/render.sh GradientCheck -q l    # one scene
#   bash scripts/render.sh --layers 2,3,2 --activation tanh
#   bash scripts/render.sh --lang zh -q l        # the lecture in Chinese, into renders/<slug>-zh/
#
# Output: renders/<slug>/ (see docs/rendering.md). The handout goes next to the videos.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/scripts/setup.sh" "$@"
cd "$repo"
export PYTHONHASHSEED=0

# the network options also choose the handout's network
handout_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --layers|--activation|--loss|--lang) handout_args+=("${args[$i]}" "${args[$((i + 1))]:-}") ;;
        --layers=*|--activation=*|--loss=*|--lang=*) handout_args+=("${args[$i]}") ;;
    esac
done

status=0
.venv/bin/backprop render "$@" || status=$?
# The handout is pure Python; PDF when pdflatex (xelatex for Chinese) is there, Markdown always.
if command -v pdflatex >/dev/null 2>&1 && { [[ " $* " != *" --lang zh "* && " $* " != *" --lang=zh "* ]] || command -v xelatex >/dev/null 2>&1; }; then
    .venv/bin/backprop handout "${handout_args[@]}" --format pdf || status=$?
fi
.venv/bin/backprop handout "${handout_args[@]}" --format markdown || status=$?
exit "$status"

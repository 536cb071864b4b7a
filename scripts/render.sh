#!/usr/bin/env bash
# Render the lecture and its handout: set everything up (idempotent), then `backprop render "$@"`.
#
#   bash scripts/render.sh                       # full default lecture (2-2-2 sigmoid mse) + handout
#   bash scripts/render.sh -q h                  # same at 1080p60
#   bash scripts/render.sh GradientCheck -q l    # one scene
#   bash scripts/render.sh --layers 2,3,2 --activation tanh
#   bash scripts/render.sh --slides -q l         # the presenter: renders/2-2-2_sigmoid_mse/slides/index.html
#   bash scripts/render.sh --lang zh -q l        # the lecture in Chinese, into renders/<slug>-zh/
#
# Output: renders/<slug>/<quality>/ (see docs/rendering.md); the handout goes to renders/<slug>/.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/scripts/setup.sh" "$@"
cd "$repo"
export PYTHONHASHSEED=0

# the network options also choose the handout's network
handout_args=()
command=render
args=()
for a in "$@"; do
    if [ "$a" = "--slides" ]; then command=slides; else args+=("$a"); fi
done
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --layers|--activation|--loss|--lang) handout_args+=("${args[$i]}" "${args[$((i + 1))]:-}") ;;
        --layers=*|--activation=*|--loss=*|--lang=*) handout_args+=("${args[$i]}") ;;
    esac
done

status=0
write_handouts() {
    # The handout is pure Python; PDF when pdflatex (xelatex for Chinese) is there, Markdown always.
    if command -v pdflatex >/dev/null 2>&1 && { [[ " $* " != *" --lang zh "* && " $* " != *" --lang=zh "* ]] || command -v xelatex >/dev/null 2>&1; }; then
        .venv/bin/backprop handout ${handout_args[@]+"${handout_args[@]}"} --format pdf || status=$?
    fi
    .venv/bin/backprop handout ${handout_args[@]+"${handout_args[@]}"} --format markdown || status=$?
}
if [ "$command" = slides ]; then
    write_handouts "$@"                              # first, so the presenter page links them
    .venv/bin/backprop slides ${args[@]+"${args[@]}"} || status=$?
else
    .venv/bin/backprop render ${args[@]+"${args[@]}"} || status=$?
    write_handouts "$@"
fi
exit "$status"

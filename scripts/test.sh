#!/usr/bin/env bash
# Set everything up (idempotent) and run the test suite.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/scripts/setup.sh" --test       # with the browser for tests/test_slides.py
cd "$repo"
# what the tests install or build (a wheel, torch) takes the pinned versions too
export PIP_CONSTRAINT="$repo/constraints.txt"
# torch is an optional, independent cross-check of the gradients: tried once, never required.
if [ "${BACKPROP_TORCH:-1}" = 1 ] && [ ! -f .venv/.torch-tried ]; then
    .venv/bin/python -m pip install -q "torch==2.13.0" >/dev/null 2>&1 \
        || echo "test: torch not available; torch cross-checks will be skipped"
    touch .venv/.torch-tried
fi
export PYTHONHASHSEED=0
# One worker per core; a file's tests stay on one worker so its scenes are constructed once.
# The ten slowest tests are listed at the end (tests marked `slow` are documented in docs/testing.md).
exec .venv/bin/python -m pytest -n auto --dist loadfile --durations=10 "$@"

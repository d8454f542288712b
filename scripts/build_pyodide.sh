#!/usr/bin/env bash
# Builds build/web/assets/ (the self-hosted Pyodide runtime and app.zip) from this repository.
#
#   scripts/build_pyodide.sh         wheels for the site, then scripts/build_pyodide.mjs
#   scripts/build_pyodide.sh tests   also pytest + hypothesis wheels for scripts/run_pyodide_tests.mjs
#
# Needs `npm ci` first (node_modules/pyodide). Reaches PyPI once for the wheels; the Node step is offline.
# PYTHON picks the interpreter whose pip is used (default: .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}
# Wheels for Pyodide's Python 3.14, pure Python only: pip on the host (3.11) picks them for 3.14.
PYODIDE_PIP=(--only-binary=:all: --python-version 3.14 --implementation py --abi none --platform any)

rm -rf build/wheels
# setuptools builds in build/lib and keeps files deleted from the source there: start clean,
# or a removed module would still ship.
rm -rf build/lib build/bdist.*
"$PYTHON" -m pip wheel --quiet --no-deps -w build/wheels .
# The calculators wheel's own dependencies (holidays==0.109, pinned in pyproject.toml, and
# what holidays needs), so the pin lives in one place.
"$PYTHON" -m pip download --quiet "${PYODIDE_PIP[@]}" -d build/wheels build/wheels/cp_calculators-*.whl

rm -rf build/lib build/bdist.*

if [ "${1:-}" = tests ]; then
  # pytest as pinned in requirements.txt. hypothesis: requirements.txt pins the host's, but
  # releases after 6.155.7 ship compiled wheels only, so Pyodide gets the last pure-Python one
  # (the tests use nothing newer: profiles, given, strategies).
  rm -rf build/test-wheels
  "$PYTHON" -m pip download --quiet "${PYODIDE_PIP[@]}" -d build/test-wheels \
    "$(grep -E '^pytest==' requirements.txt)" hypothesis==6.155.7
fi

node scripts/build_pyodide.mjs

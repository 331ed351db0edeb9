#!/usr/bin/env bash
# Every test in one run: unit tests, the docstring examples, nbval on notebooks/, and browser
# tests against a real Voila.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
.venv/bin/ruff check workbench tests benchmarks scripts || exit 1
.venv/bin/python -m pytest tests workbench notebooks --doctest-modules \
  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
  -p no:cacheprovider "$@"
status=$?
echo "test command wall time: $(( $(date +%s) - start )) s"
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a broken suite, not a pass." >&2
  exit 1
fi
exit "$status"

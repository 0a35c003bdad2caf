# Shared set-up for scripts/demo and scripts/test: a virtual environment in .venv with the
# project installed from its pinned constraints. Idempotent: a second call only checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
VENV="${STORYLINE_VENV:-.venv}"
EXTRAS="${1:-}"

"$PYTHON" - <<'PY' || { echo "storyline needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2; exit 2; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.storyline-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c requirements.lock -e ".${EXTRAS:+[$EXTRAS]}" 2> >(grep -v '^WARNING: Location' >&2)
  touch "$stamp"
fi
export PATH="$PWD/$VENV/bin:$PATH"

#!/usr/bin/env bash
# Instala lo necesario y corre lint y pruebas: primero en SQLite, después en PostgreSQL.
# Uso: bash scripts/probar.sh [argumentos extra para pytest]
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${HOMOLOGA_PRUEBAS_PG:-postgresql://postgres@127.0.0.1:5432/test}"

# Paquetes de Debian: el compilador de C++ para las partes compiladas del comparador,
# Chromium para las pruebas en navegador (Playwright nunca descarga uno propio) y Pango con
# fuentes DejaVu para los PDF de WeasyPrint.
faltan=()
command -v g++ >/dev/null || faltan+=(g++)
[ -x /usr/bin/chromium ] || faltan+=(chromium)
ldconfig -p | grep -q 'libpango-1.0.so' || faltan+=(libpango-1.0-0)
ldconfig -p | grep -q 'libpangoft2-1.0.so' || faltan+=(libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || faltan+=(fonts-dejavu-core)
if [ "${#faltan[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${faltan[@]}" >/dev/null
  else
    echo "Aviso: faltan paquetes de Debian (apt-get install ${faltan[*]})." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

echo "== Lint (ruff) y tipos (mypy)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

# Las pruebas se reparten entre los núcleos (pytest-xdist), un archivo entero por proceso;
# en PostgreSQL cada proceso usa una base propia (tests/conftest.py).
echo "== Pruebas en SQLite"
.venv/bin/python -m pytest -n auto --dist loadfile "$@"

echo "== Pruebas en PostgreSQL ($PG_URL)"
if ! .venv/bin/python - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=5).close()
except psycopg.OperationalError as exc:
    print(f"PostgreSQL no responde: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  if [ "${CI:-}" = "true" ]; then
    echo "En CI PostgreSQL es obligatorio." >&2
    exit 1
  fi
  echo "Aviso: se omiten las pruebas en PostgreSQL (defina HOMOLOGA_PRUEBAS_PG)." >&2
  exit 0
fi
HOMOLOGA_PRUEBAS_DB="$PG_URL" .venv/bin/python -m pytest -n auto --dist loadfile "$@"

"""CSV that spreadsheets open safely: a cell that would run as a formula gets an apostrophe.

Every CSV the platform writes (interchange, procedures matrix, bitácora, coverage,
divergences) goes through here, so the same text comes out the same in all of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

# A cell that starts with one of these runs as a formula in spreadsheets (CSV injection).
# Apostrophes already in front count too, so that ``restaurar`` gives back the exact text.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALIZADA = re.compile(r"^'+[=+\-@\t\r]")


def neutralizar(celda: str) -> str:
    """Return the cell with an apostrophe in front when a spreadsheet would run it."""
    return "'" + celda if _FORMULA.match(celda) else celda


def restaurar(celda: str) -> str:
    """Return the cell without the apostrophe that ``neutralizar`` added."""
    return celda[1:] if _NEUTRALIZADA.match(celda) else celda


def texto_csv(filas: Iterable[Iterable[Any]]) -> str:
    """Return the rows as CSV text (CRLF lines), None as an empty cell, every cell neutralized."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    for fila in filas:
        escritor.writerow(["" if v is None else neutralizar(str(v)) for v in fila])
    return salida.getvalue()

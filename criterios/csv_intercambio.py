"""The CSV layout of the interchange format: one row per criterio (see docs/formato-csv.md).

Lists go in one cell: temas separated by "; ", precedentes as "EXPEDIENTE | AAAA-MM-DD |
sentido" separated by "; ". Cells that a spreadsheet would run as a formula are written with
a leading apostrophe, which reading removes again, so export and import round-trip exactly.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from criterios.csv_seguro import restaurar, texto_csv

COLUMNAS = (
    "id", "garante", "clave", "rubro", "texto", "tipo", "vigencia",
    "fecha_aprobacion", "fuente", "marco_normativo", "temas", "precedentes",
)  # fmt: skip
OBLIGATORIAS = ("id", "garante", "rubro", "texto")
# Codes never carry meaningful spaces; free text keeps them so a round trip is exact.
SIN_ESPACIOS = ("garante", "tipo", "vigencia", "fecha_aprobacion")
SEPARADOR_LISTA = ";"
SEPARADOR_PRECEDENTE = "|"

# (record index, record id, message) for problems found while reading the rows.
ProblemaDeFila = tuple[int, str, str]


def _encabezado(texto: str, separador: str = ",") -> list[str]:
    primera = next(csv.reader(io.StringIO(texto, newline=""), delimiter=separador), [])
    return [c.strip().lower() for c in primera]


def parece_csv(texto: str) -> bool:
    """Return whether the text starts with a header naming at least two interchange columns."""
    try:
        return len(set(_encabezado(texto)) & set(COLUMNAS)) >= 2 or any(
            len(set(_encabezado(texto, s)) & set(COLUMNAS)) >= 2 for s in ";\t"
        )
    except csv.Error:
        return False


def errores_de_encabezado(texto: str) -> list[str]:
    """Return the problems of the header row (unknown, repeated or missing columns)."""
    encabezado = _encabezado(texto)
    conocidas = set(COLUMNAS)
    for separador, nombre in ((";", "punto y coma"), ("\t", "tabulador")):
        if len(encabezado) == 1 and len(set(_encabezado(texto, separador)) & conocidas) >= 2:
            return [
                f"el CSV usa {nombre} como separador; el formato de intercambio separa las "
                "columnas con comas (en Excel: guardar como «CSV UTF-8 (delimitado por comas)»)"
            ]
    errores = [
        f'la columna "{c}" no es del formato de intercambio (se admiten: {", ".join(COLUMNAS)})'
        for c in encabezado
        if c not in conocidas
    ]
    errores += [
        f'la columna "{c}" está repetida'
        for c in dict.fromkeys(encabezado)
        if encabezado.count(c) > 1
    ]
    errores += [f'falta la columna obligatoria "{c}"' for c in OBLIGATORIAS if c not in encabezado]
    return errores


def leer_csv(texto: str) -> tuple[dict[str, Any], list[int], list[ProblemaDeFila]]:
    """Return (interchange data, spreadsheet row of each criterio, problems of the rows).

    Call it once ``errores_de_encabezado`` is empty. A row the csv module cannot parse
    raises ``csv.Error`` with the row number in its message.
    """
    lector = csv.reader(io.StringIO(texto, newline=""))
    encabezado = [c.strip().lower() for c in next(lector)]
    criterios: list[dict[str, Any]] = []
    filas: list[int] = []
    problemas: list[ProblemaDeFila] = []
    fila = 1
    try:
        for celdas in lector:
            fila += 1
            if not any(c.strip() for c in celdas):
                continue  # blank rows are common at the end of spreadsheet exports
            registro, avisos = _criterio(encabezado, celdas)
            indice = len(criterios)
            criterios.append(registro)
            filas.append(fila)
            ident = registro.get("id") or "sin id"
            problemas.extend((indice, ident, aviso) for aviso in avisos)
    except csv.Error as exc:
        motivo = str(exc)
        if "field larger" in motivo:
            motivo = f"una celda supera {csv.field_size_limit()} caracteres"
        elif "NUL" in motivo:
            motivo = "contiene un carácter nulo (NUL); ¿es un archivo binario?"
        raise csv.Error(f"fila {fila + 1}: {motivo}") from exc
    return {"version": "1", "criterios": criterios}, filas, problemas


def _criterio(encabezado: list[str], celdas: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Return the criterio of one row in the interchange shape, and the row's problems."""
    avisos = []
    if len(celdas) != len(encabezado):
        avisos.append(f"tiene {len(celdas)} celdas y el encabezado {len(encabezado)}")
    registro: dict[str, Any] = {}
    for columna, celda in zip(encabezado, celdas, strict=False):
        valor = restaurar(celda)
        if columna in SIN_ESPACIOS:
            valor = valor.strip()
        if not valor.strip():
            continue  # an empty cell is an absent field; the schema names missing ones
        if columna == "temas":
            registro["temas"] = _lista(valor)
        elif columna == "precedentes":
            registro["precedentes"], problemas = _precedentes(valor)
            avisos.extend(problemas)
        else:
            registro[columna] = valor
    return registro, avisos


def _lista(celda: str) -> list[str]:
    return [parte.strip() for parte in celda.split(SEPARADOR_LISTA) if parte.strip()]


def _precedentes(celda: str) -> tuple[list[dict[str, str]], list[str]]:
    precedentes, avisos = [], []
    for numero, parte in enumerate(_lista(celda), start=1):
        piezas = [p.strip() for p in parte.split(SEPARADOR_PRECEDENTE)]
        if len(piezas) > 3 or not piezas[0]:
            avisos.append(
                f'precedente {numero} ("{parte}") no tiene la forma '
                '"EXPEDIENTE | AAAA-MM-DD | sentido"'
            )
            continue
        precedente = dict(zip(("expediente", "fecha", "sentido"), piezas, strict=False))
        precedentes.append({k: v for k, v in precedente.items() if v})
    return precedentes, avisos


def escribir_csv(criterios: list[dict[str, Any]]) -> str:
    """Return criterios in the interchange shape as CSV text with the documented header."""
    return texto_csv([COLUMNAS, *([_celda(c, columna) for columna in COLUMNAS] for c in criterios)])


def _celda(criterio: dict[str, Any], columna: str) -> str:
    valor = criterio.get(columna)
    if valor is None:
        return ""
    if columna == "temas":
        return f"{SEPARADOR_LISTA} ".join(valor)
    if columna == "precedentes":
        return f"{SEPARADOR_LISTA} ".join(
            f" {SEPARADOR_PRECEDENTE} ".join(
                [p.get("expediente", ""), p.get("fecha", ""), p.get("sentido", "")]
            ).rstrip(f" {SEPARADOR_PRECEDENTE}")
            for p in valor
        )
    return str(valor)

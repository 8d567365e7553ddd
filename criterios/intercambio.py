"""The interchange format: import and export garantes, criterios, procedimientos.

Every problem of a file is collected and reported at once, in Spanish and with its place
(``criterio 17 (jal-07): falta el campo "texto"``); nothing is written unless the whole file
is valid. Reading files lives in ``criterios.lectura_intercambio``, validation in
``criterios.validacion_intercambio``, the CSV layout in ``criterios.csv_intercambio``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlmodel import Session, col, select

from criterios import csv_intercambio
from criterios.lectura_intercambio import leer_archivo, leer_bytes, mensaje_de_tamano
from criterios.models import Criterio, Etapa, Garante, Procedimiento
from criterios.registro import (
    Resumen,
    criterio_a_dict,
    garante_a_dict,
    guardar_criterios,
    guardar_garantes,
    guardar_procedimientos,
    procedimiento_a_dict,
)
from criterios.validacion_intercambio import ErrorDeFormato, validar

# Reading and validation live in their own modules; these names stay importable from here.
__all__ = [
    "ErrorDeFormato",
    "exportar",
    "exportar_csv",
    "importar",
    "leer_archivo",
    "leer_bytes",
    "mensaje_de_tamano",
    "validar",
]

# ---------------------------------------------------------------- import and export


def importar(*, session: Session, datos: dict[str, Any], autor: str | None = None) -> Resumen:
    """Write validated data in the caller's transaction; return what was created or changed.

    ``datos`` must come from ``validar``/``leer_*``: validation happens before any write.
    """
    resumen = Resumen()
    if datos.get("garantes"):
        guardar_garantes(session=session, registros=datos["garantes"], resumen=resumen)
    if datos.get("criterios"):
        guardar_criterios(
            session=session,
            registros=datos["criterios"],
            autor=autor,
            motivo="importación",
            resumen=resumen,
        )
    if datos.get("procedimientos"):
        guardar_procedimientos(session=session, registros=datos["procedimientos"], resumen=resumen)
    return resumen


def exportar(
    *, session: Session, garante: str | None = None, ocultos: Collection[str] = ()
) -> dict[str, Any]:
    """Return the register (or one garante's part) as an interchange document.

    ``ocultos`` names garantes left out entirely (catalogs the reader may not see).
    """
    garantes = select(Garante).order_by(col(Garante.id))
    procedimientos = select(Procedimiento).order_by(
        col(Procedimiento.garante_id), col(Procedimiento.id_externo)
    )
    etapas = (
        select(Etapa).join(Procedimiento).order_by(col(Etapa.procedimiento_id), col(Etapa.orden))
    )
    if garante is not None:
        garantes = garantes.where(Garante.id == garante)
        procedimientos = procedimientos.where(Procedimiento.garante_id == garante)
        etapas = etapas.where(Procedimiento.garante_id == garante)
    if ocultos:
        garantes = garantes.where(col(Garante.id).not_in(list(ocultos)))
        procedimientos = procedimientos.where(col(Procedimiento.garante_id).not_in(list(ocultos)))
        etapas = etapas.where(col(Procedimiento.garante_id).not_in(list(ocultos)))
    etapas_de: dict[int | None, list[Etapa]] = defaultdict(list)
    for etapa in session.exec(etapas):
        etapas_de[etapa.procedimiento_id].append(etapa)
    return {
        "version": "1",
        "garantes": [garante_a_dict(g) for g in session.exec(garantes)],
        "criterios": _criterios(session=session, garante=garante, ocultos=ocultos),
        "procedimientos": [
            procedimiento_a_dict(p, etapas_de[p.id]) for p in session.exec(procedimientos)
        ],
    }


def exportar_csv(
    *, session: Session, garante: str | None = None, ocultos: Collection[str] = ()
) -> str:
    """Return the criterios (of one garante, or all) in the documented CSV layout."""
    return csv_intercambio.escribir_csv(
        _criterios(session=session, garante=garante, ocultos=ocultos)
    )


def _criterios(
    *, session: Session, garante: str | None, ocultos: Collection[str]
) -> list[dict[str, Any]]:
    consulta = select(Criterio).order_by(col(Criterio.garante_id), col(Criterio.id_externo))
    if garante is not None:
        consulta = consulta.where(Criterio.garante_id == garante)
    if ocultos:
        consulta = consulta.where(col(Criterio.garante_id).not_in(list(ocultos)))
    return [criterio_a_dict(c) for c in session.exec(consulta)]

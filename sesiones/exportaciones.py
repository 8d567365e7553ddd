"""What the CSV exports of the lists add to the rows the pages show.

The propuestas' CSV says on which mesa's orden del día each one went; the mesas' CSV counts
each mesa's puntos and acuerdos and says whether its acta was approved. One query per
question for all the rows, never one per row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from sesiones.models import Acta, Acuerdo, Mesa, PuntoOrden


def puntos_de_propuestas(
    *, session: Session, propuesta_ids: Collection[int]
) -> dict[int, list[tuple[PuntoOrden, Mesa]]]:
    """Return, per propuesta, the puntos (with their mesa) that took it to an orden del día,
    in the order of the mesas' dates (a deferred punto is followed by its new one)."""
    if not propuesta_ids:
        return {}
    consulta = (
        select(PuntoOrden, Mesa)
        .join(Mesa, col(Mesa.id) == col(PuntoOrden.mesa_id))
        .where(col(PuntoOrden.propuesta_id).in_(list(propuesta_ids)))
        .order_by(col(Mesa.fecha), col(PuntoOrden.id))
    )
    resultado: dict[int, list[tuple[PuntoOrden, Mesa]]] = {}
    for punto, mesa in session.exec(consulta):
        assert punto.propuesta_id is not None
        resultado.setdefault(punto.propuesta_id, []).append((punto, mesa))
    return resultado


@dataclass(frozen=True)
class ResumenMesa:
    """How many puntos and acuerdos a mesa has, and whether an acta of it was approved."""

    puntos: int = 0
    acuerdos: int = 0
    acta_aprobada: bool = False


def resumen_de_mesas(*, session: Session, mesa_ids: Collection[int]) -> dict[int, ResumenMesa]:
    """Return the ``ResumenMesa`` of each mesa in ``mesa_ids`` (every one is present)."""
    ids = list(mesa_ids)
    if not ids:
        return {}
    puntos = dict(
        session.exec(
            select(PuntoOrden.mesa_id, func.count())
            .where(col(PuntoOrden.mesa_id).in_(ids))
            .group_by(col(PuntoOrden.mesa_id))
        ).all()
    )
    acuerdos = dict(
        session.exec(
            select(Acuerdo.mesa_id, func.count())
            .where(col(Acuerdo.mesa_id).in_(ids))
            .group_by(col(Acuerdo.mesa_id))
        ).all()
    )
    con_acta = set(
        session.exec(
            select(Acta.mesa_id)
            .where(col(Acta.mesa_id).in_(ids), col(Acta.estado) == "aprobada")
            .distinct()
        )
    )
    return {
        i: ResumenMesa(
            puntos=puntos.get(i, 0), acuerdos=acuerdos.get(i, 0), acta_aprobada=i in con_acta
        )
        for i in ids
    }

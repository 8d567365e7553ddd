"""Seguimiento of acuerdos: the dashboard's query, a garante's pending ones, a mesa's list.

The estado people filter by includes ``vencido``, which is not stored; here it is the SQL
twin of ``acuerdos.estado_visible``, so that filters, counts and order agree with what each
row shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, not_, true
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from criterios.consultas import Pagina, paginar
from sesiones.acuerdos import ETIQUETAS_ESTADO, estado_visible
from sesiones.models import Acuerdo, AvanceAcuerdo, Evidencia, Mesa, ResponsableAcuerdo


def _vencido(hoy: date) -> ColumnElement[bool]:
    """The SQL form of ``estado_visible(...) == "vencido"``."""
    return and_(
        col(Acuerdo.fecha_limite).is_not(None),
        col(Acuerdo.fecha_limite) < hoy,
        col(Acuerdo.estado) != "cumplido",
    )


@dataclass
class FilaAcuerdo:
    """An acuerdo as lists show it: its mesa, responsables, visible estado and avances."""

    acuerdo: Acuerdo
    mesa: Mesa
    estado: str
    responsables: list[ResponsableAcuerdo] = field(default_factory=list)
    avances: int = 0
    ultimo_avance: datetime | None = None

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS_ESTADO[self.estado]

    @property
    def garante_ids(self) -> list[str]:
        return [r.garante_id for r in self.responsables if r.garante_id]

    @property
    def usuario_ids(self) -> list[int]:
        return [r.usuario_id for r in self.responsables if r.usuario_id is not None]


def _condiciones(
    *,
    hoy: date,
    mesa_id: int | None,
    garante_id: str | None,
    estado: str | None,
    solo_publicos: bool,
    abiertos: bool = False,
) -> ColumnElement[bool]:
    condiciones: list[ColumnElement[bool]] = [true()]
    if solo_publicos:
        condiciones.append(col(Mesa.estado) != "borrador")
    if mesa_id is not None:
        condiciones.append(col(Acuerdo.mesa_id) == mesa_id)
    if garante_id:
        condiciones.append(
            col(Acuerdo.id).in_(
                select(ResponsableAcuerdo.acuerdo_id).where(
                    ResponsableAcuerdo.garante_id == garante_id
                )
            )
        )
    if abiertos:
        condiciones.append(col(Acuerdo.estado) != "cumplido")
    if estado == "vencido":
        condiciones.append(_vencido(hoy))
    elif estado in ("pendiente", "en_proceso"):
        condiciones += [col(Acuerdo.estado) == estado, not_(_vencido(hoy))]
    elif estado == "cumplido":
        condiciones.append(col(Acuerdo.estado) == "cumplido")
    return and_(*condiciones)


def _orden(hoy: date) -> list[Any]:
    """Vencidos first, then by fecha límite (none last), then in the order they were made."""
    return [
        case((_vencido(hoy), 0), else_=1),
        case((col(Acuerdo.fecha_limite).is_(None), 1), else_=0),
        col(Acuerdo.fecha_limite),
        col(Acuerdo.id),
    ]


def _filas(session: Session, pares: Sequence[tuple[Acuerdo, Mesa]], hoy: date) -> list[FilaAcuerdo]:
    """Return the rows with their responsables and avances, in two queries for the page."""
    filas = [FilaAcuerdo(acuerdo=a, mesa=m, estado=estado_visible(a, hoy)) for a, m in pares]
    ids = [f.acuerdo.id for f in filas]
    if not ids:
        return filas
    por_id = {f.acuerdo.id: f for f in filas}
    responsables = session.exec(
        select(ResponsableAcuerdo)
        .where(col(ResponsableAcuerdo.acuerdo_id).in_(ids))
        .order_by(col(ResponsableAcuerdo.id))
    )
    for responsable in responsables:
        por_id[responsable.acuerdo_id].responsables.append(responsable)
    avances = session.exec(
        select(AvanceAcuerdo.acuerdo_id, func.count(), func.max(col(AvanceAcuerdo.creado_en)))
        .where(col(AvanceAcuerdo.acuerdo_id).in_(ids))
        .group_by(col(AvanceAcuerdo.acuerdo_id))
    )
    for acuerdo_id, total, ultimo in avances:
        por_id[acuerdo_id].avances = total
        por_id[acuerdo_id].ultimo_avance = ultimo
    return filas


def buscar_acuerdos(
    *,
    session: Session,
    hoy: date,
    mesa_id: int | None = None,
    garante_id: str | None = None,
    estado: str | None = None,
    solo_publicos: bool = True,
    pagina: int = 1,
    por_pagina: int | None = 25,
) -> Pagina:
    """Return a page of acuerdos (all of them when ``por_pagina`` is None), vencidos first.

    ``solo_publicos`` leaves out the acuerdos of mesas still in borrador.
    """
    condicion = _condiciones(
        hoy=hoy, mesa_id=mesa_id, garante_id=garante_id, estado=estado, solo_publicos=solo_publicos
    )
    total = session.exec(
        select(func.count())
        .select_from(Acuerdo)
        .join(Mesa, col(Mesa.id) == col(Acuerdo.mesa_id))
        .where(condicion)
    ).one()
    consulta = (
        select(Acuerdo, Mesa)
        .join(Mesa, col(Mesa.id) == col(Acuerdo.mesa_id))
        .where(condicion)
        .order_by(*_orden(hoy))
    )
    if por_pagina is None:
        numero, paginas, tamano = 1, 1, max(total, 1)
    else:
        numero, paginas = paginar(total, pagina, por_pagina)
        tamano = por_pagina
        consulta = consulta.offset((numero - 1) * por_pagina).limit(por_pagina)
    pares = [(a, m) for a, m in session.exec(consulta)]
    return Pagina(
        elementos=_filas(session, pares, hoy),
        total=total,
        numero=numero,
        paginas=paginas,
        por_pagina=tamano,
    )


def pendientes_de_garante(
    *, session: Session, garante_id: str, hoy: date, solo_publicos: bool = True
) -> list[FilaAcuerdo]:
    """Return the acuerdos the garante is responsible for and not cumplido, vencidos first."""
    condicion = _condiciones(
        hoy=hoy,
        mesa_id=None,
        garante_id=garante_id,
        estado=None,
        solo_publicos=solo_publicos,
        abiertos=True,
    )
    consulta = (
        select(Acuerdo, Mesa)
        .join(Mesa, col(Mesa.id) == col(Acuerdo.mesa_id))
        .where(condicion)
        .order_by(*_orden(hoy))
    )
    return _filas(session, [(a, m) for a, m in session.exec(consulta)], hoy)


def acuerdos_de_mesa(*, session: Session, mesa_id: int, hoy: date) -> list[FilaAcuerdo]:
    """Return the mesa's acuerdos in the order they were adopted (for the mesa and its acta)."""
    consulta = (
        select(Acuerdo, Mesa)
        .join(Mesa, col(Mesa.id) == col(Acuerdo.mesa_id))
        .where(Acuerdo.mesa_id == mesa_id)
        .order_by(col(Acuerdo.consecutivo))
    )
    return _filas(session, [(a, m) for a, m in session.exec(consulta)], hoy)


def mesas_con_acuerdos(*, session: Session, solo_publicos: bool = True) -> list[Mesa]:
    """Return the mesas that have acuerdos (for the filter), the most recent first."""
    consulta = select(Mesa).where(col(Mesa.id).in_(select(Acuerdo.mesa_id)))
    if solo_publicos:
        consulta = consulta.where(col(Mesa.estado) != "borrador")
    return list(session.exec(consulta.order_by(col(Mesa.fecha).desc(), col(Mesa.id).desc())))


@dataclass
class AvanceConEvidencias:
    """An avance and the evidence files attached to it (without their bytes)."""

    avance: AvanceAcuerdo
    evidencias: list[Evidencia]


def avances_de(*, session: Session, acuerdo_id: int) -> list[AvanceConEvidencias]:
    """Return the acuerdo's avances, oldest first, each with its evidence (two queries)."""
    avances = list(
        session.exec(
            select(AvanceAcuerdo)
            .where(AvanceAcuerdo.acuerdo_id == acuerdo_id)
            .order_by(col(AvanceAcuerdo.creado_en), col(AvanceAcuerdo.id))
        )
    )
    por_id = {a.id: AvanceConEvidencias(a, []) for a in avances}
    if por_id:
        # The contents stay in the database until someone downloads them.
        evidencias = session.exec(
            select(Evidencia)
            .options(defer(Evidencia.contenido))  # type: ignore[arg-type]
            .where(col(Evidencia.avance_id).in_(list(por_id)))
            .order_by(col(Evidencia.id))
        )
        for evidencia in evidencias:
            por_id[evidencia.avance_id].evidencias.append(evidencia)
    return list(por_id.values())


def responsables_de(*, session: Session, acuerdo_id: int) -> list[ResponsableAcuerdo]:
    """Return the acuerdo's responsables in the order they were named."""
    return list(
        session.exec(
            select(ResponsableAcuerdo)
            .where(ResponsableAcuerdo.acuerdo_id == acuerdo_id)
            .order_by(col(ResponsableAcuerdo.id))
        )
    )

"""Read queries over a stored comparator run: groups, divergences, coverage, open data."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from criterios.consultas import Pagina, paginar
from criterios.models import (
    Ausencia,
    Comparacion,
    Criterio,
    Divergencia,
    GrupoCriterio,
    GrupoTematico,
    ReporteComparacion,
)


def comparacion_elegida(
    *, session: Session, comparacion_id: int | None = None
) -> Comparacion | None:
    """Return the finished run asked for, or the latest finished run when none is asked."""
    if comparacion_id is not None:
        comparacion = session.get(Comparacion, comparacion_id)
        return comparacion if comparacion and comparacion.estado == "terminada" else None
    return session.exec(
        select(Comparacion)
        .where(Comparacion.estado == "terminada")
        .order_by(col(Comparacion.id).desc())
        .limit(1)
    ).first()


def ultimas_comparaciones(*, session: Session, limite: int = 20) -> list[Comparacion]:
    """Return the most recent runs, newest first."""
    return list(
        session.exec(select(Comparacion).order_by(col(Comparacion.id).desc()).limit(limite))
    )


def reporte_guardado(*, session: Session, comparacion_id: int) -> ReporteComparacion | None:
    """Return the full report a run stored (with its id map), or None."""
    return session.get(ReporteComparacion, comparacion_id)


def garantes_comparados(*, session: Session, comparacion: Comparacion) -> list[str]:
    """Return the garantes a run compared, in id order."""
    motor = comparacion.parametros.get("motor") or {}
    if motor.get("garantes"):
        return sorted(motor["garantes"])
    grupos = select(GrupoTematico.id).where(GrupoTematico.comparacion_id == comparacion.id)
    presentes = session.exec(
        select(GrupoCriterio.garante_id).where(col(GrupoCriterio.grupo_id).in_(grupos)).distinct()
    ).all()
    ausentes = session.exec(
        select(Ausencia.garante_id).where(Ausencia.comparacion_id == comparacion.id).distinct()
    ).all()
    return sorted(set(presentes) | set(ausentes))


@dataclass
class GrupoResumido:
    """A group as the list shows it: the row and the garantes that lack the topic."""

    grupo: GrupoTematico
    ausentes: list[str] = field(default_factory=list)


def _filtros_grupo(
    comparacion_id: int, garante: str | None, tipo: str | None
) -> list[ColumnElement[bool]]:
    filtros: list[ColumnElement[bool]] = [col(GrupoTematico.comparacion_id) == comparacion_id]
    if garante:
        filtros.append(
            exists().where(
                col(GrupoCriterio.grupo_id) == col(GrupoTematico.id),
                col(GrupoCriterio.garante_id) == garante,
            )
        )
    if tipo:
        filtros.append(
            exists().where(
                col(Divergencia.grupo_id) == col(GrupoTematico.id), col(Divergencia.tipo) == tipo
            )
        )
    return filtros


def buscar_grupos(
    *,
    session: Session,
    comparacion_id: int,
    garante: str | None = None,
    tipo: str | None = None,
    pagina: int = 1,
    por_pagina: int = 25,
) -> Pagina:
    """Return a page of ``GrupoResumido``, the most divergent groups first."""
    condicion = and_(true(), *_filtros_grupo(comparacion_id, garante, tipo))
    total = session.exec(select(func.count()).select_from(GrupoTematico).where(condicion)).one()
    numero, paginas = paginar(total, pagina, por_pagina)
    grupos = list(
        session.exec(
            select(GrupoTematico)
            .where(condicion)
            .order_by(
                col(GrupoTematico.n_divergencias).desc(),
                col(GrupoTematico.n_posturas).desc(),
                col(GrupoTematico.id),
            )
            .offset((numero - 1) * por_pagina)
            .limit(por_pagina)
        )
    )
    ausentes = _ausentes(session=session, grupo_ids=[g.id for g in grupos if g.id])
    elementos = [GrupoResumido(g, ausentes.get(g.id or 0, [])) for g in grupos]
    return Pagina(elementos, total, numero, paginas, por_pagina)


def _ausentes(*, session: Session, grupo_ids: list[int]) -> dict[int, list[str]]:
    ausentes: dict[int, list[str]] = defaultdict(list)
    if grupo_ids:
        filas = session.exec(
            select(Ausencia.grupo_id, Ausencia.garante_id)
            .where(col(Ausencia.grupo_id).in_(grupo_ids))
            .order_by(col(Ausencia.garante_id))
        )
        for grupo_id, garante_id in filas:
            ausentes[grupo_id].append(garante_id)
    return ausentes


def grupo_por_clave(*, session: Session, comparacion_id: int, clave: str) -> GrupoResumido | None:
    """Return a run's group by its stable id, with its ausencias, or None."""
    grupo = session.exec(
        select(GrupoTematico).where(
            GrupoTematico.comparacion_id == comparacion_id, GrupoTematico.clave == clave
        )
    ).first()
    if grupo is None or grupo.id is None:
        return None
    return GrupoResumido(grupo, _ausentes(session=session, grupo_ids=[grupo.id])[grupo.id])


def criterios_del_grupo(*, session: Session, grupo_id: int) -> list[tuple[GrupoCriterio, Criterio]]:
    """Return a group's members with their criterios, by garante and postura."""
    return [
        (miembro, criterio)
        for miembro, criterio in session.exec(
            select(GrupoCriterio, Criterio)
            .join(Criterio, col(Criterio.id) == col(GrupoCriterio.criterio_id))
            .where(GrupoCriterio.grupo_id == grupo_id)
            .order_by(
                col(GrupoCriterio.garante_id),
                func.coalesce(col(GrupoCriterio.postura), ""),
                col(Criterio.id_externo),
            )
        )
    ]


@dataclass
class DivergenciaVista:
    """A divergence with what its views show next to it."""

    divergencia: Divergencia
    grupo: GrupoTematico
    criterio_a: Criterio
    criterio_b: Criterio


# Highest puntaje first; ties by id, descending so that one index serves the whole order.
ORDEN_DIVERGENCIAS = (col(Divergencia.puntaje).desc(), col(Divergencia.id).desc())

CriterioA = aliased(Criterio)
CriterioB = aliased(Criterio)


def _consulta_divergencias() -> Any:
    return (
        select(Divergencia, GrupoTematico, CriterioA, CriterioB)
        .join(GrupoTematico, col(GrupoTematico.id) == col(Divergencia.grupo_id))
        .join(CriterioA, col(CriterioA.id) == col(Divergencia.criterio_a_id))
        .join(CriterioB, col(CriterioB.id) == col(Divergencia.criterio_b_id))
    )


def buscar_divergencias(
    *,
    session: Session,
    comparacion_id: int,
    tipo: str | None = None,
    garante: str | None = None,
    estado: str | None = None,
    grupo: str | None = None,
    ocultos: set[str] | None = None,
    pagina: int = 1,
    por_pagina: int = 25,
) -> Pagina:
    """Return a page of ``DivergenciaVista`` matching every filter, highest puntaje first.

    Divergences that involve a garante in ``ocultos`` (catalogs the reader may not see)
    are left out.
    """
    filtros: list[ColumnElement[bool]] = [col(Divergencia.comparacion_id) == comparacion_id]
    if ocultos:
        filtros.append(col(Divergencia.garante_a).not_in(ocultos))
        filtros.append(col(Divergencia.garante_b).not_in(ocultos))
    if tipo:
        filtros.append(col(Divergencia.tipo) == tipo)
    if garante:
        filtros.append(
            or_(col(Divergencia.garante_a) == garante, col(Divergencia.garante_b) == garante)
        )
    if estado:
        filtros.append(col(Divergencia.estado) == estado)
    if grupo:
        del_grupo = select(GrupoTematico.id).where(
            GrupoTematico.comparacion_id == comparacion_id, GrupoTematico.clave == grupo
        )
        filtros.append(col(Divergencia.grupo_id).in_(del_grupo))
    condicion = and_(*filtros)
    total = session.exec(select(func.count()).select_from(Divergencia).where(condicion)).one()
    numero, paginas = paginar(total, pagina, por_pagina)
    # The page's ids first, from the index alone; the joins then touch only those rows
    # (sorting thousands of joined rows with both texts was most of the page's time).
    ids = list(
        session.exec(
            select(Divergencia.id)
            .where(condicion)
            .order_by(*ORDEN_DIVERGENCIAS)
            .offset((numero - 1) * por_pagina)
            .limit(por_pagina)
        )
    )
    filas = session.exec(_consulta_divergencias().where(col(Divergencia.id).in_(ids)))
    posicion = {id_: n for n, id_ in enumerate(ids)}
    vistas = sorted(
        (DivergenciaVista(*fila) for fila in filas), key=lambda v: posicion[v.divergencia.id]
    )
    return Pagina(vistas, total, numero, paginas, por_pagina)


def divergencia_vista(*, session: Session, divergencia_id: int) -> DivergenciaVista | None:
    """Return one divergence with its group and both criterios, or None."""
    fila = session.exec(
        _consulta_divergencias().where(col(Divergencia.id) == divergencia_id)
    ).first()
    return DivergenciaVista(*fila) if fila else None


@dataclass
class FilaCobertura:
    """A topic of the coverage matrix: how many criterios each garante has on it."""

    grupo: GrupoTematico
    por_garante: dict[str, int]


def cobertura(
    *, session: Session, comparacion_id: int, pagina: int = 1, por_pagina: int | None = 50
) -> Pagina:
    """Return a page of ``FilaCobertura`` (all rows when ``por_pagina`` is None), by tema."""
    total = session.exec(
        select(func.count())
        .select_from(GrupoTematico)
        .where(GrupoTematico.comparacion_id == comparacion_id)
    ).one()
    consulta = (
        select(GrupoTematico)
        .where(GrupoTematico.comparacion_id == comparacion_id)
        .order_by(col(GrupoTematico.tema), col(GrupoTematico.id))
    )
    numero, paginas = 1, 1
    if por_pagina:
        numero, paginas = paginar(total, pagina, por_pagina)
        consulta = consulta.offset((numero - 1) * por_pagina).limit(por_pagina)
    grupos = list(session.exec(consulta))
    conteos: dict[int, dict[str, int]] = defaultdict(dict)
    for ids in _lotes([g.id for g in grupos if g.id]):
        filas = session.exec(
            select(GrupoCriterio.grupo_id, GrupoCriterio.garante_id, func.count())
            .where(col(GrupoCriterio.grupo_id).in_(ids))
            .group_by(col(GrupoCriterio.grupo_id), col(GrupoCriterio.garante_id))
        )
        for grupo_id, garante_id, n in filas:
            conteos[grupo_id][garante_id] = n
    elementos = [FilaCobertura(g, conteos.get(g.id or 0, {})) for g in grupos]
    return Pagina(elementos, total, numero, paginas, por_pagina or total)


def _lotes(ids: list[int], tamano: int = 900) -> Iterator[list[int]]:
    for inicio in range(0, len(ids), tamano):
        yield ids[inicio : inicio + tamano]


def todas_las_divergencias(*, session: Session, comparacion_id: int) -> Iterator[DivergenciaVista]:
    """Yield every divergence of a run, in the list's order (for the CSV export)."""
    consulta = (
        _consulta_divergencias()
        .where(col(Divergencia.comparacion_id) == comparacion_id)
        .order_by(*ORDEN_DIVERGENCIAS)
        .execution_options(yield_per=500)
    )
    for fila in session.exec(consulta):
        yield DivergenciaVista(*fila)


def resaltar(texto: str, fragmento: str | None) -> list[tuple[bool, str]]:
    """Return ``texto`` cut into (marked, piece) with the evidence ``fragmento`` marked.

    Case and spacing may differ between the two; when the fragment is not in the text,
    nothing is marked.
    """
    if not fragmento or not fragmento.strip():
        return [(False, texto)]
    palabras = [re.escape(p) for p in fragmento.split()]
    patron = re.compile(r"\s+".join(palabras), re.IGNORECASE)
    partes: list[tuple[bool, str]] = []
    posicion = 0
    for encontrado in patron.finditer(texto):
        if encontrado.start() > posicion:
            partes.append((False, texto[posicion : encontrado.start()]))
        partes.append((True, encontrado.group(0)))
        posicion = encontrado.end()
    if posicion < len(texto):
        partes.append((False, texto[posicion:]))
    return partes


def reporte_sin_ocultos(
    reporte: dict[str, Any], criterios: dict[str, Any], ocultos: set[str]
) -> dict[str, Any]:
    """Return the report without what it says of the garantes in ``ocultos``.

    ``criterios`` maps the report's ids to their garante. A group left with fewer than two
    criterios is no group any more, so it goes with its divergences and ausencias.
    """
    if not ocultos:
        return reporte

    def visible(id_motor: str) -> bool:
        return (criterios.get(id_motor) or {}).get("garante") not in ocultos

    grupos = []
    for grupo in reporte["grupos"]:
        miembros = [c for c in grupo["criterios"] if visible(c)]
        if len(miembros) < 2:
            continue
        posturas = [
            {**p, "criterios": [c for c in p["criterios"] if visible(c)]}
            for p in grupo.get("posturas") or []
        ]
        grupos.append(
            {
                **grupo,
                "criterios": miembros,
                "garantes": [g for g in grupo.get("garantes") or [] if g not in ocultos],
                "posturas": [p for p in posturas if p["criterios"]],
            }
        )
    quedan = {g["id"] for g in grupos}
    divergencias = [
        d
        for d in reporte["divergencias"]
        if d.get("grupo") in quedan and visible(d["a"]) and visible(d["b"])
    ]
    ausencias = []
    for ausencia in reporte["ausencias"]:
        garantes = [g for g in ausencia["garantes"] if g not in ocultos]
        if ausencia["grupo"] in quedan and garantes:
            ausencias.append({**ausencia, "garantes": garantes})
    procedimientos = [
        {**fila, "celdas": [c for c in fila["celdas"] if c["garante"] not in ocultos]}
        for fila in reporte.get("procedimientos") or []
    ]
    parametros = dict(reporte.get("parametros") or {})
    if "garantes" in parametros:
        parametros["garantes"] = [g for g in parametros["garantes"] if g not in ocultos]
    return {
        **reporte,
        "parametros": parametros,
        "grupos": grupos,
        "divergencias": divergencias,
        "ausencias": ausencias,
        "procedimientos": [p for p in procedimientos if p["celdas"]],
    }

"""Read queries of the catalog: criterio search, detail, versions, garantes and counts.

Search is one engine on SQLite and PostgreSQL alike: the table ``termino_criterio`` holds
each criterio's Snowball stems without accents (``criterios.registro.terminos_de_busqueda``);
the query is stemmed with the same ``terminos`` and every term must begin a stored stem,
which is an index range scan on both backends.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, true
from sqlmodel import Session, col, select

from comparador.normalizacion import normalizar, terminos
from criterios.models import (
    Criterio,
    CriterioTema,
    CriterioVersion,
    Garante,
    Procedimiento,
    TerminoCriterio,
)
from criterios.models import hoy as fecha_de_hoy
from criterios.registro import LARGO_TERMINO

# Words shorter than this are too ambiguous to match as a partial word while typing.
MINIMO_PARCIAL = 4


@dataclass
class Pagina:
    """One page of results: the elements shown and what the pagination needs."""

    elementos: list[Any]
    total: int
    numero: int
    paginas: int
    por_pagina: int


# Record ids are at most 18 digits: larger numbers do not fit the databases' integers.
MAX_DIGITOS_ID = 18


def numero_de_registro(valor: object) -> int | None:
    """Return a form or URL value as a record number, or None when it cannot be one.

    ``str.isdigit`` alone lets through "²" (``int`` refuses it) and numbers too large for
    the database; either would end in an error page instead of a Spanish message.
    """
    texto = str(valor or "").strip()
    if texto.isascii() and texto.isdigit() and len(texto) <= MAX_DIGITOS_ID:
        return int(texto)
    return None


def paginar(total: int, pagina: int, por_pagina: int) -> tuple[int, int]:
    """Return the page to show (``pagina`` kept between 1 and the last) and how many there are."""
    paginas = max(1, math.ceil(total / por_pagina))
    return min(max(pagina, 1), paginas), paginas


def _siguiente(prefijo: str) -> str:
    """Return the smallest string above every string that starts with ``prefijo``."""
    return prefijo[:-1] + chr(ord(prefijo[-1]) + 1)


def _con_termino(condicion: ColumnElement[bool]) -> ColumnElement[bool]:
    return col(Criterio.id).in_(select(TerminoCriterio.criterio_id).where(condicion))


def _empieza(prefijo: str) -> ColumnElement[bool]:
    termino = col(TerminoCriterio.termino)
    return and_(termino >= prefijo, termino < _siguiente(prefijo))


def condiciones_de_texto(texto: str) -> list[ColumnElement[bool]]:
    """Return one SQL condition per query term; all must hold for a criterio to match.

    Each stem must begin a stored stem, so "plazos" finds "plazo" and a word still being
    typed finds its completions. A partial word can also stem to something longer than
    the full word's stem ("informaci" vs "inform"), so the last word, when not followed
    by a space, also matches a stored stem that it begins with.
    """
    raices = [t[:LARGO_TERMINO] for t in terminos(texto)]
    condiciones = [_empieza(r) for r in raices]
    if condiciones and texto == texto.rstrip():
        palabras = normalizar(texto).split()
        ultima = palabras[-1] if palabras else ""
        prefijos = [ultima[:k] for k in range(MINIMO_PARCIAL, len(ultima))]
        if prefijos:
            condiciones[-1] = or_(condiciones[-1], col(TerminoCriterio.termino).in_(prefijos))
    return [_con_termino(c) for c in condiciones]


def _filtros(
    *,
    texto: str | None,
    garante: str | None,
    tipo: str | None,
    vigencia: str | None,
    tema: str | None,
    ocultos: Collection[str],
) -> list[ColumnElement[bool]]:
    filtros: list[ColumnElement[bool]] = []
    if ocultos:
        filtros.append(col(Criterio.garante_id).not_in(list(ocultos)))
    if texto:
        filtros += condiciones_de_texto(texto)
    if garante:
        filtros.append(col(Criterio.garante_id) == garante)
    if tipo:
        filtros.append(col(Criterio.tipo) == tipo)
    if vigencia:
        filtros.append(col(Criterio.vigencia) == vigencia)
    if tema:
        con_tema = select(CriterioTema.criterio_id).where(CriterioTema.tema == tema)
        filtros.append(col(Criterio.id).in_(con_tema))
    return filtros


def buscar_criterios(
    *,
    session: Session,
    texto: str | None = None,
    garante: str | None = None,
    tipo: str | None = None,
    vigencia: str | None = None,
    tema: str | None = None,
    pagina: int = 1,
    por_pagina: int = 25,
    ocultos: Collection[str] = (),
) -> Pagina:
    """Return a page of (criterio, garante) pairs matching every given filter.

    ``ocultos`` are garantes whose catalog the reader may not see. Ordered by garante,
    clave and id so that pages are stable on both backends.
    """
    filtros = _filtros(
        texto=texto, garante=garante, tipo=tipo, vigencia=vigencia, tema=tema, ocultos=ocultos
    )
    condicion = and_(true(), *filtros)
    total = session.exec(select(func.count()).select_from(Criterio).where(condicion)).one()
    numero, paginas = paginar(total, pagina, por_pagina)
    consulta = (
        select(Criterio, Garante)
        .join(Garante, col(Garante.id) == col(Criterio.garante_id))
        .where(condicion)
        # NULL clave sorts differently on each backend; coalesce keeps pages identical.
        .order_by(
            col(Criterio.garante_id), func.coalesce(col(Criterio.clave), ""), col(Criterio.id)
        )
        .offset((numero - 1) * por_pagina)
        .limit(por_pagina)
    )
    elementos = [tuple(fila) for fila in session.exec(consulta)]
    return Pagina(
        elementos=elementos, total=total, numero=numero, paginas=paginas, por_pagina=por_pagina
    )


def obtener_criterio(*, session: Session, id: int) -> Criterio | None:
    """Return the criterio with database id ``id``, or None."""
    return session.get(Criterio, id)


def criterio_por_id_externo(*, session: Session, garante: str, id: str) -> Criterio | None:
    """Return the criterio whose interchange id is ``id`` within ``garante``, or None."""
    consulta = select(Criterio).where(Criterio.garante_id == garante, Criterio.id_externo == id)
    return session.exec(consulta).first()


def versiones(*, session: Session, criterio_id: int) -> list[CriterioVersion]:
    """Return the versions of a criterio, oldest first."""
    consulta = (
        select(CriterioVersion)
        .where(CriterioVersion.criterio_id == criterio_id)
        .order_by(col(CriterioVersion.numero))
    )
    return list(session.exec(consulta))


def temas_disponibles(*, session: Session, ocultos: Collection[str] = ()) -> list[str]:
    """Return every tema used by some criterio the reader may see, alphabetically."""
    consulta = select(CriterioTema.tema).distinct().order_by(col(CriterioTema.tema))
    if ocultos:
        consulta = consulta.join(Criterio, col(Criterio.id) == col(CriterioTema.criterio_id)).where(
            col(Criterio.garante_id).not_in(list(ocultos))
        )
    return list(session.exec(consulta))


def garantes(*, session: Session, ocultos: Collection[str] = ()) -> list[Garante]:
    """Return the garantes (but ``ocultos``) ordered by región, entidad and nombre."""
    consulta = (
        select(Garante)
        .where(col(Garante.id).not_in(list(ocultos)))
        .order_by(
            func.coalesce(col(Garante.region), ""),
            func.coalesce(col(Garante.entidad), ""),
            col(Garante.nombre),
        )
    )
    return list(session.exec(consulta))


def garantes_por_id(*, session: Session) -> dict[str, Garante]:
    """Return every garante by id, so a page names them all with one query."""
    return {g.id: g for g in session.exec(select(Garante))}


def nombre_corto(garante_id: str, garantes: dict[str, Garante]) -> str:
    """Return how users know a garante: its siglas, else its nombre, else the id."""
    garante = garantes.get(garante_id)
    return (garante.siglas or garante.nombre) if garante else garante_id


def criterios_por_garante(*, session: Session) -> dict[str, int]:
    """Return the number of criterios of each garante (garantes without any are absent)."""
    consulta = select(Criterio.garante_id, func.count()).group_by(col(Criterio.garante_id))
    return {garante_id: total for garante_id, total in session.exec(consulta)}


def procedimientos_por_garante(*, session: Session) -> dict[str, int]:
    """Return the number of procedimientos of each garante (garantes without any are absent)."""
    consulta = select(Procedimiento.garante_id, func.count()).group_by(
        col(Procedimiento.garante_id)
    )
    return {garante_id: total for garante_id, total in session.exec(consulta)}


@dataclass
class FichaGarante:
    """A garante with what the list shows next to it."""

    garante: Garante
    criterios: int
    procedimientos: int
    vigente: bool
    # False when the reader may not see this garante's catalog: counts are then 0.
    visible: bool = True


def garantes_por_region(
    *, session: Session, hoy: date | None = None, ocultos: Collection[str] = ()
) -> dict[str, dict[str, list[FichaGarante]]]:
    """Return región → entidad → garantes (with counts and whether each is vigente today).

    Garantes without región or entidad are grouped under "Sin región" / "Sin entidad".
    ``ocultos`` (private catalogs) are listed, since who the authorities are is public,
    but without their counts.
    """
    hoy = hoy or fecha_de_hoy()
    criterios = criterios_por_garante(session=session)
    procedimientos = procedimientos_por_garante(session=session)
    agrupados: dict[str, dict[str, list[FichaGarante]]] = defaultdict(lambda: defaultdict(list))
    for garante in garantes(session=session):
        agrupados[garante.region or "Sin región"][garante.entidad or "Sin entidad"].append(
            FichaGarante(
                garante=garante,
                criterios=0 if garante.id in ocultos else criterios.get(garante.id, 0),
                procedimientos=0 if garante.id in ocultos else procedimientos.get(garante.id, 0),
                vigente=garante.vigente_en(hoy),
                visible=garante.id not in ocultos,
            )
        )
    return {region: dict(entidades) for region, entidades in agrupados.items()}


def procedimientos_de(*, session: Session, garante_id: str) -> list[Procedimiento]:
    """Return the procedimientos of one garante, by nombre."""
    consulta = (
        select(Procedimiento)
        .where(Procedimiento.garante_id == garante_id)
        .order_by(col(Procedimiento.nombre), col(Procedimiento.id))
    )
    return list(session.exec(consulta))


@dataclass
class Totales:
    """The size of the register, for the home page."""

    garantes: int
    criterios: int
    procedimientos: int
    temas: int


def totales(*, session: Session, ocultos: Collection[str] = ()) -> Totales:
    """Return how many garantes, criterios, procedimientos and temas the reader may see."""
    ocultos = list(ocultos)

    def contar(consulta: Any) -> int:
        return int(session.exec(consulta).one())

    temas = select(func.count(func.distinct(col(CriterioTema.tema))))
    if ocultos:
        temas = temas.join(Criterio, col(Criterio.id) == col(CriterioTema.criterio_id)).where(
            col(Criterio.garante_id).not_in(ocultos)
        )
    return Totales(
        garantes=contar(select(func.count()).select_from(Garante)),
        criterios=contar(select(func.count()).where(col(Criterio.garante_id).not_in(ocultos))),
        procedimientos=contar(
            select(func.count()).where(col(Procedimiento.garante_id).not_in(ocultos))
        ),
        temas=contar(temas),
    )

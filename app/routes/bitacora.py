"""Routes: /bitacora and /bitacora.csv — read-only browsing of the audit log.

There is deliberately no route that edits or deletes entries (and the database refuses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.models import EventoBitacora
from app.permisos import autorizar
from app.templating import render
from app.web import (
    get_session,
    parametro_entero,
    parametro_texto,
    respuesta_csv,
    url_de_pagina,
)
from criterios.consultas import Pagina, paginar
from criterios.csv_seguro import texto_csv

FILTROS = ("usuario", "accion", "objeto", "desde", "hasta")
MAX_CSV = 100_000


@dataclass(frozen=True)
class Filtros:
    """The bitácora's filters as given in the query string (None when absent or invalid)."""

    usuario: str | None = None
    accion: str | None = None
    objeto: str | None = None
    desde: date | None = None
    hasta: date | None = None

    def parametros(self) -> dict[str, str]:
        return {k: str(v) for k in FILTROS if (v := getattr(self, k)) is not None}


def _fecha(texto: str | None) -> date | None:
    try:
        return date.fromisoformat(texto) if texto else None
    except ValueError:
        return None


def leer_filtros(request: Request) -> Filtros:
    """Return the filters of the request's query string."""
    return Filtros(
        usuario=parametro_texto(request, "usuario"),
        accion=parametro_texto(request, "accion"),
        objeto=parametro_texto(request, "objeto"),
        desde=_fecha(parametro_texto(request, "desde")),
        hasta=_fecha(parametro_texto(request, "hasta")),
    )


def _condiciones(filtros: Filtros) -> list[ColumnElement[bool]]:
    condiciones: list[ColumnElement[bool]] = []
    if filtros.usuario:
        patron = "%" + filtros.usuario.lower().replace("%", "").replace("_", "") + "%"
        condiciones.append(func.lower(col(EventoBitacora.usuario_correo)).like(patron))
    if filtros.accion:
        # "criterio" selects every criterio.* action; "criterio.editar" only that one.
        condiciones.append(
            (col(EventoBitacora.accion) == filtros.accion)
            | col(EventoBitacora.accion).startswith(filtros.accion + ".")
        )
    if filtros.objeto:
        tipo, _, objeto_id = filtros.objeto.partition(":")
        condiciones.append(col(EventoBitacora.objeto_tipo) == tipo)
        if objeto_id:
            condiciones.append(col(EventoBitacora.objeto_id) == objeto_id)
    if filtros.desde:
        desde = datetime.combine(filtros.desde, time.min, tzinfo=UTC)
        condiciones.append(col(EventoBitacora.creado_en) >= desde)
    if filtros.hasta:
        hasta = datetime.combine(filtros.hasta + timedelta(days=1), time.min, tzinfo=UTC)
        condiciones.append(col(EventoBitacora.creado_en) < hasta)
    return condiciones


def buscar_eventos(
    *, session: Session, filtros: Filtros, pagina: int = 1, por_pagina: int = 50
) -> Pagina:
    """Return one page of entries that match ``filtros``, newest first."""
    condiciones = _condiciones(filtros)
    total = session.exec(select(func.count()).select_from(EventoBitacora).where(*condiciones)).one()
    numero, paginas = paginar(total, pagina, por_pagina)
    eventos = session.exec(
        select(EventoBitacora)
        .where(*condiciones)
        .order_by(col(EventoBitacora.id).desc())
        .offset((numero - 1) * por_pagina)
        .limit(por_pagina)
    ).all()
    return Pagina(list(eventos), total, numero, paginas, por_pagina)


def acciones_registradas(*, session: Session) -> list[str]:
    """Return every action that appears in the bitácora, for the filter's options."""
    return list(
        session.exec(
            select(EventoBitacora.accion).distinct().order_by(col(EventoBitacora.accion))
        ).all()
    )


def lista(request: Request) -> Response:
    """Show the bitácora with its filters and pagination."""
    autorizar(request, "bitacora.ver")
    session = get_session(request)
    filtros = leer_filtros(request)
    pagina = buscar_eventos(
        session=session,
        filtros=filtros,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina * 2,
    )
    parametros = filtros.parametros()

    contexto = {
        "pagina": pagina,
        "filtros": filtros,
        "acciones": [(a, a) for a in acciones_registradas(session=session)],
        "url_pagina": url_de_pagina("/bitacora", parametros),
        "url_csv": "/bitacora.csv" + ("?" + urlencode(parametros) if parametros else ""),
    }
    return render(request, "bitacora/lista.html", contexto, bloque="resultados")


def exportar_csv(request: Request) -> Response:
    """Return the filtered bitácora as CSV, with formula-like cells neutralized."""
    autorizar(request, "bitacora.ver")
    session = get_session(request)
    pagina = buscar_eventos(session=session, filtros=leer_filtros(request), por_pagina=MAX_CSV)
    filas: list[list[Any]] = [
        ["id", "fecha_utc", "usuario", "accion", "objeto_tipo", "objeto_id", "resumen",
         "direccion"]
    ]  # fmt: skip
    for evento in pagina.elementos:
        filas.append(
            [evento.id, evento.creado_en.isoformat(), evento.usuario_correo, evento.accion,
             evento.objeto_tipo, evento.objeto_id, evento.resumen, evento.direccion]
        )  # fmt: skip
    return respuesta_csv(texto_csv(filas), "bitacora.csv")


routes = [
    Route("/bitacora", lista, methods=["GET"]),
    Route("/bitacora.csv", exportar_csv, methods=["GET"]),
]

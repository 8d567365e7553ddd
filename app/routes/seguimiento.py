"""Routes: the seguimiento of acuerdos, /acuerdos and /acuerdos.csv.

Every acuerdo with its estado (``vencido`` computed from the fecha límite), vencidos first,
filterable by mesa, garante and estado. The public sees the acuerdos of mesas past borrador;
each acuerdo's own page and its writes are in ``app.routes.acuerdos``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.nombres import es_interno, nombres_para
from app.templating import fecha_larga, render
from app.web import get_session, parametro_entero, parametro_texto, respuesta_csv, url_de_pagina
from criterios import consultas
from criterios.consultas import Pagina, numero_de_registro
from criterios.csv_seguro import texto_csv
from criterios.models import hoy
from sesiones import acuerdos, seguimiento
from sesiones.models import PuntoOrden

FILTROS = ("mesa", "garante", "estado")


def _filtros(request: Request) -> dict[str, str | None]:
    filtros = {n: parametro_texto(request, n) for n in FILTROS}
    if filtros["estado"] not in acuerdos.ESTADOS_VISIBLES:
        filtros["estado"] = None
    if filtros["mesa"] and numero_de_registro(filtros["mesa"]) is None:
        filtros["mesa"] = None
    return filtros


def _buscar(
    request: Request, session: Session, filtros: dict[str, str | None], **pagina: Any
) -> Pagina:
    return seguimiento.buscar_acuerdos(
        session=session,
        hoy=hoy(),
        mesa_id=int(filtros["mesa"]) if filtros["mesa"] else None,
        garante_id=filtros["garante"],
        estado=filtros["estado"],
        solo_publicos=not es_interno(request),
        **pagina,
    )


def tablero(request: Request) -> Response:
    """Render the acuerdos with their estado, vencidos first, filterable and paginated."""
    session = get_session(request)
    filtros = _filtros(request)
    pagina = _buscar(
        request,
        session,
        filtros,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
    )
    interno = es_interno(request)
    mesas = seguimiento.mesas_con_acuerdos(session=session, solo_publicos=not interno)
    nombres = nombres_para(request, session, (u for f in pagina.elementos for u in f.usuario_ids))
    consulta = urlencode({k: v for k, v in filtros.items() if v})
    contexto = {
        "pagina": pagina,
        "filtros": filtros,
        "hay_filtros": any(filtros.values()),
        "url_pagina": url_de_pagina("/acuerdos", filtros),
        "url_csv": "/acuerdos.csv" + (f"?{consulta}" if consulta else ""),
        "mesas": [(str(m.id), f"{m.titulo} · {fecha_larga(m.fecha)}") for m in mesas],
        "garantes": [(g.id, g.siglas or g.nombre) for g in consultas.garantes(session=session)],
        "estados": [(e, acuerdos.ETIQUETAS_ESTADO[e]) for e in acuerdos.ESTADOS_VISIBLES],
        "nombres": nombres,
    }
    return render(request, "acuerdos/tablero.html", contexto, bloque="resultados")


COLUMNAS_CSV = [
    "Número", "Mesa", "Fecha de la mesa", "Punto", "Acuerdo", "Garantes responsables",
    "Personas responsables", "Fecha límite", "Estado", "Avances", "Último avance",
    "Cumplido el",
]  # fmt: skip


def tablero_csv(request: Request) -> Response:
    """Return the dashboard's acuerdos (same filters, every page) as CSV for spreadsheets."""
    session = get_session(request)
    filtros = _filtros(request)
    filas = _buscar(request, session, filtros, por_pagina=None).elementos
    nombres = nombres_para(request, session, (u for f in filas for u in f.usuario_ids))
    punto_ids = {f.acuerdo.punto_id for f in filas if f.acuerdo.punto_id}
    puntos = {
        p.id: p for p in session.exec(select(PuntoOrden).where(col(PuntoOrden.id).in_(punto_ids)))
    }
    salida: list[list[Any]] = [COLUMNAS_CSV]
    for fila in filas:
        a, punto = fila.acuerdo, puntos.get(fila.acuerdo.punto_id)
        salida.append(
            [
                a.numero,
                fila.mesa.titulo,
                fila.mesa.fecha.isoformat(),
                f"{punto.orden}. {punto.titulo}" if punto else "",
                a.texto,
                "; ".join(nombres.garante(g) for g in fila.garante_ids),
                "; ".join(nombres.persona(u) for u in fila.usuario_ids),
                a.fecha_limite.isoformat() if a.fecha_limite else "",
                fila.etiqueta,
                fila.avances,
                fila.ultimo_avance.date().isoformat() if fila.ultimo_avance else "",
                a.cumplido_en.date().isoformat() if a.cumplido_en else "",
            ]
        )
    return respuesta_csv(texto_csv(salida), f"acuerdos-{hoy().isoformat()}.csv", bom=True)


routes = [
    Route("/acuerdos", tablero, methods=["GET"]),
    Route("/acuerdos.csv", tablero_csv, methods=["GET"]),
]

"""Routes: /datos, the open data downloads (interchange JSON, CSV and the schema)."""

from __future__ import annotations

import json

from sqlmodel import Session, col, func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.permisos import garantes_ocultos
from app.templating import render
from app.web import get_session, parametro_texto, respuesta_csv
from criterios.csv_intercambio import COLUMNAS
from criterios.demo import hay_datos_de_ejemplo
from criterios.intercambio import exportar, exportar_csv
from criterios.models import Criterio, Garante
from criterios.validacion_intercambio import ESQUEMA

JSON_UTF8 = "application/json; charset=utf-8"


def _garante_o_404(request: Request, session: Session, ocultos: set[str]) -> str | None:
    """Return the ``garante`` filter of the request; 404 when no such garante is visible."""
    garante = parametro_texto(request, "garante")
    if garante is not None and (garante in ocultos or session.get(Garante, garante) is None):
        raise HTTPException(404, f"No existe el garante «{garante}».")
    return garante


def _archivo(garante: str | None, extension: str) -> str:
    return f"criterios-{garante}.{extension}" if garante else f"criterios.{extension}"


def indice(request: Request) -> Response:
    """Render the open data page: the files, what each holds, per-garante links."""
    session = get_session(request)
    ocultos = garantes_ocultos(request)
    conteos = dict(
        session.exec(
            select(Criterio.garante_id, func.count()).group_by(col(Criterio.garante_id))
        ).all()
    )
    garantes = [
        g
        for g in session.exec(select(Garante).order_by(func.lower(col(Garante.nombre))))
        if g.id not in ocultos
    ]
    conteos = {g: n for g, n in conteos.items() if g not in ocultos}
    return render(
        request,
        "datos/indice.html",
        {
            "garantes": [(g, conteos.get(g.id, 0)) for g in garantes],
            "total": sum(conteos.values()),
            "columnas": COLUMNAS,
            "hay_demo": hay_datos_de_ejemplo(session),
        },
    )


def criterios_json(request: Request) -> Response:
    """Return the public register (or one garante's part) in the interchange format."""
    session = get_session(request)
    ocultos = garantes_ocultos(request)
    garante = _garante_o_404(request, session, ocultos)
    datos = exportar(session=session, garante=garante, ocultos=ocultos)
    contenido = json.dumps(datos, ensure_ascii=False, indent=1)
    return Response(
        contenido + "\n",
        media_type=JSON_UTF8,
        headers={"Content-Disposition": f'inline; filename="{_archivo(garante, "json")}"'},
    )


def criterios_csv(request: Request) -> Response:
    """Return the criterios (or one garante's) in the documented CSV layout, UTF-8 without BOM."""
    session = get_session(request)
    ocultos = garantes_ocultos(request)
    garante = _garante_o_404(request, session, ocultos)
    contenido = exportar_csv(session=session, garante=garante, ocultos=ocultos)
    return respuesta_csv(contenido, _archivo(garante, "csv"))


def esquema(request: Request) -> Response:
    """Return the JSON Schema of the interchange format that the import applies."""
    del request
    return Response(
        json.dumps(ESQUEMA, ensure_ascii=False, indent=2) + "\n",
        media_type=JSON_UTF8,
        headers={"Content-Disposition": 'inline; filename="esquema-intercambio.json"'},
    )


routes = [
    Route("/datos", indice, methods=["GET"]),
    Route("/datos/criterios.json", criterios_json, methods=["GET"]),
    Route("/datos/criterios.csv", criterios_csv, methods=["GET"]),
    Route("/datos/esquema-intercambio.json", esquema, methods=["GET"]),
]

"""Routes: /administracion — settings of the administración (public or private catalogs)."""

from __future__ import annotations

from sqlmodel import col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.permisos import autorizar
from app.templating import render
from app.web import get_session
from criterios.models import Garante


def inicio(request: Request) -> Response:
    """Show every garante with whether its catalog is public."""
    autorizar(request, "garante.administrar")
    garantes = get_session(request).exec(
        select(Garante).order_by(col(Garante.region), col(Garante.entidad), col(Garante.nombre))
    )
    return render(request, "administracion/inicio.html", {"garantes": list(garantes)})


async def catalogo(request: Request) -> Response:
    """Make a garante's catalog public or private (the change goes to the bitácora)."""
    autorizar(request, "garante.administrar")
    formulario = await request.form()
    session = get_session(request)
    garante = session.get(Garante, request.path_params["id"])
    if garante is None:
        raise HTTPException(404)
    garante.catalogo_publico = formulario.get("publico") == "si"
    session.add(garante)
    session.commit()
    return RedirectResponse("/administracion", status_code=303)


routes = [
    Route("/administracion", inicio, methods=["GET"]),
    Route("/administracion/garantes/{id}/catalogo", catalogo, methods=["POST"]),
]

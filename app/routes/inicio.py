"""Routes: the home page, what Homologa is and how big the register is."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.permisos import garantes_ocultos
from app.templating import render
from app.web import get_session
from criterios import consultas
from criterios.demo import hay_datos_de_ejemplo


def inicio(request: Request) -> Response:
    """Render the home page with the register's counts and a search box."""
    session = get_session(request)
    contexto = {
        "totales": consultas.totales(session=session, ocultos=garantes_ocultos(request)),
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "inicio.html", contexto)


routes = [Route("/", inicio, methods=["GET"])]

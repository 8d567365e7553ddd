"""Spanish error pages: no traceback ever reaches a user."""

from __future__ import annotations

import logging
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from app.templating import render

logger = logging.getLogger("homologa")
_CODIGOS = {s.value for s in HTTPStatus}

TITULOS = {
    400: "Solicitud incorrecta",
    403: "Acceso denegado",
    404: "Página no encontrada",
    405: "Método no permitido",
    409: "Operación no permitida",
    413: "Solicitud demasiado grande",
    500: "Error interno",
}

EXPLICACIONES = {
    403: "Su cuenta no tiene permiso para realizar esta acción.",
    404: "La dirección que buscó no existe o el registro fue retirado.",
    405: "Esta dirección no admite esa operación.",
    500: "Ocurrió un error inesperado. El equipo técnico ya quedó avisado; intente de nuevo.",
}


def _pagina_error(request: Request, status_code: int, detalle: str | None = None) -> Response:
    if "application/json" in request.headers.get("accept", "") and "text/html" not in (
        request.headers.get("accept", "")
    ):
        return PlainTextResponse(TITULOS.get(status_code, "Error"), status_code=status_code)
    return render(
        request,
        "error.html",
        {
            "codigo": status_code,
            "titulo": TITULOS.get(status_code, "Error"),
            "explicacion": detalle or EXPLICACIONES.get(status_code, ""),
        },
        status_code=status_code,
    )


async def http_exception(request: Request, exc: Exception) -> Response:
    """Render an HTTPException as a Spanish page."""
    assert isinstance(exc, HTTPException)
    # Starlette fills an empty detail with the English reason phrase; show ours instead.
    por_omision = HTTPStatus(exc.status_code).phrase if exc.status_code in _CODIGOS else None
    detalle = exc.detail if exc.detail and exc.detail != por_omision else None
    return _pagina_error(request, exc.status_code, detalle)


async def server_error(request: Request, exc: Exception) -> Response:
    """Log the error and render the Spanish 500 page."""
    logger.exception("Error no controlado en %s %s", request.method, request.url.path)
    return _pagina_error(request, 500)

"""Routes: /salud, the health check with a database probe."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.web import get_session


def salud(request: Request) -> JSONResponse:
    """Answer 200 with the database status, 503 when the database does not answer."""
    try:
        get_session(request).exec(text("SELECT 1"))  # type: ignore[call-overload]
    except SQLAlchemyError:
        return JSONResponse({"estado": "error", "base_de_datos": "sin respuesta"}, 503)
    engine = request.app.state.engine
    return JSONResponse({"estado": "ok", "base_de_datos": "ok", "motor": engine.dialect.name})


routes = [Route("/salud", salud, methods=["GET"])]

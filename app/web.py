"""Request-level helpers: the request's database session, query parameters, CSV downloads."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

SESSION_KEY = "db_session"


def get_session(request: Request) -> Session:
    """Return this request's session, opening it on first use (closed by the middleware)."""
    state = request.scope.setdefault("state", {})
    session = state.get(SESSION_KEY)
    if session is None:
        engine: Engine = request.app.state.engine
        session = Session(engine, expire_on_commit=False)
        state[SESSION_KEY] = session
    return session


def parametro_entero(request: Request, nombre: str, *, por_omision: int, minimo: int = 1) -> int:
    """Return a positive integer query parameter, falling back on bad input."""
    try:
        valor = int(request.query_params.get(nombre, por_omision))
    except ValueError:
        return por_omision
    return max(valor, minimo)


def parametro_texto(request: Request, nombre: str) -> str | None:
    """Return a stripped query parameter, or None when it is empty or absent."""
    valor = request.query_params.get(nombre, "").strip()
    return valor or None


def respuesta_csv(texto: str, nombre: str, *, bom: bool = False) -> Response:
    """Return a CSV download named ``nombre``; ``bom`` helps Excel detect UTF-8."""
    return Response(
        ("\ufeff" if bom else "") + texto,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
    )

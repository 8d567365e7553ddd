"""Helpers shared by the route modules: the request's session, query parameters, pagination
links, select options and CSV downloads."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlencode

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


def aviso(request: Request, avisos: Mapping[str, str]) -> str | None:
    """Return the notice named by ``?aviso=`` (set by a redirect after a write), or None."""
    return avisos.get(request.query_params.get("aviso", ""))


def url_de_pagina(ruta: str, parametros: Mapping[str, str | None]) -> Callable[[int], str]:
    """Return a function that gives the URL of page N, keeping the non-empty ``parametros``."""
    fijos = {k: v for k, v in parametros.items() if v}

    def url_pagina(numero: int) -> str:
        return ruta + "?" + urlencode({**fijos, "pagina": numero})

    return url_pagina


def opciones(valores: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (value, label) pairs for a select, each label the value capitalized."""
    return [(v, v.capitalize()) for v in valores]


def respuesta_csv(texto: str, nombre: str, *, bom: bool = False) -> Response:
    """Return a CSV download named ``nombre``; ``bom`` helps Excel detect UTF-8."""
    return Response(
        ("\ufeff" if bom else "") + texto,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
    )

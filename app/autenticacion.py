"""Who is asking: the middleware that loads the user of the session cookie, and helpers."""

from __future__ import annotations

from http.cookies import SimpleCookie

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app import bitacora
from app.models import Usuario
from app.sesiones_usuario import buscar_sesion, nombre_cookie
from app.settings import Settings
from app.web import get_session

CLAVE_USUARIO = "usuario"
CLAVE_SESION = "sesion_usuario"
CLAVE_TOKEN = "sesion_token"
# With a one-time password the account may only set its own password (and leave).
RUTAS_CON_CONTRASENA_PENDIENTE = ("/cuenta/contrasena", "/salir", "/static/", "/salud")


def usuario_actual(request: Request) -> Usuario | None:
    """Return the signed-in user of this request, or None for the public."""
    return request.scope.get("state", {}).get(CLAVE_USUARIO)


def usuario_autorizado(request: Request) -> Usuario:
    """Return the signed-in user of a request that ``autorizar`` let through (never the public)."""
    usuario = usuario_actual(request)
    assert usuario is not None  # autorizar() turns the public away
    return usuario


def direccion_cliente(request: Request) -> str:
    """Return the client address as the server sees it (the proxy must set it right)."""
    return request.client.host if request.client else ""


def leer_cookie(scope: Scope, nombre: str) -> str | None:
    """Return the value of cookie ``nombre`` in the request headers, if present."""
    for clave, valor in scope.get("headers", []):
        if clave == b"cookie":
            galleta: SimpleCookie = SimpleCookie()
            try:
                galleta.load(valor.decode("latin-1"))
            except Exception:  # a malformed cookie header is simply "no cookie"
                continue
            if nombre in galleta:
                return galleta[nombre].value
    return None


class AuthenticationMiddleware:
    """Put the session's user in ``request.state.usuario`` (None when there is none)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state[CLAVE_USUARIO] = None
        settings: Settings = scope["app"].state.settings
        token = leer_cookie(scope, nombre_cookie(settings))
        if token:
            request = Request(scope)
            encontrada = await anyio.to_thread.run_sync(_cargar, request, token, settings)
            if encontrada is not None:
                sesion_usuario, usuario = encontrada
                state[CLAVE_USUARIO] = usuario
                state[CLAVE_SESION] = sesion_usuario
                state[CLAVE_TOKEN] = token
                get_session(request).info[bitacora.CLAVE_ACTOR] = bitacora.Actor(
                    usuario.id, usuario.correo, direccion_cliente(request)
                )
                if usuario.debe_cambiar_contrasena and not scope["path"].startswith(
                    RUTAS_CON_CONTRASENA_PENDIENTE
                ):
                    respuesta = RedirectResponse("/cuenta/contrasena", status_code=303)
                    await respuesta(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _cargar(request: Request, token: str, settings: Settings):  # type: ignore[no-untyped-def]
    session = get_session(request)
    encontrada = buscar_sesion(session=session, token=token, settings=settings)
    # Commit the refreshed last use (or the deletion of an expired session) right away.
    session.commit()
    return encontrada

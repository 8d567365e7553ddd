"""ASGI middleware: per-request session cleanup and the request body limit."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web import SESSION_KEY


class SessionCleanupMiddleware:
    """Close the request's database session (if one was opened) once the response is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            session = scope.get("state", {}).pop(SESSION_KEY, None)
            if session is not None:
                session.close()


class CuerpoDemasiadoGrande(Exception):
    """The request body passed the configured limit."""


class BodyLimitMiddleware:
    """Reject request bodies over ``max_bytes`` (Starlette has no limit of its own)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declarado = dict(scope.get("headers", [])).get(b"content-length")
        if declarado is not None and declarado.isdigit() and int(declarado) > self.max_bytes:
            await _responder_413(scope, receive, send, self.max_bytes)
            return
        recibido = 0

        async def receive_limitado() -> Message:
            nonlocal recibido
            mensaje = await receive()
            if mensaje["type"] == "http.request":
                recibido += len(mensaje.get("body", b""))
                if recibido > self.max_bytes:
                    raise CuerpoDemasiadoGrande
            return mensaje

        try:
            await self.app(scope, receive_limitado, send)
        except CuerpoDemasiadoGrande:
            await _responder_413(scope, receive, send, self.max_bytes)


async def _responder_413(scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
    from starlette.responses import HTMLResponse

    mb = max_bytes // (1024 * 1024)
    respuesta = HTMLResponse(
        '<!doctype html><html lang="es-MX"><meta charset="utf-8">'
        "<title>Solicitud demasiado grande · Homologa</title>"
        f"<h1>Solicitud demasiado grande</h1><p>El envío supera el límite de {mb} MB. "
        "Reduzca el tamaño del archivo o divídalo en varios.</p></html>",
        status_code=413,
    )
    await respuesta(scope, receive, send)

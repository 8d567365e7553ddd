"""Security headers on every response: CSP without inline scripts, no framing, no sniffing."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLITICA_CONTENIDO = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
CABECERAS = {
    "Content-Security-Policy": POLITICA_CONTENIDO,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeadersMiddleware:
    """Add the security headers; pages seen by a signed-in user are never cached."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.cabeceras = dict(CABECERAS)
        if https:
            self.cabeceras["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def enviar(mensaje: Message) -> None:
            if mensaje["type"] == "http.response.start":
                cabeceras = MutableHeaders(scope=mensaje)
                for nombre, valor in self.cabeceras.items():
                    cabeceras.setdefault(nombre, valor)
                # Private pages must not stay in shared or back-button caches (ASVS 14.3).
                if scope.get("state", {}).get("usuario") is not None:
                    cabeceras["Cache-Control"] = "no-store"
            await send(mensaje)

        await self.app(scope, receive, enviar)

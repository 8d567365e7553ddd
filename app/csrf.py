"""CSRF protection for every unsafe method: a token bound to the session, checked by middleware.

The token is an HMAC of the session id (or, before login, of a random pre-session cookie)
under the secret key, so it needs no storage and a token of another session never
matches. Templates read it with ``csrf_token()``: forms send it as the ``csrf_token``
field, htmx as the ``X-CSRF-Token`` header (``hx-headers`` on <body>).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.autenticacion import CLAVE_TOKEN, leer_cookie
from app.settings import Settings

METODOS_SEGUROS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CABECERA = "x-csrf-token"
CAMPO = "csrf_token"
CLAVE_ESTADO = "csrf_token"
MENSAJE = (
    "La página caducó o el formulario no salió de Homologa, así que no se guardó nada. "
    "Vuelva a cargar la página e intente de nuevo."
)


def nombre_cookie_previa(settings: Settings) -> str:
    """Return the name of the pre-session cookie that anonymous forms (login) are bound to."""
    return "__Host-homologa_csrf" if settings.https else "homologa_csrf"


def token_para(secreto: str, vinculo: str) -> str:
    """Return the CSRF token of a session (or pre-session) value under ``secreto``."""
    firma = hmac.new(secreto.encode(), b"csrf:" + vinculo.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(firma).decode().rstrip("=")


class CSRFMiddleware:
    """Reject unsafe requests without the right token with a Spanish 403 page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        state = scope.setdefault("state", {})
        cookie_nueva = None
        vinculo = state.get(CLAVE_TOKEN)
        if vinculo is None:
            previa = leer_cookie(scope, nombre_cookie_previa(settings))
            if not previa or len(previa) > 64:
                previa = cookie_nueva = secrets.token_urlsafe(32)
            vinculo = "previa:" + previa
        esperado = token_para(settings.secret_key, vinculo)
        state[CLAVE_ESTADO] = esperado
        if cookie_nueva is not None:
            send = _con_cookie(send, _cabecera_cookie(settings, cookie_nueva))

        if scope["method"] not in METODOS_SEGUROS:
            request = Request(scope)
            recibido = request.headers.get(CABECERA)
            cuerpo = None
            tipo = request.headers.get("content-type", "")
            if recibido is None and tipo.startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                cuerpo = await _leer_cuerpo(receive)
                recibido = await _token_del_formulario(scope, tipo, cuerpo)
            if not (
                _mismo_origen(request)
                and recibido
                and hmac.compare_digest(recibido.encode(), esperado.encode())
            ):
                await _rechazar(scope, receive, send)
                return
            if cuerpo is not None:
                receive = _repetir(cuerpo, receive)
        await self.app(scope, receive, send)


def _mismo_origen(request: Request) -> bool:
    # Defence in depth: browsers say where a request comes from; a foreign origin is refused.
    origen = request.headers.get("origin")
    if origen in (None, "null"):
        return origen is None
    return urlsplit(origen).netloc == request.headers.get("host", "")


async def _leer_cuerpo(receive: Receive) -> bytes:
    # BodyLimitMiddleware (outside this one) stops bodies over the configured size.
    partes = []
    while True:
        mensaje = await receive()
        if mensaje["type"] != "http.request":
            break
        partes.append(mensaje.get("body", b""))
        if not mensaje.get("more_body", False):
            break
    return b"".join(partes)


def _repetir(cuerpo: bytes, receive: Receive) -> Receive:
    entregado = False

    async def repetir() -> Message:
        nonlocal entregado
        if not entregado:
            entregado = True
            return {"type": "http.request", "body": cuerpo, "more_body": False}
        return await receive()

    return repetir


async def _token_del_formulario(scope: Scope, tipo: str, cuerpo: bytes) -> str | None:
    if tipo.startswith("application/x-www-form-urlencoded"):
        valores = parse_qs(cuerpo.decode("utf-8", "replace"), keep_blank_values=True)
        return valores[CAMPO][0] if valores.get(CAMPO) else None
    request = Request(scope, _repetir(cuerpo, _nada))
    try:
        formulario = await request.form()
    except Exception:  # an unreadable multipart body carries no valid token
        return None
    try:
        valor = formulario.get(CAMPO)
        return valor if isinstance(valor, str) else None
    finally:
        await formulario.close()


async def _nada() -> Message:
    return {"type": "http.disconnect"}


def _cabecera_cookie(settings: Settings, valor: str) -> bytes:
    respuesta = Response()
    respuesta.set_cookie(
        nombre_cookie_previa(settings),
        valor,
        path="/",
        secure=settings.https,
        httponly=True,
        samesite="lax",
    )
    return next(v for k, v in respuesta.raw_headers if k == b"set-cookie")


def _con_cookie(send: Send, cabecera: bytes) -> Send:
    async def enviar(mensaje: Message) -> None:
        if mensaje["type"] == "http.response.start":
            MutableHeaders(scope=mensaje).append("set-cookie", cabecera.decode("latin-1"))
        await send(mensaje)

    return enviar


async def _rechazar(scope: Scope, receive: Receive, send: Send) -> None:
    from app.templating import render

    respuesta = render(
        Request(scope, receive),
        "error.html",
        {"codigo": 403, "titulo": "Formulario vencido o no válido", "explicacion": MENSAJE},
        status_code=403,
    )
    await respuesta(scope, receive, send)

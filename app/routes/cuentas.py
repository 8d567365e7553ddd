"""Routes: /entrar, /salir, /cuenta/contrasena and /cuenta/sesiones (one's own account)."""

from __future__ import annotations

import anyio.to_thread
from sqlmodel import col, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora, cuentas
from app.autenticacion import CLAVE_SESION, CLAVE_TOKEN, direccion_cliente, usuario_actual
from app.models import SesionUsuario
from app.permisos import EntradaRequerida
from app.sesiones_usuario import (
    borrar_cookie,
    cerrar_sesion,
    cerrar_sesiones_de,
    iniciar_sesion,
    poner_cookie,
    purgar_vencidas,
)
from app.settings import Settings
from app.templating import render
from app.web import get_session

ERROR_DE_ACCESO = "Correo o contraseña incorrectos, o la cuenta está bloqueada temporalmente."


def destino_seguro(valor: object) -> str:
    """Return ``valor`` when it is a path of this site, "/" otherwise (no open redirects)."""
    texto = str(valor or "")
    if not texto.startswith("/") or texto.startswith(("//", "/\\")):
        return "/"
    if any(ord(c) < 32 or c == "\\" for c in texto):
        return "/"
    return texto


async def entrar(request: Request) -> Response:
    """Show the login form; on POST check the credentials and open a new session."""
    settings: Settings = request.app.state.settings
    if request.method == "GET":
        siguiente = destino_seguro(request.query_params.get("siguiente"))
        if usuario_actual(request) is not None:
            return RedirectResponse(siguiente, status_code=303)
        return render(request, "cuentas/entrar.html", {"siguiente": siguiente, "correo": ""})

    formulario = await request.form()
    correo = str(formulario.get("correo", ""))[:254]
    contrasena = str(formulario.get("contrasena", ""))[:1024]
    siguiente = destino_seguro(formulario.get("siguiente"))
    usuario = await anyio.to_thread.run_sync(_autenticar, request, correo, contrasena, settings)
    if usuario is None:
        return render(
            request,
            "cuentas/entrar.html",
            {"siguiente": siguiente, "correo": correo, "error": ERROR_DE_ACCESO},
            status_code=400,
        )
    token = await anyio.to_thread.run_sync(_abrir_sesion, request, usuario)
    destino = "/cuenta/contrasena" if usuario.debe_cambiar_contrasena else siguiente
    respuesta = RedirectResponse(destino, status_code=303)
    poner_cookie(respuesta, token, settings)
    return respuesta


def _autenticar(request: Request, correo: str, contrasena: str, settings: Settings):  # type: ignore[no-untyped-def]
    session = get_session(request)
    usuario = cuentas.autenticar(
        session=session,
        correo=correo,
        contrasena=contrasena,
        direccion=direccion_cliente(request),
        settings=settings,
    )
    session.commit()
    return usuario


def _abrir_sesion(request: Request, usuario) -> str:  # type: ignore[no-untyped-def]
    session = get_session(request)
    # A new id at every login: a session fixed before login is of no use afterwards.
    anterior = request.scope.get("state", {}).get(CLAVE_TOKEN)
    if anterior:
        cerrar_sesion(session=session, token=anterior)
    token = iniciar_sesion(session=session, usuario=usuario, direccion=direccion_cliente(request))
    # Logins are rare enough to carry the housekeeping of expired sessions.
    purgar_vencidas(session=session, settings=request.app.state.settings)
    session.commit()
    return token


def salir(request: Request) -> Response:
    """End this session on the server and drop the cookie."""
    settings: Settings = request.app.state.settings
    token = request.scope.get("state", {}).get(CLAVE_TOKEN)
    if token:
        session = get_session(request)
        cerrar_sesion(session=session, token=token)
        bitacora.registrar(
            session=session,
            accion="acceso.salir",
            objeto_tipo="usuario",
            objeto_id=str(usuario_actual(request).id),  # type: ignore[union-attr]
            resumen="Salida.",
        )
        session.commit()
    respuesta = RedirectResponse("/", status_code=303)
    borrar_cookie(respuesta, settings)
    return respuesta


async def contrasena(request: Request) -> Response:
    """Show and process the form to set one's own password (also the first-login step)."""
    usuario = usuario_actual(request)
    if usuario is None:
        raise EntradaRequerida(request.url.path)
    contexto = {"pendiente": usuario.debe_cambiar_contrasena, "errores": {}}
    if request.method == "GET":
        contexto["hecho"] = request.query_params.get("hecho") == "1"
        return render(request, "cuentas/contrasena.html", contexto)
    formulario = await request.form()
    actual = str(formulario.get("actual", ""))
    nueva = str(formulario.get("nueva", ""))
    confirmacion = str(formulario.get("confirmacion", ""))
    respuesta = await anyio.to_thread.run_sync(
        _cambiar, request, usuario, actual, nueva, confirmacion
    )
    if isinstance(respuesta, dict):
        contexto["errores"] = respuesta
        return render(request, "cuentas/contrasena.html", contexto, status_code=400)
    return respuesta


def _cambiar(request, usuario, actual: str, nueva: str, confirmacion: str):  # type: ignore[no-untyped-def]
    session = get_session(request)
    errores: dict[str, str] = {}
    # The one-time password was typed seconds ago to get here; otherwise ask again (ASVS 6.2.3).
    if not usuario.debe_cambiar_contrasena and not cuentas.verificar_contrasena(
        session=session, usuario=usuario, contrasena=actual
    ):
        errores["actual"] = "La contraseña actual no es correcta."
    problema = cuentas.error_de_contrasena(nueva, correo=usuario.correo)
    if problema:
        errores["nueva"] = problema
    elif nueva != confirmacion:
        errores["confirmacion"] = "La confirmación no coincide con la contraseña nueva."
    elif nueva == actual:
        errores["nueva"] = "La contraseña nueva debe ser distinta de la actual."
    if errores:
        return errores
    cuentas.cambiar_contrasena(session=session, usuario=usuario, nueva=nueva)
    # Every session ends, this one included; the person continues in a fresh one.
    token = iniciar_sesion(session=session, usuario=usuario, direccion=direccion_cliente(request))
    bitacora.registrar(
        session=session,
        accion="cuenta.cambiar_contrasena",
        objeto_tipo="usuario",
        objeto_id=str(usuario.id),
        resumen="Cambio de la propia contraseña; se cerraron sus demás sesiones.",
    )
    session.commit()
    respuesta = RedirectResponse("/cuenta/contrasena?hecho=1", status_code=303)
    poner_cookie(respuesta, token, request.app.state.settings)
    return respuesta


def sesiones(request: Request) -> Response:
    """List the account's open sessions (ASVS 7.5.2), with a form to end the others."""
    usuario = usuario_actual(request)
    if usuario is None:
        raise EntradaRequerida(request.url.path)
    contexto = {"abiertas": _abiertas(request, usuario), "errores": {},
                "hecho": request.query_params.get("hecho") == "1"}  # fmt: skip
    return render(request, "cuentas/sesiones.html", contexto)


async def cerrar_otras(request: Request) -> Response:
    """End every other session of the account once its password is typed again."""
    usuario = usuario_actual(request)
    if usuario is None:
        raise EntradaRequerida("/cuenta/sesiones")
    formulario = await request.form()
    contrasena = str(formulario.get("contrasena", ""))[:1024]
    return await anyio.to_thread.run_sync(_cerrar_otras, request, usuario, contrasena)


def _cerrar_otras(request: Request, usuario, contrasena: str) -> Response:  # type: ignore[no-untyped-def]
    session = get_session(request)
    if not cuentas.verificar_contrasena(session=session, usuario=usuario, contrasena=contrasena):
        contexto = {
            "abiertas": _abiertas(request, usuario),
            "errores": {"contrasena": "La contraseña no es correcta."},
            "hecho": False,
        }
        return render(request, "cuentas/sesiones.html", contexto, status_code=400)
    actual = request.scope["state"][CLAVE_SESION]
    cerrar_sesiones_de(session=session, usuario_id=usuario.id, excepto=actual.id)
    bitacora.registrar(
        session=session,
        accion="cuenta.cerrar_sesiones",
        objeto_tipo="usuario",
        objeto_id=str(usuario.id),
        resumen="Cierre de las demás sesiones de la propia cuenta.",
    )
    session.commit()
    return RedirectResponse("/cuenta/sesiones?hecho=1", status_code=303)


def _abiertas(request: Request, usuario) -> list[tuple[SesionUsuario, bool]]:  # type: ignore[no-untyped-def]
    actual = request.scope["state"][CLAVE_SESION]
    filas = get_session(request).exec(
        select(SesionUsuario)
        .where(SesionUsuario.usuario_id == usuario.id)
        .order_by(col(SesionUsuario.ultimo_uso).desc())
    )
    return [(fila, fila.id == actual.id) for fila in filas]


routes = [
    Route("/entrar", entrar, methods=["GET", "POST"]),
    Route("/salir", salir, methods=["POST"]),
    Route("/cuenta/contrasena", contrasena, methods=["GET", "POST"]),
    Route("/cuenta/sesiones", sesiones, methods=["GET"]),
    Route("/cuenta/sesiones/cerrar", cerrar_otras, methods=["POST"]),
]

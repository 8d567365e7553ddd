"""Routes: /usuarios — the administración creates, deactivates and re-roles accounts."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora, cuentas
from app.autenticacion import usuario_actual
from app.models import NOMBRES_ROL, ROLES, ROLES_DE_GARANTE, Usuario
from app.permisos import autorizar
from app.sesiones_usuario import cerrar_sesiones_de
from app.templating import render
from app.web import get_session
from criterios import consultas
from criterios.models import Garante

ACCIONES_DE_ESTADO = ("desactivar", "reactivar", "restablecer")


def _opciones(session: Session) -> dict[str, Any]:
    garantes = session.exec(select(Garante).order_by(func.lower(col(Garante.nombre)))).all()
    return {
        "roles": [(r, NOMBRES_ROL[r]) for r in ROLES],
        "garantes": [(g.id, f"{g.nombre} ({g.id})") for g in garantes],
        "por_id": {g.id: g for g in garantes},
        "roles_de_garante": ROLES_DE_GARANTE,
    }


def _usuario(request: Request) -> Usuario:
    usuario = get_session(request).get(Usuario, request.path_params["id"])
    if usuario is None:
        raise HTTPException(404)
    return usuario


def lista(request: Request) -> Response:
    """List every account with its role, garante and state."""
    autorizar(request, "usuarios.administrar")
    session = get_session(request)
    usuarios = session.exec(
        select(Usuario).order_by(col(Usuario.activo).desc(), col(Usuario.correo))
    ).all()
    por_id = consultas.garantes_por_id(session=session)
    return render(request, "usuarios/lista.html", {"usuarios": usuarios, "por_id": por_id})


async def nueva(request: Request) -> Response:
    """Show the form for a new account; on POST create it and show its one-time password once."""
    autorizar(request, "usuarios.administrar")
    session = get_session(request)
    contexto = {**_opciones(session), "errores": {}, "valores": {}}
    if request.method == "GET":
        return render(request, "usuarios/nueva.html", contexto)
    formulario = await request.form()
    valores = {
        k: str(formulario.get(k, "")).strip() for k in ("correo", "nombre", "rol", "garante")
    }
    garante_id = valores["garante"] or None
    errores = cuentas.errores_de_cuenta(
        session=session, correo=valores["correo"], rol=valores["rol"], garante_id=garante_id
    )
    if errores:
        errores = {("garante" if k == "garante_id" else k): v for k, v in errores.items()}
        contexto.update(errores=errores, valores=valores)
        return render(request, "usuarios/nueva.html", contexto, status_code=400)
    usuario, contrasena = cuentas.crear_usuario(
        session=session,
        correo=valores["correo"],
        rol=valores["rol"],
        garante_id=garante_id,
        nombre=valores["nombre"],
    )
    bitacora.registrar(
        session=session,
        accion="usuario.crear",
        objeto_tipo="usuario",
        objeto_id=str(usuario.id),
        resumen=f"Alta de la cuenta {usuario.correo} ({usuario.nombre_rol}"
        + (f", {usuario.garante_id}" if usuario.garante_id else "")
        + ").",
        detalles={"despues": {"correo": usuario.correo, "rol": usuario.rol,
                              "garante": usuario.garante_id}},
    )  # fmt: skip
    session.commit()
    # Shown once, never stored in clear: the page must not be cached (no-store is set).
    return render(
        request,
        "usuarios/contrasena_de_un_uso.html",
        {"cuenta": usuario, "contrasena": contrasena, "nueva": True},
    )


def detalle(request: Request) -> Response:
    """Show one account with the forms to change its role or state."""
    autorizar(request, "usuarios.administrar")
    session = get_session(request)
    return render(
        request,
        "usuarios/detalle.html",
        {**_opciones(session), "cuenta": _usuario(request), "errores": {}},
    )


async def rol(request: Request) -> Response:
    """Change an account's role and garante; its sessions end so the change applies at once."""
    autorizar(request, "usuarios.administrar")
    session = get_session(request)
    cuenta = _usuario(request)
    formulario = await request.form()
    nuevo_rol = str(formulario.get("rol", "")).strip()
    garante_id = str(formulario.get("garante", "")).strip() or None
    errores = cuentas.errores_de_cuenta(
        session=session, correo=cuenta.correo, rol=nuevo_rol, garante_id=garante_id,
        usuario_id=cuenta.id,
    )  # fmt: skip
    errores = {("garante" if k == "garante_id" else k): v for k, v in errores.items()}
    if errores:
        contexto = {**_opciones(session), "cuenta": cuenta, "errores": errores}
        return render(request, "usuarios/detalle.html", contexto, status_code=400)
    antes = {"rol": cuenta.rol, "garante": cuenta.garante_id}
    cuenta.rol = nuevo_rol
    cuenta.garante_id = garante_id if nuevo_rol in ROLES_DE_GARANTE else None
    session.add(cuenta)
    assert cuenta.id is not None
    cerrar_sesiones_de(session=session, usuario_id=cuenta.id)
    bitacora.registrar(
        session=session,
        accion="usuario.cambiar_rol",
        objeto_tipo="usuario",
        objeto_id=str(cuenta.id),
        resumen=f"Cambio de rol de {cuenta.correo}: {antes['rol']} → {cuenta.rol}.",
        detalles={"antes": antes, "despues": {"rol": cuenta.rol, "garante": cuenta.garante_id}},
    )
    session.commit()
    return RedirectResponse(f"/usuarios/{cuenta.id}", status_code=303)


def _confirmacion(request: Request, accion: str) -> Response:
    return render(
        request, "usuarios/confirmar.html", {"cuenta": _usuario(request), "accion": accion}
    )


async def cambiar_estado(request: Request) -> Response:
    """Deactivate, reactivate or reset an account (GET asks for confirmation first)."""
    autorizar(request, "usuarios.administrar")
    accion = request.url.path.rsplit("/", 1)[1]
    if request.method == "GET":
        return _confirmacion(request, accion)
    session = get_session(request)
    cuenta = _usuario(request)
    contrasena = None
    if accion == "desactivar":
        if cuenta.id == usuario_actual(request).id:  # type: ignore[union-attr]
            # Otherwise the last administrator could lock everyone out.
            raise HTTPException(
                400, "No puede desactivar su propia cuenta; pídalo a otra administración."
            )
        cuentas.cambiar_activo(session=session, usuario=cuenta, activo=False)
        resumen = f"Desactivación de {cuenta.correo}; se cerraron sus sesiones."
    elif accion == "reactivar":
        cuentas.cambiar_activo(session=session, usuario=cuenta, activo=True)
        resumen = f"Reactivación de {cuenta.correo}."
    else:
        contrasena = cuentas.restablecer(session=session, usuario=cuenta)
        resumen = f"Nueva contraseña de un solo uso para {cuenta.correo}; se cerraron sus sesiones."
    bitacora.registrar(
        session=session,
        accion=f"usuario.{accion}",
        objeto_tipo="usuario",
        objeto_id=str(cuenta.id),
        resumen=resumen,
    )
    session.commit()
    if contrasena:
        return render(
            request,
            "usuarios/contrasena_de_un_uso.html",
            {"cuenta": cuenta, "contrasena": contrasena, "nueva": False},
        )
    return RedirectResponse(f"/usuarios/{cuenta.id}", status_code=303)


routes = [
    Route("/usuarios", lista, methods=["GET"]),
    Route("/usuarios/nueva", nueva, methods=["GET", "POST"]),
    Route("/usuarios/{id:int}", detalle, methods=["GET"]),
    Route("/usuarios/{id:int}/rol", rol, methods=["POST"]),
    *(
        Route(f"/usuarios/{{id:int}}/{accion}", cambiar_estado, methods=["GET", "POST"])
        for accion in ACCIONES_DE_ESTADO
    ),
]

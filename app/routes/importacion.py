"""Routes: /importar, the upload page for interchange files (JSON or CSV)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.bitacora import marcar_lote
from app.permisos import autorizar, autorizar_garantes
from app.templating import render
from app.web import get_session
from criterios.csv_intercambio import COLUMNAS, OBLIGATORIAS
from criterios.intercambio import ErrorDeFormato, importar, leer_bytes, mensaje_de_tamano
from criterios.registro import Resumen

TIPOS = ("garantes", "criterios", "procedimientos")


def _contexto(request: Request, **extra: Any) -> dict[str, Any]:
    limite = request.app.state.settings.max_subida_bytes
    return {
        "limite_mb": f"{limite / (1024 * 1024):g}",
        "columnas": COLUMNAS,
        "obligatorias": OBLIGATORIAS,
        **extra,
    }


def _autor(request: Request) -> str | None:
    """Return the name of the request's user, when the access layer put one there."""
    usuario = getattr(request.state, "usuario", None)
    if usuario is None:
        return None
    return getattr(usuario, "nombre", None) or getattr(usuario, "correo", None) or str(usuario)


def formulario(request: Request) -> Response:
    """Render the upload form with both formats explained and the size limit."""
    autorizar(request, "importar")
    return render(request, "importacion/formulario.html", _contexto(request))


async def subir(request: Request) -> Response:
    """Validate and import the uploaded file in one transaction; 400 listing every problem."""
    autorizar(request, "importar")
    form = await request.form(max_files=1, max_fields=20)
    try:
        archivo = form.get("archivo")
        if not isinstance(archivo, UploadFile) or not archivo.filename:
            return _rechazo(request, ["elija un archivo JSON o CSV para importar"], nombre=None)
        nombre = archivo.filename
        limite = request.app.state.settings.max_subida_bytes
        if archivo.size is not None and archivo.size > limite:
            # Refuse before reading the spooled file into memory.
            return _rechazo(request, [mensaje_de_tamano(archivo.size, limite)], nombre=nombre)
        contenido = await archivo.read()
    finally:
        await form.close()
    try:
        resumen = await run_in_threadpool(_importar, request, contenido, nombre)
    except ErrorDeFormato as exc:
        return _rechazo(request, exc.errores, nombre=nombre)
    filas = [
        (tipo, *(resumen.de(tipo, r) for r in ("creado", "actualizado", "sin cambios")))
        for tipo in TIPOS
    ]
    return render(
        request,
        "importacion/resultado.html",
        {
            "nombre": nombre,
            "filas": [f for f in filas if any(f[1:])],
            "sin_cambios": not any(f[1] or f[2] for f in filas),
        },
    )


def _importar(request: Request, contenido: bytes, nombre: str) -> Resumen:
    """Validate and write the file; roll back on any error so nothing is half-written."""
    session = get_session(request)
    limite = request.app.state.settings.max_subida_bytes
    try:
        datos = leer_bytes(contenido, nombre, session=session, max_bytes=limite)
        referidos = {
            r["garante"] for s in ("criterios", "procedimientos") for r in datos.get(s, [])
        }
        referidos |= {g["id"] for g in datos.get("garantes", [])}
        # Each garante the file touches must be the user's to change (access policy); the
        # 403 names every one that is not.
        autorizar_garantes(request, "importar", referidos)
        # The bitácora gets one entry for the whole import, not one per record.
        marcar_lote(session, "importar")
        resumen = importar(session=session, datos=datos, autor=_autor(request))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return resumen


def _rechazo(request: Request, errores: list[str], *, nombre: str | None) -> Response:
    return render(
        request,
        "importacion/formulario.html",
        _contexto(request, errores=errores, nombre=nombre),
        status_code=400,
    )


routes = [
    Route("/importar", formulario, methods=["GET"]),
    Route("/importar", subir, methods=["POST"]),
]

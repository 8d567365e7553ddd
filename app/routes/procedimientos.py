"""Routes: procedimientos — the stage matrix, its CSV, alignment corrections, pages and forms."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import FormData, QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from app.permisos import autorizar, autorizar_lectura, garantes_ocultos
from app.templating import es_htmx, plazo_dict, render
from app.web import get_session, respuesta_csv
from criterios import formulario_procedimiento as formulario
from criterios import procedimientos as consultas
from criterios.demo import hay_datos_de_ejemplo
from criterios.models import Garante, Procedimiento
from criterios.registro import guardar_procedimientos

MAX_FILA = 200


def _autor(request: Request) -> str | None:
    """Return the name of the request's user, when the access layer put one there."""
    usuario = getattr(request.state, "usuario", None)
    if usuario is None:
        return None
    return getattr(usuario, "nombre", None) or getattr(usuario, "correo", None) or str(usuario)


def _filtros(params: QueryParams) -> dict[str, Any]:
    """Return the matrix filters read from query parameters (or a form's hidden copy)."""
    return {
        "tipo": (params.get("tipo") or "").strip() or None,
        "garantes": [g for g in params.getlist("garante") if g],
        "solo_divergentes": params.get("divergentes") == "1",
        "incluir_no_vigentes": params.get("todos") == "1",
    }


def _consulta(filtros: dict[str, Any]) -> str:
    """Return the query string that reproduces ``filtros`` (for links and redirects)."""
    pares: list[tuple[str, str]] = []
    if filtros["tipo"]:
        pares.append(("tipo", filtros["tipo"]))
    pares += [("garante", g) for g in filtros["garantes"]]
    if filtros["solo_divergentes"]:
        pares.append(("divergentes", "1"))
    if filtros["incluir_no_vigentes"]:
        pares.append(("todos", "1"))
    return urlencode(pares)


def _pagina_matriz(
    request: Request,
    filtros: dict[str, Any],
    *,
    errores: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    session = get_session(request)
    ocultos = garantes_ocultos(request)
    matriz = consultas.construir_matriz(session=session, ocultos=ocultos, **filtros)
    disponibles = consultas.garantes_con_procedimientos(
        session=session, incluir_no_vigentes=filtros["incluir_no_vigentes"], ocultos=ocultos
    )
    consulta = _consulta(filtros)
    contexto = {
        "matriz": matriz,
        "disponibles": disponibles,
        "filtros": filtros,
        "consulta": consulta,
        "volver": "/procedimientos" + (f"?{consulta}" if consulta else ""),
        "errores": errores or {},
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(
        request, "procedimientos/matriz.html", contexto, bloque="matriz", status_code=status_code
    )


def matriz(request: Request) -> Response:
    """The procedures matrix: aligned stages by garante, per procedure kind."""
    return _pagina_matriz(request, _filtros(request.query_params))


def matriz_csv(request: Request) -> Response:
    """The matrix as shown with the same filters, as a CSV download."""
    session = get_session(request)
    tabla = consultas.construir_matriz(
        session=session, ocultos=garantes_ocultos(request), **_filtros(request.query_params)
    )
    contenido = consultas.matriz_csv(tabla, plazo_texto=plazo_dict)
    return respuesta_csv(contenido, "matriz-procedimientos.csv")


async def corregir_alineacion(request: Request) -> Response:
    """Store (or remove) a user's correction of where one garante's stage belongs."""
    form = await request.form()
    garante_id = str(form.get("garante", ""))
    procedimiento = str(form.get("procedimiento", ""))
    etapa = str(form.get("etapa", ""))
    volver = str(form.get("volver", ""))
    if urlsplit(volver).path != "/procedimientos" or urlsplit(volver).netloc:
        volver = "/procedimientos"  # only back to the matrix, never an arbitrary site
    filtros = _filtros(QueryParams(urlsplit(volver).query))
    autorizar(request, "procedimiento.corregir_alineacion", garante_id=garante_id)
    session = get_session(request)
    if not consultas.etapa_existe(
        session=session,
        garante_id=garante_id,
        procedimiento_id_externo=procedimiento,
        etapa=etapa,
    ):
        raise HTTPException(404, "La etapa que intentó corregir ya no existe.")
    if form.get("accion") == "quitar":
        consultas.quitar_correccion(
            session=session,
            garante_id=garante_id,
            procedimiento_id_externo=procedimiento,
            etapa=etapa,
        )
    else:
        fila = str(form.get("fila_nueva", "")).strip() or str(form.get("fila", "")).strip()
        error = None
        if not fila:
            error = "Elija la fila a la que pertenece la etapa o escriba una nueva."
        elif len(fila) > MAX_FILA:
            error = f"El nombre de la fila admite hasta {MAX_FILA} caracteres."
        if error:
            # The cell's id in the page, so the error shows next to its form.
            celda = re.sub(r"[^a-z0-9_-]", "", str(form.get("celda", ""))) or "fila"
            errores = {celda: f"{etapa}: {error}"}
            return _pagina_matriz(request, filtros, errores=errores, status_code=400)
        consultas.guardar_correccion(
            session=session,
            garante_id=garante_id,
            procedimiento_id_externo=procedimiento,
            etapa=etapa,
            fila=fila,
            autor=_autor(request),
        )
    session.commit()
    if es_htmx(request):
        return _pagina_matriz(request, filtros)
    return RedirectResponse(volver, status_code=303)


def detalle(request: Request) -> Response:
    """One procedimiento: its stages with plazos, ampliaciones and fundamentos."""
    session = get_session(request)
    encontrado = consultas.obtener(session=session, id=request.path_params["id"])
    if encontrado is None:
        raise HTTPException(404)
    procedimiento, etapas = encontrado
    garante = session.get(Garante, procedimiento.garante_id)
    assert garante is not None  # the foreign key guarantees it
    autorizar_lectura(request, garante)
    contexto = {
        "procedimiento": procedimiento,
        "etapas": etapas,
        "garante": garante,
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "procedimientos/detalle.html", contexto)


def _pagina_formulario(
    request: Request,
    valores: dict[str, Any],
    *,
    procedimiento: Procedimiento | None = None,
    errores: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    session = get_session(request)
    garantes = consultas.garantes_elegibles(session=session)
    contexto = {
        "valores": valores,
        "procedimiento": procedimiento,
        "garantes": garantes,
        "opciones_garante": [(g.id, g.nombre) for g in garantes],
        "unidades": formulario.OPCIONES_UNIDAD,
        "errores": errores or {},
    }
    return render(request, "procedimientos/formulario.html", contexto, status_code=status_code)


async def _recibir(
    request: Request, procedimiento: Procedimiento | None
) -> tuple[FormData, dict[str, Any]]:
    form = await request.form()
    valores = formulario.leer(form)
    if procedimiento is not None:
        # Garante and id are the procedimiento's identity; editing never changes them.
        valores["garante"] = procedimiento.garante_id
        valores["id_externo"] = procedimiento.id_externo
    return form, valores


async def _guardar(request: Request, procedimiento: Procedimiento | None, accion: str) -> Response:
    form, valores = await _recibir(request, procedimiento)
    autorizar(request, accion, garante_id=valores["garante"] or None)
    if form.get("accion") == "agregar_etapas":
        valores["etapas"] += formulario.filas_en_blanco()
        return _pagina_formulario(request, valores, procedimiento=procedimiento)
    session = get_session(request)
    registro, errores = formulario.validar(
        valores, session=session, excepto=procedimiento.id if procedimiento else None
    )
    if errores:
        return _pagina_formulario(
            request, valores, procedimiento=procedimiento, errores=errores, status_code=400
        )
    guardar_procedimientos(session=session, registros=[registro])
    session.commit()
    guardado = consultas.por_id_externo(
        session=session, garante_id=registro["garante"], id_externo=registro["id"]
    )
    return RedirectResponse(f"/procedimientos/{guardado.id}", status_code=303)


async def nuevo(request: Request) -> Response:
    """The form that registers a procedimiento (GET shows it, POST saves it)."""
    if request.method == "POST":
        return await _guardar(request, None, "procedimiento.crear")
    autorizar(request, "procedimiento.crear")
    valores = formulario.valores_iniciales(None, [])
    valores["garante"] = request.query_params.get("garante", "")
    return _pagina_formulario(request, valores)


async def editar(request: Request) -> Response:
    """The form that edits a procedimiento and its stages."""
    session = get_session(request)
    encontrado = consultas.obtener(session=session, id=request.path_params["id"])
    if encontrado is None:
        raise HTTPException(404)
    procedimiento, etapas = encontrado
    if request.method == "POST":
        return await _guardar(request, procedimiento, "procedimiento.editar")
    autorizar(request, "procedimiento.editar", garante_id=procedimiento.garante_id)
    valores = formulario.valores_iniciales(procedimiento, etapas)
    return _pagina_formulario(request, valores, procedimiento=procedimiento)


routes: list[BaseRoute] = [
    Route("/procedimientos", matriz),
    Route("/procedimientos/matriz.csv", matriz_csv),
    Route("/procedimientos/alineacion", corregir_alineacion, methods=["POST"]),
    Route("/procedimientos/nuevo", nuevo, methods=["GET", "POST"]),
    Route("/procedimientos/{id:int}", detalle),
    Route("/procedimientos/{id:int}/editar", editar, methods=["GET", "POST"]),
]

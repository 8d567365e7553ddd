"""Routes: each garante's adhesión to a criterio homologado, and the regional view.

/criterios-homologados/adhesion (criterios × garantes with the progress, public) and its
CSV (/criterios-homologados/adhesion.csv, one row per criterio and garante),
/criterios-homologados/{id}/adhesiones/{garante} (the form: that garante's comisionado or
jurídico, or the secretaría), …/evidencia (the evidence file, public with the criterio) and
/criterios-homologados/{id}/superados (confirm, then mark the garante's own source
criterios superado, or give them back their vigencia).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_autorizado
from app.permisos import autorizar
from app.routes.criterios_homologados import (
    contexto_formulario,
    criterio_o_404,
    en_conflicto,
    estados_visibles,
)
from app.templating import render
from app.web import get_session, parametro_entero, respuesta_csv, url_de_pagina
from criterios.csv_seguro import texto_csv
from criterios.models import ZONA_HORARIA, Garante, hoy
from sesiones import adhesiones, datos_homologados, publicacion
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import (
    ArchivoNoValido,
    guardar_evidencia,
    revisar_tamano,
    validar_archivo,
)
from sesiones.models import Adhesion, CriterioHomologado, Evidencia


def _adhesion_o_404(
    request: Request, criterio: CriterioHomologado, garante_id: str
) -> tuple[Adhesion, Garante]:
    session = get_session(request)
    adhesion = session.get(Adhesion, (criterio.id, garante_id))
    garante = session.get(Garante, garante_id)
    if adhesion is None or garante is None:
        raise HTTPException(
            404, "Ese garante no figura en la adhesión de este criterio homologado."
        )
    return adhesion, garante


def matriz(request: Request) -> Response:
    """Render every criterio homologado × garante with its adhesión and the progress."""
    session = get_session(request)
    estados = estados_visibles(request)
    contexto = {
        "estados": estados,
        "matriz": adhesiones.matriz_regional(
            session=session,
            estados=estados,
            pagina=parametro_entero(request, "pagina", por_omision=1),
            por_pagina=request.app.state.settings.por_pagina,
        ),
        "etiquetas": adhesiones.ETIQUETAS_ADHESION,
        "url_pagina": url_de_pagina("/criterios-homologados/adhesion", {}),
    }
    return render(request, "criterios_homologados/adhesion.html", contexto)


COLUMNAS_CSV = [
    "Clave", "Rubro", "Publicado", "Garante", "Estado de la adhesión", "Fecha", "Evidencia",
]  # fmt: skip


def matriz_csv(request: Request) -> Response:
    """Return the regional matrix (every page) as CSV: one row per criterio and garante."""
    session = get_session(request)
    matriz = adhesiones.matriz_regional(
        session=session, estados=estados_visibles(request), pagina=1, por_pagina=None
    )
    origen = str(request.base_url).rstrip("/")
    salida: list[list[Any]] = [COLUMNAS_CSV]
    for fila in matriz.pagina.elementos:
        criterio = fila.criterio
        comunes = [criterio.clave, criterio.rubro, "Sí" if criterio.estado == "publicado" else "No"]
        if not matriz.garantes:
            salida.append([*comunes, "", "", "", ""])
        for garante in matriz.garantes:
            adhesion = fila.por_garante.get(garante.id)
            if adhesion is None:  # as the page's cell: this garante is not asked about it
                salida.append([*comunes, garante.siglas or garante.nombre, "No participa", "", ""])
                continue
            evidencias = [adhesion.evidencia_url] if adhesion.evidencia_url else []
            if archivo := datos_homologados.ruta_evidencia(adhesion):
                evidencias.append(origen + archivo)
            salida.append(
                [
                    *comunes,
                    garante.siglas or garante.nombre,
                    adhesiones.etiqueta(adhesion.estado),
                    adhesion.fecha.isoformat() if adhesion.fecha else "",
                    "; ".join(evidencias),
                ]
            )
    return respuesta_csv(texto_csv(salida), f"adhesion-{hoy().isoformat()}.csv", bom=True)


def evidencia(request: Request) -> Response:
    """Return the evidence file of a garante's adhesión (public with the criterio)."""
    criterio = criterio_o_404(request)
    adhesion, _ = _adhesion_o_404(request, criterio, request.path_params["garante"])
    archivo = (
        get_session(request).get(Evidencia, adhesion.evidencia_id)
        if adhesion.evidencia_id
        else None
    )
    if archivo is None:
        raise HTTPException(404, "Esta adhesión no tiene un archivo de evidencia.")
    return _descarga(archivo)


def _descarga(archivo: Evidencia) -> Response:
    """Return a stored file under its own (already safe) name; a PDF opens in the browser."""
    modo = "inline" if archivo.tipo_mime == "application/pdf" else "attachment"
    return Response(
        archivo.contenido,
        media_type=archivo.tipo_mime,
        headers={
            "Content-Disposition": f"{modo}; filename*=UTF-8''{quote(archivo.nombre_archivo)}"
        },
    )


# --- Adhesión --------------------------------------------------------------------------


def _formulario_adhesion(
    request: Request,
    *,
    criterio: CriterioHomologado,
    fila: publicacion.FilaAdhesion,
    valores: dict[str, str],
    errores: dict[str, str],
    status_code: int = 200,
) -> Response:
    contexto = {
        "criterio": criterio,
        "fila": fila,
        "valores": valores,
        "errores": errores,
        "etiquetas": adhesiones.ETIQUETAS_ADHESION,
        **contexto_formulario(request),
    }
    return render(
        request, "criterios_homologados/adhesion_garante.html", contexto, status_code=status_code
    )


def _fila(
    request: Request, criterio: CriterioHomologado, garante_id: str
) -> publicacion.FilaAdhesion:
    assert criterio.id is not None
    filas = publicacion.adhesiones_de(session=get_session(request), criterio_ids=[criterio.id])
    return next(f for f in filas[criterio.id] if f.garante.id == garante_id)


async def adhesion(request: Request) -> Response:
    """Show a garante's adhesión form; on POST validate, save and note it in the bitácora."""
    session = get_session(request)
    # Asked first: who may not write learns nothing about the record.
    autorizar(request, "adhesion.actualizar", garante_id=request.path_params["garante"])
    criterio = criterio_o_404(request)
    registro, garante = _adhesion_o_404(request, criterio, request.path_params["garante"])
    fila = _fila(request, criterio, garante.id)
    if request.method == "GET":
        valores = {
            "estado": registro.estado,
            "fecha": registro.fecha.isoformat() if registro.fecha else "",
            "nota": registro.nota or "",
            "evidencia_url": registro.evidencia_url or "",
        }
        return _formulario_adhesion(
            request, criterio=criterio, fila=fila, valores=valores, errores={}
        )
    formulario = await request.form()
    valores = {k: str(v) for k, v in formulario.items() if isinstance(v, str)}
    archivo = formulario.get("archivo")
    errores: dict[str, str] = {}
    subido: tuple[str, bytes, str] | None = None
    if isinstance(archivo, UploadFile) and archivo.filename:
        limite = request.app.state.settings.max_subida_bytes
        try:
            # Refuse before reading the spooled file into memory, as an acuerdo's avance.
            revisar_tamano(nombre=archivo.filename, tamano=archivo.size or 0, max_bytes=limite)
            contenido = await archivo.read()
            tipo = validar_archivo(nombre=archivo.filename, contenido=contenido, max_bytes=limite)
        except ArchivoNoValido as exc:
            errores["archivo"] = str(exc)
        else:
            subido = (archivo.filename, contenido, tipo)
    datos, errores_datos = adhesiones.validar(
        estado=valores.get("estado", ""),
        fecha=valores.get("fecha", ""),
        nota=valores.get("nota", ""),
        evidencia_url=valores.get("evidencia_url", ""),
        archivo_nuevo=subido is not None or "archivo" in errores,
        archivo_actual=registro.evidencia_id is not None,
        quitar_archivo=valores.get("quitar_archivo") == "si",
        hoy=hoy(),
        # Approval is a UTC instant; the garante's dates are in the users' calendar, as hoy.
        aprobado=(
            criterio.aprobado_en.astimezone(ZONA_HORARIA).date() if criterio.aprobado_en else None
        ),
    )
    errores = {**errores_datos, **errores}
    if datos is None or errores:
        return _formulario_adhesion(
            request, criterio=criterio, fila=fila, valores=valores, errores=errores,
            status_code=400,
        )  # fmt: skip
    usuario = usuario_autorizado(request)
    nueva = None
    if subido is not None:
        nombre, contenido, tipo = subido
        nueva = guardar_evidencia(
            session=session, nombre=nombre, contenido=contenido, tipo_mime=tipo,
            usuario_id=usuario.id,
        )  # fmt: skip
    antes = registro.estado
    try:
        cambio = adhesiones.actualizar_adhesion(
            session=session,
            criterio_homologado=criterio,
            adhesion=registro,
            datos=datos,
            evidencia=nueva,
            usuario=usuario,
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        return _formulario_adhesion(
            request, criterio=criterio, fila=fila, valores=valores,
            errores={"estado": str(exc)}, status_code=409,
        )  # fmt: skip
    if not cambio.hubo:
        session.rollback()
        return RedirectResponse(
            f"/criterios-homologados/{criterio.id}?aviso=sin-cambios#adhesion-{garante.id}",
            status_code=303,
        )
    bitacora.registrar(
        session=session,
        accion="adhesion.actualizar",
        objeto_tipo="adhesion",
        objeto_id=f"{criterio.id}/{garante.id}",
        resumen=(
            f"Adhesión de {garante.nombre} al criterio homologado {criterio.clave}: "
            f"{adhesiones.etiqueta(antes)} → {adhesiones.etiqueta(registro.estado)}."
        ),
        detalles={
            "criterio_homologado": criterio.clave,
            "garante": garante.id,
            "antes": cambio.antes,
            "despues": cambio.despues,
            "archivo": nueva.nombre_archivo if nueva else None,
        },
    )
    session.commit()
    return RedirectResponse(
        f"/criterios-homologados/{criterio.id}?aviso=adhesion#adhesion-{garante.id}",
        status_code=303,
    )


async def superados(request: Request) -> Response:
    """Confirm, then mark a garante's source criterios superado (or give them back their
    vigencia): GET lists what would change, POST does it in one step."""
    session = get_session(request)
    if request.method == "GET":
        garante_id = request.query_params.get("garante", "")
        formulario = None
    else:
        formulario = await request.form()
        garante_id = str(formulario.get("garante", ""))
    autorizar(request, "adhesion.actualizar", garante_id=garante_id)
    criterio = criterio_o_404(request)
    registro, garante = _adhesion_o_404(request, criterio, garante_id)
    assert criterio.id is not None
    if formulario is None:
        contexto = {
            "criterio": criterio,
            "garante": garante,
            "adhesion": registro,
            "etiquetas": adhesiones.ETIQUETAS_ADHESION,
            "fuentes": adhesiones.fuentes_del_garante(
                session=session, criterio_homologado=criterio, garante_id=garante.id
            ),
            "ya_superados": adhesiones.criterios_superados(
                session=session, criterio_homologado_id=criterio.id, garante_id=garante.id
            ),
        }
        return render(request, "criterios_homologados/superados.html", contexto)
    usuario = usuario_autorizado(request)
    restituir = formulario.get("accion") == "restituir"
    try:
        if restituir:
            cambiados = adhesiones.restituir_fuentes(
                session=session, criterio_homologado=criterio, garante_id=garante.id,
                usuario=usuario,
            )  # fmt: skip
        else:
            cambiados = adhesiones.marcar_fuentes_superadas(
                session=session, criterio_homologado=criterio, garante_id=garante.id,
                usuario=usuario,
            )  # fmt: skip
    except TransicionNoPermitida as exc:
        raise en_conflicto(session, exc) from exc
    claves = [c.clave or c.id_externo for c in cambiados]
    bitacora.registrar(
        session=session,
        accion=(
            "criterio_homologado.restituir_superados"
            if restituir
            else "criterio_homologado.marcar_superados"
        ),
        objeto_tipo="criterio_homologado",
        objeto_id=str(criterio.id),
        resumen=(
            f"Vigencia restituida a criterios de {garante.nombre} que {criterio.clave} había "
            f"superado: {', '.join(claves)}."
            if restituir
            else f"Criterios de {garante.nombre} superados por {criterio.clave}: "
            f"{', '.join(claves)}."
        ),
        detalles={
            "criterio_homologado": criterio.clave,
            "garante": garante.id,
            "criterios": [f"{c.garante_id}/{c.id_externo}" for c in cambiados],
        },
    )
    session.commit()
    aviso_ = "restituidos" if restituir else "superados"
    return RedirectResponse(
        f"/criterios-homologados/{criterio.id}?aviso={aviso_}#adhesion-{garante.id}",
        status_code=303,
    )


routes = [
    Route("/criterios-homologados/adhesion", matriz, methods=["GET"]),
    Route("/criterios-homologados/adhesion.csv", matriz_csv, methods=["GET"]),
    Route(
        "/criterios-homologados/{id:int}/adhesiones/{garante}", adhesion, methods=["GET", "POST"]
    ),
    Route(
        "/criterios-homologados/{id:int}/adhesiones/{garante}/evidencia",
        evidencia,
        methods=["GET"],
    ),
    Route("/criterios-homologados/{id:int}/superados", superados, methods=["GET", "POST"]),
]

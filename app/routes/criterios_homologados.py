"""Routes: the criterios homologados once a mesa approved them — adhesión and publication.

Public: /criterios-homologados (published, with search), /criterios-homologados/{id}[.pdf],
/criterios-homologados/feed.atom, /criterios-homologados/adhesion (garantes × criterios),
/datos/criterios-homologados.json|.csv. Signed-in accounts also see approved, unpublished
ones. Writes: an adhesión (its garante's staff or the secretaría), marking the garante's
source criterios superado, publishing and superseding (the secretaría).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from sqlmodel import Session, col, select
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual
from app.models import Usuario
from app.pdf import html_de_plantilla, pdf_de_html, respuesta_pdf
from app.permisos import autorizar, garantes_ocultos, puede
from app.templating import render
from app.web import (
    aviso,
    get_session,
    parametro_entero,
    parametro_texto,
    respuesta_csv,
    url_de_pagina,
)
from criterios.csv_seguro import texto_csv
from criterios.models import Garante, ahora
from sesiones import adhesiones, datos_homologados, feed, publicacion
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import (
    ACCEPT,
    DESCRIPCION_TIPOS,
    ArchivoNoValido,
    guardar_evidencia,
    megabytes,
    validar_archivo,
)
from sesiones.models import Adhesion, CriterioHomologado, Evidencia

AVISOS = {
    "publicado": "Criterio homologado publicado: ya tiene página pública, PDF, entrada en el "
    "canal Atom y datos abiertos.",
    "supera": "Listo: el criterio homologado anterior ahora indica que este lo supera.",
    "adhesion": "Adhesión guardada; el cambio quedó en la bitácora.",
    "sin-cambios": "Sin cambios: los datos enviados eran iguales a los registrados.",
    "superados": "Criterios del garante marcados como superados; las comparaciones ya no los "
    "incluyen.",
    "restituidos": "Los criterios del garante volvieron a su vigencia anterior.",
}
ESTADOS_PUBLICOS = ("publicado",)


def _usuario(request: Request) -> Usuario:
    usuario = usuario_actual(request)
    assert usuario is not None  # autorizar() let only accounts through
    return usuario


def _estados_visibles(request: Request) -> tuple[str, ...]:
    """Return the estados this reader sees: accounts also see approved, unpublished ones."""
    if puede(usuario_actual(request), "acceso.interno"):
        return publicacion.APROBADOS
    return ESTADOS_PUBLICOS


def _criterio_o_404(request: Request) -> CriterioHomologado:
    criterio = publicacion.obtener(
        session=get_session(request),
        id=request.path_params["id"],
        estados=_estados_visibles(request),
    )
    if criterio is None:
        raise HTTPException(404, "No hay un criterio homologado publicado con ese número.")
    return criterio


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


def _origen(request: Request) -> str:
    """Return the site's origin (scheme and host) for absolute links in feeds and data."""
    return str(request.base_url).rstrip("/")


def _en_conflicto(session: Session, exc: TransicionNoPermitida) -> HTTPException:
    session.rollback()
    return HTTPException(409, str(exc))


# --- Public pages ----------------------------------------------------------------------


def lista(request: Request) -> Response:
    """Render the published criterios homologados with active search; only the
    ``resultados`` block for htmx. Accounts also see the approved ones not yet published."""
    session = get_session(request)
    q = parametro_texto(request, "q")
    pagina = publicacion.buscar(
        session=session,
        texto=q,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
    )
    sin_publicar = None
    if "aprobado" in _estados_visibles(request):
        sin_publicar = publicacion.buscar(
            session=session, texto=q, estado="aprobado", por_pagina=None
        )
    mostrados = pagina.elementos + (sin_publicar.elementos if sin_publicar else [])
    contexto = {
        "pagina": pagina,
        "sin_publicar": sin_publicar,
        "progreso": adhesiones.progreso(session=session, criterio_ids=[c.id for c in mostrados]),
        "q": q,
        "url_pagina": url_de_pagina("/criterios-homologados", {"q": q}),
    }
    return render(request, "criterios_homologados/lista.html", contexto, bloque="resultados")


def _contexto_ficha(request: Request, criterio: CriterioHomologado) -> dict[str, Any]:
    session = get_session(request)
    ficha = publicacion.ficha(
        session=session, criterio_homologado=criterio, ocultos=garantes_ocultos(request)
    )
    return {"ficha": ficha, "criterio": criterio, "etiquetas": adhesiones.ETIQUETAS_ADHESION}


def _contexto_formulario(request: Request) -> dict[str, Any]:
    """Return what the adhesión forms need: allowed file types, size limit and today."""
    return {
        "accept": ACCEPT,
        "tipos_archivo": DESCRIPCION_TIPOS,
        "limite_archivo": megabytes(request.app.state.settings.max_subida_bytes),
        "hoy": ahora().date(),
        "estados_adhesion": list(adhesiones.ETIQUETAS_ADHESION.items()),
    }


def detalle(request: Request) -> Response:
    """Render a criterio homologado: its text, approval, sources and adhesión by garante."""
    criterio = _criterio_o_404(request)
    usuario = usuario_actual(request)
    contexto = _contexto_ficha(request, criterio)
    contexto.update(_contexto_formulario(request))
    contexto.update(
        aviso=aviso(request, AVISOS),
        editables={
            f.garante.id
            for f in contexto["ficha"].adhesiones
            if puede(usuario, "adhesion.actualizar", garante_id=f.garante.id)
        },
        puede_publicar=puede(usuario, "criterio_homologado.publicar"),
        valores={},
        errores={},
    )
    return render(request, "criterios_homologados/detalle.html", contexto)


def pdf(request: Request) -> Response:
    """Return the criterio homologado as a PDF, from the same partial as its page."""
    criterio = _criterio_o_404(request)
    html = html_de_plantilla(
        request, "criterios_homologados/documento.html", _contexto_ficha(request, criterio)
    )
    nombre = (criterio.clave or f"criterio-homologado-{criterio.id}").replace("/", "-")
    return respuesta_pdf(pdf_de_html(html), f"{nombre}.pdf")


def canal_atom(request: Request) -> Response:
    """Return the Atom feed of the published criterios homologados, newest first."""
    session = get_session(request)
    publicados = list(
        session.exec(
            select(CriterioHomologado)
            .where(col(CriterioHomologado.estado) == "publicado")
            .order_by(
                col(CriterioHomologado.publicado_en).desc(), col(CriterioHomologado.id).desc()
            )
            .limit(feed.LIMITE_ENTRADAS)
        )
    )
    origen, host = _origen(request), request.url.hostname or "localhost"
    entradas = [datos_homologados.entrada_feed(c, base=origen, host=host) for c in publicados]
    canal = feed.Canal(
        id=feed.tag_uri(
            autoridad=host, fecha=datos_homologados.FECHA_CANAL, especifico="criterios-homologados"
        ),
        titulo="Criterios homologados — Homologa",
        subtitulo="Criterios homologados publicados por la secretaría técnica de la región.",
        enlace_propio=f"{origen}/criterios-homologados/feed.atom",
        enlace_alterno=f"{origen}/criterios-homologados",
        autor="Secretaría técnica regional",
    )
    actualizado = max((e.actualizada for e in entradas), default=datos_homologados.INICIO_CANAL)
    return Response(
        feed.atom(canal=canal, entradas=entradas, actualizado=actualizado),
        media_type=feed.TIPO_ATOM,
    )


def matriz(request: Request) -> Response:
    """Render every criterio homologado × garante with its adhesión and the progress."""
    session = get_session(request)
    estados = _estados_visibles(request)
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


def evidencia(request: Request) -> Response:
    """Return the evidence file of a garante's adhesión (public with the criterio)."""
    criterio = _criterio_o_404(request)
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


# --- Open data -------------------------------------------------------------------------


def _fichas_publicadas(request: Request) -> list[publicacion.Ficha]:
    session = get_session(request)
    publicados = list(
        session.exec(
            select(CriterioHomologado)
            .where(col(CriterioHomologado.estado) == "publicado")
            .order_by(col(CriterioHomologado.publicado_en), col(CriterioHomologado.id))
        )
    )
    return publicacion.fichas(
        session=session, criterios=publicados, ocultos=garantes_ocultos(request)
    )


def datos_json(request: Request) -> Response:
    """Return the published criterios homologados with their adhesiones as JSON."""
    documento = datos_homologados.documento_json(_fichas_publicadas(request), base=_origen(request))
    return Response(
        json.dumps(documento, ensure_ascii=False, indent=1) + "\n",
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="criterios-homologados.json"'},
    )


def datos_csv(request: Request) -> Response:
    """Return one CSV row per published criterio homologado and garante (formulas neutralized)."""
    filas = datos_homologados.filas_csv(_fichas_publicadas(request), base=_origen(request))
    return respuesta_csv(texto_csv(filas), "criterios-homologados.csv")


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
        **_contexto_formulario(request),
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
    criterio = _criterio_o_404(request)
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
        contenido = await archivo.read()
        try:
            tipo = validar_archivo(
                nombre=archivo.filename,
                contenido=contenido,
                max_bytes=request.app.state.settings.max_subida_bytes,
            )
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
        hoy=ahora().date(),
        aprobado=criterio.aprobado_en.date() if criterio.aprobado_en else None,
    )
    errores = {**errores_datos, **errores}
    if datos is None or errores:
        return _formulario_adhesion(
            request, criterio=criterio, fila=fila, valores=valores, errores=errores,
            status_code=400,
        )  # fmt: skip
    usuario = _usuario(request)
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
    criterio = _criterio_o_404(request)
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
    usuario = _usuario(request)
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
        raise _en_conflicto(session, exc) from exc
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


# --- Publication -----------------------------------------------------------------------


async def publicar(request: Request) -> Response:
    """Confirm, then publish an approved criterio homologado (secretaría técnica)."""
    session = get_session(request)
    autorizar(request, "criterio_homologado.publicar")
    criterio = _criterio_o_404(request)
    if request.method == "GET":
        return render(request, "criterios_homologados/publicar.html", {"criterio": criterio})
    try:
        publicacion.publicar(
            session=session, criterio_homologado=criterio, usuario=_usuario(request)
        )
    except TransicionNoPermitida as exc:
        raise _en_conflicto(session, exc) from exc
    bitacora.registrar(
        session=session,
        accion="criterio_homologado.publicar",
        objeto_tipo="criterio_homologado",
        objeto_id=str(criterio.id),
        resumen=f"Publicación del criterio homologado {criterio.clave}.",
        detalles={"clave": criterio.clave, "antes": "aprobado", "despues": "publicado"},
    )
    session.commit()
    return RedirectResponse(
        f"/criterios-homologados/{criterio.id}?aviso=publicado", status_code=303
    )


async def superar(request: Request) -> Response:
    """Choose and confirm the earlier published criterio homologado that this one supersedes."""
    session = get_session(request)
    autorizar(request, "criterio_homologado.publicar")
    posterior = _criterio_o_404(request)
    if request.method == "GET":
        pedido = parametro_entero(request, "anterior", por_omision=0, minimo=0)
        anterior = session.get(CriterioHomologado, pedido) if pedido else None
        contexto = {
            "criterio": posterior,
            "anterior": anterior,
            "error": (
                publicacion.error_al_superar(anterior, posterior, session) if anterior else None
            ),
            "candidatos": publicacion.candidatos_a_superar(session=session, posterior=posterior),
        }
        return render(request, "criterios_homologados/superar.html", contexto)
    formulario = await request.form()
    valor = str(formulario.get("anterior", ""))
    anterior = session.get(CriterioHomologado, int(valor)) if valor.isdigit() else None
    if anterior is None:
        raise HTTPException(
            404, "No existe el criterio homologado que quiere marcar como superado."
        )
    try:
        publicacion.superar(session=session, anterior=anterior, posterior=posterior)
    except TransicionNoPermitida as exc:
        raise _en_conflicto(session, exc) from exc
    bitacora.registrar(
        session=session,
        accion="criterio_homologado.superar",
        objeto_tipo="criterio_homologado",
        objeto_id=str(anterior.id),
        resumen=f"{anterior.clave} queda superado por {posterior.clave}.",
        detalles={
            "anterior": anterior.clave,
            "posterior": posterior.clave,
            "antes": {"superado_por": None},
            "despues": {"superado_por": posterior.clave},
        },
    )
    session.commit()
    return RedirectResponse(f"/criterios-homologados/{posterior.id}?aviso=supera", status_code=303)


routes = [
    Route("/criterios-homologados", lista, methods=["GET"]),
    Route("/criterios-homologados/feed.atom", canal_atom, methods=["GET"]),
    Route("/criterios-homologados/adhesion", matriz, methods=["GET"]),
    Route("/criterios-homologados/{id:int}", detalle, methods=["GET"]),
    Route("/criterios-homologados/{id:int}.pdf", pdf, methods=["GET"]),
    Route(
        "/criterios-homologados/{id:int}/adhesiones/{garante}", adhesion, methods=["GET", "POST"]
    ),
    Route(
        "/criterios-homologados/{id:int}/adhesiones/{garante}/evidencia",
        evidencia,
        methods=["GET"],
    ),
    Route("/criterios-homologados/{id:int}/superados", superados, methods=["GET", "POST"]),
    Route("/criterios-homologados/{id:int}/publicar", publicar, methods=["GET", "POST"]),
    Route("/criterios-homologados/{id:int}/superar", superar, methods=["GET", "POST"]),
    Route("/datos/criterios-homologados.json", datos_json, methods=["GET"]),
    Route("/datos/criterios-homologados.csv", datos_csv, methods=["GET"]),
]

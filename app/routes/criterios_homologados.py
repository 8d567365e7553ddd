"""Routes: the criterios homologados once a mesa approved them, and their publication.

Public: /criterios-homologados (published, with search), /criterios-homologados/{id}[.pdf],
/criterios-homologados/feed.atom, /datos/criterios-homologados.json|.csv. Signed-in
accounts also see approved, unpublished ones. Writes (the secretaría): publishing and
superseding. Each garante's adhesión is in ``app.routes.adhesiones``.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual, usuario_autorizado
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
from criterios.consultas import numero_de_registro
from criterios.csv_seguro import texto_csv
from criterios.models import hoy
from sesiones import adhesiones, datos_homologados, feed, proyectos, publicacion
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import (
    ACCEPT,
    DESCRIPCION_TIPOS,
    megabytes,
)
from sesiones.models import CriterioHomologado

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


def estados_visibles(request: Request) -> tuple[str, ...]:
    """Return the estados this reader sees: accounts also see approved, unpublished ones."""
    if puede(usuario_actual(request), "acceso.interno"):
        return proyectos.ESTADOS_APROBADOS
    return ESTADOS_PUBLICOS


def criterio_o_404(request: Request) -> CriterioHomologado:
    """Return the criterio homologado of the URL when this reader may see it; else 404."""
    criterio = publicacion.obtener(
        session=get_session(request),
        id=request.path_params["id"],
        estados=estados_visibles(request),
    )
    if criterio is None:
        raise HTTPException(404, "No hay un criterio homologado publicado con ese número.")
    return criterio


def _origen(request: Request) -> str:
    """Return the site's origin (scheme and host) for absolute links in feeds and data."""
    return str(request.base_url).rstrip("/")


def en_conflicto(session: Session, exc: TransicionNoPermitida) -> HTTPException:
    """Return the 409 for a refused step, after undoing what the request had added."""
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
    if "aprobado" in estados_visibles(request):
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


def contexto_formulario(request: Request) -> dict[str, Any]:
    """Return what the adhesión forms need: allowed file types, size limit and today."""
    return {
        "accept": ACCEPT,
        "tipos_archivo": DESCRIPCION_TIPOS,
        "limite_archivo": megabytes(request.app.state.settings.max_subida_bytes),
        "hoy": hoy(),
        "estados_adhesion": list(adhesiones.ETIQUETAS_ADHESION.items()),
    }


def detalle(request: Request) -> Response:
    """Render a criterio homologado: its text, approval, sources and adhesión by garante."""
    criterio = criterio_o_404(request)
    usuario = usuario_actual(request)
    contexto = _contexto_ficha(request, criterio)
    contexto.update(contexto_formulario(request))
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
    criterio = criterio_o_404(request)
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


# --- Publication -----------------------------------------------------------------------


async def publicar(request: Request) -> Response:
    """Confirm, then publish an approved criterio homologado (secretaría técnica)."""
    session = get_session(request)
    autorizar(request, "criterio_homologado.publicar")
    criterio = criterio_o_404(request)
    if request.method == "GET":
        return render(request, "criterios_homologados/publicar.html", {"criterio": criterio})
    try:
        publicacion.publicar(
            session=session, criterio_homologado=criterio, usuario=usuario_autorizado(request)
        )
    except TransicionNoPermitida as exc:
        raise en_conflicto(session, exc) from exc
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


def _anterior(session: Session, valor: str) -> CriterioHomologado | None:
    """Return the criterio homologado whose number ``valor`` is, or None."""
    numero = numero_de_registro(valor)
    return session.get(CriterioHomologado, numero) if numero is not None else None


async def superar(request: Request) -> Response:
    """Choose and confirm the earlier published criterio homologado that this one supersedes."""
    session = get_session(request)
    autorizar(request, "criterio_homologado.publicar")
    posterior = criterio_o_404(request)
    if request.method == "GET":
        anterior = _anterior(session, request.query_params.get("anterior", ""))
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
    anterior = _anterior(session, str(formulario.get("anterior", "")))
    if anterior is None:
        raise HTTPException(
            404, "No existe el criterio homologado que quiere marcar como superado."
        )
    try:
        publicacion.superar(session=session, anterior=anterior, posterior=posterior)
    except TransicionNoPermitida as exc:
        raise en_conflicto(session, exc) from exc
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
    Route("/criterios-homologados/{id:int}", detalle, methods=["GET"]),
    Route("/criterios-homologados/{id:int}.pdf", pdf, methods=["GET"]),
    Route("/criterios-homologados/{id:int}/publicar", publicar, methods=["GET", "POST"]),
    Route("/criterios-homologados/{id:int}/superar", superar, methods=["GET", "POST"]),
    Route("/datos/criterios-homologados.json", datos_json, methods=["GET"]),
    Route("/datos/criterios-homologados.csv", datos_csv, methods=["GET"]),
]

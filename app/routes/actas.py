"""Routes: the acta of a mesa (page and PDF, its versions, approval and correction) and the
public Atom feed of the mesas.

The public reads only approved versions. Anyone with an account also sees the borrador of a
concluded mesa, generated live from the record and marked as such. Approving (secretaría,
``acta.aprobar``) freezes the data and the HTML in the version's row; a correction opens the
next version as a borrador. Page, PDF and the frozen HTML come from one partial,
``actas/_acta.html``, that reads nothing but the acta's data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual
from app.nombres import es_interno
from app.pdf import html_de_plantilla, pdf_de_html, respuesta_pdf
from app.permisos import autorizar, puede
from app.templating import fecha_hora, fecha_larga, render
from app.web import aviso, get_session
from criterios.models import hoy
from sesiones import actas, feed
from sesiones.acuerdos import ETIQUETAS_ESTADO as ETIQUETAS_ACUERDO
from sesiones.errores import TransicionNoPermitida
from sesiones.mesas import NOMBRES_MODALIDAD, es_publica
from sesiones.models import Acta, Mesa
from sesiones.novedades import Novedad, novedades
from sesiones.votaciones import ETIQUETAS_ESTADO_MESA

AVISOS = {
    "aprobada": "Acta aprobada: esta versión ya no cambia y es pública; quedó en la bitácora.",
    "correccion": "Corrección abierta: el acta vuelve a ser un borrador que sigue el registro "
    "de la mesa hasta que se apruebe la nueva versión. Las versiones aprobadas se conservan.",
}
# The feed's own id never changes: the day Homologa's mesas feed first existed.
INICIO_CANAL = date(2026, 1, 1)
MAXIMO_RESUMEN = 600


# --- What a reader gets ------------------------------------------------------------------


@dataclass(frozen=True)
class Vista:
    """The acta a request shows: its data, the version row (None: borrador not yet saved)."""

    mesa: Mesa
    datos: dict[str, Any]
    numero: int
    borrador: bool
    fila: Acta | None
    versiones: list[Acta]

    @property
    def aprobada_vigente(self) -> Acta | None:
        """Return the latest approved version (the one in force), if any."""
        aprobadas = [v for v in self.versiones if v.estado == "aprobada"]
        return aprobadas[-1] if aprobadas else None

    @property
    def ultima(self) -> int:
        return self.versiones[-1].version if self.versiones else 1

    @property
    def es_la_ultima(self) -> bool:
        return self.numero == self.ultima


def _mesa_o_404(request: Request, session: Session) -> Mesa:
    mesa = session.get(Mesa, request.path_params["id"])
    if mesa is None or not (es_publica(mesa) or es_interno(request)):
        raise HTTPException(404, "No existe ninguna mesa con ese número.")
    return mesa


def _vista(request: Request, session: Session, mesa: Mesa, numero: int | None) -> Vista:
    """Return the version ``numero`` (None: the latest the reader may see) or a 404."""
    assert mesa.id is not None
    interno = es_interno(request)
    todas = actas.versiones(session=session, mesa_id=mesa.id)
    ultima = todas[-1] if todas else None
    # Accounts also see the borrador: the latest version (or version 1 before any is saved).
    numero_borrador = ultima.version if ultima else 1
    con_borrador = interno and actas.es_borrador(mesa, ultima)
    if numero is None:
        aprobadas = [v.version for v in todas if v.estado == "aprobada"]
        if not con_borrador and not aprobadas:
            raise HTTPException(404, _sin_acta(mesa, interno))
        numero = numero_borrador if con_borrador else aprobadas[-1]
    fila = next((v for v in todas if v.version == numero), None)
    if fila is not None and fila.estado == "aprobada":
        assert fila.datos is not None
        return Vista(mesa, fila.datos, numero, False, fila, todas)
    if not (con_borrador and numero == numero_borrador):
        raise HTTPException(404, "Esa versión del acta no existe o aún no se ha aprobado.")
    # The borrador follows the record live.
    datos = actas.datos_del_acta(session=session, mesa=mesa)
    return Vista(mesa, datos, numero, True, fila, todas)


def _sin_acta(mesa: Mesa, interno: bool) -> str:
    if interno and mesa.estado != "concluida":
        estado = ETIQUETAS_ESTADO_MESA.get(mesa.estado, mesa.estado).lower()
        return f"El acta se genera cuando la mesa concluye; esta mesa está {estado}."
    return "Esta mesa aún no tiene un acta aprobada."


def _numero(request: Request) -> int | None:
    numero = request.path_params.get("version")
    return int(numero) if numero is not None else None


# --- Rendering ---------------------------------------------------------------------------


def _fecha(texto: str | None) -> str:
    """Return an ISO date (or date-time) of the acta's data as '10 de diciembre de 2026'."""
    return fecha_larga(date.fromisoformat(texto[:10])) if texto else ""


def _momento(texto: str | None) -> str:
    """Return an ISO date-time of the acta's data as '10 de diciembre de 2026, 11:05 h'.

    A moment with its offset is shown in central Mexico time, as ``fecha_hora`` does.
    """
    return fecha_hora(datetime.fromisoformat(texto)) if texto else ""


def _contexto_acta(datos: dict[str, Any]) -> dict[str, Any]:
    """Return what ``actas/_acta.html`` reads: the data and two date formatters."""
    return {"acta": datos, "fecha": _fecha, "momento": _momento}


def _nombre_mesa(mesa: Mesa) -> str:
    return f"{mesa.numero}.ª mesa de {mesa.anio}"


def _pagina(
    request: Request,
    session: Session,
    vista: Vista,
    *,
    errores: dict[str, str] | None = None,
    valores: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    usuario = usuario_actual(request)
    contexto = {
        **_contexto_acta(vista.datos),
        "vista": vista,
        "mesa": vista.mesa,
        "nombre_mesa": _nombre_mesa(vista.mesa),
        "puede_aprobar": puede(usuario, "acta.aprobar") and vista.borrador,
        "puede_corregir": puede(usuario, "acta.aprobar")
        and not vista.borrador
        and vista.es_la_ultima,
        "aviso": aviso(request, AVISOS),
        "errores": errores or {},
        "valores": valores or {},
    }
    return render(request, "actas/acta.html", contexto, status_code=status_code)


def acta(request: Request) -> Response:
    """Render the latest acta the reader may see (a borrador is marked as such)."""
    session = get_session(request)
    mesa = _mesa_o_404(request, session)
    return _pagina(request, session, _vista(request, session, mesa, None))


def version(request: Request) -> Response:
    """Render one version of the acta."""
    session = get_session(request)
    mesa = _mesa_o_404(request, session)
    return _pagina(request, session, _vista(request, session, mesa, _numero(request)))


def pdf(request: Request) -> Response:
    """Return the acta (the latest, or the version of the URL) as a PDF from the same partial."""
    session = get_session(request)
    mesa = _mesa_o_404(request, session)
    vista = _vista(request, session, mesa, _numero(request))
    contexto = {**_contexto_acta(vista.datos), "vista": vista, "nombre_mesa": _nombre_mesa(mesa)}
    html = html_de_plantilla(request, "actas/acta_pdf.html", contexto)
    sufijo = "borrador" if vista.borrador else f"v{vista.numero}"
    return respuesta_pdf(pdf_de_html(html), f"acta-mesa-{mesa.numero:02d}-{mesa.anio}-{sufijo}.pdf")


def lista_versiones(request: Request) -> Response:
    """Render the acta's versions: approved ones for everybody, the borrador for accounts."""
    session = get_session(request)
    mesa = _mesa_o_404(request, session)
    assert mesa.id is not None
    interno = es_interno(request)
    todas = actas.versiones(session=session, mesa_id=mesa.id)
    visibles = [v for v in todas if v.estado == "aprobada" or interno]
    # The first borrador has no row until it is approved: it is shown as version 1.
    borrador_sin_fila = interno and not todas and actas.es_borrador(mesa, None)
    if not visibles and not borrador_sin_fila:
        raise HTTPException(404, _sin_acta(mesa, interno))
    contexto = {
        "mesa": mesa,
        "nombre_mesa": _nombre_mesa(mesa),
        "versiones": list(reversed(visibles)),
        "borrador_sin_fila": borrador_sin_fila,
    }
    return render(request, "actas/versiones.html", contexto)


# --- Writes --------------------------------------------------------------------------------


def _mesa_para_escribir(request: Request, session: Session) -> Mesa:
    mesa = session.get(Mesa, request.path_params["id"])
    if mesa is None:
        raise HTTPException(404, "No existe ninguna mesa con ese número.")
    return mesa


async def aprobar(request: Request) -> Response:
    """Approve the acta's borrador after an explicit confirmation; it is frozen from then on."""
    session = get_session(request)
    mesa = _mesa_para_escribir(request, session)
    autorizar(request, "acta.aprobar")
    formulario = await request.form()
    if formulario.get("confirmo") != "si":
        vista = _vista(request, session, mesa, None)
        errores = {"confirmo": "Marque la casilla para confirmar que el acta puede aprobarse."}
        return _pagina(request, session, vista, errores=errores, status_code=400)
    usuario = usuario_actual(request)

    def renderizar(datos: dict[str, Any]) -> str:
        return html_de_plantilla(request, "actas/_acta.html", _contexto_acta(datos))

    try:
        aprobada = actas.aprobar(
            session=session,
            mesa=mesa,
            usuario_id=usuario.id if usuario else None,
            renderizar=renderizar,
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    assert aprobada.html is not None
    bitacora.registrar(
        session=session,
        accion="acta.aprobar",
        objeto_tipo="acta",
        objeto_id=f"{mesa.id}/v{aprobada.version}",
        resumen=f"Aprobación del acta de la {_nombre_mesa(mesa)}, versión {aprobada.version}.",
        detalles={
            "mesa": mesa.id,
            "version": aprobada.version,
            # The fingerprint of what was approved, to check a copy against the record.
            "sha256_html": hashlib.sha256(aprobada.html.encode()).hexdigest(),
        },
    )
    session.commit()
    return RedirectResponse(f"/mesas/{mesa.id}/acta?aviso=aprobada", status_code=303)


async def corregir(request: Request) -> Response:
    """Open a correction of the approved acta (with its reason): version n+1, in borrador."""
    session = get_session(request)
    mesa = _mesa_para_escribir(request, session)
    autorizar(request, "acta.aprobar")
    formulario = await request.form()
    motivo = str(formulario.get("motivo", ""))
    error = actas.error_de_motivo(motivo)
    if error:
        vista = _vista(request, session, mesa, None)
        return _pagina(
            request,
            session,
            vista,
            errores={"motivo": error},
            valores={"motivo": motivo},
            status_code=400,
        )
    try:
        nueva = actas.corregir(session=session, mesa=mesa, motivo=motivo)
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="acta.corregir",
        objeto_tipo="acta",
        objeto_id=f"{mesa.id}/v{nueva.version}",
        resumen=(
            f"Corrección del acta de la {_nombre_mesa(mesa)}: se abrió la versión "
            f"{nueva.version} en borrador."
        ),
        detalles={"mesa": mesa.id, "version": nueva.version, "motivo": nueva.motivo_correccion},
    )
    session.commit()
    return RedirectResponse(f"/mesas/{mesa.id}/acta?aviso=correccion", status_code=303)


# --- The Atom feed -------------------------------------------------------------------------


def _recortar(texto: str, largo: int = MAXIMO_RESUMEN) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def _resumen_mesa(mesa: Mesa) -> str:
    cuando = fecha_larga(mesa.fecha) + (f" a las {mesa.hora:%H:%M}" if mesa.hora else "")
    modalidad = NOMBRES_MODALIDAD.get(mesa.modalidad, mesa.modalidad).lower()
    if mesa.estado == "convocada":
        return f"Convocada para el {cuando}, modalidad {modalidad}."
    if mesa.estado == "en_curso":
        return f"En sesión desde el {cuando}, modalidad {modalidad}."
    if mesa.estado == "concluida":
        return f"Sesionó el {cuando}; concluida."
    motivo = f" Motivo: {mesa.motivo_cancelacion}" if mesa.motivo_cancelacion else ""
    return _recortar(f"Cancelada; estaba convocada para el {cuando}.{motivo}")


def _entrada(novedad: Novedad, *, origen: str, host: str) -> feed.Entrada:
    mesa = novedad.mesa
    nombre = _nombre_mesa(mesa)
    if novedad.acta is not None:
        acta_ = novedad.acta
        resumen = f"Acta de la {nombre} ({mesa.titulo}), aprobada."
        if acta_.motivo_correccion:
            resumen += f" Corrige la versión {acta_.version - 1}: {acta_.motivo_correccion}"
        return feed.Entrada(
            id=feed.tag_uri(
                autoridad=host,
                fecha=acta_.creada_en.date(),
                especifico=f"mesa/{mesa.id}/acta/{acta_.version}",
            ),
            titulo=f"Acta de la {nombre}, versión {acta_.version}: {mesa.titulo}",
            actualizada=novedad.actualizada,
            enlace=f"{origen}/mesas/{mesa.id}/acta/v/{acta_.version}",
            resumen=_recortar(resumen),
            categoria="acta",
        )
    if novedad.acuerdo is not None:
        acuerdo = novedad.acuerdo
        estado = ETIQUETAS_ACUERDO.get(novedad.estado, novedad.estado)
        limite = (
            f" Fecha límite: {fecha_larga(acuerdo.fecha_limite)}." if acuerdo.fecha_limite else ""
        )
        return feed.Entrada(
            id=feed.tag_uri(
                autoridad=host, fecha=acuerdo.creado_en.date(), especifico=f"acuerdo/{acuerdo.id}"
            ),
            titulo=f"Acuerdo {acuerdo.numero} ({estado.lower()})",
            actualizada=novedad.actualizada,
            enlace=f"{origen}/acuerdos/{acuerdo.id}",
            resumen=_recortar(f"{estado}. {acuerdo.texto}{limite} Acuerdo de la {nombre}."),
            categoria=f"acuerdo {novedad.estado}".replace(" ", "-"),
        )
    estado = ETIQUETAS_ESTADO_MESA.get(mesa.estado, mesa.estado)
    return feed.Entrada(
        id=feed.tag_uri(autoridad=host, fecha=mesa.creada_en.date(), especifico=f"mesa/{mesa.id}"),
        titulo=f"{nombre}: {mesa.titulo} ({estado.lower()})",
        actualizada=novedad.actualizada,
        enlace=f"{origen}/mesas/{mesa.id}",
        resumen=_resumen_mesa(mesa),
        categoria=f"mesa-{mesa.estado}",
    )


def canal_atom(request: Request) -> Response:
    """Return the Atom feed of the mesas, approved actas and acuerdos, the newest first."""
    session = get_session(request)
    origen = str(request.base_url).rstrip("/")
    host = request.url.hostname or "localhost"
    lista = novedades(session=session, hoy=hoy(), limite=feed.LIMITE_ENTRADAS)
    entradas = feed.ordenar(_entrada(n, origen=origen, host=host) for n in lista)
    canal = feed.Canal(
        id=feed.tag_uri(autoridad=host, fecha=INICIO_CANAL, especifico="mesas"),
        titulo="Mesas de análisis — Homologa",
        subtitulo="Convocatorias, actas aprobadas y seguimiento de acuerdos de la región.",
        enlace_propio=f"{origen}/mesas/feed.atom",
        enlace_alterno=f"{origen}/mesas",
        autor="Secretaría técnica regional",
    )
    actualizado = max(
        (e.actualizada for e in entradas),
        default=datetime.combine(INICIO_CANAL, datetime.min.time(), tzinfo=UTC),
    )
    return Response(
        feed.atom(canal=canal, entradas=entradas, actualizado=actualizado),
        media_type=feed.TIPO_ATOM,
    )


routes = [
    Route("/mesas/feed.atom", canal_atom, methods=["GET"]),
    Route("/mesas/{id:int}/acta", acta, methods=["GET"]),
    Route("/mesas/{id:int}/acta.pdf", pdf, methods=["GET"]),
    Route("/mesas/{id:int}/acta/versiones", lista_versiones, methods=["GET"]),
    Route("/mesas/{id:int}/acta/v/{version:int}", version, methods=["GET"]),
    Route("/mesas/{id:int}/acta/v/{version:int}.pdf", pdf, methods=["GET"]),
    Route("/mesas/{id:int}/acta/aprobar", aprobar, methods=["POST"]),
    Route("/mesas/{id:int}/acta/corregir", corregir, methods=["POST"]),
]

"""A mesa as its pages show it: finding it for the reader, its convocatoria and orden del
día (page, htmx fragment and PDF share this context), confirmation pages and the bitácora.

Shared by ``app.routes.mesas`` (the mesa, its data and states) and ``app.routes.orden_del_dia``
(its puntos).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from app import bitacora
from app.autenticacion import usuario_actual
from app.permisos import autorizar, garantes_ocultos, puede
from app.templating import render
from app.web import aviso
from criterios import resultados
from criterios.models import Divergencia, Garante
from sesiones import actas, mesas, orden_del_dia
from sesiones.models import (
    REGLAS_VOTACION,
    Acuerdo,
    CriterioHomologado,
    Mesa,
    PropuestaTema,
    PuntoOrden,
)
from sesiones.quorum import ETIQUETAS_REGLA, ETIQUETAS_RESULTADO, describir_regla_quorum
from sesiones.votaciones import ETIQUETAS_ESTADO_MESA, ETIQUETAS_ESTADO_PUNTO

AVISOS = {
    "creada": "Mesa creada en borrador, con los puntos de trámite del orden del día. Agregue "
    "los puntos por discutir y convóquela.",
    "editada": "Cambios guardados; quedaron en la bitácora.",
    "sin-cambios": "Sin cambios: los datos enviados eran los mismos.",
    "convocada": "Mesa convocada: la convocatoria y el orden del día ya son públicos.",
    "iniciada": "Sesión iniciada: la convocatoria y el orden del día ya no cambian.",
    "concluida": "Mesa concluida.",
    "cancelada": "Mesa cancelada; el motivo queda a la vista de quien consulte la mesa.",
    "punto-agregado": "Punto agregado al orden del día, antes de «Asuntos generales».",
    "punto-movido": "Punto movido.",
    "punto-quitado": "Punto quitado del orden del día.",
    "punto-editado": "Punto actualizado.",
}
ACCIONES = ("convocar", "iniciar", "concluir", "cancelar")
ETIQUETAS_TIPO = {
    "estandar": "Trámite",
    "propuesta": "Propuesta de tema",
    "grupo": "Grupo temático",
    "divergencia": "Divergencia",
    "proyecto": "Proyecto de criterio homologado",
    "libre": "Tema libre",
}
REGLAS = [(r, orden_del_dia.NOMBRES_REGLA[r]) for r in REGLAS_VOTACION]


def puede_administrar(request: Request) -> bool:
    """Return whether the request's user may prepare and run mesas (and see borradores)."""
    return puede(usuario_actual(request), "mesa.administrar")


def mesa_o_404(request: Request, session: Session) -> Mesa:
    """Return the mesa of the URL; a borrador only for those who may administer mesas."""
    mesa = session.get(Mesa, request.path_params["id"])
    if mesa is None or not (mesas.es_publica(mesa) or puede_administrar(request)):
        raise HTTPException(404, "No existe ninguna mesa con ese número.")
    return mesa


def punto_o_404(request: Request, session: Session, mesa: Mesa) -> PuntoOrden:
    """Return the punto of the URL, which must belong to ``mesa``."""
    punto = session.get(PuntoOrden, request.path_params["punto"])
    if punto is None or punto.mesa_id != mesa.id:
        raise HTTPException(404, "Ese punto no está en el orden del día de esta mesa.")
    return punto


def autorizar_mesa(request: Request) -> None:
    """Return None when the user may administer mesas; otherwise refuse (and log it).

    Asked before looking the mesa up: whoever may not write gets a 403, borrador or not.
    A mesa is regional work (``mesa.administrar`` has no per-garante roles), so no garante
    is named.
    """
    autorizar(request, "mesa.administrar")


def nombre_mesa(mesa: Mesa) -> str:
    """Return how a mesa is named: '3.ª mesa de 2026'."""
    return f"{mesa.numero}.ª mesa de {mesa.anio}"


def registrar(
    session: Session, mesa: Mesa, accion: str, resumen: str, detalles: dict[str, Any] | None = None
) -> None:
    """Add the bitácora entry ``mesa.<accion>`` of a write on ``mesa`` (the caller commits)."""
    bitacora.registrar(
        session=session,
        accion=f"mesa.{accion}",
        objeto_tipo="mesa",
        objeto_id=str(mesa.id),
        resumen=resumen,
        detalles=detalles,
    )


def valores_de_formulario(formulario: FormData) -> dict[str, str]:
    """Return the posted fields as text, to show the form again."""
    return {k: str(v) for k, v in formulario.items() if k != "csrf_token"}


@dataclass
class PuntoVista:
    """A punto as the orden del día shows it: where it links, its votes and its acuerdos."""

    punto: PuntoOrden
    enlace: str | None = None
    conteo: dict[str, int] | None = None
    acuerdos: list[Acuerdo] = field(default_factory=list)
    sube: bool = False
    baja: bool = False


def _enlaces_de_divergencias(
    request: Request, session: Session, puntos: list[PuntoOrden]
) -> dict[str, int]:
    """Return {clave: id} of the divergencias of ``puntos`` in the latest run the reader sees."""
    claves = {
        p.divergencia_clave for p in puntos if p.tipo == "divergencia" and p.divergencia_clave
    }
    comparacion = resultados.comparacion_elegida(session=session) if claves else None
    if comparacion is None:
        return {}
    ocultos = garantes_ocultos(request)
    filas = session.exec(
        select(Divergencia.clave, Divergencia.id, Divergencia.garante_a, Divergencia.garante_b)
        .where(Divergencia.comparacion_id == comparacion.id)
        .where(col(Divergencia.clave).in_(claves))
    )
    return {clave: id_ for clave, id_, a, b in filas if id_ and not {a, b} & ocultos}


def _enlace(
    punto: PuntoOrden, divergencias: dict[str, int], interno: bool, publicados: set[int | None]
) -> str | None:
    """Return the page of what the punto is about, if the reader may open it."""
    if punto.tipo == "propuesta" and punto.propuesta_id and interno:
        return f"/propuestas/{punto.propuesta_id}"
    if punto.tipo == "proyecto" and punto.proyecto_id in publicados:
        # Once published, everybody reads the criterio homologado the vote produced.
        return f"/criterios-homologados/{punto.proyecto_id}"
    if punto.tipo == "proyecto" and punto.proyecto_id and interno:
        return f"/proyectos/{punto.proyecto_id}"
    if punto.tipo == "grupo" and punto.grupo_clave:
        return f"/grupos/{punto.grupo_clave}"
    if punto.tipo == "divergencia" and punto.divergencia_clave:
        if punto.divergencia_clave in divergencias:
            return f"/divergencias/{divergencias[punto.divergencia_clave]}"
        if punto.grupo_clave:
            return f"/divergencias?grupo={punto.grupo_clave}"
    return None


def _conteo(detalle: dict[str, Any] | None) -> dict[str, int] | None:
    """Return the vote counts frozen when the votación closed (see sesiones.votaciones)."""
    conteo = (detalle or {}).get("conteo")
    return conteo if isinstance(conteo, dict) else None


def orden_visto(request: Request, session: Session, mesa: Mesa) -> list[PuntoVista]:
    """Return the mesa's puntos with their links, vote counts, acuerdos and moves allowed."""
    assert mesa.id is not None
    puntos = orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)
    divergencias = _enlaces_de_divergencias(request, session, puntos)
    interno = puede(usuario_actual(request), "acceso.interno")
    ids_proyectos = {p.proyecto_id for p in puntos if p.proyecto_id is not None}
    publicados: set[int | None] = (
        set(
            session.exec(
                select(CriterioHomologado.id)
                .where(col(CriterioHomologado.id).in_(ids_proyectos))
                .where(CriterioHomologado.estado == "publicado")
            )
        )
        if ids_proyectos
        else set()
    )
    acuerdos: dict[int | None, list[Acuerdo]] = defaultdict(list)
    for acuerdo in session.exec(
        select(Acuerdo).where(Acuerdo.mesa_id == mesa.id).order_by(col(Acuerdo.consecutivo))
    ):
        acuerdos[acuerdo.punto_id].append(acuerdo)
    vistas = [
        PuntoVista(
            punto=p,
            enlace=_enlace(p, divergencias, interno, publicados),
            conteo=_conteo(p.resultado_detalle),
            acuerdos=acuerdos.get(p.id, []),
        )
        for p in puntos
    ]
    # A punto moves within the puntos that are not standard ones.
    for i, vista in enumerate(vistas):
        if vista.punto.clave_estandar:
            continue
        vista.sube = i > 0 and not vistas[i - 1].punto.clave_estandar
        vista.baja = i + 1 < len(vistas) and not vistas[i + 1].punto.clave_estandar
    return vistas


def contexto_convocatoria(
    request: Request, session: Session, mesa: Mesa, *, documento: bool = False
) -> dict[str, Any]:
    """Return what ``mesas/_convocatoria.html`` needs (the page adds its forms)."""
    return {
        "mesa": mesa,
        "nombre_mesa": nombre_mesa(mesa),
        "sede": session.get(Garante, mesa.sede_garante_id) if mesa.sede_garante_id else None,
        "quorum": describir_regla_quorum(mesa.quorum_fraccion, mesa.quorum_estricto),
        "puntos": orden_visto(request, session, mesa),
        "documento": documento,
        "editable": not documento and mesa.estado in mesas.EDITABLES and puede_administrar(request),
        "etiquetas_estado": ETIQUETAS_ESTADO_MESA,
        "etiquetas_punto": ETIQUETAS_ESTADO_PUNTO,
        "etiquetas_resultado": ETIQUETAS_RESULTADO,
        "etiquetas_regla": ETIQUETAS_REGLA,
        "etiquetas_tipo": ETIQUETAS_TIPO,
        "modalidades": mesas.NOMBRES_MODALIDAD,
    }


def pagina_mesa(
    request: Request,
    session: Session,
    mesa: Mesa,
    *,
    errores: dict[str, str] | None = None,
    valores: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """Render the mesa's page; with ``errores``, the "agregar punto" form shows them."""
    contexto = contexto_convocatoria(request, session, mesa)
    if contexto["editable"]:
        admitidas = session.exec(
            select(PropuestaTema)
            .where(PropuestaTema.estado == "admitida")
            .order_by(col(PropuestaTema.id))
        )
        proyectos = session.exec(
            select(CriterioHomologado)
            .where(col(CriterioHomologado.estado).in_(orden_del_dia.ESTADOS_PROYECTO_AGREGABLES))
            .order_by(col(CriterioHomologado.id))
        )
        contexto.update(
            propuestas=[(str(p.id), p.titulo) for p in admitidas],
            proyectos=[
                (
                    str(p.id),
                    _recortar(p.rubro) + (" (rechazado antes)" if p.estado == "rechazado" else ""),
                )
                for p in proyectos
            ],
            reglas=REGLAS,
        )
    usuario = usuario_actual(request)
    contexto.update(
        aviso=aviso(request, AVISOS),
        errores=errores or {},
        valores=valores or {},
        administra=puede_administrar(request),
        con_cuenta=usuario is not None,
        # The public reads only an approved acta; accounts also see the borrador.
        hay_acta=mesa.estado == "concluida"
        and (
            puede(usuario, "acceso.interno")
            or actas.ultima_aprobada(session=session, mesa_id=mesa.id or 0) is not None
        ),
        acciones=[
            a
            for a in ACCIONES
            if mesa.estado in mesas.TRANSICIONES[a][0] and puede_administrar(request)
        ],
    )
    return render(request, "mesas/detalle.html", contexto, status_code=status_code)


def _recortar(texto: str, largo: int = 120) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def confirmacion(
    request: Request,
    mesa: Mesa,
    accion: str,
    *,
    impedimento: str | None = None,
    errores: dict[str, str] | None = None,
    valores: dict[str, str] | None = None,
    punto: PuntoOrden | None = None,
    status_code: int = 200,
) -> Response:
    """Render the confirmation step of ``accion``, or why it cannot happen now (409)."""
    contexto = {
        "mesa": mesa,
        "nombre_mesa": nombre_mesa(mesa),
        "accion": accion,
        "impedimento": impedimento,
        "errores": errores or {},
        "valores": valores or {},
        "punto": punto,
        "etiquetas_tipo": ETIQUETAS_TIPO,
    }
    if impedimento:
        status_code = 409
    return render(request, "mesas/confirmar.html", contexto, status_code=status_code)

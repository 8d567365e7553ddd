"""Routes: propuestas de tema — the list, the form (free or from a comparator result), the
detail with its apoyos and history, and the secretaría's admission.

Propuestas are internal work: every page needs an account (``acceso.interno``). Writes ask
for ``propuesta.crear`` / ``propuesta.apoyar`` (comisionados, for their own garante) and
``propuesta.admitir`` (the secretaría técnica).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual, usuario_autorizado
from app.models import Usuario
from app.nombres import nombres_para
from app.permisos import autorizar, garantes_ocultos, puede
from app.templating import es_htmx, render
from app.web import (
    aviso,
    get_session,
    parametro_entero,
    parametro_texto,
    respuesta_csv,
    url_de_pagina,
)
from criterios import consultas, resultados
from criterios.csv_seguro import texto_csv
from criterios.models import ZONA_HORARIA, Criterio, Divergencia, Garante, GrupoTematico, hoy
from sesiones import exportaciones, orden_del_dia, propuestas
from sesiones.errores import TransicionNoPermitida
from sesiones.models import ApoyoPropuesta, Mesa, PropuestaTema, PuntoOrden

AVISOS = {
    "creada": "Propuesta presentada. Otros comisionados ya pueden apoyarla.",
    "apoyada": "Su apoyo quedó registrado.",
    "apoyo-retirado": "Retiró su apoyo a la propuesta.",
    "admitida": "Propuesta admitida: ya puede llevarse al orden del día de una mesa.",
    "no-admitida": "La propuesta quedó como no admitida, con el motivo indicado.",
}
FILTROS = ("estado", "garante")


def _propuesta_o_404(request: Request, session: Session) -> PropuestaTema:
    propuesta = session.get(PropuestaTema, request.path_params["id"])
    if propuesta is None:
        raise HTTPException(404, "No existe ninguna propuesta con ese número.")
    return propuesta


def _criterios(
    session: Session, ids: list[int], ocultos: set[str]
) -> tuple[list[Criterio], list[str]]:
    """Return the criterios the reader may see (in ``ids`` order) and the hidden garantes."""
    if not ids:
        return [], []
    por_id = {c.id: c for c in session.exec(select(Criterio).where(col(Criterio.id).in_(ids)))}
    encontrados = [por_id[i] for i in ids if i in por_id]
    visibles = [c for c in encontrados if c.garante_id not in ocultos]
    escondidos = sorted({c.garante_id for c in encontrados if c.garante_id in ocultos})
    return visibles, escondidos


# --- List ------------------------------------------------------------------------------


def lista(request: Request) -> Response:
    """Render the propuestas, newest first, filterable by estado and garante."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    filtros = _filtros(request)
    pagina = propuestas.buscar(
        session=session,
        estado=filtros["estado"],
        garante=filtros["garante"],
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
    )
    contexto = {
        "pagina": pagina,
        "filtros": filtros,
        "hay_filtros": any(filtros.values()),
        "url_pagina": url_de_pagina("/propuestas", filtros),
        "url_csv": _url_csv(filtros),
        "estados": list(propuestas.ETIQUETAS_ESTADO.items()),
        "etiquetas_estado": propuestas.ETIQUETAS_ESTADO,
        "etiquetas_origen": propuestas.ETIQUETAS_ORIGEN,
        "garantes": [(g.id, g.nombre) for g in consultas.garantes(session=session)],
        "nombres": consultas.garantes_por_id(session=session),
        "aviso": aviso(request, AVISOS),
    }
    return render(request, "propuestas/lista.html", contexto, bloque="resultados")


def _filtros(request: Request) -> dict[str, str | None]:
    return {nombre: parametro_texto(request, nombre) for nombre in FILTROS}


def _url_csv(filtros: Mapping[str, str | None]) -> str:
    consulta = urlencode({k: v for k, v in filtros.items() if v})
    return "/propuestas.csv" + (f"?{consulta}" if consulta else "")


COLUMNAS_CSV = [
    "Número", "Título", "Origen", "Estado", "Garante", "Autor", "Apoyos", "Presentada el",
    "Motivo de no admisión", "Mesa", "Punto del orden del día",
]  # fmt: skip


def lista_csv(request: Request) -> Response:
    """Return the list's propuestas (same filters, every page) as CSV for spreadsheets."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    filtros = _filtros(request)
    filas = propuestas.buscar(
        session=session, estado=filtros["estado"], garante=filtros["garante"], por_pagina=None
    ).elementos
    garantes = consultas.garantes_por_id(session=session)
    nombres = nombres_para(request, session, (p.autor_id for p, _ in filas if p.autor_id))
    puntos = exportaciones.puntos_de_propuestas(
        session=session, propuesta_ids=[p.id for p, _ in filas if p.id]
    )
    salida: list[list[Any]] = [COLUMNAS_CSV]
    for propuesta, apoyos in filas:
        agenda = puntos.get(propuesta.id or 0, [])
        salida.append(
            [
                propuesta.id,
                propuesta.titulo,
                propuestas.ETIQUETAS_ORIGEN.get(propuesta.origen, propuesta.origen),
                propuestas.etiqueta_estado(propuesta.estado),
                consultas.nombre_corto(propuesta.garante_id, garantes)
                if propuesta.garante_id
                else "",
                nombres.persona(propuesta.autor_id),
                apoyos,
                propuesta.creada_en.astimezone(ZONA_HORARIA).date().isoformat(),
                propuesta.motivo_no_admision,
                "; ".join(f"{m.numero}/{m.anio}" for _, m in agenda),
                "; ".join(f"{p.orden}. {p.titulo}" for p, _ in agenda),
            ]
        )
    return respuesta_csv(texto_csv(salida), f"propuestas-{hoy().isoformat()}.csv", bom=True)


# --- New -------------------------------------------------------------------------------


@dataclass
class Origen:
    """The comparator result a new propuesta comes from, as the form shows it."""

    divergencia: Divergencia | None = None
    grupo: GrupoTematico | None = None
    comparacion_id: int | None = None
    criterios: list[Criterio] = field(default_factory=list)
    garantes_ocultos: list[str] = field(default_factory=list)
    anteriores: list[PropuestaTema] = field(default_factory=list)

    @property
    def campos(self) -> dict[str, str]:
        """Return the hidden fields that name this origin again when the form is posted."""
        if self.divergencia is not None:
            return {"divergencia": str(self.divergencia.id)}
        if self.grupo is not None:
            return {"grupo": self.grupo.clave, "comparacion": str(self.comparacion_id)}
        return {}


def _origen(request: Request, session: Session, datos: Mapping[str, Any]) -> Origen:
    """Return the origin named by ``?divergencia=ID`` or ``?grupo=CLAVE&comparacion=ID``."""
    ocultos = garantes_ocultos(request)
    divergencia_id = str(datos.get("divergencia") or "").strip()
    grupo_clave = str(datos.get("grupo") or "").strip()
    if divergencia_id:
        numero = consultas.numero_de_registro(divergencia_id)
        vista = (
            resultados.divergencia_vista(session=session, divergencia_id=numero)
            if numero is not None
            else None
        )
        if vista is None or {vista.divergencia.garante_a, vista.divergencia.garante_b} & ocultos:
            raise HTTPException(404, "No existe ninguna divergencia con ese número.")
        d = vista.divergencia
        return Origen(
            divergencia=d,
            grupo=vista.grupo,
            comparacion_id=d.comparacion_id,
            criterios=[vista.criterio_a, vista.criterio_b],
            anteriores=propuestas.de_origen(session=session, divergencia_clave=d.clave),
        )
    if grupo_clave:
        pedida = str(datos.get("comparacion") or "").strip()
        comparacion = resultados.comparacion_elegida(
            session=session,
            comparacion_id=(consultas.numero_de_registro(pedida) or -1) if pedida else None,
        )
        if comparacion is None or comparacion.id is None:
            raise HTTPException(404, "No hay una comparación terminada con ese número.")
        encontrado = resultados.grupo_por_clave(
            session=session, comparacion_id=comparacion.id, clave=grupo_clave
        )
        if encontrado is None or encontrado.grupo.id is None:
            raise HTTPException(404, "Ese grupo temático no está en la comparación.")
        miembros = resultados.criterios_del_grupo(session=session, grupo_id=encontrado.grupo.id)
        return Origen(
            grupo=encontrado.grupo,
            comparacion_id=comparacion.id,
            criterios=[c for m, c in miembros if m.garante_id not in ocultos],
            garantes_ocultos=sorted({m.garante_id for m, _ in miembros} & ocultos),
            anteriores=propuestas.de_origen(session=session, grupo_clave=grupo_clave),
        )
    return Origen()


def _formulario(
    request: Request,
    origen: Origen,
    *,
    valores: dict[str, str],
    errores: dict[str, str],
    status_code: int = 200,
) -> Response:
    session = get_session(request)
    usuario = usuario_autorizado(request)
    contexto = {
        "origen": origen,
        "valores": valores,
        "errores": errores,
        "garante": session.get(Garante, usuario.garante_id) if usuario.garante_id else None,
        "nombres": consultas.garantes_por_id(session=session),
        "etiquetas_estado": propuestas.ETIQUETAS_ESTADO,
    }
    return render(request, "propuestas/formulario.html", contexto, status_code=status_code)


async def nueva(request: Request) -> Response:
    """Show the form (prefilled from a divergencia or grupo); on POST present the propuesta."""
    session = get_session(request)
    usuario = usuario_actual(request)
    autorizar(request, "propuesta.crear", garante_id=usuario.garante_id if usuario else None)
    usuario = usuario_autorizado(request)
    if request.method == "GET":
        origen = _origen(request, session, request.query_params)
        titulo = propuestas.titulo_sugerido(divergencia=origen.divergencia, grupo=origen.grupo)
        valores = {"titulo": titulo, "justificacion": ""}
        return _formulario(request, origen, valores=valores, errores={})
    formulario = await request.form()
    origen = _origen(request, session, formulario)
    valores = {n: str(formulario.get(n) or "") for n in ("titulo", "justificacion")}
    errores = propuestas.validar(**valores)
    if errores:
        return _formulario(request, origen, valores=valores, errores=errores, status_code=400)
    propuesta = propuestas.crear(
        session=session,
        autor=usuario,
        divergencia=origen.divergencia,
        grupo=None if origen.divergencia else origen.grupo,
        **valores,
    )
    bitacora.registrar(
        session=session,
        accion="propuesta.crear",
        objeto_tipo="propuesta",
        objeto_id=str(propuesta.id),
        resumen=(
            f"{usuario.nombre_visible} ({usuario.garante_id}) propuso el tema "
            f"«{propuesta.titulo}» ({propuestas.ETIQUETAS_ORIGEN[propuesta.origen].lower()})."
        ),
        detalles={
            "origen": propuesta.origen,
            "divergencia": propuesta.divergencia_clave,
            "grupo": propuesta.grupo_clave,
            "criterios": propuesta.criterio_ids,
        },
    )
    session.commit()
    return RedirectResponse(f"/propuestas/{propuesta.id}?aviso=creada", status_code=303)


# --- Detail ----------------------------------------------------------------------------


def _enlace_actual(session: Session, propuesta: PropuestaTema, ocultos: set[str]) -> str | None:
    """Return the URL of the propuesta's divergencia or grupo in the latest run, if still there."""
    if propuesta.divergencia_clave:
        divergencia = orden_del_dia.divergencia_vigente(
            session=session, clave=propuesta.divergencia_clave
        )
        if divergencia is None or {divergencia.garante_a, divergencia.garante_b} & ocultos:
            return None
        return f"/divergencias/{divergencia.id}"
    if propuesta.grupo_clave:
        grupo = orden_del_dia.grupo_vigente(session=session, clave=propuesta.grupo_clave)
        return f"/grupos/{propuesta.grupo_clave}" if grupo else None
    return None


def _apoyos(session: Session, propuesta: PropuestaTema) -> list[Usuario]:
    """Return who supports the propuesta, in the order they did."""
    consulta = (
        select(Usuario)
        .join(ApoyoPropuesta, col(ApoyoPropuesta.usuario_id) == col(Usuario.id))
        .where(ApoyoPropuesta.propuesta_id == propuesta.id)
        .order_by(col(ApoyoPropuesta.creado_en), col(Usuario.id))
    )
    return list(session.exec(consulta))


def _puntos(session: Session, propuesta: PropuestaTema) -> list[tuple[PuntoOrden, Mesa]]:
    """Return the puntos (with their mesa) that took the propuesta to an orden del día."""
    consulta = (
        select(PuntoOrden, Mesa)
        .join(Mesa, col(Mesa.id) == col(PuntoOrden.mesa_id))
        .where(PuntoOrden.propuesta_id == propuesta.id)
        .order_by(col(Mesa.fecha), col(PuntoOrden.id))
    )
    return [(punto, mesa) for punto, mesa in session.exec(consulta)]


def _contexto_detalle(
    request: Request, session: Session, propuesta: PropuestaTema, **extra: Any
) -> dict[str, Any]:
    usuario = usuario_actual(request)
    ocultos = garantes_ocultos(request)
    criterios, escondidos = _criterios(session, propuesta.criterio_ids, ocultos)
    ids = [i for i in (propuesta.autor_id, propuesta.resuelta_por_id) if i]
    personas = {u.id: u for u in session.exec(select(Usuario).where(col(Usuario.id).in_(ids)))}
    apoyos = _apoyos(session, propuesta)
    apoya = usuario is not None and any(u.id == usuario.id for u in apoyos)
    return {
        "propuesta": propuesta,
        "estado": propuestas.etiqueta_estado(propuesta.estado),
        "origen": propuestas.ETIQUETAS_ORIGEN.get(propuesta.origen, propuesta.origen),
        "autor": personas.get(propuesta.autor_id),
        "resuelta_por": personas.get(propuesta.resuelta_por_id),
        "nombres": consultas.garantes_por_id(session=session),
        "criterios": criterios,
        "garantes_escondidos": escondidos,
        # The comparator's summary quotes both texts: not shown when a catalog is hidden.
        "mostrar_resumen": not escondidos,
        "enlace_actual": _enlace_actual(session, propuesta, ocultos),
        "apoyos": apoyos,
        "apoya": apoya,
        "puede_apoyar": (
            usuario is not None
            and puede(usuario, "propuesta.apoyar", garante_id=usuario.garante_id)
            and usuario.id != propuesta.autor_id
            and propuesta.estado in propuestas.ESTADOS_CON_APOYO
        ),
        "es_autor": usuario is not None and usuario.id == propuesta.autor_id,
        "acepta_apoyos": propuesta.estado in propuestas.ESTADOS_CON_APOYO,
        "puede_admitir": (propuesta.estado == "propuesta" and puede(usuario, "propuesta.admitir")),
        "puntos": _puntos(session, propuesta),
        "aviso": aviso(request, AVISOS),
        **{
            "errores": {},
            "valores": {"accion": "", "motivo": ""},
            "error_apoyo": None,
            "aviso_apoyo": None,
            **extra,
        },
    }


def detalle(request: Request) -> Response:
    """Render a propuesta: origin and criterios, apoyos, admission and its history."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    propuesta = _propuesta_o_404(request, session)
    return render(
        request, "propuestas/detalle.html", _contexto_detalle(request, session, propuesta)
    )


# --- Writes ----------------------------------------------------------------------------


async def apoyo(request: Request) -> Response:
    """Add (``accion=apoyar``) or withdraw (``accion=retirar``) the user's apoyo.

    Asking for the state one already has changes nothing (a double click is harmless).
    With htmx the answer is the apoyos block alone; a refusal is then shown inside it.
    """
    session = get_session(request)
    propuesta = _propuesta_o_404(request, session)
    usuario = usuario_actual(request)
    autorizar(request, "propuesta.apoyar", garante_id=usuario.garante_id if usuario else None)
    usuario = usuario_autorizado(request)
    formulario = await request.form()
    accion = str(formulario.get("accion") or "")
    if accion not in ("apoyar", "retirar"):
        raise HTTPException(400, "Elija si apoya la propuesta o retira su apoyo.")
    ya_apoya = propuestas.apoya(session=session, propuesta=propuesta, usuario=usuario)
    cambio = None
    try:
        if accion == "apoyar" and not ya_apoya:
            propuestas.apoyar(session=session, propuesta=propuesta, usuario=usuario)
            cambio = "apoyada"
        elif accion == "retirar" and ya_apoya:
            propuestas.retirar_apoyo(session=session, propuesta=propuesta, usuario=usuario)
            cambio = "apoyo-retirado"
    except TransicionNoPermitida as exc:
        session.rollback()
        if not es_htmx(request):
            raise HTTPException(409, str(exc)) from exc
        # htmx swaps only successful answers: the block carries the refusal itself.
        contexto = _contexto_detalle(request, session, propuesta, error_apoyo=str(exc))
        return render(request, "propuestas/detalle.html", contexto, bloque="apoyos")
    if cambio:
        bitacora.registrar(
            session=session,
            accion="propuesta.apoyar" if accion == "apoyar" else "propuesta.retirar_apoyo",
            objeto_tipo="propuesta",
            objeto_id=str(propuesta.id),
            resumen=(
                f"{usuario.nombre_visible} ({usuario.garante_id}) "
                + ("apoya" if accion == "apoyar" else "retiró su apoyo a")
                + f" la propuesta {propuesta.id} «{propuesta.titulo}»."
            ),
            detalles={"usuario": usuario.id, "garante": usuario.garante_id},
        )
        session.commit()
    if es_htmx(request):
        contexto = _contexto_detalle(
            request, session, propuesta, aviso_apoyo=AVISOS.get(cambio or "")
        )
        return render(request, "propuestas/detalle.html", contexto, bloque="apoyos")
    sufijo = f"?aviso={cambio}" if cambio else ""
    return RedirectResponse(f"/propuestas/{propuesta.id}{sufijo}#apoyos", status_code=303)


async def admision(request: Request) -> Response:
    """Admit a propuesta or decline it with a reason (the decision is final)."""
    session = get_session(request)
    propuesta = _propuesta_o_404(request, session)
    autorizar(request, "propuesta.admitir")
    usuario = usuario_autorizado(request)
    try:
        # A stale page (someone already decided): say so rather than show form errors.
        propuestas.comprobar_admisible(propuesta)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    formulario = await request.form()
    valores = {n: str(formulario.get(n) or "").strip() for n in ("accion", "motivo")}
    errores = propuestas.validar_admision(**valores)
    if not formulario.get("confirmacion"):
        errores["confirmacion"] = "Confirme la decisión: después no se puede cambiar."
    if errores:
        contexto = _contexto_detalle(request, session, propuesta, errores=errores, valores=valores)
        return render(request, "propuestas/detalle.html", contexto, status_code=400)
    antes = propuesta.estado
    try:
        if valores["accion"] == "admitir":
            propuestas.admitir(session=session, propuesta=propuesta, usuario=usuario)
        else:
            propuestas.no_admitir(
                session=session, propuesta=propuesta, usuario=usuario, motivo=valores["motivo"]
            )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    decision = "admitió" if propuesta.estado == "admitida" else "no admitió"
    bitacora.registrar(
        session=session,
        accion=f"propuesta.{valores['accion']}",
        objeto_tipo="propuesta",
        objeto_id=str(propuesta.id),
        resumen=(
            f"{usuario.nombre_visible} {decision} la propuesta {propuesta.id} "
            f"«{propuesta.titulo}»."
            + (f" Motivo: {propuesta.motivo_no_admision}" if propuesta.motivo_no_admision else "")
        ),
        detalles={
            "antes": {"estado": antes},
            "despues": {"estado": propuesta.estado, "motivo": propuesta.motivo_no_admision},
        },
    )
    session.commit()
    destino = "admitida" if propuesta.estado == "admitida" else "no-admitida"
    return RedirectResponse(f"/propuestas/{propuesta.id}?aviso={destino}", status_code=303)


routes = [
    Route("/propuestas", lista, methods=["GET"]),
    Route("/propuestas.csv", lista_csv, methods=["GET"]),
    Route("/propuestas/nueva", nueva, methods=["GET", "POST"]),
    Route("/propuestas/{id:int}", detalle, methods=["GET"]),
    Route("/propuestas/{id:int}/apoyo", apoyo, methods=["POST"]),
    Route("/propuestas/{id:int}/admision", admision, methods=["POST"]),
]

"""Routes: the session of a mesa — attendance, quórum, votaciones, notes and deferral.

/mesas/{id}/sesion is the conducción page: the quórum banner at the top (refreshed every
10 s by htmx together with the open votación), the attendance form, and each punto with
its notes, vote controls and result. Every account may follow it (``acceso.interno``); the
secretaría técnica conducts (``mesa.administrar``) and each comisionado votes for their own
garante (``voto.emitir``). Every write leaves a bitácora entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual, usuario_autorizado
from app.models import Usuario
from app.permisos import autorizar, puede
from app.templating import es_htmx, fecha_larga, render
from app.web import aviso, get_session
from criterios import consultas
from criterios.models import Garante
from sesiones import asistencia, orden_del_dia, votaciones
from sesiones.errores import TransicionNoPermitida
from sesiones.models import SENTIDOS_VOTO, Acuerdo, Mesa, PuntoOrden, Voto
from sesiones.quorum import (
    ETIQUETAS_REGLA,
    ETIQUETAS_RESULTADO,
    ETIQUETAS_SENTIDO,
    contar_votos,
    garantes_presentes,
    quorum_de_mesa,
    resultado_votacion,
)

AVISOS = {
    "asistencia": "Asistencia guardada; el quórum se actualizó.",
    "asistencia-sin-cambios": "La asistencia no cambió.",
    "abierta": "Votación abierta: los garantes presentes ya pueden votar.",
    "voto": "Voto registrado; puede cambiarse hasta que se cierre la votación.",
    "cerrada": "Votación cerrada: el resultado quedó fijo.",
    "notas": "Notas de deliberación guardadas.",
    "diferido": "Punto diferido: continúa en la mesa elegida, con su historial.",
}


@dataclass
class VistaPunto:
    """A punto as the session page shows it, with what it needs besides its own row."""

    punto: PuntoOrden
    antecedentes: list[votaciones.Antecedente]
    continuacion: tuple[PuntoOrden, Mesa] | None
    votos: dict[str, Voto] = field(default_factory=dict)
    acuerdos: list[Acuerdo] = field(default_factory=list)
    diferible: bool = False


def _mesa_o_404(session: Session, mesa_id: int) -> Mesa:
    mesa = session.get(Mesa, mesa_id)
    if mesa is None:
        raise HTTPException(404, "No existe ninguna mesa con ese número.")
    return mesa


def _punto_o_404(request: Request, session: Session) -> tuple[PuntoOrden, Mesa]:
    punto = session.get(PuntoOrden, request.path_params["id"])
    if punto is None:
        raise HTTPException(404, "No existe ningún punto con ese número.")
    return punto, _mesa_o_404(session, punto.mesa_id)


def _a_la_sesion(mesa: Mesa, clave_aviso: str, ancla: str = "") -> RedirectResponse:
    return RedirectResponse(
        f"/mesas/{mesa.id}/sesion?aviso={clave_aviso}{'#' + ancla if ancla else ''}",
        status_code=303,
    )


def _nombre(garante_id: str, nombres: dict[str, Garante]) -> str:
    return consultas.nombre_corto(garante_id, nombres)


# --- The conducción page ---------------------------------------------------------------


def _vistas(session: Session, mesa: Mesa, *, editable: bool) -> list[VistaPunto]:
    """Return the mesa's puntos as the page shows them (``editable``: the mesa's record)."""
    assert mesa.id is not None
    puntos = orden_del_dia.puntos_de(session=session, mesa_id=mesa.id)
    abierto_ids = [p.id for p in puntos if p.estado == "en_votacion" and p.id is not None]
    votos: dict[int, dict[str, Voto]] = {}
    if abierto_ids:
        for voto in session.exec(select(Voto).where(col(Voto.punto_id).in_(abierto_ids))):
            votos.setdefault(voto.punto_id, {})[voto.garante_id] = voto
    acuerdos: dict[int | None, list[Acuerdo]] = {}
    for acuerdo in session.exec(
        select(Acuerdo).where(Acuerdo.mesa_id == mesa.id).order_by(col(Acuerdo.consecutivo))
    ):
        acuerdos.setdefault(acuerdo.punto_id, []).append(acuerdo)
    vistas = []
    for punto in puntos:
        continuacion = None
        if punto.diferido_a_id is not None:
            siguiente = session.get(PuntoOrden, punto.diferido_a_id)
            if siguiente is not None:
                continuacion = (siguiente, _mesa_o_404(session, siguiente.mesa_id))
        vistas.append(
            VistaPunto(
                punto=punto,
                antecedentes=votaciones.historial(session=session, punto=punto),
                continuacion=continuacion,
                votos=votos.get(punto.id or 0, {}),
                acuerdos=acuerdos.get(punto.id, []),
                diferible=votaciones.impedimento_para_diferir(
                    session=session, punto=punto, editable=editable
                )
                is None,
            )
        )
    return vistas


def _usuarios_de(session: Session, vistas: list[VistaPunto]) -> dict[int, Usuario]:
    """Return the accounts that cast or closed the votes shown, by id (one query)."""
    ids: set[int] = set()
    for vista in vistas:
        ids |= {v.usuario_id for v in vista.votos.values() if v.usuario_id is not None}
        detalle = vista.punto.resultado_detalle or {}
        ids |= {v.get("usuario") for v in detalle.get("votos", {}).values() if v.get("usuario")}
    if not ids:
        return {}
    return {u.id: u for u in session.exec(select(Usuario).where(col(Usuario.id).in_(ids))) if u.id}


def _contexto(request: Request, session: Session, mesa: Mesa, **extra: Any) -> dict[str, Any]:
    usuario = usuario_actual(request)
    assert mesa.id is not None
    editable = votaciones.registro_editable(session=session, mesa=mesa)
    vistas = _vistas(session, mesa, editable=editable)
    abierto = next((v.punto for v in vistas if v.punto.estado == "en_votacion"), None)
    votante = (
        usuario.garante_id
        if usuario
        and usuario.garante_id
        and puede(usuario, "voto.emitir", garante_id=usuario.garante_id)
        else None
    )
    impedimento_asistencia = asistencia.impedimento(session=session, mesa=mesa)
    filas = asistencia.asistencia_de_mesa(session=session, mesa=mesa)
    contexto: dict[str, Any] = {
        "mesa": mesa,
        "quorum": quorum_de_mesa(
            session=session, mesa=mesa, con_derecho=[f.garante for f in filas]
        ),
        "asistencia": filas,
        "presentes": [f.garante.id for f in filas if f.presente],
        "vistas": vistas,
        "abierto": abierto,
        "nombres": consultas.garantes_por_id(session=session),
        "usuarios": _usuarios_de(session, vistas),
        "puede_administrar": puede(usuario, "mesa.administrar"),
        "puede_acuerdos": puede(usuario, "acuerdo.administrar") and editable,
        "votante": votante,
        "editable": editable,
        "impedimento_asistencia": impedimento_asistencia,
        "sentidos": ETIQUETAS_SENTIDO,
        "reglas": ETIQUETAS_REGLA,
        "resultados": ETIQUETAS_RESULTADO,
        "estados_punto": votaciones.ETIQUETAS_ESTADO_PUNTO,
        "estados_mesa": votaciones.ETIQUETAS_ESTADO_MESA,
        "conteo_de": lambda vista: contar_votos(
            {g: v.sentido for g, v in vista.votos.items()}, contexto["presentes"]
        ),
        "aviso": aviso(request, AVISOS),
        "errores": {},
        "valores": {},
        "parcial": False,
        "vivas": [],
    }
    contexto.update(extra)
    return contexto


def sesion(request: Request) -> Response:
    """Render the conducción page; for htmx polling, the banner and the open votación."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    mesa = _mesa_o_404(session, request.path_params["id"])
    contexto = _contexto(request, session, mesa)
    if es_htmx(request):
        # The page may still show a votación that closed since: refresh it too.
        conocida = request.query_params.get("votacion", "")
        vivas = {str(contexto["abierto"].id) if contexto["abierto"] else "", conocida} - {""}
        contexto.update(
            parcial=True, vivas=[v for v in contexto["vistas"] if str(v.punto.id) in vivas]
        )
    return render(request, "sesion/conduccion.html", contexto, bloque="en_vivo")


# --- Asistencia ------------------------------------------------------------------------


def _registros(
    formulario: FormData, filas: list[asistencia.FilaAsistencia]
) -> dict[str, asistencia.Registro]:
    return {
        f.garante.id: asistencia.Registro(
            presente=formulario.get(f"presente-{f.garante.id}") == "si",
            representantes=str(formulario.get(f"representantes-{f.garante.id}") or ""),
        )
        for f in filas
    }


async def registrar_asistencia(request: Request) -> Response:
    """Record which garantes are present and who represents them (one row per garante)."""
    autorizar(request, "mesa.administrar")
    session = get_session(request)
    mesa = _mesa_o_404(session, request.path_params["id"])
    motivo = asistencia.impedimento(session=session, mesa=mesa)
    if motivo is not None:
        raise HTTPException(409, motivo)
    filas = asistencia.asistencia_de_mesa(session=session, mesa=mesa)
    registros = _registros(await request.form(), filas)
    nombres = {f.garante.id: f.garante.siglas or f.garante.nombre for f in filas}
    errores = asistencia.validar_asistencia(registros, nombres)
    if errores:
        contexto = _contexto(request, session, mesa, errores=errores, valores=registros)
        return render(request, "sesion/conduccion.html", contexto, status_code=400)
    try:
        cambios = asistencia.registrar_asistencia(
            session=session, mesa=mesa, registros=registros, usuario=usuario_autorizado(request)
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    if not cambios:
        session.rollback()
        return _a_la_sesion(mesa, "asistencia-sin-cambios", "asistencia")
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    descripcion = "; ".join(
        f"{nombres[g]} {'presente' if c['despues']['presente'] else 'ausente'}"
        + (f" ({c['despues']['representantes']})" if c["despues"]["representantes"] else "")
        for g, c in cambios.items()
    )
    bitacora.registrar(
        session=session,
        accion="mesa.asistencia",
        objeto_tipo="mesa",
        objeto_id=str(mesa.id),
        resumen=(
            f"Asistencia de «{mesa.titulo}»: {descripcion}. Quórum: {quorum.presentes} de "
            f"{quorum.con_derecho} presentes ({'hay' if quorum.hay else 'sin'} quórum)."
        ),
        detalles={"cambios": cambios, "quorum": quorum.como_dict()},
    )
    session.commit()
    return _a_la_sesion(mesa, "asistencia", "asistencia")


# --- Votación --------------------------------------------------------------------------


def _describir(punto: PuntoOrden, mesa: Mesa) -> str:
    return f"el punto {punto.orden} («{punto.titulo}») de «{mesa.titulo}»"


async def abrir(request: Request) -> Response:
    """Open the votación of a punto (the secretaría, with quórum)."""
    autorizar(request, "mesa.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    try:
        votaciones.abrir_votacion(session=session, punto=punto, usuario=usuario_autorizado(request))
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    bitacora.registrar(
        session=session,
        accion="votacion.abrir",
        objeto_tipo="punto",
        objeto_id=str(punto.id),
        resumen=f"Votación abierta en {_describir(punto, mesa)}.",
        detalles={"mesa": mesa.id, "regla": punto.regla_votacion, "quorum": quorum.como_dict()},
    )
    session.commit()
    return _a_la_sesion(mesa, "abierta", f"punto-{punto.id}")


async def votar(request: Request) -> Response:
    """Cast a garante's vote: its comisionado, or the secretaría on its behalf."""
    usuario = usuario_actual(request)
    formulario = await request.form()
    garante_id = str(formulario.get("garante") or "").strip() or (
        usuario.garante_id if usuario else None
    )
    # The secretaría records on a garante's behalf; anyone else votes only for their own.
    por_secretaria = puede(usuario, "mesa.administrar")
    if por_secretaria:
        autorizar(request, "mesa.administrar")
    else:
        autorizar(request, "voto.emitir", garante_id=garante_id)
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    sentido = str(formulario.get("sentido") or "")
    if sentido not in SENTIDOS_VOTO:
        raise HTTPException(400, "Elija el sentido del voto: a favor, en contra o abstención.")
    if not garante_id:
        raise HTTPException(400, "Elija el garante por el que se registra el voto.")
    try:
        voto, anterior = votaciones.emitir_voto(
            session=session,
            punto=punto,
            garante_id=garante_id,
            sentido=sentido,
            usuario=usuario_autorizado(request),
            por_secretaria=por_secretaria,
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    nombres = consultas.garantes_por_id(session=session)
    resumen = (
        f"Voto de {_nombre(garante_id, nombres)} en {_describir(punto, mesa)}: "
        f"{ETIQUETAS_SENTIDO[sentido].lower()}"
        + (" (registrado por la secretaría técnica a nombre del garante)" if por_secretaria else "")
        + (f"; antes: {ETIQUETAS_SENTIDO[anterior].lower()}" if anterior else "")
        + "."
    )
    bitacora.registrar(
        session=session,
        accion="votacion.voto",
        objeto_tipo="punto",
        objeto_id=str(punto.id),
        resumen=resumen,
        detalles={
            "mesa": mesa.id,
            "garante": garante_id,
            "sentido": sentido,
            "anterior": anterior,
            "por_secretaria": por_secretaria,
            "voto": voto.id,
        },
    )
    session.commit()
    return _a_la_sesion(mesa, "voto", f"punto-{punto.id}")


def _contexto_cierre(
    request: Request, session: Session, punto: PuntoOrden, mesa: Mesa
) -> dict[str, Any]:
    assert punto.id is not None
    presentes = garantes_presentes(session=session, mesa=mesa)
    votos = votaciones.votos_del_punto(session=session, punto_id=punto.id)
    sentidos = {g: v.sentido for g, v in votos.items() if g in presentes}
    return {
        "punto": punto,
        "mesa": mesa,
        "quorum": quorum_de_mesa(session=session, mesa=mesa),
        "conteo": contar_votos(sentidos, presentes),
        "sin_voto": [g for g in presentes if g not in sentidos],
        "resultado": resultado_votacion(sentidos, presentes, punto.regla_votacion),
        "nombres": consultas.garantes_por_id(session=session),
        "reglas": ETIQUETAS_REGLA,
        "resultados": ETIQUETAS_RESULTADO,
    }


async def cerrar(request: Request) -> Response:
    """Confirm (GET) and close (POST) a votación; its result is then frozen."""
    autorizar(request, "mesa.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    if request.method == "GET":
        if punto.estado != "en_votacion":
            raise HTTPException(409, "La votación de este punto no está abierta.")
        return render(
            request, "sesion/cerrar.html", _contexto_cierre(request, session, punto, mesa)
        )
    try:
        resultado = votaciones.cerrar_votacion(
            session=session, punto=punto, usuario=usuario_autorizado(request)
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    detalle = punto.resultado_detalle or {}
    conteo = detalle.get("conteo", {})
    bitacora.registrar(
        session=session,
        accion="votacion.cerrar",
        objeto_tipo="punto",
        objeto_id=str(punto.id),
        resumen=(
            f"Votación cerrada en {_describir(punto, mesa)}: {ETIQUETAS_RESULTADO[resultado]} "
            f"({conteo.get('a_favor', 0)} a favor, {conteo.get('en_contra', 0)} en contra, "
            f"{conteo.get('abstencion', 0)} abstenciones, {conteo.get('sin_voto', 0)} sin voto)."
        ),
        detalles={"mesa": mesa.id, "resultado": resultado, "detalle": detalle},
    )
    session.commit()
    return _a_la_sesion(mesa, "cerrada", f"punto-{punto.id}")


# --- Notas y diferimiento --------------------------------------------------------------


async def notas(request: Request) -> Response:
    """Save the secretaría's summary of the positions expressed on a punto."""
    autorizar(request, "mesa.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    texto = str((await request.form()).get("notas") or "")
    errores = votaciones.validar_notas(texto)
    if errores:
        contexto = _contexto(
            request,
            session,
            mesa,
            errores={f"notas-{punto.id}": errores["notas"]},
            valores={f"notas-{punto.id}": texto},
        )
        return render(request, "sesion/conduccion.html", contexto, status_code=400)
    try:
        anteriores = votaciones.guardar_notas(session=session, punto=punto, notas=texto)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="punto.notas",
        objeto_tipo="punto",
        objeto_id=str(punto.id),
        resumen=f"Notas de deliberación de {_describir(punto, mesa)} guardadas.",
        detalles={"mesa": mesa.id, "antes": anteriores, "despues": punto.notas_deliberacion},
    )
    session.commit()
    return _a_la_sesion(mesa, "notas", f"punto-{punto.id}")


def _contexto_diferir(
    session: Session, punto: PuntoOrden, mesa: Mesa, **extra: Any
) -> dict[str, Any]:
    destinos = votaciones.mesas_destino(session=session, mesa=mesa)
    return {
        "punto": punto,
        "mesa": mesa,
        "destinos": destinos,
        "opciones": [
            (
                str(m.id),
                f"{m.titulo} — {fecha_larga(m.fecha)} "
                f"({votaciones.ETIQUETAS_ESTADO_MESA[m.estado].lower()})",
            )
            for m in destinos
        ],
        "errores": {},
        "valores": {"destino": ""},
        **extra,
    }


async def diferir(request: Request) -> Response:
    """Choose the later mesa (GET) and defer the punto to it (POST)."""
    autorizar(request, "mesa.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    motivo = votaciones.impedimento_para_diferir(session=session, punto=punto)
    if motivo is not None:
        raise HTTPException(409, motivo)
    if request.method == "GET":
        return render(request, "sesion/diferir.html", _contexto_diferir(session, punto, mesa))
    elegido = str((await request.form()).get("destino") or "").strip()
    numero = consultas.numero_de_registro(elegido)
    destino = session.get(Mesa, numero) if numero is not None else None
    if destino is None:
        contexto = _contexto_diferir(
            session,
            punto,
            mesa,
            errores={"destino": "Elija la mesa a la que se difiere el punto."},
            valores={"destino": elegido},
        )
        return render(request, "sesion/diferir.html", contexto, status_code=400)
    try:
        nuevo = votaciones.diferir_punto(
            session=session, punto=punto, destino=destino, usuario=usuario_autorizado(request)
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="punto.diferir",
        objeto_tipo="punto",
        objeto_id=str(punto.id),
        resumen=(
            f"Se difirió {_describir(punto, mesa)} a «{destino.titulo}» (punto {nuevo.orden})."
        ),
        detalles={"mesa": mesa.id, "destino": destino.id, "punto_nuevo": nuevo.id},
    )
    session.commit()
    return _a_la_sesion(mesa, "diferido", f"punto-{punto.id}")


routes = [
    Route("/mesas/{id:int}/sesion", sesion),
    Route("/mesas/{id:int}/asistencia", registrar_asistencia, methods=["POST"]),
    Route("/puntos/{id:int}/votacion/abrir", abrir, methods=["POST"]),
    Route("/puntos/{id:int}/votacion/cerrar", cerrar, methods=["GET", "POST"]),
    Route("/puntos/{id:int}/voto", votar, methods=["POST"]),
    Route("/puntos/{id:int}/notas", notas, methods=["POST"]),
    Route("/puntos/{id:int}/diferir", diferir, methods=["GET", "POST"]),
]

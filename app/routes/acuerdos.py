"""Routes: an acuerdo of a mesa, from its registration to its cumplimiento.

/puntos/{id}/acuerdos/nuevo registers one (secretaría); /acuerdos/{id} shows it with its
history (the public: only acuerdos of mesas past borrador); /acuerdos/{id}/avances takes a
progress report with evidence (its responsables, or the secretaría); /acuerdos/{id}/cumplido
and /reabrir (secretaría). Evidence files are served by ``app.routes.evidencias``; the
dashboard of all acuerdos is ``app.routes.seguimiento``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual
from app.models import EventoBitacora, Usuario
from app.nombres import es_interno, nombres_para
from app.permisos import REGLAS, autorizar, puede
from app.templating import fecha_larga, render
from app.web import aviso, get_session
from criterios import consultas
from criterios.consultas import numero_de_registro
from criterios.models import hoy
from sesiones import acuerdos, seguimiento
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import (
    ACCEPT,
    DESCRIPCION_TIPOS,
    ArchivoNoValido,
    megabytes,
    revisar_tamano,
)
from sesiones.models import Acuerdo, Evidencia, Mesa, PuntoOrden, ResponsableAcuerdo

AVISOS = {
    "creado": "Acuerdo registrado; quedó en la bitácora.",
    "avance": "Avance registrado; quedó en la bitácora.",
    "cumplido": "El acuerdo quedó marcado como cumplido.",
    "reabierto": "El acuerdo se reabrió; quedó en la bitácora con su motivo.",
}


# --- One acuerdo -------------------------------------------------------------------------


def _acuerdo_o_404(request: Request, session: Session) -> tuple[Acuerdo, Mesa]:
    acuerdo = session.get(Acuerdo, request.path_params["id"])
    mesa = session.get(Mesa, acuerdo.mesa_id) if acuerdo else None
    if acuerdo is None or mesa is None or (mesa.estado == "borrador" and not es_interno(request)):
        raise HTTPException(404, "No existe ningún acuerdo con ese número.")
    return acuerdo, mesa


@dataclass(frozen=True)
class Suceso:
    """A line of an acuerdo's history: an avance, or the secretaría's cumplido/reapertura."""

    tipo: str
    cuando: datetime
    avance: seguimiento.AvanceConEvidencias | None = None
    motivo: str | None = None


def _historial(session: Session, acuerdo: Acuerdo) -> list[Suceso]:
    """Return the avances and the changes of estado (read from the bitácora), oldest first."""
    assert acuerdo.id is not None
    sucesos = [
        Suceso("avance", a.avance.creado_en, avance=a)
        for a in seguimiento.avances_de(session=session, acuerdo_id=acuerdo.id)
    ]
    eventos = session.exec(
        select(EventoBitacora).where(
            EventoBitacora.objeto_tipo == "acuerdo",
            EventoBitacora.objeto_id == str(acuerdo.id),
            col(EventoBitacora.accion).in_(("acuerdo.cumplido", "acuerdo.reabrir")),
        )
    )
    for evento in eventos:
        motivo = (evento.detalles or {}).get("motivo")
        tipo = "cumplido" if evento.accion == "acuerdo.cumplido" else "reabierto"
        sucesos.append(Suceso(tipo, evento.creado_en, motivo=motivo))
    return sorted(sucesos, key=lambda s: s.cuando)


def _puede_reportar(
    usuario: Usuario | None, responsables: Collection[ResponsableAcuerdo]
) -> tuple[bool, str | None]:
    """Return whether the user may report avances and on behalf of which garante.

    A responsable person may; so may the comisionado or jurídico of a responsable garante
    (for that garante), and the secretaría técnica (on behalf of none).
    """
    if usuario is None:
        return False, None
    garantes = {r.garante_id for r in responsables if r.garante_id}
    propio = usuario.garante_id if usuario.garante_id in garantes else None
    if usuario.id in {r.usuario_id for r in responsables} and puede(usuario, "acceso.interno"):
        return True, propio
    if propio is not None and puede(usuario, "acuerdo.reportar_avance", garante_id=propio):
        return True, propio
    en_todos = usuario.rol in REGLAS["acuerdo.reportar_avance"].en_todos
    return en_todos and puede(usuario, "acuerdo.reportar_avance"), None


def _autorizar_avance(
    request: Request, acuerdo: Acuerdo, responsables: Collection[ResponsableAcuerdo]
) -> str | None:
    """Return the garante the avance is reported for; refuse (403, bitácora) who may not."""
    permitido, garante = _puede_reportar(usuario_actual(request), responsables)
    if permitido:
        return garante
    # Ask the policy about the acuerdo's garantes: it refuses and records the attempt.
    garantes = sorted({r.garante_id for r in responsables if r.garante_id})
    objetivo = ", ".join(garantes) or f"acuerdo {acuerdo.numero} (sin garantes responsables)"
    autorizar(request, "acuerdo.reportar_avance", garante_id=objetivo)
    # Not reached: whoever the policy lets through, _puede_reportar let through first.
    raise HTTPException(403, "Su cuenta no es responsable de este acuerdo.")


def _contexto_detalle(
    request: Request, session: Session, acuerdo: Acuerdo, mesa: Mesa, **extra: Any
) -> dict[str, Any]:
    assert acuerdo.id is not None
    responsables = seguimiento.responsables_de(session=session, acuerdo_id=acuerdo.id)
    historial = _historial(session, acuerdo)
    personas = [r.usuario_id for r in responsables if r.usuario_id is not None]
    autores = [s.avance.avance.autor_id for s in historial if s.avance and s.avance.avance.autor_id]
    usuario = usuario_actual(request)
    estado = acuerdos.estado_visible(acuerdo, hoy())
    limite = request.app.state.settings.max_subida_bytes
    return {
        "acuerdo": acuerdo,
        "mesa": mesa,
        "punto": session.get(PuntoOrden, acuerdo.punto_id) if acuerdo.punto_id else None,
        "estado": estado,
        "etiqueta_estado": acuerdos.ETIQUETAS_ESTADO[estado],
        "garante_ids": [r.garante_id for r in responsables if r.garante_id],
        "usuario_ids": personas,
        "historial": historial,
        "nombres": nombres_para(request, session, [*personas, *autores]),
        "puede_reportar": _puede_reportar(usuario, responsables)[0]
        and acuerdo.estado != "cumplido",
        "puede_administrar": puede(usuario, "acuerdo.administrar"),
        "descargas": es_interno(request),
        "aviso": aviso(request, AVISOS),
        "accept": ACCEPT,
        "ayuda_evidencias": (
            f"Archivos {DESCRIPCION_TIPOS}, de hasta {megabytes(limite)} cada uno y "
            f"{acuerdos.MAX_EVIDENCIAS} por avance. Opcional."
        ),
        **{"errores": {}, "valores": {}, **extra},
    }


def detalle(request: Request) -> Response:
    """Render one acuerdo: text, mesa and punto, responsables, estado and its history."""
    session = get_session(request)
    acuerdo, mesa = _acuerdo_o_404(request, session)
    return render(
        request, "acuerdos/detalle.html", _contexto_detalle(request, session, acuerdo, mesa)
    )


def _rechazo_detalle(
    request: Request,
    session: Session,
    acuerdo: Acuerdo,
    mesa: Mesa,
    errores: dict[str, str],
    valores: dict[str, str],
) -> Response:
    session.rollback()
    contexto = _contexto_detalle(request, session, acuerdo, mesa, errores=errores, valores=valores)
    return render(request, "acuerdos/detalle.html", contexto, status_code=400)


# --- Registering an acuerdo --------------------------------------------------------------


def _punto_o_404(request: Request, session: Session) -> tuple[PuntoOrden, Mesa]:
    punto = session.get(PuntoOrden, request.path_params["id"])
    mesa = session.get(Mesa, punto.mesa_id) if punto else None
    if punto is None or mesa is None:
        raise HTTPException(404, "No existe ningún punto del orden del día con ese número.")
    return punto, mesa


def _cuentas_activas(session: Session) -> list[Usuario]:
    consulta = (
        select(Usuario)
        .where(col(Usuario.activo).is_(True))
        .order_by(
            col(Usuario.rol), col(Usuario.garante_id), col(Usuario.nombre), col(Usuario.correo)
        )
    )
    return list(session.exec(consulta))


def _contexto_nuevo(
    session: Session, punto: PuntoOrden, mesa: Mesa, **extra: Any
) -> dict[str, Any]:
    assert mesa.id is not None
    consecutivo = acuerdos.siguiente_consecutivo(session=session, mesa_id=mesa.id)
    return {
        "punto": punto,
        "mesa": mesa,
        "numero": acuerdos.numero_de_acuerdo(session=session, mesa=mesa, consecutivo=consecutivo),
        "garantes": [g for g in consultas.garantes(session=session) if g.vigente_en(mesa.fecha)],
        "cuentas": _cuentas_activas(session),
        **{"errores": {}, "valores": EnvioAcuerdo(), **extra},
    }


def formulario_nuevo(request: Request) -> Response:
    """Render the form to register an acuerdo of a punto, with the número it will get."""
    autorizar(request, "acuerdo.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    try:
        acuerdos.revisar_mesa(session=session, mesa=mesa)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    return render(request, "acuerdos/nuevo.html", _contexto_nuevo(session, punto, mesa))


@dataclass
class EnvioAcuerdo:
    """The form of a new acuerdo as the secretaría filled it in (shown again on errors)."""

    texto: str = ""
    fecha_limite: str = ""
    garantes: list[str] = field(default_factory=list)
    usuarios: list[str] = field(default_factory=list)

    @classmethod
    def de(cls, formulario: FormData) -> EnvioAcuerdo:
        return cls(
            texto=str(formulario.get("texto") or ""),
            fecha_limite=str(formulario.get("fecha_limite") or "").strip(),
            garantes=[str(g) for g in formulario.getlist("garantes") if g],
            usuarios=[str(u) for u in formulario.getlist("usuarios") if u],
        )

    @property
    def fecha(self) -> date | None:
        try:
            return date.fromisoformat(self.fecha_limite)
        except ValueError:
            return None

    @property
    def usuario_ids(self) -> list[int]:
        numeros = (numero_de_registro(u) for u in self.usuarios)
        return [n for n in numeros if n is not None]


async def crear(request: Request) -> Response:
    """Register the acuerdo (numbered from the pattern) and go to its page."""
    autorizar(request, "acuerdo.administrar")
    session = get_session(request)
    punto, mesa = _punto_o_404(request, session)
    envio = EnvioAcuerdo.de(await request.form())
    errores = acuerdos.validar_acuerdo(
        session=session,
        mesa=mesa,
        texto=envio.texto,
        fecha_limite=envio.fecha,
        garante_ids=envio.garantes,
        usuario_ids=envio.usuario_ids,
    )
    if envio.fecha_limite and envio.fecha is None:
        errores["fecha_limite"] = "Escriba la fecha límite como aaaa-mm-dd."
    activas = {u.id for u in _cuentas_activas(session)}
    if len(envio.usuario_ids) < len(envio.usuarios) or set(envio.usuario_ids) - activas:
        errores["responsables"] = "Una de las personas elegidas no tiene una cuenta activa."
    if errores:
        contexto = _contexto_nuevo(session, punto, mesa, errores=errores, valores=envio)
        return render(request, "acuerdos/nuevo.html", contexto, status_code=400)
    usuario = usuario_actual(request)
    try:
        acuerdo = acuerdos.crear_acuerdo(
            session=session,
            punto=punto,
            texto=envio.texto,
            fecha_limite=envio.fecha,
            garante_ids=envio.garantes,
            usuario_ids=envio.usuario_ids,
            usuario_id=usuario.id if usuario else None,
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    garante_ids, usuario_ids = sorted(set(envio.garantes)), sorted(set(envio.usuario_ids))
    nombres = nombres_para(request, session, usuario_ids)
    responsables = [nombres.garante(g) for g in garante_ids]
    responsables += [nombres.persona(u) for u in usuario_ids]
    bitacora.registrar(
        session=session,
        accion="acuerdo.crear",
        objeto_tipo="acuerdo",
        objeto_id=str(acuerdo.id),
        resumen=(
            f"Acuerdo {acuerdo.numero} de la mesa {mesa.numero}/{mesa.anio} (punto "
            f"{punto.orden}); responsables: {', '.join(responsables)}; fecha límite: "
            f"{fecha_larga(acuerdo.fecha_limite)}."
        ),
        detalles={
            "numero": acuerdo.numero,
            "mesa_id": mesa.id,
            "punto_id": punto.id,
            "texto": acuerdo.texto,
            "garantes": garante_ids,
            "usuarios": usuario_ids,
            "fecha_limite": str(acuerdo.fecha_limite),
        },
    )
    try:
        session.commit()
    except IntegrityError as exc:
        # Another acuerdo of the mesa took the same número a moment ago.
        session.rollback()
        raise HTTPException(
            409,
            "Otro acuerdo de esta mesa se registró al mismo tiempo; envíe el formulario de nuevo.",
        ) from exc
    return RedirectResponse(f"/acuerdos/{acuerdo.id}?aviso=creado", status_code=303)


# --- Follow-up ---------------------------------------------------------------------------


async def _formulario_con_archivos(request: Request) -> FormData:
    try:
        return await request.form(max_files=acuerdos.MAX_EVIDENCIAS + 1, max_fields=20)
    except HTTPException as exc:
        # Starlette's own message is in English: too many parts, or a body it cannot read.
        if str(exc.detail).startswith("Too many"):
            mensaje = (
                f"El envío tiene demasiados archivos o campos: se pueden adjuntar hasta "
                f"{acuerdos.MAX_EVIDENCIAS} archivos por avance."
            )
        else:
            mensaje = (
                "No se pudo leer el envío: llegó incompleto o dañado. Vuelva a la página del "
                "acuerdo y envíe el formulario de nuevo."
            )
        raise HTTPException(400, mensaje) from exc


async def avance(request: Request) -> Response:
    """Record a responsable's (or the secretaría's) avance with its evidence files."""
    session = get_session(request)
    acuerdo, mesa = _acuerdo_o_404(request, session)
    assert acuerdo.id is not None
    responsables = seguimiento.responsables_de(session=session, acuerdo_id=acuerdo.id)
    garante_id = _autorizar_avance(request, acuerdo, responsables)
    limite = request.app.state.settings.max_subida_bytes
    formulario = await _formulario_con_archivos(request)
    errores: dict[str, str] = {}
    archivos = []
    try:
        nota = str(formulario.get("nota") or "")
        if not nota.strip():
            errores["nota"] = "Escriba qué se avanzó en el cumplimiento del acuerdo."
        for subido in formulario.getlist("evidencias"):
            if not isinstance(subido, UploadFile) or not subido.filename:
                continue  # the file input sends an empty part when nothing was chosen
            # Refuse before reading the spooled file into memory.
            revisar_tamano(nombre=subido.filename, tamano=subido.size or 0, max_bytes=limite)
            archivos.append(acuerdos.Archivo(subido.filename, await subido.read()))
    except ArchivoNoValido as exc:
        errores["evidencias"] = str(exc)
    finally:
        await formulario.close()
    if errores:
        return _rechazo_detalle(request, session, acuerdo, mesa, errores, {"nota": nota})
    antes = acuerdo.estado
    usuario = usuario_actual(request)
    try:
        nuevo = acuerdos.reportar_avance(
            session=session,
            acuerdo=acuerdo,
            nota=nota,
            archivos=archivos,
            max_bytes=limite,
            garante_id=garante_id,
            autor_id=usuario.id if usuario else None,
        )
    except ArchivoNoValido as exc:
        return _rechazo_detalle(
            request, session, acuerdo, mesa, {"evidencias": str(exc)}, {"nota": nota}
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    session.flush()
    evidencias = session.exec(select(Evidencia).where(Evidencia.avance_id == nuevo.id)).all()
    de = f" de {garante_id}" if garante_id else ""
    bitacora.registrar(
        session=session,
        accion="acuerdo.avance",
        objeto_tipo="acuerdo",
        objeto_id=str(acuerdo.id),
        resumen=(
            f"Avance{de} en el acuerdo {acuerdo.numero}"
            f" ({len(evidencias)} {'evidencia' if len(evidencias) == 1 else 'evidencias'})."
        ),
        detalles={
            "avance_id": nuevo.id,
            "garante": garante_id,
            "nota": nuevo.nota,
            "evidencias": [
                {"id": e.id, "nombre": e.nombre_archivo, "tipo": e.tipo_mime,
                 "tamano": e.tamano, "sha256": e.sha256}
                for e in evidencias
            ],
            "antes": {"estado": antes},
            "despues": {"estado": acuerdo.estado},
        },
    )  # fmt: skip
    session.commit()
    return RedirectResponse(f"/acuerdos/{acuerdo.id}?aviso=avance#historial", status_code=303)


async def cumplido(request: Request) -> Response:
    """Mark the acuerdo cumplido once the secretaría confirms it (a required checkbox)."""
    autorizar(request, "acuerdo.administrar")
    session = get_session(request)
    acuerdo, mesa = _acuerdo_o_404(request, session)
    formulario = await request.form()
    if acuerdo.estado != "cumplido" and formulario.get("confirmacion") != "si":
        errores = {"confirmacion": "Marque la casilla para confirmar que el acuerdo se cumplió."}
        return _rechazo_detalle(request, session, acuerdo, mesa, errores, {})
    antes = acuerdos.estado_visible(acuerdo, hoy())
    usuario = usuario_actual(request)
    try:
        acuerdos.marcar_cumplido(
            session=session, acuerdo=acuerdo, usuario_id=usuario.id if usuario else None
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="acuerdo.cumplido",
        objeto_tipo="acuerdo",
        objeto_id=str(acuerdo.id),
        resumen=(
            f"Acuerdo {acuerdo.numero} marcado como cumplido (estaba {antes.replace('_', ' ')})."
        ),
        detalles={"antes": {"estado": antes}, "despues": {"estado": acuerdo.estado}},
    )
    session.commit()
    return RedirectResponse(f"/acuerdos/{acuerdo.id}?aviso=cumplido", status_code=303)


async def reabrir(request: Request) -> Response:
    """Reopen a cumplido acuerdo; the motivo is required and kept in the bitácora."""
    autorizar(request, "acuerdo.administrar")
    session = get_session(request)
    acuerdo, mesa = _acuerdo_o_404(request, session)
    formulario = await request.form()
    motivo = str(formulario.get("motivo") or "").strip()
    if acuerdo.estado == "cumplido" and not motivo:
        errores = {"motivo": "Escriba por qué se reabre el acuerdo."}
        return _rechazo_detalle(request, session, acuerdo, mesa, errores, {"motivo": motivo})
    try:
        estado = acuerdos.reabrir(session=session, acuerdo=acuerdo, motivo=motivo)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="acuerdo.reabrir",
        objeto_tipo="acuerdo",
        objeto_id=str(acuerdo.id),
        resumen=f"Acuerdo {acuerdo.numero} reabierto ({estado.replace('_', ' ')}): {motivo}",
        detalles={
            "motivo": motivo,
            "antes": {"estado": "cumplido"},
            "despues": {"estado": estado},
        },
    )
    session.commit()
    return RedirectResponse(f"/acuerdos/{acuerdo.id}?aviso=reabierto", status_code=303)


routes = [
    Route("/acuerdos/{id:int}", detalle, methods=["GET"]),
    Route("/puntos/{id:int}/acuerdos/nuevo", formulario_nuevo, methods=["GET"]),
    Route("/puntos/{id:int}/acuerdos/nuevo", crear, methods=["POST"]),
    Route("/acuerdos/{id:int}/avances", avance, methods=["POST"]),
    Route("/acuerdos/{id:int}/cumplido", cumplido, methods=["POST"]),
    Route("/acuerdos/{id:int}/reabrir", reabrir, methods=["POST"]),
]

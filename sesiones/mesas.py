"""Mesas de análisis: the convocatoria's data, its numbering and the mesa's states.

A mesa goes borrador → convocada → en curso → concluida, or is cancelada (with a reason)
before it starts. Convocar publishes it; from then on the public sees its convocatoria and
orden del día. Functions here never commit: the route commits once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, func, select

from criterios.consultas import Pagina, paginar
from criterios.models import Garante, ahora
from sesiones import ajustes
from sesiones.errores import TransicionNoPermitida
from sesiones.models import MODALIDADES, Mesa, PuntoOrden
from sesiones.votaciones import tomar_mesa

NOMBRES_MODALIDAD = {"presencial": "Presencial", "virtual": "Virtual", "mixta": "Mixta"}
# Where each transition may start from, and where it leaves the mesa.
TRANSICIONES = {
    "convocar": (("borrador",), "convocada"),
    "iniciar": (("convocada",), "en_curso"),
    "concluir": (("en_curso",), "concluida"),
    "cancelar": (("borrador", "convocada"), "cancelada"),
}
# The state as the end of a sentence: "esta mesa está en curso".
EN_ESTADO = {
    "borrador": "en borrador",
    "convocada": "convocada",
    "en_curso": "en curso",
    "concluida": "concluida",
    "cancelada": "cancelada",
}
EDITABLES = ("borrador", "convocada")
MAXIMO_TITULO = 300
MAXIMO_ENLACE = 500
MAXIMO_MOTIVO = 2000
# The standard puntos every orden del día has: the first two open it, the last two close it.
PUNTOS_DE_APERTURA = {
    "asistencia_quorum": ("Lista de asistencia y declaración de quórum", False),
    "aprobacion_orden": ("Lectura y, en su caso, aprobación del orden del día", True),
}
PUNTOS_DE_CIERRE = {
    "asuntos_generales": ("Asuntos generales", False),
    "clausura": ("Clausura de la sesión", False),
}


@dataclass(frozen=True)
class DatosMesa:
    """The validated fields of the mesa form."""

    titulo: str
    fecha: date
    hora: time
    modalidad: str
    sede_garante_id: str
    region: str | None
    enlace: str | None
    direccion: str | None


def _texto(formulario: Mapping[str, object], nombre: str) -> str:
    return str(formulario.get(nombre) or "").strip()


def validar_mesa(
    *, session: Session, formulario: Mapping[str, object], mesa: Mesa | None = None
) -> tuple[DatosMesa | None, dict[str, str]]:
    """Return the form's data, or None and one Spanish message per wrong field.

    ``mesa`` is the mesa being edited: once convocada, its year (and so its número) is fixed.
    """
    errores: dict[str, str] = {}
    titulo = _texto(formulario, "titulo")
    if not titulo:
        errores["titulo"] = "Escriba el título de la mesa."
    elif len(titulo) > MAXIMO_TITULO:
        errores["titulo"] = f"El título no puede pasar de {MAXIMO_TITULO} caracteres."

    fecha: date | None = None
    texto_fecha = _texto(formulario, "fecha")
    if not texto_fecha:
        errores["fecha"] = "Escriba la fecha de la mesa."
    else:
        try:
            fecha = date.fromisoformat(texto_fecha)
        except ValueError:
            errores["fecha"] = f"La fecha «{texto_fecha}» no es válida; use AAAA-MM-DD."
    if fecha and mesa is not None and mesa.estado != "borrador" and fecha.year != mesa.anio:
        errores["fecha"] = (
            f"La mesa se convocó como la {mesa.numero}.ª de {mesa.anio}; no puede pasar a otro "
            "año. Cancélela y cree una nueva."
        )

    hora: time | None = None
    texto_hora = _texto(formulario, "hora")
    if not texto_hora:
        errores["hora"] = "Escriba la hora de inicio."
    else:
        try:
            hora = time.fromisoformat(texto_hora)
        except ValueError:
            errores["hora"] = f"La hora «{texto_hora}» no es válida; use HH:MM, p. ej. 10:00."

    modalidad = _texto(formulario, "modalidad")
    if modalidad not in MODALIDADES:
        errores["modalidad"] = "Elija la modalidad: presencial, virtual o mixta."

    sede_id = _texto(formulario, "sede")
    sede = session.get(Garante, sede_id) if sede_id else None
    if not sede_id:
        errores["sede"] = "Elija el garante sede."
    elif sede is None:
        errores["sede"] = "Ese garante no existe; elija uno de la lista."

    enlace = _texto(formulario, "enlace")
    if modalidad in ("virtual", "mixta"):
        if not enlace:
            errores["enlace"] = "Escriba el enlace de la reunión: la modalidad es " + (
                "virtual." if modalidad == "virtual" else "mixta."
            )
        elif not enlace.startswith(("https://", "http://")):
            errores["enlace"] = "El enlace debe empezar con https://."
        elif len(enlace) > MAXIMO_ENLACE:
            errores["enlace"] = f"El enlace no puede pasar de {MAXIMO_ENLACE} caracteres."
    direccion = _texto(formulario, "direccion")
    if modalidad in ("presencial", "mixta") and not direccion:
        errores["direccion"] = "Escriba la dirección de la sede: la modalidad es " + (
            "presencial." if modalidad == "presencial" else "mixta."
        )

    region = _texto(formulario, "region")
    if region and not session.exec(select(Garante.id).where(Garante.region == region)).first():
        errores["region"] = "Elija una región de la lista (la de algún garante registrado)."

    if errores:
        return None, errores
    assert fecha is not None and hora is not None and sede is not None
    return (
        DatosMesa(
            titulo=titulo,
            fecha=fecha,
            hora=hora,
            modalidad=modalidad,
            sede_garante_id=sede.id,
            region=region or sede.region,
            # What the modalidad does not use is not kept, so no convocatoria shows both.
            enlace=enlace if modalidad != "presencial" else None,
            direccion=direccion if modalidad != "virtual" else None,
        ),
        errores,
    )


def siguiente_numero(*, session: Session, anio: int) -> int:
    """Return the número the next mesa of ``anio`` gets (cancelled ones keep theirs)."""
    ultimo = session.exec(select(func.max(Mesa.numero)).where(Mesa.anio == anio)).one()
    return (ultimo or 0) + 1


def crear_mesa(*, session: Session, datos: DatosMesa, usuario_id: int | None) -> Mesa:
    """Return a new borrador mesa with its standard puntos and the quórum rule in force."""
    fraccion, estricto = ajustes.regla_quorum(session)
    mesa = Mesa(
        anio=datos.fecha.year,
        numero=siguiente_numero(session=session, anio=datos.fecha.year),
        titulo=datos.titulo,
        region=datos.region,
        fecha=datos.fecha,
        hora=datos.hora,
        modalidad=datos.modalidad,
        sede_garante_id=datos.sede_garante_id,
        enlace=datos.enlace,
        direccion=datos.direccion,
        quorum_fraccion=fraccion,
        quorum_estricto=estricto,
        creada_por_id=usuario_id,
    )
    session.add(mesa)
    session.flush()
    assert mesa.id is not None
    estandar = [*PUNTOS_DE_APERTURA.items(), *PUNTOS_DE_CIERRE.items()]
    for orden, (clave, (titulo, votable)) in enumerate(estandar, start=1):
        session.add(
            PuntoOrden(
                mesa_id=mesa.id,
                orden=orden,
                titulo=titulo,
                tipo="estandar",
                clave_estandar=clave,
                votable=votable,
            )
        )
    session.flush()
    return mesa


def editar_mesa(*, session: Session, mesa: Mesa, datos: DatosMesa) -> dict[str, tuple[str, str]]:
    """Apply the form to ``mesa`` and return the changed fields as {campo: (antes, después)}."""
    exigir_editable(session=session, mesa=mesa)
    cambios: dict[str, tuple[str, str]] = {}
    for campo in ("titulo", "fecha", "hora", "modalidad", "sede_garante_id", "region",
                  "enlace", "direccion"):  # fmt: skip
        antes, despues = getattr(mesa, campo), getattr(datos, campo)
        if antes != despues:
            cambios[campo] = (
                "" if antes is None else str(antes),
                "" if despues is None else str(despues),
            )
            setattr(mesa, campo, despues)
    if mesa.fecha.year != mesa.anio:
        # Only a borrador can move to another year (the form refuses it otherwise).
        with session.no_autoflush:
            numero = siguiente_numero(session=session, anio=mesa.fecha.year)
        mesa.anio, mesa.numero = mesa.fecha.year, numero
    if cambios:
        mesa.actualizada_en = ahora()
        session.add(mesa)
    return cambios


def no_editable(mesa: Mesa) -> str | None:
    """Return why the mesa's convocatoria and orden del día can no longer change, or None."""
    if mesa.estado in EDITABLES:
        return None
    return (
        f"La mesa está {EN_ESTADO[mesa.estado]}: su convocatoria y su orden del día ya no se "
        "pueden cambiar."
    )


def exigir_editable(*, session: Session, mesa: Mesa) -> None:
    """Take the mesa for a change of its convocatoria or orden del día, or refuse.

    Raises ``TransicionNoPermitida`` unless the mesa is in borrador or convocada. The mesa's
    row stays locked until commit, so the session cannot start in the middle of the change.
    """
    motivo = no_editable(mesa)
    if motivo:
        raise TransicionNoPermitida(motivo)
    tomar_mesa(session=session, mesa=mesa, estados=EDITABLES, para="cambiar la mesa")


def impedimento(*, session: Session, mesa: Mesa, accion: str) -> str | None:
    """Return why ``accion`` (convocar, iniciar, concluir, cancelar) cannot happen, or None."""
    origenes, _ = TRANSICIONES[accion]
    if mesa.estado not in origenes:
        permitidos = " o ".join(EN_ESTADO[e] for e in origenes)
        return (
            f"Solo se puede {accion} una mesa {permitidos}; esta mesa está "
            f"{EN_ESTADO[mesa.estado]}."
        )
    if accion == "convocar":
        de_fondo = session.exec(
            select(func.count())
            .select_from(PuntoOrden)
            .where(PuntoOrden.mesa_id == mesa.id, PuntoOrden.tipo != "estandar")
        ).one()
        if not de_fondo:
            return (
                "Agregue al menos un punto al orden del día, además de los puntos de trámite, "
                "antes de convocar."
            )
    if accion == "concluir":
        abiertos = session.exec(
            select(PuntoOrden.orden, PuntoOrden.titulo)
            .where(PuntoOrden.mesa_id == mesa.id, PuntoOrden.estado == "en_votacion")
            .order_by(col(PuntoOrden.orden))
        ).all()
        if abiertos:
            lista = "; ".join(f"{orden}. {titulo}" for orden, titulo in abiertos)
            return (
                f"No se puede concluir la mesa: sigue abierta la votación del punto {lista}. "
                "Ciérrela primero."
            )
    return None


def _transitar(session: Session, mesa: Mesa, accion: str) -> None:
    origenes, _ = TRANSICIONES[accion]
    motivo = impedimento(session=session, mesa=mesa, accion=accion)
    if motivo is None:
        # Lock the row, then look again: what another person just did counts.
        tomar_mesa(session=session, mesa=mesa, estados=origenes, para=f"{accion} la mesa")
        motivo = impedimento(session=session, mesa=mesa, accion=accion)
    if motivo:
        raise TransicionNoPermitida(motivo)
    mesa.estado = TRANSICIONES[accion][1]
    mesa.actualizada_en = ahora()
    session.add(mesa)


def convocar(*, session: Session, mesa: Mesa) -> None:
    """Publish the convocatoria (borrador → convocada); the agenda needs a punto of substance."""
    _transitar(session, mesa, "convocar")
    mesa.convocada_en = ahora()


def iniciar(*, session: Session, mesa: Mesa) -> None:
    """Open the session (convocada → en curso)."""
    _transitar(session, mesa, "iniciar")
    mesa.iniciada_en = ahora()


def concluir(*, session: Session, mesa: Mesa) -> None:
    """Close the session (en curso → concluida); no votación may be left open."""
    _transitar(session, mesa, "concluir")
    mesa.concluida_en = ahora()


def error_de_motivo(motivo: str) -> str | None:
    """Return why ``motivo`` cannot be a cancellation reason (in Spanish), or None."""
    if not motivo.strip():
        return "Escriba el motivo de la cancelación; se publica con la mesa."
    if len(motivo) > MAXIMO_MOTIVO:
        return f"El motivo no puede pasar de {MAXIMO_MOTIVO} caracteres."
    return None


def cancelar(*, session: Session, mesa: Mesa, motivo: str) -> None:
    """Cancel a mesa that has not started, with its reason (the caller frees its agenda)."""
    error = error_de_motivo(motivo)
    if error:
        raise TransicionNoPermitida(error)
    _transitar(session, mesa, "cancelar")
    mesa.motivo_cancelacion = motivo.strip()


def es_publica(mesa: Mesa) -> bool:
    """Return whether the public may see the mesa: once convocada, even if later cancelled.

    ``_publicas`` is the same rule as a query condition.
    """
    return mesa.estado != "borrador" and not (
        mesa.estado == "cancelada" and mesa.convocada_en is None
    )


# --- Lists ------------------------------------------------------------------------------

ACTIVAS = ("convocada", "en_curso")


def _publicas() -> ColumnElement[bool]:
    """Mesas the public may see: convocadas at some point (a cancelled borrador never was)."""
    return and_(
        col(Mesa.estado) != "borrador",
        or_(col(Mesa.estado) != "cancelada", col(Mesa.convocada_en).is_not(None)),
    )


def proximas(*, session: Session, con_borradores: bool = False) -> list[Mesa]:
    """Return the mesas still to be held (convocadas, en curso; borradores if asked)."""
    estados = ("borrador", *ACTIVAS) if con_borradores else ACTIVAS
    return list(
        session.exec(
            select(Mesa)
            .where(col(Mesa.estado).in_(estados))
            .order_by(col(Mesa.fecha), col(Mesa.hora), col(Mesa.id))
        )
    )


def anteriores(
    *,
    session: Session,
    con_borradores: bool = False,
    pagina: int = 1,
    por_pagina: int | None = 25,
) -> Pagina:
    """Return a page of the concluded and cancelled mesas (all when ``por_pagina`` is None),
    the latest first."""
    condicion: ColumnElement[bool] = col(Mesa.estado).in_(("concluida", "cancelada"))
    if not con_borradores:
        condicion = and_(condicion, _publicas())
    total = session.exec(select(func.count()).select_from(Mesa).where(condicion)).one()
    tamano = max(total, 1) if por_pagina is None else por_pagina
    numero, paginas = paginar(total, pagina, tamano)
    mesas = session.exec(
        select(Mesa)
        .where(condicion)
        .order_by(col(Mesa.fecha).desc(), col(Mesa.id).desc())
        .offset((numero - 1) * tamano)
        .limit(por_pagina)  # None: no limit
    )
    return Pagina(list(mesas), total, numero, paginas, tamano)

"""Acuerdos of a mesa and their follow-up: numbering, responsables, avances, cumplimiento.

An acuerdo comes from a punto of a mesa that is in session or concluded (while its record
may still change), gets the next número of the configured pattern, and names who must carry
it out: garantes, accounts, or both. It is ``pendiente`` until the first avance, then
``en_proceso``, until the secretaría marks it ``cumplido`` (and may reopen it, with a
reason). ``vencido`` is never stored: it is what a non-cumplido acuerdo shows once its
fecha límite has passed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from criterios.models import Garante, ahora
from sesiones import ajustes
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import ArchivoNoValido, guardar_evidencia, validar_archivo
from sesiones.models import (
    Acuerdo,
    AvanceAcuerdo,
    Mesa,
    PuntoOrden,
    ResponsableAcuerdo,
)
from sesiones.votaciones import registro_editable

# The estados a person sees and filters by; ``vencido`` is computed from the fecha límite.
ESTADOS_VISIBLES = ("pendiente", "en_proceso", "cumplido", "vencido")
ETIQUETAS_ESTADO = {
    "pendiente": "Pendiente",
    "en_proceso": "En proceso",
    "cumplido": "Cumplido",
    "vencido": "Vencido",
}
MESAS_CON_ACUERDOS = ("en_curso", "concluida")
MAX_EVIDENCIAS = 10


def estado_visible(acuerdo: Acuerdo, hoy: date) -> str:
    """Return the estado to show: the stored one, or "vencido" once the fecha límite passed."""
    if acuerdo.estado != "cumplido" and acuerdo.fecha_limite and acuerdo.fecha_limite < hoy:
        return "vencido"
    return acuerdo.estado


# --- Creation ----------------------------------------------------------------------------


def revisar_mesa(*, session: Session, mesa: Mesa) -> None:
    """Raise TransicionNoPermitida unless the mesa may get new acuerdos now."""
    if mesa.estado not in MESAS_CON_ACUERDOS:
        raise TransicionNoPermitida(
            "Solo se registran acuerdos de una mesa en curso o concluida; "
            f"esta mesa está en estado «{mesa.estado.replace('_', ' ')}»."
        )
    if not registro_editable(session=session, mesa=mesa):
        raise TransicionNoPermitida(
            "El acta de esta mesa ya está aprobada: para registrar otro acuerdo, "
            "primero debe abrirse una corrección del acta."
        )


def siguiente_consecutivo(*, session: Session, mesa_id: int) -> int:
    """Return the consecutivo the next acuerdo of the mesa gets (1 for the first)."""
    ultimo = session.exec(
        select(func.max(Acuerdo.consecutivo)).where(Acuerdo.mesa_id == mesa_id)
    ).one()
    return (ultimo or 0) + 1


def numero_de_acuerdo(*, session: Session, mesa: Mesa, consecutivo: int) -> str:
    """Return the número of the mesa's acuerdo ``consecutivo`` under the pattern in force."""
    patron = ajustes.patron(session, ajustes.PATRON_ACUERDO)
    return ajustes.formatear(patron, anio=mesa.anio, mesa=mesa.numero, n=consecutivo)


def validar_acuerdo(
    *,
    session: Session,
    mesa: Mesa,
    texto: str,
    fecha_limite: date | None,
    garante_ids: Collection[str],
    usuario_ids: Collection[int],
) -> dict[str, str]:
    """Return the problems of an acuerdo's data by field (empty when it can be saved).

    Accounts named as responsables must have been checked to exist by the caller (accounts
    belong to the application, not to this package).
    """
    errores: dict[str, str] = {}
    if not texto.strip():
        errores["texto"] = "Escriba el texto del acuerdo."
    if fecha_limite is None:
        errores["fecha_limite"] = "Indique la fecha límite para cumplir el acuerdo."
    elif fecha_limite < mesa.fecha:
        errores["fecha_limite"] = "La fecha límite no puede ser anterior a la fecha de la mesa."
    if not garante_ids and not usuario_ids:
        errores["responsables"] = "Elija al menos un responsable: un garante o una persona."
    conocidos = set(session.exec(select(Garante.id).where(col(Garante.id).in_(garante_ids))))
    desconocidos = sorted(set(garante_ids) - conocidos)
    if desconocidos:
        errores["responsables"] = f"No existe el garante {', '.join(desconocidos)}."
    return errores


def crear_acuerdo(
    *,
    session: Session,
    punto: PuntoOrden,
    texto: str,
    fecha_limite: date | None,
    garante_ids: Collection[str],
    usuario_ids: Collection[int],
    usuario_id: int | None,
) -> Acuerdo:
    """Return the new acuerdo of ``punto`` (added and flushed, not committed), numbered.

    Raises TransicionNoPermitida when the mesa does not admit acuerdos now or the pattern
    gives a número another acuerdo already has; ValueError when the data is not valid
    (``validar_acuerdo`` says why).
    """
    mesa = session.get(Mesa, punto.mesa_id)
    assert mesa is not None and mesa.id is not None
    revisar_mesa(session=session, mesa=mesa)
    errores = validar_acuerdo(
        session=session,
        mesa=mesa,
        texto=texto,
        fecha_limite=fecha_limite,
        garante_ids=garante_ids,
        usuario_ids=usuario_ids,
    )
    if errores:
        raise ValueError(" ".join(errores.values()))
    consecutivo = siguiente_consecutivo(session=session, mesa_id=mesa.id)
    numero = numero_de_acuerdo(session=session, mesa=mesa, consecutivo=consecutivo)
    if session.exec(select(Acuerdo.id).where(Acuerdo.numero == numero)).first() is not None:
        # A pattern without {anio} and {mesa} repeats números across mesas.
        raise TransicionNoPermitida(
            f"El número {numero} ya lo tiene otro acuerdo. El patrón de numeración de "
            "acuerdos debe distinguir las mesas (por ejemplo, con {anio} y {mesa}); "
            "pida a la administración que lo corrija."
        )
    acuerdo = Acuerdo(
        numero=numero,
        mesa_id=mesa.id,
        punto_id=punto.id,
        consecutivo=consecutivo,
        texto=texto.strip(),
        fecha_limite=fecha_limite,
        creado_por_id=usuario_id,
    )
    session.add(acuerdo)
    session.flush()
    assert acuerdo.id is not None
    for garante_id in sorted(set(garante_ids)):
        session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, garante_id=garante_id))
    for responsable_id in sorted(set(usuario_ids)):
        session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, usuario_id=responsable_id))
    session.flush()
    return acuerdo


# --- Follow-up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Archivo:
    """An uploaded file as received: its name and bytes."""

    nombre: str
    contenido: bytes


def reportar_avance(
    *,
    session: Session,
    acuerdo: Acuerdo,
    nota: str,
    archivos: Sequence[Archivo],
    max_bytes: int,
    garante_id: str | None,
    autor_id: int | None,
) -> AvanceAcuerdo:
    """Return the new avance with its evidence (added, not committed).

    Every file is checked before anything is written (ArchivoNoValido names the first one
    refused); the first avance moves a pendiente acuerdo to en_proceso.
    """
    assert acuerdo.id is not None
    if acuerdo.estado == "cumplido":
        raise TransicionNoPermitida(
            "Este acuerdo ya está cumplido. Para informar otro avance, la secretaría técnica "
            "debe reabrirlo."
        )
    if not nota.strip():
        raise ValueError("Un avance necesita una nota.")
    if len(archivos) > MAX_EVIDENCIAS:
        raise ArchivoNoValido(f"Se pueden adjuntar hasta {MAX_EVIDENCIAS} archivos por avance.")
    tipos = [
        validar_archivo(nombre=a.nombre, contenido=a.contenido, max_bytes=max_bytes)
        for a in archivos
    ]
    avance = AvanceAcuerdo(
        acuerdo_id=acuerdo.id, garante_id=garante_id, autor_id=autor_id, nota=nota.strip()
    )
    session.add(avance)
    session.flush()
    for archivo, tipo in zip(archivos, tipos, strict=True):
        guardar_evidencia(
            session=session,
            nombre=archivo.nombre,
            contenido=archivo.contenido,
            tipo_mime=tipo,
            usuario_id=autor_id,
            avance_id=avance.id,
        )
    if acuerdo.estado == "pendiente":
        acuerdo.estado = "en_proceso"
    acuerdo.actualizado_en = ahora()
    session.add(acuerdo)
    return avance


def marcar_cumplido(*, session: Session, acuerdo: Acuerdo, usuario_id: int | None) -> None:
    """Mark the acuerdo cumplido (pendiente, en proceso or vencido ones only)."""
    if acuerdo.estado == "cumplido":
        raise TransicionNoPermitida("Este acuerdo ya está marcado como cumplido.")
    acuerdo.estado = "cumplido"
    acuerdo.cumplido_en = acuerdo.actualizado_en = ahora()
    acuerdo.cumplido_por_id = usuario_id
    session.add(acuerdo)


def reabrir(*, session: Session, acuerdo: Acuerdo, motivo: str) -> str:
    """Reopen a cumplido acuerdo and return the estado it goes back to.

    It returns to en_proceso when it has avances, else to pendiente. The motivo is not a
    column: the caller records it in the bitácora, where the acuerdo's history reads it.
    """
    if acuerdo.estado != "cumplido":
        raise TransicionNoPermitida("Solo se puede reabrir un acuerdo cumplido.")
    if not motivo.strip():
        raise ValueError("Reabrir un acuerdo requiere un motivo.")
    con_avances = session.exec(
        select(AvanceAcuerdo.id).where(AvanceAcuerdo.acuerdo_id == acuerdo.id).limit(1)
    ).first()
    acuerdo.estado = "en_proceso" if con_avances is not None else "pendiente"
    acuerdo.cumplido_en = None
    acuerdo.cumplido_por_id = None
    acuerdo.actualizado_en = ahora()
    session.add(acuerdo)
    return acuerdo.estado

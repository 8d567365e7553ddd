"""Attendance of a mesa: which garantes con derecho are present and who represents them.

The secretaría records it while the mesa is en curso, on one form with a row per garante
con derecho (``sesiones.quorum.garantes_con_derecho``). It cannot change while a votación
is open: the garantes entitled to vote are those present when it closes, and a change in
the middle would move the count under the voters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from criterios.models import Garante, ahora
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Asistencia, Mesa
from sesiones.quorum import garantes_con_derecho
from sesiones.votaciones import ETIQUETAS_ESTADO_MESA, Persona, punto_en_votacion, tomar_mesa

MAXIMO_REPRESENTANTES = 500


@dataclass(frozen=True)
class Registro:
    """What the form says of one garante: present or not, and who represents it."""

    presente: bool
    representantes: str = ""

    def como_dict(self) -> dict[str, Any]:
        return {"presente": self.presente, "representantes": self.representantes or None}


@dataclass(frozen=True)
class FilaAsistencia:
    """One garante con derecho and what is recorded of it (``registrada`` False: nothing yet)."""

    garante: Garante
    presente: bool
    representantes: str
    registrada: bool


def asistencia_de_mesa(*, session: Session, mesa: Mesa) -> list[FilaAsistencia]:
    """Return a row per garante con derecho, in name order, with its recorded attendance."""
    registradas = {
        a.garante_id: a
        for a in session.exec(select(Asistencia).where(Asistencia.mesa_id == mesa.id)).all()
    }
    filas = []
    for garante in garantes_con_derecho(session=session, mesa=mesa):
        asistencia = registradas.get(garante.id)
        filas.append(
            FilaAsistencia(
                garante=garante,
                presente=bool(asistencia and asistencia.presente),
                representantes=(asistencia.representantes or "") if asistencia else "",
                registrada=asistencia is not None,
            )
        )
    return filas


def validar_asistencia(
    registros: Mapping[str, Registro], nombres: Mapping[str, str]
) -> dict[str, str]:
    """Return the form's errors, keyed ``representantes-<garante>`` (Spanish messages).

    A garante present needs who represents it (the acta names them); ``nombres`` gives
    how each garante is called in the messages.
    """
    errores: dict[str, str] = {}
    for garante_id, registro in registros.items():
        campo = f"representantes-{garante_id}"
        nombre = nombres.get(garante_id, garante_id)
        if registro.presente and not registro.representantes.strip():
            errores[campo] = f"Escriba quién representa a {nombre} en la mesa."
        elif len(registro.representantes.strip()) > MAXIMO_REPRESENTANTES:
            errores[campo] = (
                f"Los representantes de {nombre} admiten hasta {MAXIMO_REPRESENTANTES} caracteres."
            )
    return errores


def impedimento(*, session: Session, mesa: Mesa) -> str | None:
    """Return why the attendance cannot change now (in Spanish), or None when it can."""
    if mesa.estado != "en_curso":
        return (
            "No se puede registrar la asistencia: la mesa está "
            f"«{ETIQUETAS_ESTADO_MESA.get(mesa.estado, mesa.estado)}» y tendría que estar "
            "«En curso»."
        )
    assert mesa.id is not None
    abierto = punto_en_votacion(session=session, mesa_id=mesa.id)
    if abierto is not None:
        return (
            f"La votación del punto {abierto.orden} está abierta: la asistencia no puede "
            "cambiar hasta que se cierre."
        )
    return None


def registrar_asistencia(
    *,
    session: Session,
    mesa: Mesa,
    registros: Mapping[str, Registro],
    usuario: Persona | None,
) -> dict[str, dict[str, Any]]:
    """Record the attendance of the garantes in ``registros``; return what changed.

    The answer maps each changed garante to ``{"antes": …, "despues": …}`` (``antes`` is
    None when nothing was recorded before). A garante not con derecho is refused.
    """
    tomar_mesa(session=session, mesa=mesa, estados=("en_curso",), para="registrar la asistencia")
    motivo = impedimento(session=session, mesa=mesa)
    if motivo is not None:
        raise TransicionNoPermitida(motivo)
    assert mesa.id is not None
    con_derecho = {g.id for g in garantes_con_derecho(session=session, mesa=mesa)}
    ajenos = sorted(set(registros) - con_derecho)
    if ajenos:
        raise TransicionNoPermitida(
            f"Sin derecho a asistir a esta mesa: {', '.join(ajenos)} "
            "(no es un garante vigente de la región en la fecha de la mesa)."
        )
    cambios: dict[str, dict[str, Any]] = {}
    for garante_id, registro in registros.items():
        representantes = registro.representantes.strip() if registro.presente else ""
        despues = Registro(registro.presente, representantes)
        asistencia = session.get(Asistencia, (mesa.id, garante_id))
        antes = (
            Registro(asistencia.presente, asistencia.representantes or "")
            if asistencia is not None
            else None
        )
        if antes == despues:
            continue
        if asistencia is None:
            asistencia = Asistencia(mesa_id=mesa.id, garante_id=garante_id)
        asistencia.presente = despues.presente
        asistencia.representantes = despues.representantes or None
        asistencia.registrada_por_id = usuario.id if usuario else None
        asistencia.registrada_en = ahora()
        session.add(asistencia)
        cambios[garante_id] = {
            "antes": antes.como_dict() if antes else None,
            "despues": despues.como_dict(),
        }
    session.flush()
    return cambios

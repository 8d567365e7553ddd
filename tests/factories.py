"""Small factories that write through the same functions as the import and the forms."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from criterios.models import Criterio, Garante
from criterios.registro import guardar_criterios, guardar_garantes, guardar_procedimientos


def crear_garante(session: Session, id: str = "ags", **campos: Any) -> Garante:
    datos = {"id": id, "nombre": f"Órgano Garante {id.upper()}", "region": "centro-occidente"}
    datos.update(campos)
    guardar_garantes(session=session, registros=[datos])
    session.commit()
    garante = session.get(Garante, id)
    assert garante is not None
    return garante


def crear_criterio(
    session: Session, garante: str = "ags", id: str = "ags-01", **campos: Any
) -> Criterio:
    if session.get(Garante, garante) is None:
        crear_garante(session, garante)
    datos = {
        "id": id,
        "garante": garante,
        "rubro": "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO.",
        "texto": "El sujeto obligado debe responder dentro de veinte días hábiles.",
    }
    datos.update(campos)
    guardar_criterios(session=session, registros=[datos], motivo="alta")
    session.commit()
    criterio = session.exec(
        select(Criterio).where(Criterio.garante_id == garante, Criterio.id_externo == id)
    ).one()
    return criterio


def crear_procedimiento(
    session: Session, garante: str = "ags", id: str = "ags-acceso", **campos: Any
) -> None:
    if session.get(Garante, garante) is None:
        crear_garante(session, garante)
    datos = {
        "id": id,
        "garante": garante,
        "nombre": "Solicitud de acceso a la información",
        "etapas": [
            {"nombre": "Plazo de respuesta", "plazo": {"cantidad": 20, "unidad": "dias_habiles"},
             "ampliacion": {"cantidad": 10, "unidad": "dias_habiles"}},
        ],
    }  # fmt: skip
    datos.update(campos)
    guardar_procedimientos(session=session, registros=[datos])
    session.commit()


def crear_procedimientos_de_acceso(session: Session) -> None:
    """Create ags's and col's solicitud de acceso: one stage each, plazos 20 and 15 days."""
    crear_procedimiento(session, "ags", "ags-acceso")  # "Plazo de respuesta", 20 + 10
    crear_procedimiento(
        session,
        "col",
        "col-acceso",
        etapas=[
            {"nombre": "Término para responder", "fundamento": "Art. 134",
             "plazo": {"cantidad": 15, "unidad": "dias_habiles"},
             "ampliacion": {"cantidad": 10, "unidad": "dias_habiles"}},
        ],
    )  # fmt: skip


def contar(session: Session, modelo: type) -> int:
    """Return how many rows the table has now (after what other sessions committed)."""
    session.expire_all()
    return session.exec(select(func.count()).select_from(modelo)).one()

"""Small factories that write through the same functions as the import and the forms."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlmodel import Session, func, select

from criterios.models import Criterio, Garante
from criterios.registro import guardar_criterios, guardar_garantes, guardar_procedimientos
from sesiones.models import (
    Acuerdo,
    CriterioHomologado,
    Mesa,
    PropuestaTema,
    PuntoOrden,
    VersionCriterioHomologado,
)


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


# Sesiones: plain rows, for tests that need a mesa, punto or acuerdo to act on. The
# workflow tests create them through the forms instead.


def crear_mesa(session: Session, **campos: Any) -> Mesa:
    """Return a new mesa (borrador, 2026, next número) with the given fields."""
    fecha = campos.pop("fecha", date(2026, 12, 10))
    numero = campos.pop("numero", None)
    if numero is None:
        anteriores = session.exec(select(func.count()).where(Mesa.anio == fecha.year)).one()
        numero = anteriores + 1
    datos: dict[str, Any] = {
        "anio": fecha.year,
        "numero": numero,
        "fecha": fecha,
        "hora": time(10, 0),
        "titulo": f"Mesa de análisis {numero}/{fecha.year}",
        "region": "centro-occidente",
        "modalidad": "virtual",
        "enlace": "https://reuniones.example.mx/crco",
    }
    datos.update(campos)
    mesa = Mesa(**datos)
    session.add(mesa)
    session.commit()
    session.refresh(mesa)
    return mesa


def crear_punto(session: Session, mesa: Mesa, **campos: Any) -> PuntoOrden:
    """Return a new punto at the end of ``mesa``'s orden del día."""
    ultimo = session.exec(
        select(func.max(PuntoOrden.orden)).where(PuntoOrden.mesa_id == mesa.id)
    ).one()
    datos: dict[str, Any] = {
        "mesa_id": mesa.id,
        "orden": (ultimo or 0) + 1,
        "titulo": "Plazo para responder solicitudes de acceso",
        "tipo": "libre",
    }
    datos.update(campos)
    punto = PuntoOrden(**datos)
    session.add(punto)
    session.commit()
    session.refresh(punto)
    return punto


def crear_propuesta(session: Session, **campos: Any) -> PropuestaTema:
    """Return a new free-text propuesta (estado "propuesta")."""
    datos: dict[str, Any] = {
        "titulo": "Plazo para responder solicitudes de acceso",
        "justificacion": "Los garantes de la región aplican plazos distintos.",
        "origen": "libre",
    }
    datos.update(campos)
    propuesta = PropuestaTema(**datos)
    session.add(propuesta)
    session.commit()
    session.refresh(propuesta)
    return propuesta


def crear_acuerdo(session: Session, mesa: Mesa, **campos: Any) -> Acuerdo:
    """Return a new acuerdo of ``mesa`` (pendiente), numbered by its consecutivo."""
    consecutivo = campos.pop("consecutivo", None)
    if consecutivo is None:
        consecutivo = (
            session.exec(
                select(func.count()).select_from(Acuerdo).where(Acuerdo.mesa_id == mesa.id)
            ).one()
            + 1
        )
    datos: dict[str, Any] = {
        "mesa_id": mesa.id,
        "consecutivo": consecutivo,
        "numero": f"CRCO/{mesa.anio}/{mesa.numero:02d}-{consecutivo:02d}",
        "texto": "Cada garante publicará su plazo de respuesta en su portal.",
        "fecha_limite": date(2027, 1, 31),
    }
    datos.update(campos)
    acuerdo = Acuerdo(**datos)
    session.add(acuerdo)
    session.commit()
    session.refresh(acuerdo)
    return acuerdo


def crear_proyecto(session: Session, **campos: Any) -> CriterioHomologado:
    """Return a new proyecto de criterio homologado with its first version."""
    datos: dict[str, Any] = {
        "rubro": "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.",
        "texto": "El sujeto obligado debe responder dentro de veinte días hábiles.",
    }
    datos.update(campos)
    proyecto = CriterioHomologado(**datos)
    session.add(proyecto)
    session.flush()
    assert proyecto.id is not None
    session.add(
        VersionCriterioHomologado(
            criterio_homologado_id=proyecto.id,
            numero=proyecto.version,
            rubro=proyecto.rubro,
            texto=proyecto.texto,
            precedentes=proyecto.precedentes,
            marco_normativo=proyecto.marco_normativo,
        )
    )
    session.commit()
    session.refresh(proyecto)
    return proyecto

"""Approved criterios homologados for the adhesión and publication tests.

The drafting and voting steps are tested elsewhere; here a criterio homologado starts as
the approval leaves it: estado "aprobado", clave, version_aprobada, a punto of a mesa,
its source criterios and one adhesión "pendiente" per garante.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from criterios.models import Criterio, Garante
from sesiones.models import Adhesion, CriterioHomologado, FuenteCriterioHomologado
from tests.factories import crear_criterio, crear_garante, crear_mesa, crear_proyecto, crear_punto

RUBRO = "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN."
GARANTES = ("jal", "ags", "col")


def crear_region(session: Session) -> dict[str, Criterio]:
    """Create garantes jal, ags and col, each with a vigente criterio on the same topic."""
    for garante in GARANTES:
        crear_garante(session, garante, siglas=garante.upper())
    textos = {
        "jal": "El sujeto obligado debe responder dentro de diez días hábiles.",
        "ags": "El sujeto obligado debe responder dentro de veinte días hábiles.",
        "col": "El sujeto obligado debe responder dentro de veinte días hábiles.",
    }
    return {
        g: crear_criterio(
            session, g, f"{g}-01", clave=f"{g.upper()}-01/2025", rubro=RUBRO, temas=["plazos"],
            texto=texto,
        )
        for g, texto in textos.items()
    }  # fmt: skip


def aprobar(
    session: Session,
    *,
    clave: str = "CH-CO 01/2026",
    fuentes: list[Criterio] | None = None,
    garantes: tuple[str, ...] = GARANTES,
    aprobado_en: datetime | None = None,
    **campos: Any,
) -> CriterioHomologado:
    """Return an approved criterio homologado with its punto, sources and adhesiones."""
    mesa = crear_mesa(session, estado="concluida")
    punto = crear_punto(session, mesa, tipo="proyecto", estado="votado", resultado="aprobado")
    datos: dict[str, Any] = {
        "estado": "aprobado",
        "rubro": RUBRO,
        "texto": "El sujeto obligado responde dentro de quince días hábiles.",
        "precedentes": "RR/123/2025 (Jalisco)\nRR/45/2025 (Colima)",
        "marco_normativo": "Ley General de Transparencia, art. 132.",
    }
    datos.update(campos)
    criterio = crear_proyecto(session, **datos)
    criterio.clave = clave
    criterio.version_aprobada = criterio.version
    criterio.punto_aprobacion_id = punto.id
    criterio.aprobado_en = aprobado_en or datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    session.add(criterio)
    assert criterio.id is not None
    for fuente in fuentes or []:
        assert fuente.id is not None
        session.add(
            FuenteCriterioHomologado(criterio_homologado_id=criterio.id, criterio_id=fuente.id)
        )
    for garante in garantes:
        if session.get(Garante, garante) is None:
            crear_garante(session, garante, siglas=garante.upper())
        session.add(Adhesion(criterio_homologado_id=criterio.id, garante_id=garante))
    session.commit()
    session.refresh(criterio)
    return criterio


def publicar(session: Session, criterio: CriterioHomologado, momento: datetime) -> None:
    """Mark ``criterio`` published at ``momento`` (the route is tested on its own)."""
    criterio.estado = "publicado"
    criterio.publicado_en = momento
    session.add(criterio)
    session.commit()

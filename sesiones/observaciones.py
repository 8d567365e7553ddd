"""Observaciones on a proyecto de criterio homologado and their resolution.

The jurídico or comisionado of any garante comments on the version under discussion; the
secretaría técnica marks each observación atendida or no atendida, with an optional
answer, and may correct that mark while the text is still under discussion.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from criterios.models import ahora
from sesiones.errores import TransicionNoPermitida
from sesiones.models import CriterioHomologado, Observacion
from sesiones.proyectos import Autor, etiqueta_estado

ETIQUETAS_ESTADO = {
    "pendiente": "Pendiente",
    "atendida": "Atendida",
    "no_atendida": "No atendida",
}
# Observaciones are for the text still under discussion (also while it waits for the vote).
ESTADOS_CON_OBSERVACIONES = ("proyecto", "en_orden_del_dia", "rechazado")
MAXIMO_TEXTO = 5000


def validar(texto: str) -> dict[str, str]:
    """Return the observación form's errors; empty when it can be saved."""
    texto = texto.strip()
    if not texto:
        return {"observacion": "Escriba la observación."}
    if len(texto) > MAXIMO_TEXTO:
        return {"observacion": f"La observación admite hasta {MAXIMO_TEXTO:,} caracteres."}
    return {}


def observar(
    *, session: Session, proyecto: CriterioHomologado, texto: str, autor: Autor
) -> Observacion:
    """Return a new observación of ``autor``'s garante on the current version of ``proyecto``."""
    errores = validar(texto)
    if errores:
        raise ValueError(" ".join(errores.values()))
    if proyecto.estado not in ESTADOS_CON_OBSERVACIONES:
        raise TransicionNoPermitida(
            f"El proyecto está «{etiqueta_estado(proyecto.estado)}»; ya no recibe observaciones."
        )
    if not autor.garante_id:
        raise TransicionNoPermitida("Solo el personal de un garante puede hacer observaciones.")
    assert proyecto.id is not None
    observacion = Observacion(
        criterio_homologado_id=proyecto.id,
        version=proyecto.version,
        garante_id=autor.garante_id,
        autor_id=autor.id,
        texto=texto.strip(),
    )
    session.add(observacion)
    session.flush()
    return observacion


def resolver(
    *,
    session: Session,
    proyecto: CriterioHomologado,
    observacion: Observacion,
    estado: str,
    respuesta: str | None,
    autor: Autor | None,
) -> None:
    """Mark ``observacion`` atendida or no_atendida, with an optional answer.

    A resolution can be corrected while the proyecto is under discussion.
    """
    if estado not in ("atendida", "no_atendida"):
        raise ValueError("Elija si la observación fue atendida o no atendida.")
    if observacion.criterio_homologado_id != proyecto.id:
        raise ValueError("La observación no es de este proyecto.")
    if proyecto.estado not in ESTADOS_CON_OBSERVACIONES:
        raise TransicionNoPermitida(
            f"El proyecto está «{etiqueta_estado(proyecto.estado)}»; sus observaciones ya no "
            "se pueden resolver."
        )
    observacion.estado = estado
    observacion.respuesta = (respuesta or "").strip() or None
    observacion.resuelta_por_id = autor.id if autor else None
    observacion.resuelta_en = ahora()
    session.add(observacion)
    session.flush()


def del_proyecto(*, session: Session, proyecto_id: int) -> list[Observacion]:
    """Return a proyecto's observaciones, oldest first."""
    return list(
        session.exec(
            select(Observacion)
            .where(Observacion.criterio_homologado_id == proyecto_id)
            .order_by(col(Observacion.id))
        )
    )

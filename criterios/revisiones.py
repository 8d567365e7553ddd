"""Human reviews of divergences: confirm, dismiss, reopen; carried over between runs.

A review judges two texts. ``RevisionDivergencia`` remembers which versions of both
criterios it judged; a later run that finds the same divergence carries the review over
while both versions are unchanged, and otherwise brings it back as ``pendiente`` with a
note saying what changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from criterios.models import Comparacion, Divergencia, RevisionDivergencia, ahora

ACCIONES = {"confirmar": "confirmada", "descartar": "descartada", "reabrir": "pendiente"}
MAXIMO_MOTIVO = 2000


def _clave_par(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def aplicar_revisiones_previas(
    *, session: Session, filas: list[dict[str, Any]], nombres: dict[int, str]
) -> None:
    """Copy earlier reviews onto a run's divergence rows (dicts, changed in place).

    A review is found by the divergence's stable id, or else by its pair of criterios (the
    engine's id may change when a group gains a member while the two texts did not).
    """
    revisiones = list(session.exec(select(RevisionDivergencia)))
    if not revisiones:
        return
    por_clave = {r.clave: r for r in revisiones}
    por_par: dict[tuple[int, int], RevisionDivergencia] = {}
    for previa in sorted(revisiones, key=lambda r: r.revisado_en):
        por_par[_clave_par(previa.criterio_a_id, previa.criterio_b_id)] = previa
    for fila in filas:
        revision = por_clave.get(fila["clave"]) or por_par.get(
            _clave_par(fila["criterio_a_id"], fila["criterio_b_id"])
        )
        if revision is None or revision.estado == "pendiente":
            continue
        juzgadas = {
            revision.criterio_a_id: revision.version_a,
            revision.criterio_b_id: revision.version_b,
        }
        cambios = []
        for lado in ("a", "b"):
            criterio_id, version = fila[f"criterio_{lado}_id"], fila[f"version_{lado}"]
            anterior = juzgadas.get(criterio_id)
            if anterior is None:
                continue
            if anterior != version:
                nombre = nombres.get(criterio_id, f"#{criterio_id}")
                cambios.append(
                    f"El criterio {nombre} cambió de la versión {anterior} a la {version}."
                )
        if cambios:
            cambios.append(f"Antes de ese cambio estaba {revision.estado}.")
            fila["nota_cambio"] = " ".join(cambios)
            continue
        fila.update(
            estado=revision.estado,
            motivo=revision.motivo,
            revisado_por=revision.revisado_por,
            revisado_en=revision.revisado_en,
        )


def validar_revision(*, accion: str, motivo: str) -> dict[str, str]:
    """Return the form's errors (campo → Spanish message); empty when it can be saved."""
    errores: dict[str, str] = {}
    if accion not in ACCIONES:
        errores["accion"] = "Elija si confirma, descarta o reabre la divergencia."
    if accion == "descartar" and not motivo:
        errores["motivo"] = "Escriba el motivo para descartar la divergencia."
    if len(motivo) > MAXIMO_MOTIVO:
        errores["motivo"] = f"El motivo admite hasta {MAXIMO_MOTIVO} caracteres."
    return errores


def revisar(
    *, session: Session, divergencia: Divergencia, accion: str, motivo: str, revisor: str
) -> RevisionDivergencia:
    """Return the stored review after applying ``accion`` (validated first; not committed).

    Every run's row of the same divergence judged on the same texts takes the new state,
    so an older run and the latest one never disagree.
    """
    estado = ACCIONES[accion]
    motivo_guardado = motivo or None
    if accion == "reabrir":
        motivo_guardado = None
    revision = session.exec(
        select(RevisionDivergencia).where(RevisionDivergencia.clave == divergencia.clave)
    ).first() or RevisionDivergencia(
        clave=divergencia.clave,
        criterio_a_id=divergencia.criterio_a_id,
        version_a=divergencia.version_a,
        criterio_b_id=divergencia.criterio_b_id,
        version_b=divergencia.version_b,
        estado=estado,
    )
    revision.criterio_a_id, revision.version_a = divergencia.criterio_a_id, divergencia.version_a
    revision.criterio_b_id, revision.version_b = divergencia.criterio_b_id, divergencia.version_b
    revision.estado = estado
    revision.motivo = motivo_guardado
    revision.revisado_por = revisor
    revision.revisado_en = ahora()
    session.add(revision)
    session.execute(
        update(Divergencia)
        .where(
            col(Divergencia.clave) == divergencia.clave,
            col(Divergencia.version_a) == divergencia.version_a,
            col(Divergencia.version_b) == divergencia.version_b,
        )
        .values(
            estado=estado,
            motivo=motivo_guardado,
            nota_cambio=None,
            revisado_por=revisor,
            revisado_en=revision.revisado_en,
        )
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.refresh(divergencia)
    return revision


def conteo_revisiones_por_garante(*, session: Session, garante_id: str) -> dict[str, int] | None:
    """Return the garante's divergences in the latest finished run by estado, or None.

    None means there is no finished run yet; the dict always holds the three estados.
    """
    ultima = session.exec(
        select(func.max(Comparacion.id)).where(Comparacion.estado == "terminada")
    ).one()
    if ultima is None:
        return None
    filas = session.exec(
        select(Divergencia.estado, func.count())
        .where(
            Divergencia.comparacion_id == ultima,
            or_(col(Divergencia.garante_a) == garante_id, col(Divergencia.garante_b) == garante_id),
        )
        .group_by(Divergencia.estado)
    ).all()
    conteo = {"pendiente": 0, "confirmada": 0, "descartada": 0}
    conteo.update({estado: n for estado, n in filas})
    return conteo

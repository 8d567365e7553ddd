"""What changed lately in the public record of the mesas: the source of their Atom feed.

Mesas the public may see (convocadas, en curso, concluidas, canceladas after being
convocadas), approved versions of actas, and the acuerdos of those mesas with their visible
estado. A borrador (a mesa being prepared, an acta not yet approved) never appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from sesiones.acuerdos import estado_visible
from sesiones.mesas import es_publica
from sesiones.models import Acta, Acuerdo, Mesa


@dataclass(frozen=True)
class Novedad:
    """A public change: a mesa, an approved acta or an acuerdo, and when it last changed."""

    tipo: str  # "mesa", "acta" or "acuerdo"
    actualizada: datetime
    mesa: Mesa
    estado: str
    acta: Acta | None = None
    acuerdo: Acuerdo | None = None


def _utc(momento: datetime) -> datetime:
    return momento if momento.tzinfo else momento.replace(tzinfo=UTC)


def vencimiento(acuerdo: Acuerdo) -> datetime | None:
    """Return when the acuerdo became (or becomes) vencido: the day after its fecha límite."""
    if acuerdo.fecha_limite is None:
        return None
    return datetime.combine(acuerdo.fecha_limite + timedelta(days=1), time(), tzinfo=UTC)


def novedades(*, session: Session, hoy: date, limite: int) -> list[Novedad]:
    """Return the ``limite`` most recent public changes, the newest first.

    An acuerdo that turned vencido changed then, although no row was written: its time is
    the later of its last update and its vencimiento.
    """
    mesas = session.exec(
        select(Mesa)
        .where(col(Mesa.estado) != "borrador")
        .order_by(col(Mesa.actualizada_en).desc(), col(Mesa.id).desc())
        .limit(limite)
    ).all()
    lista = [Novedad("mesa", _utc(m.actualizada_en), m, m.estado) for m in mesas if es_publica(m)]

    actas = session.exec(
        select(Acta, Mesa)
        .join(Mesa, col(Mesa.id) == col(Acta.mesa_id))
        .where(col(Acta.estado) == "aprobada", col(Acta.aprobada_en).is_not(None))
        .order_by(col(Acta.aprobada_en).desc(), col(Acta.id).desc())
        .limit(limite)
    ).all()
    for acta, mesa in actas:
        assert acta.aprobada_en is not None
        lista.append(Novedad("acta", _utc(acta.aprobada_en), mesa, acta.estado, acta=acta))

    publicas = select(Acuerdo, Mesa).join(Mesa, col(Mesa.id) == col(Acuerdo.mesa_id))
    publicas = publicas.where(col(Mesa.estado) != "borrador")
    recientes = publicas.order_by(col(Acuerdo.actualizado_en).desc(), col(Acuerdo.id).desc())
    # The latest to fall due may have been written long ago.
    vencidos = publicas.where(
        col(Acuerdo.estado) != "cumplido",
        col(Acuerdo.fecha_limite).is_not(None),
        col(Acuerdo.fecha_limite) < hoy,
    ).order_by(col(Acuerdo.fecha_limite).desc(), col(Acuerdo.id).desc())
    acuerdos: dict[int | None, tuple[Acuerdo, Mesa]] = {}
    for consulta in (recientes, vencidos):
        for acuerdo, mesa in session.exec(consulta.limit(limite)).all():
            acuerdos[acuerdo.id] = (acuerdo, mesa)
    for acuerdo, mesa in acuerdos.values():
        estado = estado_visible(acuerdo, hoy)
        momento = _utc(acuerdo.actualizado_en)
        vence = vencimiento(acuerdo)
        if estado == "vencido" and vence is not None:
            momento = max(momento, vence)
        lista.append(Novedad("acuerdo", momento, mesa, estado, acuerdo=acuerdo))

    lista.sort(key=lambda n: (n.actualizada, n.tipo, n.mesa.id or 0), reverse=True)
    return lista[:limite]

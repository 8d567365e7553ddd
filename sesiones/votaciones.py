"""The session of a mesa: votaciones per punto, deliberation notes and deferral.

A votable punto goes ``pendiente → en_votacion → votado``; a pendiente punto that is not a
standard one may instead be ``diferido`` to a later mesa, where it continues as a new punto
that links back (``diferido_de_id``), so its history is a chain across mesas.

- The secretaría opens a votación while the mesa is en curso and has quórum, one at a time.
- Each garante present has one vote (a favor, en contra, abstención), cast by one of its
  comisionados or recorded by the secretaría on its behalf (marked as such); it may change
  until the votación closes.
- Closing needs quórum; the result (``sesiones.quorum.resultado_votacion`` under the punto's
  rule) is frozen with who was entitled, who voted what, the counts and the quórum, so later
  changes of attendance or of the garantes never alter it.

Every write of the session first takes the mesa with a conditional UPDATE (``tomar_mesa``):
two people acting at once are serialized, and the second sees what the first did (a vote
arriving while the votación closes is either counted or refused, never lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import update
from sqlmodel import Session, col, select

from criterios.models import Garante, ahora
from sesiones import proyectos
from sesiones.errores import TransicionNoPermitida
from sesiones.models import SENTIDOS_VOTO, Acta, Mesa, PropuestaTema, PuntoOrden, Voto
from sesiones.propuestas import marcar_discutida
from sesiones.quorum import (
    contar_votos,
    garantes_con_derecho,
    garantes_presentes,
    quorum_de_mesa,
    resultado_votacion,
)

ETIQUETAS_ESTADO_PUNTO = {
    "pendiente": "Pendiente",
    "en_votacion": "En votación",
    "votado": "Votado",
    "diferido": "Diferido",
}
ETIQUETAS_ESTADO_MESA = {
    "borrador": "Borrador",
    "convocada": "Convocada",
    "en_curso": "En curso",
    "concluida": "Concluida",
    "cancelada": "Cancelada",
}
# A deferred punto goes to a mesa still being prepared.
ESTADOS_MESA_DESTINO = ("borrador", "convocada")
MAXIMO_NOTAS = 20_000


class Persona(Protocol):
    """Who acts: an account (``app.models.Usuario``) seen only through what this module needs."""

    @property
    def id(self) -> int | None: ...


def _etiqueta_punto(estado: str) -> str:
    return ETIQUETAS_ESTADO_PUNTO.get(estado, estado)


def _etiqueta_mesa(estado: str) -> str:
    return ETIQUETAS_ESTADO_MESA.get(estado, estado)


def _mesa_de(session: Session, punto: PuntoOrden) -> Mesa:
    mesa = session.get(Mesa, punto.mesa_id)
    assert mesa is not None  # the foreign key guarantees it
    return mesa


def tomar_mesa(*, session: Session, mesa: Mesa, estados: tuple[str, ...], para: str) -> None:
    """Take the mesa for a write while its estado is one of ``estados``, or refuse.

    The UPDATE locks the mesa's row until commit (PostgreSQL) or takes the write lock
    (SQLite), so the checks that follow see every write committed before this one.
    """
    resultado = session.execute(
        update(Mesa)
        .where(col(Mesa.id) == mesa.id, col(Mesa.estado).in_(estados))
        .values(actualizada_en=ahora())
        .execution_options(synchronize_session=False)
    )
    session.refresh(mesa)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        requeridos = " o ".join(f"«{_etiqueta_mesa(e)}»" for e in estados)
        raise TransicionNoPermitida(
            f"No se puede {para}: la mesa está «{_etiqueta_mesa(mesa.estado)}» "
            f"y tendría que estar {requeridos}."
        )


def _pasar_punto(
    session: Session, punto: PuntoOrden, *, desde: str, a: str, para: str, **valores: Any
) -> None:
    """Move ``punto`` from ``desde`` to ``a`` (with ``valores``), or refuse."""
    resultado = session.execute(
        update(PuntoOrden)
        .where(col(PuntoOrden.id) == punto.id, col(PuntoOrden.estado) == desde)
        .values(estado=a, **valores)
        .execution_options(synchronize_session=False)
    )
    session.refresh(punto)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        raise TransicionNoPermitida(_no_desde(punto, para, desde))


def _no_desde(punto: PuntoOrden, para: str, requerido: str) -> str:
    return (
        f"No se puede {para}: el punto está «{_etiqueta_punto(punto.estado)}» "
        f"y tendría que estar «{_etiqueta_punto(requerido)}»."
    )


def punto_en_votacion(*, session: Session, mesa_id: int) -> PuntoOrden | None:
    """Return the mesa's punto whose votación is open, if any (there is at most one)."""
    return session.exec(
        select(PuntoOrden).where(PuntoOrden.mesa_id == mesa_id, PuntoOrden.estado == "en_votacion")
    ).first()


def _exigir_quorum(session: Session, mesa: Mesa, para: str) -> None:
    quorum = quorum_de_mesa(session=session, mesa=mesa)
    if not quorum.hay:
        raise TransicionNoPermitida(
            f"No se puede {para} sin quórum: hay {quorum.presentes} de {quorum.con_derecho} "
            f"garantes con derecho presentes y se requieren {quorum.requeridos}."
        )


# --- Votación ------------------------------------------------------------------------


def abrir_votacion(*, session: Session, punto: PuntoOrden, usuario: Persona | None) -> None:
    """Open the votación of a pendiente, votable punto of a mesa en curso with quórum."""
    mesa = _mesa_de(session, punto)
    para = "abrir la votación"
    tomar_mesa(session=session, mesa=mesa, estados=("en_curso",), para=para)
    session.refresh(punto)
    if not punto.votable:
        raise TransicionNoPermitida("Este punto no se somete a votación.")
    if punto.estado != "pendiente":
        raise TransicionNoPermitida(_no_desde(punto, para, "pendiente"))
    assert mesa.id is not None
    abierto = punto_en_votacion(session=session, mesa_id=mesa.id)
    if abierto is not None:
        raise TransicionNoPermitida(
            f"Ya está abierta la votación del punto {abierto.orden} («{abierto.titulo}»); "
            "ciérrela antes de abrir otra."
        )
    _exigir_quorum(session, mesa, para)
    _pasar_punto(
        session, punto, desde="pendiente", a="en_votacion", para=para, votacion_abierta_en=ahora()
    )


def emitir_voto(
    *,
    session: Session,
    punto: PuntoOrden,
    garante_id: str,
    sentido: str,
    usuario: Persona | None,
    por_secretaria: bool,
) -> tuple[Voto, str | None]:
    """Return the garante's vote on ``punto`` (new or changed) and its previous sentido.

    Only a garante present may vote, once; its vote may change until the votación closes.
    Who may act for which garante is the caller's check (``voto.emitir``/``mesa.administrar``).
    """
    if sentido not in SENTIDOS_VOTO:
        raise ValueError(f"sentido de voto desconocido: {sentido}")
    mesa = _mesa_de(session, punto)
    tomar_mesa(session=session, mesa=mesa, estados=("en_curso",), para="votar")
    session.refresh(punto)
    if punto.estado != "en_votacion":
        raise TransicionNoPermitida(_no_desde(punto, "votar", "en_votacion"))
    if garante_id not in garantes_presentes(session=session, mesa=mesa):
        garante = session.get(Garante, garante_id)
        nombre = garante.nombre if garante else garante_id
        raise TransicionNoPermitida(
            f"{nombre} no está registrado como presente en la mesa; "
            "solo votan los garantes presentes."
        )
    voto = session.exec(
        select(Voto).where(Voto.punto_id == punto.id, Voto.garante_id == garante_id)
    ).first()
    anterior = voto.sentido if voto else None
    if voto is None:
        assert punto.id is not None
        voto = Voto(punto_id=punto.id, garante_id=garante_id, sentido=sentido)
    voto.sentido = sentido
    voto.usuario_id = usuario.id if usuario else None
    voto.por_secretaria = por_secretaria
    voto.emitido_en = ahora()
    session.add(voto)
    session.flush()
    return voto, anterior


def votos_del_punto(*, session: Session, punto_id: int) -> dict[str, Voto]:
    """Return the votes cast on a punto, by garante."""
    votos = session.exec(select(Voto).where(Voto.punto_id == punto_id)).all()
    return {v.garante_id: v for v in votos}


def cerrar_votacion(*, session: Session, punto: PuntoOrden, usuario: Persona | None) -> str:
    """Close the votación and return its resultado, frozen with everything it rests on.

    ``resultado_detalle`` keeps the rule, the quórum, the garantes present (entitled to
    vote) with their names, each vote (sentido, who cast it, on behalf or not, when), who
    did not vote and the counts. A punto from a propuesta leaves it "discutida".
    """
    mesa = _mesa_de(session, punto)
    para = "cerrar la votación"
    tomar_mesa(session=session, mesa=mesa, estados=("en_curso",), para=para)
    session.refresh(punto)
    if punto.estado != "en_votacion":
        raise TransicionNoPermitida(_no_desde(punto, para, "en_votacion"))
    _exigir_quorum(session, mesa, para)
    assert punto.id is not None
    con_derecho = garantes_con_derecho(session=session, mesa=mesa)
    presentes = garantes_presentes(session=session, mesa=mesa, con_derecho=con_derecho)
    votos = {
        g: v for g, v in votos_del_punto(session=session, punto_id=punto.id).items()
        if g in presentes
    }  # fmt: skip
    sentidos = {g: v.sentido for g, v in votos.items()}
    resultado = resultado_votacion(sentidos, presentes, punto.regla_votacion)
    cerrada_en = ahora()
    detalle = {
        "regla": punto.regla_votacion,
        "quorum": quorum_de_mesa(session=session, mesa=mesa).como_dict(),
        "con_derecho": presentes,
        "garantes": {g.id: g.siglas or g.nombre for g in con_derecho if g.id in presentes},
        "votos": {
            g: {
                "sentido": v.sentido,
                "usuario": v.usuario_id,
                "por_secretaria": v.por_secretaria,
                "emitido_en": v.emitido_en.isoformat(),
            }
            for g, v in votos.items()
        },
        "sin_voto": [g for g in presentes if g not in votos],
        "conteo": contar_votos(sentidos, presentes),
        "cerrada_por": usuario.id if usuario else None,
        "cerrada_en": cerrada_en.isoformat(),
    }
    _pasar_punto(
        session,
        punto,
        desde="en_votacion",
        a="votado",
        para=para,
        resultado=resultado,
        resultado_detalle=detalle,
        votacion_cerrada_en=cerrada_en,
    )
    if punto.propuesta_id is not None:
        propuesta = session.get(PropuestaTema, punto.propuesta_id)
        if propuesta is not None and propuesta.estado != "discutida":
            marcar_discutida(session=session, propuesta=propuesta)
    if punto.proyecto_id is not None:
        proyectos.resolver_por_votacion(session=session, punto=punto)
    return resultado


# --- Notas de deliberación -------------------------------------------------------------


def registro_editable(*, session: Session, mesa: Mesa) -> bool:
    """Return whether the mesa's record (notes, acuerdos) may still change.

    While the mesa is en curso; once concluida, until its latest acta is approved (a
    correction opens a new borrador version, and the record is editable again).
    """
    if mesa.estado == "en_curso":
        return True
    if mesa.estado != "concluida":
        return False
    ultima = session.exec(
        select(Acta).where(Acta.mesa_id == mesa.id).order_by(col(Acta.version).desc())
    ).first()
    return ultima is None or ultima.estado != "aprobada"


def validar_notas(notas: str) -> dict[str, str]:
    """Return the notes form's errors (campo → Spanish message)."""
    if len(notas.strip()) > MAXIMO_NOTAS:
        return {"notas": f"Las notas admiten hasta {MAXIMO_NOTAS:,} caracteres."}
    return {}


def guardar_notas(*, session: Session, punto: PuntoOrden, notas: str) -> str | None:
    """Save the punto's deliberation notes (empty clears them); return the previous ones."""
    mesa = _mesa_de(session, punto)
    if not registro_editable(session=session, mesa=mesa):
        if mesa.estado == "concluida":
            raise TransicionNoPermitida(
                "Las notas ya no pueden cambiar: el acta de la mesa está aprobada."
            )
        raise TransicionNoPermitida(
            "Las notas de deliberación se escriben durante la sesión; la mesa está "
            f"«{_etiqueta_mesa(mesa.estado)}»."
        )
    anteriores = punto.notas_deliberacion
    punto.notas_deliberacion = notas.strip() or None
    session.add(punto)
    session.flush()
    return anteriores


# --- Diferir ---------------------------------------------------------------------------


def mesas_destino(*, session: Session, mesa: Mesa) -> list[Mesa]:
    """Return the mesas a punto of ``mesa`` may be deferred to: later ones in preparation."""
    return list(
        session.exec(
            select(Mesa)
            .where(
                col(Mesa.estado).in_(ESTADOS_MESA_DESTINO),
                col(Mesa.id) != mesa.id,
                col(Mesa.fecha) >= mesa.fecha,
                Mesa.region == mesa.region,
            )
            .order_by(col(Mesa.fecha), col(Mesa.numero))
        ).all()
    )


def impedimento_para_diferir(
    *, session: Session, punto: PuntoOrden, editable: bool | None = None
) -> str | None:
    """Return why ``punto`` cannot be deferred now (in Spanish), or None when it can.

    A pendiente punto that is not a standard one, of a mesa en curso, or concluida while
    its record is editable (the acta not yet approved). Pass ``editable`` (what
    ``registro_editable`` says of the punto's mesa) when it is already at hand, so that a
    page asking for every punto reads the acta once.
    """
    origen = _mesa_de(session, punto)
    para = "diferir el punto"
    if origen.estado not in ("en_curso", "concluida"):
        return (
            f"No se puede {para}: la mesa está «{_etiqueta_mesa(origen.estado)}» "
            "y tendría que estar «En curso» o «Concluida»."
        )
    if editable is None:
        editable = registro_editable(session=session, mesa=origen)
    if not editable:
        return f"No se puede {para}: el acta de la mesa ya está aprobada."
    if punto.tipo == "estandar":
        return (
            "Los puntos de trámite (asistencia, orden del día, asuntos generales, clausura) "
            "no se difieren."
        )
    if punto.estado != "pendiente":
        return _no_desde(punto, para, "pendiente")
    return None


def diferir_punto(
    *, session: Session, punto: PuntoOrden, destino: Mesa, usuario: Persona | None
) -> PuntoOrden:
    """Defer a pendiente punto to a later mesa; return the punto that continues it there.

    The new punto copies the title, description, links and rule, goes before "asuntos
    generales" (or "clausura", or at the end) and the orden del día is renumbered. The
    original stays in its mesa as "diferido", pointing to its continuation.
    """
    origen = _mesa_de(session, punto)
    para = "diferir el punto"
    tomar_mesa(session=session, mesa=origen, estados=("en_curso", "concluida"), para=para)
    session.refresh(punto)
    motivo = impedimento_para_diferir(session=session, punto=punto)
    if motivo is not None:
        raise TransicionNoPermitida(motivo)
    if destino.id == origen.id:
        raise TransicionNoPermitida("Elija otra mesa: el punto ya está en esta.")
    if destino.fecha < origen.fecha or destino.region != origen.region:
        raise TransicionNoPermitida(
            "Un punto solo se difiere a una mesa posterior de la misma región."
        )
    tomar_mesa(session=session, mesa=destino, estados=ESTADOS_MESA_DESTINO, para=para)
    assert destino.id is not None
    nuevo = PuntoOrden(
        mesa_id=destino.id,
        orden=0,
        titulo=punto.titulo,
        descripcion=punto.descripcion,
        tipo=punto.tipo,
        propuesta_id=punto.propuesta_id,
        grupo_clave=punto.grupo_clave,
        divergencia_clave=punto.divergencia_clave,
        proyecto_id=punto.proyecto_id,
        votable=punto.votable,
        regla_votacion=punto.regla_votacion,
        diferido_de_id=punto.id,
    )
    _insertar_en_orden(session, destino, nuevo)
    _pasar_punto(session, punto, desde="pendiente", a="diferido", para=para, diferido_a_id=nuevo.id)
    return nuevo


def _insertar_en_orden(session: Session, mesa: Mesa, nuevo: PuntoOrden) -> None:
    """Add ``nuevo`` before asuntos generales (or clausura) and renumber the orden del día."""
    puntos = list(
        session.exec(
            select(PuntoOrden)
            .where(PuntoOrden.mesa_id == mesa.id)
            .order_by(col(PuntoOrden.orden), col(PuntoOrden.id))
        ).all()
    )
    posicion = len(puntos)
    for clave in ("asuntos_generales", "clausura"):
        indices = [i for i, p in enumerate(puntos) if p.clave_estandar == clave]
        if indices:
            posicion = indices[0]
            break
    puntos.insert(posicion, nuevo)
    for numero, p in enumerate(puntos, start=1):
        p.orden = numero
        session.add(p)
    session.flush()


@dataclass(frozen=True)
class Antecedente:
    """An earlier appearance of a deferred punto: the punto and its mesa."""

    punto: PuntoOrden
    mesa: Mesa


def historial(*, session: Session, punto: PuntoOrden) -> list[Antecedente]:
    """Return the earlier puntos this one continues, oldest first, with their mesas."""
    cadena: list[Antecedente] = []
    vistos = {punto.id}
    anterior_id = punto.diferido_de_id
    while anterior_id is not None and anterior_id not in vistos:
        anterior = session.get(PuntoOrden, anterior_id)
        if anterior is None:
            break
        vistos.add(anterior_id)
        cadena.append(Antecedente(anterior, _mesa_de(session, anterior)))
        anterior_id = anterior.diferido_de_id
    return list(reversed(cadena))

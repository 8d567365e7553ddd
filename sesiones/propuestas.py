"""Propuestas de tema: presenting, supporting, admitting, and the states other steps set.

A comisionado proposes a topic from a divergencia, a grupo temático or as free text. Other
comisionados support it (one apoyo per person, withdrawable). The secretaría técnica admits
it (it may then go to an orden del día) or declines it with a reason:

    propuesta → admitida → en_orden_del_dia → discutida
              ↘ no_admitida        (en_orden_del_dia → admitida when its punto is removed)

The mesas and votaciones steps move a propuesta with ``marcar_en_orden_del_dia``,
``devolver_a_admitida`` and ``marcar_discutida``. Every change of estado is a conditional
UPDATE, so two people acting at once cannot both move the same propuesta.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, func, true, update
from sqlmodel import Session, col, select

from criterios.consultas import Pagina, paginar
from criterios.models import Divergencia, GrupoCriterio, GrupoTematico, ahora
from sesiones.errores import TransicionNoPermitida
from sesiones.models import ApoyoPropuesta, PropuestaTema

ETIQUETAS_ESTADO = {
    "propuesta": "Propuesta",
    "admitida": "Admitida",
    "no_admitida": "No admitida",
    "en_orden_del_dia": "En orden del día",
    "discutida": "Discutida",
}
ETIQUETAS_ORIGEN = {
    "divergencia": "Divergencia",
    "grupo": "Grupo temático",
    "libre": "Tema libre",
}
# While a propuesta waits for a decision or for a mesa, apoyos still tell how wanted it is.
ESTADOS_CON_APOYO = ("propuesta", "admitida")
MAXIMO_TITULO = 300
MAXIMO_TEXTO = 5000


class Persona(Protocol):
    """Who acts: an account (``app.models.Usuario``) seen only through what this module needs."""

    @property
    def id(self) -> int | None: ...

    @property
    def garante_id(self) -> str | None: ...


def etiqueta_estado(estado: str) -> str:
    """Return how users read an estado ("En orden del día")."""
    return ETIQUETAS_ESTADO.get(estado, estado)


# --- Presenting ------------------------------------------------------------------------


def validar(*, titulo: str, justificacion: str) -> dict[str, str]:
    """Return the form's errors (campo → Spanish message); empty when it can be saved."""
    errores: dict[str, str] = {}
    if not titulo.strip():
        errores["titulo"] = "Escriba el título del tema que propone."
    elif len(titulo.strip()) > MAXIMO_TITULO:
        errores["titulo"] = f"El título admite hasta {MAXIMO_TITULO} caracteres."
    if not justificacion.strip():
        errores["justificacion"] = "Explique por qué conviene discutir este tema en una mesa."
    elif len(justificacion.strip()) > MAXIMO_TEXTO:
        errores["justificacion"] = f"La justificación admite hasta {MAXIMO_TEXTO} caracteres."
    return errores


def titulo_sugerido(
    *, divergencia: Divergencia | None = None, grupo: GrupoTematico | None = None
) -> str:
    """Return a title to start from: the group's tema, with the divergence's explicación."""
    if divergencia is not None and grupo is not None:
        texto = f"{grupo.tema}: {divergencia.explicacion}"
    elif grupo is not None:
        texto = grupo.tema
    elif divergencia is not None:
        texto = divergencia.explicacion
    else:
        return ""
    texto = " ".join(texto.split())
    if len(texto) <= MAXIMO_TITULO:
        return texto
    # Cut at the last whole word that fits, leaving room for the ellipsis.
    recorte = texto[:MAXIMO_TITULO]
    recorte = recorte.rsplit(" ", 1)[0] if " " in recorte else recorte[: MAXIMO_TITULO - 1]
    return recorte.rstrip(" ,;:.") + "…"


def criterios_del_grupo(*, session: Session, grupo: GrupoTematico) -> list[int]:
    """Return the ids of a grupo's criterios, in a stable order."""
    consulta = (
        select(GrupoCriterio.criterio_id)
        .where(GrupoCriterio.grupo_id == grupo.id)
        .order_by(col(GrupoCriterio.garante_id), col(GrupoCriterio.criterio_id))
    )
    return list(dict.fromkeys(session.exec(consulta)))


def crear(
    *,
    session: Session,
    titulo: str,
    justificacion: str,
    autor: Persona,
    divergencia: Divergencia | None = None,
    grupo: GrupoTematico | None = None,
) -> PropuestaTema:
    """Return a new propuesta (estado "propuesta") by ``autor``, for the author's garante.

    From a divergencia it keeps the divergence's and its group's claves, its explicación and
    both criterios; from a grupo, the group's clave, tema and every criterio; without either
    it is a free-text topic. The caller validates with ``validar`` first.
    """
    errores = validar(titulo=titulo, justificacion=justificacion)
    if errores:
        raise ValueError(" ".join(errores.values()))
    datos: dict[str, Any] = {"origen": "libre", "criterio_ids": []}
    if divergencia is not None:
        grupo_de = session.get(GrupoTematico, divergencia.grupo_id)
        datos = {
            "origen": "divergencia",
            "divergencia_clave": divergencia.clave,
            "grupo_clave": grupo_de.clave if grupo_de else None,
            "resumen_origen": divergencia.explicacion,
            "criterio_ids": [divergencia.criterio_a_id, divergencia.criterio_b_id],
        }
    elif grupo is not None:
        datos = {
            "origen": "grupo",
            "grupo_clave": grupo.clave,
            "resumen_origen": grupo.tema,
            "criterio_ids": criterios_del_grupo(session=session, grupo=grupo),
        }
    propuesta = PropuestaTema(
        titulo=titulo.strip(),
        justificacion=justificacion.strip(),
        autor_id=autor.id,
        garante_id=autor.garante_id,
        **datos,
    )
    session.add(propuesta)
    session.flush()
    return propuesta


# --- Apoyos ----------------------------------------------------------------------------


def apoya(*, session: Session, propuesta: PropuestaTema, usuario: Persona) -> bool:
    """Return whether ``usuario`` supports ``propuesta`` now."""
    if usuario.id is None or propuesta.id is None:
        return False
    return session.get(ApoyoPropuesta, (propuesta.id, usuario.id)) is not None


def _puede_cambiar_apoyo(propuesta: PropuestaTema) -> None:
    if propuesta.estado not in ESTADOS_CON_APOYO:
        raise TransicionNoPermitida(
            f"La propuesta está «{etiqueta_estado(propuesta.estado)}»; solo se pueden dar o "
            "retirar apoyos mientras está propuesta o admitida."
        )


def apoyar(*, session: Session, propuesta: PropuestaTema, usuario: Persona) -> ApoyoPropuesta:
    """Return the new apoyo of ``usuario`` to ``propuesta`` (one per person, not the author's)."""
    _puede_cambiar_apoyo(propuesta)
    if usuario.id is not None and usuario.id == propuesta.autor_id:
        raise TransicionNoPermitida("Quien presenta una propuesta no puede apoyarla.")
    if apoya(session=session, propuesta=propuesta, usuario=usuario):
        raise TransicionNoPermitida("Ya apoya esta propuesta.")
    assert propuesta.id is not None and usuario.id is not None
    apoyo = ApoyoPropuesta(propuesta_id=propuesta.id, usuario_id=usuario.id)
    session.add(apoyo)
    session.flush()
    return apoyo


def retirar_apoyo(*, session: Session, propuesta: PropuestaTema, usuario: Persona) -> None:
    """Withdraw ``usuario``'s apoyo to ``propuesta``."""
    _puede_cambiar_apoyo(propuesta)
    if usuario.id is None or propuesta.id is None:
        raise TransicionNoPermitida("No apoya esta propuesta.")
    apoyo = session.get(ApoyoPropuesta, (propuesta.id, usuario.id))
    if apoyo is None:
        raise TransicionNoPermitida("No apoya esta propuesta.")
    session.delete(apoyo)
    session.flush()


def numero_de_apoyos(*, session: Session, propuesta_ids: list[int]) -> dict[int, int]:
    """Return how many apoyos each propuesta has (those without any are absent)."""
    if not propuesta_ids:
        return {}
    consulta = (
        select(ApoyoPropuesta.propuesta_id, func.count())
        .where(col(ApoyoPropuesta.propuesta_id).in_(propuesta_ids))
        .group_by(col(ApoyoPropuesta.propuesta_id))
    )
    return {propuesta_id: total for propuesta_id, total in session.exec(consulta)}


# --- Changes of estado -----------------------------------------------------------------


def _pasar(
    session: Session,
    propuesta: PropuestaTema,
    *,
    desde: str,
    a: str,
    accion: str,
    **valores: Any,
) -> None:
    """Move ``propuesta`` from ``desde`` to ``a``, or raise ``TransicionNoPermitida``.

    The UPDATE only matches while the stored estado is still ``desde``: of two people
    acting at once, the second finds it changed and is told what it is now.
    """
    if propuesta.estado != desde or propuesta.id is None:
        raise TransicionNoPermitida(_no_desde(propuesta, accion, desde))
    resultado = session.execute(
        update(PropuestaTema)
        .where(col(PropuestaTema.id) == propuesta.id, col(PropuestaTema.estado) == desde)
        .values(estado=a, **valores)
        .execution_options(synchronize_session=False)
    )
    session.refresh(propuesta)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        raise TransicionNoPermitida(_no_desde(propuesta, accion, desde))


def _no_desde(propuesta: PropuestaTema, accion: str, requerido: str) -> str:
    """Return why ``accion`` is refused: the estado it has and the one it needs."""
    return (
        f"No se puede {accion}: la propuesta está «{etiqueta_estado(propuesta.estado)}» "
        f"y tendría que estar «{etiqueta_estado(requerido)}»."
    )


def validar_admision(*, accion: str, motivo: str) -> dict[str, str]:
    """Return the admission form's errors (campo → Spanish message)."""
    errores: dict[str, str] = {}
    if accion not in ("admitir", "no_admitir"):
        errores["accion"] = "Elija si admite o no admite la propuesta."
    if accion == "no_admitir" and not motivo.strip():
        errores["motivo"] = "Escriba el motivo por el que no se admite la propuesta."
    elif len(motivo.strip()) > MAXIMO_TEXTO:
        errores["motivo"] = f"El motivo admite hasta {MAXIMO_TEXTO} caracteres."
    return errores


def comprobar_admisible(propuesta: PropuestaTema) -> None:
    """Return None while the secretaría may still admit or decline ``propuesta``; else raise."""
    if propuesta.estado != "propuesta":
        raise TransicionNoPermitida(_no_desde(propuesta, "decidir sobre su admisión", "propuesta"))


def admitir(*, session: Session, propuesta: PropuestaTema, usuario: Persona) -> None:
    """Admit a presented propuesta: it becomes available for an orden del día."""
    _pasar(
        session,
        propuesta,
        desde="propuesta",
        a="admitida",
        accion="admitir",
        resuelta_por_id=usuario.id,
        resuelta_en=ahora(),
    )


def no_admitir(
    *, session: Session, propuesta: PropuestaTema, usuario: Persona, motivo: str
) -> None:
    """Decline a presented propuesta, keeping the reason given."""
    if not motivo.strip():
        raise ValueError("Escriba el motivo por el que no se admite la propuesta.")
    _pasar(
        session,
        propuesta,
        desde="propuesta",
        a="no_admitida",
        accion="marcar como no admitida",
        motivo_no_admision=motivo.strip(),
        resuelta_por_id=usuario.id,
        resuelta_en=ahora(),
    )


def marcar_en_orden_del_dia(*, session: Session, propuesta: PropuestaTema) -> None:
    """Record that an admitted propuesta became a punto of an orden del día."""
    _pasar(
        session,
        propuesta,
        desde="admitida",
        a="en_orden_del_dia",
        accion="llevarla al orden del día",
    )


def devolver_a_admitida(*, session: Session, propuesta: PropuestaTema) -> None:
    """Make a propuesta available again when its punto leaves the orden del día."""
    _pasar(
        session,
        propuesta,
        desde="en_orden_del_dia",
        a="admitida",
        accion="devolverla a admitida",
    )


def marcar_discutida(*, session: Session, propuesta: PropuestaTema) -> None:
    """Record that the punto of a propuesta was discussed (voted) in its mesa."""
    _pasar(
        session,
        propuesta,
        desde="en_orden_del_dia",
        a="discutida",
        accion="darla por discutida",
    )


# --- Queries ---------------------------------------------------------------------------


def buscar(
    *,
    session: Session,
    estado: str | None = None,
    garante: str | None = None,
    pagina: int = 1,
    por_pagina: int | None = 25,
) -> Pagina:
    """Return a page of (propuesta, número de apoyos) pairs (all when ``por_pagina`` is
    None), the newest first."""
    filtros: list[ColumnElement[bool]] = []
    if estado:
        filtros.append(col(PropuestaTema.estado) == estado)
    if garante:
        filtros.append(col(PropuestaTema.garante_id) == garante)
    condicion = and_(true(), *filtros)
    total = session.exec(select(func.count()).select_from(PropuestaTema).where(condicion)).one()
    tamano = max(total, 1) if por_pagina is None else por_pagina
    numero, paginas = paginar(total, pagina, tamano)
    propuestas = list(
        session.exec(
            select(PropuestaTema)
            .where(condicion)
            .order_by(col(PropuestaTema.creada_en).desc(), col(PropuestaTema.id).desc())
            .offset((numero - 1) * tamano)
            .limit(por_pagina)  # None: no limit
        )
    )
    apoyos = numero_de_apoyos(session=session, propuesta_ids=[p.id for p in propuestas if p.id])
    elementos = [(p, apoyos.get(p.id or 0, 0)) for p in propuestas]
    return Pagina(elementos, total, numero, paginas, tamano)


def de_origen(
    *, session: Session, divergencia_clave: str | None = None, grupo_clave: str | None = None
) -> list[PropuestaTema]:
    """Return the propuestas about a divergencia (or about any part of a grupo), newest first."""
    if divergencia_clave:
        condicion = col(PropuestaTema.divergencia_clave) == divergencia_clave
    elif grupo_clave:
        condicion = col(PropuestaTema.grupo_clave) == grupo_clave
    else:
        return []
    consulta = (
        select(PropuestaTema)
        .where(condicion)
        .order_by(col(PropuestaTema.creada_en).desc(), col(PropuestaTema.id).desc())
    )
    return list(session.exec(consulta))

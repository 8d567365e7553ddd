"""Proyectos de criterio homologado: drafting, versions, sources, observaciones, approval.

A jurídico or the secretaría starts a proyecto from a divergencia, a grupo temático, a
punto of an orden del día, or blank. Every save is a new numbered version with its author;
the garantes' staff leave observaciones that the secretaría marks atendida or no atendida.
The vote of the punto that carries it decides:

    proyecto → en_orden_del_dia → aprobado (frozen, with its clave) → publicado
                                ↘ rechazado ─(a new version)→ proyecto

Putting a proyecto on an orden del día (``en_orden_del_dia``) is the mesas' step; while it
waits for the vote its text does not change, so the garantes vote on what they read.
Every change of estado or version is a conditional UPDATE: of two people acting at once,
the second is refused instead of silently overwriting the first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from criterios.consultas import Pagina, numero_de_registro, paginar
from criterios.models import Criterio, Divergencia, GrupoCriterio, GrupoTematico, ahora
from sesiones import ajustes
from sesiones.errores import TransicionNoPermitida
from sesiones.models import (
    Adhesion,
    CriterioHomologado,
    FuenteCriterioHomologado,
    Mesa,
    Observacion,
    PropuestaTema,
    PuntoOrden,
    VersionCriterioHomologado,
)
from sesiones.quorum import garantes_con_derecho

ETIQUETAS_ESTADO = {
    "proyecto": "Proyecto",
    "en_orden_del_dia": "En orden del día",
    "aprobado": "Aprobado",
    "rechazado": "Rechazado",
    "publicado": "Publicado",
}
# The text can be written while it is a proyecto or after a mesa rejected it.
ESTADOS_EDITABLES = ("proyecto", "rechazado")
ESTADOS_APROBADOS = ("aprobado", "publicado")
MAXIMO_RUBRO = 1000
MAXIMO_TEXTO = 20000


class Autor(Protocol):
    """Who acts: an account (``app.models.Usuario``) seen only through what this module needs."""

    @property
    def id(self) -> int | None: ...

    @property
    def garante_id(self) -> str | None: ...

    @property
    def nombre_visible(self) -> str: ...


def etiqueta_estado(estado: str) -> str:
    """Return how users read an estado ("En orden del día")."""
    return ETIQUETAS_ESTADO.get(estado, estado)


# --- Where a proyecto starts -----------------------------------------------------------


@dataclass
class Borrador:
    """What a new proyecto starts from: its origin, its sources and the prefilled text.

    ``texto`` starts as the text of one source (``texto_de``): harmonizing is editing an
    existing legal text rather than writing from nothing, and the word diff against the
    other sources then shows, from the first version on, exactly what the draft changes.
    Blank proyectos start empty.
    """

    rubro: str = ""
    texto: str = ""
    precedentes: str = ""
    marco_normativo: str = ""
    criterio_ids: list[int] = field(default_factory=list)
    grupo_clave: str | None = None
    divergencia_clave: str | None = None
    punto_origen_id: int | None = None
    texto_de: int | None = None


def _primer_visible(
    session: Session, criterio_ids: list[int], ocultos: Collection[str]
) -> Criterio | None:
    """Return the first of ``criterio_ids`` whose catalog the drafter may read."""
    for criterio_id in criterio_ids:
        criterio = session.get(Criterio, criterio_id)
        if criterio is not None and criterio.garante_id not in ocultos:
            return criterio
    return None


def _con_texto_de(borrador: Borrador, criterio: Criterio | None) -> Borrador:
    if criterio is not None:
        borrador.texto = criterio.texto
        borrador.texto_de = criterio.id
    return borrador


def borrador_de_divergencia(
    *, session: Session, divergencia: Divergencia, ocultos: Collection[str] = ()
) -> Borrador:
    """Return a draft for a divergence: both criterios as sources, the group's tema as rubro."""
    grupo = session.get(GrupoTematico, divergencia.grupo_id)
    ids = [divergencia.criterio_a_id, divergencia.criterio_b_id]
    borrador = Borrador(
        rubro=grupo.tema if grupo else "",
        criterio_ids=ids,
        grupo_clave=grupo.clave if grupo else None,
        divergencia_clave=divergencia.clave,
    )
    return _con_texto_de(borrador, _primer_visible(session, ids, ocultos))


def borrador_de_grupo(
    *, session: Session, grupo: GrupoTematico, ocultos: Collection[str] = ()
) -> Borrador:
    """Return a draft for a grupo temático: all its criterios as sources, its tema as rubro.

    The text starts from the postura most garantes share (the likeliest common ground).
    """
    miembros = session.exec(
        select(GrupoCriterio)
        .where(GrupoCriterio.grupo_id == grupo.id)
        .order_by(col(GrupoCriterio.garante_id), col(GrupoCriterio.criterio_id))
    ).all()
    ids = list(dict.fromkeys(m.criterio_id for m in miembros))
    orden_postura = {p.get("id"): n for n, p in enumerate(grupo.posturas)}
    tamano = Counter(m.postura for m in miembros if m.garante_id not in ocultos)
    visibles = sorted(
        (m for m in miembros if m.garante_id not in ocultos),
        key=lambda m: (-tamano[m.postura], orden_postura.get(m.postura, len(orden_postura))),
    )
    borrador = Borrador(rubro=grupo.tema, criterio_ids=ids, grupo_clave=grupo.clave)
    return _con_texto_de(
        borrador, _primer_visible(session, [m.criterio_id for m in visibles], ocultos)
    )


def borrador_de_punto(
    *, session: Session, punto: PuntoOrden, ocultos: Collection[str] = ()
) -> Borrador:
    """Return a draft for a punto: its título as rubro, its propuesta's criterios as sources."""
    propuesta = session.get(PropuestaTema, punto.propuesta_id) if punto.propuesta_id else None
    ids = list(dict.fromkeys(propuesta.criterio_ids)) if propuesta else []
    existentes = set(session.exec(select(Criterio.id).where(col(Criterio.id).in_(ids))).all())
    borrador = Borrador(
        rubro=punto.titulo,
        criterio_ids=[i for i in ids if i in existentes],
        grupo_clave=punto.grupo_clave or (propuesta.grupo_clave if propuesta else None),
        divergencia_clave=punto.divergencia_clave
        or (propuesta.divergencia_clave if propuesta else None),
        punto_origen_id=punto.id,
    )
    return _con_texto_de(borrador, _primer_visible(session, borrador.criterio_ids, ocultos))


# --- Drafting and versions -------------------------------------------------------------


@dataclass(frozen=True)
class Contenido:
    """The versioned part of a proyecto, as the form sends it (stripped, empty → None)."""

    rubro: str
    texto: str
    precedentes: str | None
    marco_normativo: str | None

    @classmethod
    def de(
        cls, *, rubro: str, texto: str, precedentes: str | None, marco_normativo: str | None
    ) -> Contenido:
        return cls(
            rubro=rubro.strip(),
            texto=texto.strip(),
            precedentes=(precedentes or "").strip() or None,
            marco_normativo=(marco_normativo or "").strip() or None,
        )

    @classmethod
    def de_proyecto(cls, proyecto: CriterioHomologado) -> Contenido:
        return cls(proyecto.rubro, proyecto.texto, proyecto.precedentes, proyecto.marco_normativo)


def validar(contenido: Contenido) -> dict[str, str]:
    """Return the form's errors (campo → Spanish message); empty when it can be saved."""
    errores: dict[str, str] = {}
    if not contenido.rubro:
        errores["rubro"] = "Escriba el rubro del proyecto."
    elif len(contenido.rubro) > MAXIMO_RUBRO:
        errores["rubro"] = f"El rubro admite hasta {MAXIMO_RUBRO:,} caracteres."
    if not contenido.texto:
        errores["texto"] = "Escriba el texto del proyecto."
    elif len(contenido.texto) > MAXIMO_TEXTO:
        errores["texto"] = f"El texto admite hasta {MAXIMO_TEXTO:,} caracteres."
    for campo in ("precedentes", "marco_normativo"):
        if len(getattr(contenido, campo) or "") > MAXIMO_TEXTO:
            errores[campo] = f"Este campo admite hasta {MAXIMO_TEXTO:,} caracteres."
    return errores


def _version(
    proyecto: CriterioHomologado, contenido: Contenido, autor: Autor | None
) -> VersionCriterioHomologado:
    assert proyecto.id is not None
    return VersionCriterioHomologado(
        criterio_homologado_id=proyecto.id,
        numero=proyecto.version,
        rubro=contenido.rubro,
        texto=contenido.texto,
        precedentes=contenido.precedentes,
        marco_normativo=contenido.marco_normativo,
        autor_id=autor.id if autor else None,
        autor=autor.nombre_visible if autor else None,
    )


def crear_proyecto(
    *, session: Session, borrador: Borrador, contenido: Contenido, autor: Autor | None
) -> CriterioHomologado:
    """Return a new proyecto (version 1 by ``autor``) with the draft's origin and sources.

    ``contenido`` is what the drafter wrote over the prefilled draft; the caller validates
    it with ``validar`` first.
    """
    errores = validar(contenido)
    if errores:
        raise ValueError(" ".join(errores.values()))
    proyecto = CriterioHomologado(
        rubro=contenido.rubro,
        texto=contenido.texto,
        precedentes=contenido.precedentes,
        marco_normativo=contenido.marco_normativo,
        grupo_clave=borrador.grupo_clave,
        divergencia_clave=borrador.divergencia_clave,
        punto_origen_id=borrador.punto_origen_id,
        creado_por_id=autor.id if autor else None,
    )
    session.add(proyecto)
    session.flush()
    assert proyecto.id is not None
    session.add(_version(proyecto, contenido, autor))
    for criterio_id in dict.fromkeys(borrador.criterio_ids):
        session.add(
            FuenteCriterioHomologado(criterio_homologado_id=proyecto.id, criterio_id=criterio_id)
        )
    session.flush()
    return proyecto


def _exigir_editable(proyecto: CriterioHomologado, accion: str) -> None:
    if proyecto.estado in ESTADOS_EDITABLES:
        return
    if proyecto.estado in ESTADOS_APROBADOS:
        nombre = f"el criterio homologado {proyecto.clave}" if proyecto.clave else "el proyecto"
        raise TransicionNoPermitida(
            f"No se puede {accion}: {nombre} ya fue aprobado y su texto quedó fijo."
        )
    raise TransicionNoPermitida(
        f"No se puede {accion}: el proyecto está «{etiqueta_estado(proyecto.estado)}»; "
        "su texto no cambia mientras espera la votación de la mesa."
    )


def guardar_version(
    *,
    session: Session,
    proyecto: CriterioHomologado,
    contenido: Contenido,
    autor: Autor | None,
    version_base: int | None = None,
) -> VersionCriterioHomologado:
    """Return the new version (n + 1) of ``proyecto`` with ``contenido``, by ``autor``.

    Only a proyecto or a rechazado one can change (a rechazado one becomes a proyecto
    again). ``version_base`` is the version the editor showed: if someone saved another
    one since, nothing is saved, so nobody overwrites a text they have not read. A save
    that changes nothing is refused too.
    """
    errores = validar(contenido)
    if errores:
        raise ValueError(" ".join(errores.values()))
    _exigir_editable(proyecto, "guardar una versión")
    if version_base is not None and version_base != proyecto.version:
        raise TransicionNoPermitida(
            f"Mientras usted editaba se guardó la versión {proyecto.version} del proyecto "
            f"y su edición partía de la versión {version_base}. Revise la versión "
            f"{proyecto.version} y vuelva a aplicar sus cambios; los suyos no se guardaron."
        )
    if contenido == Contenido.de_proyecto(proyecto):
        raise TransicionNoPermitida(
            f"No hay cambios respecto de la versión {proyecto.version}; "
            "no se guardó una versión nueva."
        )
    assert proyecto.id is not None
    anterior = proyecto.version
    resultado = session.execute(
        update(CriterioHomologado)
        .where(
            col(CriterioHomologado.id) == proyecto.id,
            col(CriterioHomologado.version) == anterior,
            col(CriterioHomologado.estado).in_(ESTADOS_EDITABLES),
        )
        .values(
            version=anterior + 1,
            estado="proyecto",
            rubro=contenido.rubro,
            texto=contenido.texto,
            precedentes=contenido.precedentes,
            marco_normativo=contenido.marco_normativo,
            actualizado_en=ahora(),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(proyecto)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        # Someone else saved or put it on an orden del día in between.
        _exigir_editable(proyecto, "guardar una versión")
        raise TransicionNoPermitida(
            f"Mientras usted editaba se guardó la versión {proyecto.version} del proyecto; "
            "revísela y vuelva a aplicar sus cambios. Los suyos no se guardaron."
        )
    version = _version(proyecto, contenido, autor)
    session.add(version)
    session.flush()
    return version


def versiones(*, session: Session, proyecto_id: int) -> list[VersionCriterioHomologado]:
    """Return a proyecto's versions, oldest first."""
    return list(
        session.exec(
            select(VersionCriterioHomologado)
            .where(VersionCriterioHomologado.criterio_homologado_id == proyecto_id)
            .order_by(col(VersionCriterioHomologado.numero))
        )
    )


# --- Sources ---------------------------------------------------------------------------


def fuentes(*, session: Session, proyecto_id: int) -> list[Criterio]:
    """Return the criterios a proyecto harmonizes, by garante and identifier."""
    return list(
        session.exec(
            select(Criterio)
            .join(
                FuenteCriterioHomologado,
                col(FuenteCriterioHomologado.criterio_id) == col(Criterio.id),
            )
            .where(FuenteCriterioHomologado.criterio_homologado_id == proyecto_id)
            .order_by(col(Criterio.garante_id), col(Criterio.id_externo))
        )
    )


def buscar_criterio(
    *, session: Session, referencia: str, ocultos: Collection[str] = ()
) -> Criterio:
    """Return the criterio named by its number, its clave or its identifier.

    Raises ``LookupError`` (with a Spanish message) when none or several match; criterios
    of catalogs in ``ocultos`` are never found.
    """
    referencia = referencia.strip()
    if not referencia:
        raise LookupError("Escriba el número, la clave o el identificador del criterio.")
    condiciones = [
        func.lower(col(Criterio.clave)) == referencia.lower(),
        func.lower(col(Criterio.id_externo)) == referencia.lower(),
    ]
    numero = numero_de_registro(referencia)
    if numero is not None:
        condiciones.append(col(Criterio.id) == numero)
    encontrados = [
        c
        for c in session.exec(select(Criterio).where(or_(*condiciones)).order_by(col(Criterio.id)))
        if c.garante_id not in ocultos
    ]
    if not encontrados:
        raise LookupError(
            f"No hay ningún criterio con el número, clave o identificador «{referencia}»."
        )
    if len(encontrados) > 1:
        nombres = ", ".join(f"{c.garante_id}: {c.id_externo} (n.º {c.id})" for c in encontrados)
        raise LookupError(
            f"Varios criterios responden a «{referencia}» ({nombres}); escriba el número."
        )
    return encontrados[0]


def agregar_fuente(*, session: Session, proyecto: CriterioHomologado, criterio: Criterio) -> None:
    """Add ``criterio`` to the sources ``proyecto`` harmonizes."""
    _exigir_editable(proyecto, "cambiar las fuentes")
    assert proyecto.id is not None and criterio.id is not None
    if session.get(FuenteCriterioHomologado, (proyecto.id, criterio.id)) is not None:
        raise TransicionNoPermitida(
            f"El criterio {criterio.clave or criterio.id_externo} ya es fuente de este proyecto."
        )
    session.add(
        FuenteCriterioHomologado(criterio_homologado_id=proyecto.id, criterio_id=criterio.id)
    )
    session.flush()


def quitar_fuente(*, session: Session, proyecto: CriterioHomologado, criterio_id: int) -> None:
    """Remove a criterio from the sources of ``proyecto``."""
    _exigir_editable(proyecto, "cambiar las fuentes")
    fuente = session.get(FuenteCriterioHomologado, (proyecto.id, criterio_id))
    if fuente is None:
        raise TransicionNoPermitida("Ese criterio no es fuente de este proyecto.")
    session.delete(fuente)
    session.flush()


# --- Approval through a vote -----------------------------------------------------------


def siguiente_clave(*, session: Session, anio: int) -> str:
    """Return the clave the next criterio homologado approved in ``anio`` gets.

    ``n`` counts the criterios homologados already approved in mesas of that year; if a
    change of pattern (one without ``{anio}``, say) makes that clave exist already, the
    next free number is used, so an approval never fails on a repeated clave.
    """
    aprobados = session.exec(
        select(func.count())
        .select_from(CriterioHomologado)
        .join(PuntoOrden, col(PuntoOrden.id) == col(CriterioHomologado.punto_aprobacion_id))
        .join(Mesa, col(Mesa.id) == col(PuntoOrden.mesa_id))
        .where(col(CriterioHomologado.clave).is_not(None), col(Mesa.anio) == anio)
    ).one()
    patron = ajustes.patron(session, ajustes.PATRON_CRITERIO_HOMOLOGADO)
    n = aprobados + 1
    clave = ajustes.formatear(patron, anio=anio, n=n)
    while session.exec(
        select(CriterioHomologado.id).where(CriterioHomologado.clave == clave)
    ).first():
        n += 1
        clave = ajustes.formatear(patron, anio=anio, n=n)
    return clave


def resolver_por_votacion(*, session: Session, punto: PuntoOrden) -> CriterioHomologado:
    """Return the proyecto of ``punto`` approved or rejected as its closed vote decided.

    Approved: it freezes the current version, gets its clave (pattern
    ``criterios_homologados.patron_clave``, the mesa's year) and a pending adhesión for
    each garante of the mesa's región vigente on the mesa's fecha. Rejected: it can be
    revised (a new version makes it a proyecto again) and put on an orden del día again.
    """
    if punto.proyecto_id is None:
        raise ValueError("El punto no trae un proyecto de criterio homologado.")
    if punto.resultado not in ("aprobado", "rechazado"):
        raise TransicionNoPermitida("La votación del punto aún no tiene resultado.")
    proyecto = session.get(CriterioHomologado, punto.proyecto_id)
    mesa = session.get(Mesa, punto.mesa_id)
    assert proyecto is not None and mesa is not None  # foreign keys
    valores: dict[str, Any]
    if punto.resultado == "aprobado":
        valores = {
            "estado": "aprobado",
            "clave": siguiente_clave(session=session, anio=mesa.anio),
            "version_aprobada": proyecto.version,
            "aprobado_en": ahora(),
            "punto_aprobacion_id": punto.id,
        }
    else:
        valores = {"estado": "rechazado"}
    resultado = session.execute(
        update(CriterioHomologado)
        .where(
            col(CriterioHomologado.id) == proyecto.id,
            col(CriterioHomologado.estado).not_in(ESTADOS_APROBADOS),
        )
        .values(actualizado_en=ahora(), **valores)
        .execution_options(synchronize_session=False)
    )
    session.refresh(proyecto)
    if resultado.rowcount != 1:  # type: ignore[attr-defined]
        raise TransicionNoPermitida(
            f"El criterio homologado {proyecto.clave} ya había sido aprobado; "
            "una nueva votación no lo cambia."
        )
    if proyecto.estado == "aprobado":
        assert proyecto.id is not None
        for garante in garantes_con_derecho(session=session, mesa=mesa):
            if session.get(Adhesion, (proyecto.id, garante.id)) is None:
                session.add(Adhesion(criterio_homologado_id=proyecto.id, garante_id=garante.id))
        session.flush()
    return proyecto


# --- Lists -----------------------------------------------------------------------------


@dataclass
class FilaProyecto:
    """A proyecto as the list shows it, with its counts."""

    proyecto: CriterioHomologado
    fuentes: int
    pendientes: int


def buscar_proyectos(
    *,
    session: Session,
    estado: str | None = None,
    pagina: int = 1,
    por_pagina: int | None = 25,
) -> Pagina:
    """Return a page of ``FilaProyecto`` (all when ``por_pagina`` is None), the most
    recently changed first."""
    filtros = [col(CriterioHomologado.estado) == estado] if estado else []
    total = session.exec(select(func.count()).select_from(CriterioHomologado).where(*filtros)).one()
    tamano = max(total, 1) if por_pagina is None else por_pagina
    numero, paginas = paginar(total, pagina, tamano)
    proyectos = list(
        session.exec(
            select(CriterioHomologado)
            .where(*filtros)
            .order_by(col(CriterioHomologado.actualizado_en).desc(), col(CriterioHomologado.id))
            .offset((numero - 1) * tamano)
            .limit(por_pagina)  # None: no limit
        )
    )
    ids = [p.id for p in proyectos if p.id is not None]
    n_fuentes = dict(
        session.exec(
            select(FuenteCriterioHomologado.criterio_homologado_id, func.count())
            .where(col(FuenteCriterioHomologado.criterio_homologado_id).in_(ids))
            .group_by(col(FuenteCriterioHomologado.criterio_homologado_id))
        ).all()
    )
    n_pendientes = dict(
        session.exec(
            select(Observacion.criterio_homologado_id, func.count())
            .where(
                col(Observacion.criterio_homologado_id).in_(ids),
                col(Observacion.estado) == "pendiente",
            )
            .group_by(col(Observacion.criterio_homologado_id))
        ).all()
    )
    filas = [
        FilaProyecto(p, n_fuentes.get(p.id or 0, 0), n_pendientes.get(p.id or 0, 0))
        for p in proyectos
    ]
    return Pagina(filas, total, numero, paginas, tamano)


def puntos_del_proyecto(*, session: Session, proyecto_id: int) -> list[tuple[PuntoOrden, Mesa]]:
    """Return the puntos (with their mesas) that carry ``proyecto_id``, the latest first."""
    return [
        (punto, mesa)
        for punto, mesa in session.exec(
            select(PuntoOrden, Mesa)
            .join(Mesa, col(Mesa.id) == col(PuntoOrden.mesa_id))
            .where(PuntoOrden.proyecto_id == proyecto_id)
            .order_by(col(Mesa.fecha).desc(), col(PuntoOrden.id).desc())
        )
    ]

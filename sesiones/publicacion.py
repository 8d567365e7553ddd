"""Publication of criterios homologados: publishing, superseding, and what the public reads.

An approved criterio homologado (estado "aprobado", frozen by a mesa's vote) is published by
the secretaría técnica; from then on it has a public page, PDF, feed entry and open data.
A later criterio homologado can supersede an earlier published one: the earlier keeps its
page, which then points to the one that replaced it.

    aprobado → publicado (→ superado por otro, still "publicado")

State changes are conditional UPDATEs, so two people acting at once cannot both publish.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from comparador.normalizacion import normalizar, terminos
from criterios.consultas import MINIMO_PARCIAL, Pagina, paginar
from criterios.models import Criterio, Garante, ahora
from sesiones.errores import TransicionNoPermitida
from sesiones.models import (
    Adhesion,
    CriterioHomologado,
    CriterioSuperado,
    Evidencia,
    FuenteCriterioHomologado,
    Mesa,
    PuntoOrden,
)
from sesiones.proyectos import ESTADOS_APROBADOS

ETIQUETAS_ESTADO = {"aprobado": "Aprobado, sin publicar", "publicado": "Publicado"}
OCUPADO = "Otra persona cambió este criterio homologado mientras tanto; vuelva a cargar la página."


class Persona(Protocol):
    """Who acts: an account (``app.models.Usuario``) seen only through what this needs."""

    @property
    def id(self) -> int | None: ...


# --- State changes ---------------------------------------------------------------------


def publicar(
    *, session: Session, criterio_homologado: CriterioHomologado, usuario: Persona
) -> None:
    """Publish an approved criterio homologado; raise TransicionNoPermitida otherwise."""
    if criterio_homologado.estado == "publicado":
        raise TransicionNoPermitida(
            f"El criterio homologado {criterio_homologado.clave} ya está publicado."
        )
    if criterio_homologado.estado != "aprobado":
        raise TransicionNoPermitida("Solo se publica un criterio homologado aprobado por una mesa.")
    momento = ahora()
    cambiados = session.execute(
        update(CriterioHomologado)
        .where(
            col(CriterioHomologado.id) == criterio_homologado.id,
            col(CriterioHomologado.estado) == "aprobado",
        )
        .values(
            estado="publicado",
            publicado_en=momento,
            publicado_por_id=usuario.id,
            actualizado_en=momento,
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not cambiados:
        raise TransicionNoPermitida(OCUPADO)
    criterio_homologado.estado = "publicado"
    criterio_homologado.publicado_en = momento
    criterio_homologado.publicado_por_id = usuario.id
    criterio_homologado.actualizado_en = momento
    session.add(criterio_homologado)


def candidatos_a_superar(
    *, session: Session, posterior: CriterioHomologado
) -> list[CriterioHomologado]:
    """Return the published criterios homologados that ``posterior`` could supersede."""
    consulta = (
        select(CriterioHomologado)
        .where(
            col(CriterioHomologado.estado) == "publicado",
            col(CriterioHomologado.superado_por_id).is_(None),
            col(CriterioHomologado.id) != posterior.id,
        )
        .order_by(col(CriterioHomologado.aprobado_en).desc(), col(CriterioHomologado.id).desc())
    )
    return [c for c in session.exec(consulta) if error_al_superar(c, posterior, session) is None]


def error_al_superar(
    anterior: CriterioHomologado, posterior: CriterioHomologado, session: Session
) -> str | None:
    """Return why ``posterior`` may not supersede ``anterior`` (Spanish), or None if it may."""
    if anterior.id == posterior.id:
        return "Un criterio homologado no puede superarse a sí mismo."
    if posterior.estado not in ESTADOS_APROBADOS:
        return "Solo un criterio homologado aprobado o publicado puede superar a otro."
    if anterior.estado != "publicado":
        return "Solo se puede superar un criterio homologado publicado."
    if anterior.superado_por_id is not None:
        actual = session.get(CriterioHomologado, anterior.superado_por_id)
        return (
            f"El criterio homologado {anterior.clave} ya está superado por "
            f"{actual.clave if actual else 'otro'}."
        )
    if posterior.superado_por_id is not None:
        return f"El criterio homologado {posterior.clave} ya fue superado; no puede superar a otro."
    if (
        anterior.aprobado_en is not None
        and posterior.aprobado_en is not None
        and posterior.aprobado_en < anterior.aprobado_en
    ):
        return (
            f"{posterior.clave} se aprobó antes que {anterior.clave}: solo un criterio "
            "homologado posterior puede superar a uno anterior."
        )
    return None


def superar(
    *,
    session: Session,
    anterior: CriterioHomologado,
    posterior: CriterioHomologado,
) -> None:
    """Mark ``anterior`` as superseded by ``posterior``; raise TransicionNoPermitida if not.

    Who did it goes to the bitácora, which the route writes.
    """
    error = error_al_superar(anterior, posterior, session)
    if error:
        raise TransicionNoPermitida(error)
    momento = ahora()
    cambiados = session.execute(
        update(CriterioHomologado)
        .where(
            col(CriterioHomologado.id) == anterior.id,
            col(CriterioHomologado.superado_por_id).is_(None),
        )
        .values(superado_por_id=posterior.id, actualizado_en=momento)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not cambiados:
        raise TransicionNoPermitida(OCUPADO)
    anterior.superado_por_id = posterior.id
    anterior.actualizado_en = momento
    session.add(anterior)


# --- Reading ---------------------------------------------------------------------------


def obtener(*, session: Session, id: int, estados: Collection[str]) -> CriterioHomologado | None:
    """Return the criterio homologado ``id`` when its estado is one of ``estados``."""
    criterio = session.get(CriterioHomologado, id)
    return criterio if criterio is not None and criterio.estado in estados else None


def coincide(criterio: CriterioHomologado, texto: str) -> bool:
    """Return whether every word of ``texto`` is in the clave, rubro or texto of ``criterio``.

    Accents and case do not count and words are compared by their stems ("plazos" finds
    "plazo"); the last word, while still being typed, also matches the start of a word.
    """
    documento = " ".join((criterio.clave or "", criterio.rubro, criterio.texto))
    raices = set(terminos(documento))
    buscadas = terminos(texto)
    if not buscadas:
        return True
    palabras = normalizar(documento).split()
    ultima = (normalizar(texto).split() or [""])[-1]
    for numero, raiz in enumerate(buscadas, start=1):
        if any(r.startswith(raiz) for r in raices):
            continue
        es_ultima = numero == len(buscadas) and texto == texto.rstrip()
        if (
            es_ultima
            and len(ultima) >= MINIMO_PARCIAL
            and any(p.startswith(ultima) for p in palabras)
        ):
            continue
        return False
    return True


def buscar(
    *,
    session: Session,
    texto: str | None,
    estado: str = "publicado",
    pagina: int = 1,
    por_pagina: int | None = 25,
) -> Pagina:
    """Return a page of the criterios homologados in ``estado`` that match ``texto``
    (``por_pagina=None``: all of them in one page).

    Published ones come newest first by publication, approved ones by approval. The region
    agrees a few dozen criterios a year, so matching runs over them in Python with the
    comparator's normalization instead of keeping a search table like the criterios'.
    """
    orden = (
        CriterioHomologado.publicado_en if estado == "publicado" else CriterioHomologado.aprobado_en
    )
    consulta = (
        select(CriterioHomologado)
        .where(col(CriterioHomologado.estado) == estado)
        .order_by(col(orden).desc(), col(CriterioHomologado.id).desc())
    )
    encontrados = [c for c in session.exec(consulta) if not texto or coincide(c, texto)]
    por_pagina = por_pagina or max(len(encontrados), 1)
    numero, paginas = paginar(len(encontrados), pagina, por_pagina)
    inicio = (numero - 1) * por_pagina
    return Pagina(
        elementos=encontrados[inicio : inicio + por_pagina],
        total=len(encontrados),
        numero=numero,
        paginas=paginas,
        por_pagina=por_pagina,
    )


@dataclass(frozen=True)
class ArchivoEvidencia:
    """What a page shows of an evidence file (its content stays in the database)."""

    id: int
    nombre_archivo: str
    tipo_mime: str
    tamano: int


@dataclass
class FilaAdhesion:
    """One garante's adhesión with its garante and evidence file."""

    adhesion: Adhesion
    garante: Garante
    archivo: ArchivoEvidencia | None
    # The garante's criterios marked "superado" by this criterio homologado.
    superados: list[Criterio] = field(default_factory=list)


@dataclass
class Ficha:
    """Everything the page, the PDF and the open data say about one criterio homologado."""

    criterio: CriterioHomologado
    punto: PuntoOrden | None
    mesa: Mesa | None
    fuentes: list[tuple[Criterio, Garante]]
    fuentes_ocultas: int
    adhesiones: list[FilaAdhesion]
    superado_por: CriterioHomologado | None
    supera_a: list[CriterioHomologado]

    @property
    def adoptados(self) -> int:
        return sum(1 for f in self.adhesiones if f.adhesion.estado == "adoptado")


def archivos_de_evidencia(*, session: Session, ids: Collection[int]) -> dict[int, ArchivoEvidencia]:
    """Return the evidence files ``ids`` without reading their content."""
    if not ids:
        return {}
    filas = session.exec(
        select(Evidencia.id, Evidencia.nombre_archivo, Evidencia.tipo_mime, Evidencia.tamano).where(
            col(Evidencia.id).in_(list(ids))
        )
    ).all()
    return {id_: ArchivoEvidencia(id_, n, t, s) for id_, n, t, s in filas if id_ is not None}


def adhesiones_de(
    *, session: Session, criterio_ids: Sequence[int]
) -> dict[int, list[FilaAdhesion]]:
    """Return the adhesiones of each criterio homologado, by garante name."""
    if not criterio_ids:
        return {}
    filas = session.exec(
        select(Adhesion, Garante)
        .join(Garante, col(Garante.id) == Adhesion.garante_id)
        .where(col(Adhesion.criterio_homologado_id).in_(list(criterio_ids)))
        .order_by(col(Garante.nombre), col(Garante.id))
    ).all()
    archivos = archivos_de_evidencia(
        session=session, ids={a.evidencia_id for a, _ in filas if a.evidencia_id is not None}
    )
    resultado: dict[int, list[FilaAdhesion]] = {i: [] for i in criterio_ids}
    for adhesion, garante in filas:
        archivo = archivos.get(adhesion.evidencia_id) if adhesion.evidencia_id else None
        resultado[adhesion.criterio_homologado_id].append(FilaAdhesion(adhesion, garante, archivo))
    return resultado


def fuentes_de(
    *, session: Session, criterio_ids: Sequence[int]
) -> dict[int, list[tuple[Criterio, Garante]]]:
    """Return the source criterios of each criterio homologado with their garantes."""
    if not criterio_ids:
        return {}
    filas = session.exec(
        select(FuenteCriterioHomologado.criterio_homologado_id, Criterio, Garante)
        .join(Criterio, col(Criterio.id) == FuenteCriterioHomologado.criterio_id)
        .join(Garante, col(Garante.id) == Criterio.garante_id)
        .where(col(FuenteCriterioHomologado.criterio_homologado_id).in_(list(criterio_ids)))
        .order_by(col(Garante.nombre), col(Criterio.id_externo))
    ).all()
    resultado: dict[int, list[tuple[Criterio, Garante]]] = {i: [] for i in criterio_ids}
    for criterio_homologado_id, criterio, garante in filas:
        resultado[criterio_homologado_id].append((criterio, garante))
    return resultado


def fichas(
    *, session: Session, criterios: Sequence[CriterioHomologado], ocultos: Collection[str]
) -> list[Ficha]:
    """Return the record of each criterio homologado (sources of ``ocultos`` garantes left
    out), in a fixed number of queries whatever the number of criterios."""
    ids = [c.id for c in criterios if c.id is not None]
    if not ids:
        return []
    puntos = {
        p.id: p
        for p in session.exec(
            select(PuntoOrden).where(
                col(PuntoOrden.id).in_(
                    [c.punto_aprobacion_id for c in criterios if c.punto_aprobacion_id]
                )
            )
        )
    }
    mesas = {
        m.id: m
        for m in session.exec(
            select(Mesa).where(col(Mesa.id).in_({p.mesa_id for p in puntos.values()}))
        )
    }
    fuentes = fuentes_de(session=session, criterio_ids=ids)
    adhesiones = adhesiones_de(session=session, criterio_ids=ids)
    superados: dict[tuple[int, str], list[Criterio]] = {}
    for propio, criterio_homologado_id in session.exec(
        select(Criterio, CriterioSuperado.criterio_homologado_id)
        .join(CriterioSuperado, col(CriterioSuperado.criterio_id) == Criterio.id)
        .where(col(CriterioSuperado.criterio_homologado_id).in_(ids))
        .order_by(col(Criterio.id_externo))
    ):
        superados.setdefault((criterio_homologado_id, propio.garante_id), []).append(propio)
    relacionados = {
        c.id: c
        for c in session.exec(
            select(CriterioHomologado).where(
                or_(
                    col(CriterioHomologado.id).in_(
                        [c.superado_por_id for c in criterios if c.superado_por_id]
                    ),
                    col(CriterioHomologado.superado_por_id).in_(ids),
                )
            )
        )
    }
    resultado = []
    for criterio in criterios:
        assert criterio.id is not None
        punto = puntos.get(criterio.punto_aprobacion_id) if criterio.punto_aprobacion_id else None
        todas = fuentes[criterio.id]
        visibles = [(c, g) for c, g in todas if g.id not in ocultos]
        for fila in adhesiones[criterio.id]:
            if fila.garante.id not in ocultos:
                fila.superados = superados.get((criterio.id, fila.garante.id), [])
        resultado.append(
            Ficha(
                criterio=criterio,
                punto=punto,
                mesa=mesas.get(punto.mesa_id) if punto else None,
                fuentes=visibles,
                fuentes_ocultas=len(todas) - len(visibles),
                adhesiones=adhesiones[criterio.id],
                superado_por=(
                    relacionados.get(criterio.superado_por_id) if criterio.superado_por_id else None
                ),
                supera_a=sorted(
                    (r for r in relacionados.values() if r.superado_por_id == criterio.id),
                    key=lambda r: (r.aprobado_en is None, r.aprobado_en, r.id),
                ),
            )
        )
    return resultado


def ficha(
    *, session: Session, criterio_homologado: CriterioHomologado, ocultos: Collection[str]
) -> Ficha:
    """Return the record of one criterio homologado (see ``fichas``)."""
    return fichas(session=session, criterios=[criterio_homologado], ocultos=ocultos)[0]


def ultima_actualizacion(criterio: CriterioHomologado) -> datetime:
    """Return when the public record last changed (publication or a later change)."""
    return max(d for d in (criterio.publicado_en, criterio.actualizado_en) if d is not None)

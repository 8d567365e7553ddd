"""Adhesión of each garante to a criterio homologado, and the criterios it supersedes.

When a mesa approves a criterio homologado every garante of the region gets an adhesión
"pendiente". Its own staff (or the secretaría) records what the garante's plenary decided —
adoptado, adoptado en parte, rechazado — with the date and the garante's own acta or
publication as evidence (a link or a file).

A garante that adopted the criterio homologado can then mark its own criterios listed as
sources "superado" in one step: they leave the comparator's runs (which only read vigente
criterios) and each keeps a ``CriterioSuperado`` row saying by which criterio homologado and
what its vigencia was, so the step can be undone. Only a full adoption supersedes: after a
partial one the garante's criterio still governs what was not adopted, and hiding it from
the comparator would hide a real divergence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, col, select

from criterios.consultas import Pagina, paginar
from criterios.models import Criterio, Garante, ahora, fecha_larga
from criterios.registro import criterio_a_dict, guardar_criterios
from sesiones.errores import TransicionNoPermitida
from sesiones.models import (
    ESTADOS_ADHESION,
    Adhesion,
    CriterioHomologado,
    CriterioSuperado,
    Evidencia,
    FuenteCriterioHomologado,
)
from sesiones.proyectos import ESTADOS_APROBADOS

ETIQUETAS_ADHESION = {
    "pendiente": "Pendiente",
    "adoptado": "Adoptado",
    "rechazado": "Rechazado",
    "parcial": "Adoptado en parte",
}
# What the garante decided needs a date; an adoption also needs the garante's own record.
ESTADOS_CON_FECHA = ("adoptado", "rechazado", "parcial")
ESTADOS_CON_EVIDENCIA = ("adoptado", "parcial")
MAXIMO_NOTA = 2000
MAXIMO_URL = 500  # Adhesion.evidencia_url
MAXIMO_MOTIVO = 40  # CriterioVersion.motivo


class Persona(Protocol):
    """Who acts: an account (``app.models.Usuario``) seen only through what this needs."""

    @property
    def id(self) -> int | None: ...

    @property
    def nombre_visible(self) -> str: ...


def etiqueta(estado: str) -> str:
    """Return how people read an estado de adhesión ("Adoptado en parte")."""
    return ETIQUETAS_ADHESION.get(estado, estado)


# --- Recording a garante's decision ----------------------------------------------------


@dataclass(frozen=True)
class DatosAdhesion:
    """A validated change of an adhesión (the evidence file travels apart)."""

    estado: str
    fecha: date | None
    nota: str | None
    evidencia_url: str | None
    quitar_archivo: bool = False


def error_de_url(url: str) -> str | None:
    """Return why ``url`` is not a usable link to evidence (Spanish), or None."""
    if len(url) > MAXIMO_URL:
        return f"El enlace admite hasta {MAXIMO_URL} caracteres."
    partes = urlsplit(url)
    if partes.scheme.lower() not in ("http", "https") or not partes.hostname:
        return "Escriba un enlace completo que empiece con https:// (o http://)."
    if any(c.isspace() for c in url):
        return "El enlace no puede llevar espacios."
    return None


def validar(
    *,
    estado: str,
    fecha: str,
    nota: str,
    evidencia_url: str,
    archivo_nuevo: bool,
    archivo_actual: bool,
    quitar_archivo: bool,
    hoy: date,
    aprobado: date | None = None,
) -> tuple[DatosAdhesion | None, dict[str, str]]:
    """Return the validated change and no errors, or None and the errors (campo → mensaje).

    ``archivo_nuevo``: a file comes with the form; ``archivo_actual``: the adhesión already
    has one, which ``quitar_archivo`` removes (a new file replaces it anyway). A garante
    resolves between the criterio homologado's approval (``aprobado``) and today.
    """
    errores: dict[str, str] = {}
    estado = estado.strip()
    nota_limpia = nota.strip() or None
    url = evidencia_url.strip() or None
    if estado not in ESTADOS_ADHESION:
        errores["estado"] = "Elija el estado de la adhesión."
    dia: date | None = None
    if estado in ESTADOS_CON_FECHA:
        if not fecha.strip():
            errores["fecha"] = (
                f"Indique la fecha en que el garante resolvió ({etiqueta(estado).lower()})."
            )
        else:
            try:
                dia = date.fromisoformat(fecha.strip())
            except ValueError:
                errores["fecha"] = "Escriba la fecha como AAAA-MM-DD (por ejemplo 2026-11-28)."
            else:
                if dia > hoy:
                    errores["fecha"] = "La fecha no puede ser posterior a hoy."
                elif aprobado is not None and dia < aprobado:
                    errores["fecha"] = (
                        "La fecha no puede ser anterior a la aprobación del criterio "
                        f"homologado ({fecha_larga(aprobado)})."
                    )
    if url is not None and (error := error_de_url(url)):
        errores["evidencia_url"] = error
    con_archivo = archivo_nuevo or (archivo_actual and not quitar_archivo)
    if estado in ESTADOS_CON_EVIDENCIA and url is None and not con_archivo:
        errores["evidencia_url"] = errores.get("evidencia_url") or (
            "Adjunte la evidencia de la adopción: el enlace a la publicación del garante o "
            "el archivo de su acta."
        )
    if estado == "parcial" and nota_limpia is None:
        errores["nota"] = "Explique qué partes del criterio homologado adoptó el garante."
    elif nota_limpia is not None and len(nota_limpia) > MAXIMO_NOTA:
        errores["nota"] = f"La nota admite hasta {MAXIMO_NOTA} caracteres."
    if errores:
        return None, errores
    return DatosAdhesion(
        estado=estado,
        fecha=dia,
        nota=nota_limpia,
        evidencia_url=url,
        quitar_archivo=quitar_archivo and not archivo_nuevo,
    ), {}


@dataclass(frozen=True)
class Cambio:
    """What an update changed: the fields before and after (only those that differ)."""

    antes: dict[str, Any]
    despues: dict[str, Any]

    @property
    def hubo(self) -> bool:
        return bool(self.despues or self.antes)


def _estado_de(adhesion: Adhesion) -> dict[str, Any]:
    return {
        "estado": adhesion.estado,
        "fecha": adhesion.fecha.isoformat() if adhesion.fecha else None,
        "nota": adhesion.nota,
        "evidencia_url": adhesion.evidencia_url,
        "evidencia_id": adhesion.evidencia_id,
    }


def exigir_aprobado(criterio_homologado: CriterioHomologado) -> None:
    """Raise TransicionNoPermitida unless the criterio homologado was approved by a mesa."""
    if criterio_homologado.estado not in ESTADOS_APROBADOS:
        raise TransicionNoPermitida(
            "La adhesión se registra solo en criterios homologados aprobados por una mesa."
        )


def criterios_superados(
    *, session: Session, criterio_homologado_id: int, garante_id: str
) -> list[tuple[Criterio, CriterioSuperado]]:
    """Return ``garante_id``'s criterios marked superado by this criterio homologado."""
    return list(
        session.exec(
            select(Criterio, CriterioSuperado)
            .join(CriterioSuperado, col(CriterioSuperado.criterio_id) == Criterio.id)
            .where(
                CriterioSuperado.criterio_homologado_id == criterio_homologado_id,
                Criterio.garante_id == garante_id,
            )
            .order_by(col(Criterio.id_externo))
        ).all()
    )


def actualizar_adhesion(
    *,
    session: Session,
    criterio_homologado: CriterioHomologado,
    adhesion: Adhesion,
    datos: DatosAdhesion,
    evidencia: Evidencia | None,
    usuario: Persona,
) -> Cambio:
    """Apply ``datos`` (and a new evidence file) to ``adhesion``; return what changed.

    Raises TransicionNoPermitida when the criterio homologado is not approved, or when the
    garante stops adopting it while its own criterios are still marked superado by it.
    """
    exigir_aprobado(criterio_homologado)
    assert criterio_homologado.id is not None
    if (
        adhesion.estado == "adoptado"
        and datos.estado != "adoptado"
        and criterios_superados(
            session=session,
            criterio_homologado_id=criterio_homologado.id,
            garante_id=adhesion.garante_id,
        )
    ):
        raise TransicionNoPermitida(
            "Este garante tiene criterios marcados como superados por este criterio "
            "homologado. Primero devuélvales su vigencia; después cambie la adhesión."
        )
    antes = _estado_de(adhesion)
    adhesion.estado = datos.estado
    adhesion.fecha = datos.fecha if datos.estado in ESTADOS_CON_FECHA else None
    adhesion.nota = datos.nota
    adhesion.evidencia_url = datos.evidencia_url
    if evidencia is not None:
        session.flush()  # gives the new file its id
        adhesion.evidencia_id = evidencia.id
    elif datos.quitar_archivo:
        # The file itself stays: the bitácora names it as the evidence given before.
        adhesion.evidencia_id = None
    despues = _estado_de(adhesion)
    cambiados = {k for k in despues if despues[k] != antes[k]}
    if cambiados:
        adhesion.actualizada_por_id = usuario.id
        adhesion.actualizada_en = ahora()
        session.add(adhesion)
    return Cambio(
        antes={k: antes[k] for k in sorted(cambiados)},
        despues={k: despues[k] for k in sorted(cambiados)},
    )


# --- Superseding the garante's own criterios -------------------------------------------


@dataclass(frozen=True)
class Fuente:
    """A source criterio of the garante and whether the one step would mark it superado."""

    criterio: Criterio
    marcable: bool
    situacion: str


def fuentes_del_garante(
    *, session: Session, criterio_homologado: CriterioHomologado, garante_id: str
) -> list[Fuente]:
    """Return ``garante_id``'s source criterios, each with what marking would do to it."""
    assert criterio_homologado.id is not None
    filas = session.exec(
        select(Criterio, CriterioSuperado)
        .join(FuenteCriterioHomologado, col(FuenteCriterioHomologado.criterio_id) == Criterio.id)
        .join(
            CriterioSuperado,
            col(CriterioSuperado.criterio_id) == Criterio.id,
            isouter=True,
        )
        .where(
            FuenteCriterioHomologado.criterio_homologado_id == criterio_homologado.id,
            Criterio.garante_id == garante_id,
        )
        .order_by(col(Criterio.id_externo))
    ).all()
    fuentes = []
    for criterio, superado in filas:
        if superado is not None and superado.criterio_homologado_id == criterio_homologado.id:
            fuentes.append(
                Fuente(criterio, False, "Ya está superado por este criterio homologado.")
            )
        elif superado is not None:
            otro = session.get(CriterioHomologado, superado.criterio_homologado_id)
            clave = otro.clave if otro else "otro criterio homologado"
            fuentes.append(Fuente(criterio, False, f"Ya está superado por {clave}."))
        elif criterio.vigencia != "vigente":
            fuentes.append(
                Fuente(criterio, False, f"No está vigente ({criterio.vigencia}); no se cambia.")
            )
        else:
            fuentes.append(Fuente(criterio, True, "Pasará a «superado»."))
    return fuentes


def _motivo(criterio_homologado: CriterioHomologado) -> str:
    motivo = f"superado por {criterio_homologado.clave}"
    return motivo if len(motivo) <= MAXIMO_MOTIVO else "superado por criterio homologado"


def marcar_fuentes_superadas(
    *,
    session: Session,
    criterio_homologado: CriterioHomologado,
    garante_id: str,
    usuario: Persona,
) -> list[Criterio]:
    """Mark the garante's vigente source criterios "superado"; return them.

    Each change goes through the register's save (a new version of the criterio, its
    search terms, and the bitácora's entry for the edit).
    """
    exigir_aprobado(criterio_homologado)
    assert criterio_homologado.id is not None
    adhesion = session.get(Adhesion, (criterio_homologado.id, garante_id))
    if adhesion is None or adhesion.estado != "adoptado":
        raise TransicionNoPermitida(
            "Solo se marcan como superados los criterios de un garante que adoptó el "
            "criterio homologado (adhesión «Adoptado»)."
        )
    marcables = [
        f.criterio
        for f in fuentes_del_garante(
            session=session, criterio_homologado=criterio_homologado, garante_id=garante_id
        )
        if f.marcable
    ]
    if not marcables:
        raise TransicionNoPermitida(
            "Este garante no tiene criterios vigentes entre las fuentes de este criterio "
            "homologado; no hay nada que marcar."
        )
    for criterio in marcables:
        assert criterio.id is not None
        session.add(
            CriterioSuperado(
                criterio_id=criterio.id,
                criterio_homologado_id=criterio_homologado.id,
                vigencia_anterior=criterio.vigencia,
                marcado_por_id=usuario.id,
            )
        )
    guardar_criterios(
        session=session,
        registros=[{**criterio_a_dict(c), "vigencia": "superado"} for c in marcables],
        autor=usuario.nombre_visible,
        motivo=_motivo(criterio_homologado),
    )
    return marcables


def restituir_fuentes(
    *,
    session: Session,
    criterio_homologado: CriterioHomologado,
    garante_id: str,
    usuario: Persona,
) -> list[Criterio]:
    """Give the garante's criterios superseded by this one their vigencia back; return them."""
    assert criterio_homologado.id is not None
    filas = criterios_superados(
        session=session, criterio_homologado_id=criterio_homologado.id, garante_id=garante_id
    )
    if not filas:
        raise TransicionNoPermitida(
            "Este garante no tiene criterios marcados como superados por este criterio homologado."
        )
    registros = [
        {**criterio_a_dict(c), "vigencia": s.vigencia_anterior}
        for c, s in filas
        if c.vigencia == "superado"  # changed by hand since: leave it as its staff left it
    ]
    for _, superado in filas:
        session.delete(superado)
    session.flush()
    if registros:
        guardar_criterios(
            session=session,
            registros=registros,
            autor=usuario.nombre_visible,
            motivo="vigencia restituida",
        )
    return [c for c, _ in filas]


# --- The regional view -----------------------------------------------------------------


def progreso(*, session: Session, criterio_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Return, per criterio homologado, (garantes that adopted it, garantes asked)."""
    if not criterio_ids:
        return {}
    filas = session.exec(
        select(Adhesion.criterio_homologado_id, Adhesion.estado, func.count())
        .where(col(Adhesion.criterio_homologado_id).in_(list(criterio_ids)))
        .group_by(col(Adhesion.criterio_homologado_id), col(Adhesion.estado))
    ).all()
    resultado: dict[int, tuple[int, int]] = {}
    for criterio_id, estado, cuantos in filas:
        adoptados, todos = resultado.get(criterio_id, (0, 0))
        resultado[criterio_id] = (
            adoptados + (cuantos if estado == "adoptado" else 0),
            todos + cuantos,
        )
    return resultado


@dataclass
class FilaMatriz:
    """One criterio homologado across the garantes: each one's adhesión and the count."""

    criterio: CriterioHomologado
    por_garante: dict[str, Adhesion]

    @property
    def adoptados(self) -> int:
        return sum(1 for a in self.por_garante.values() if a.estado == "adoptado")

    @property
    def total(self) -> int:
        return len(self.por_garante)


@dataclass
class Matriz:
    """Criterios homologados × garantes with each one's adoption progress."""

    garantes: list[Garante]
    pagina: Pagina  # elementos: FilaMatriz
    # Over every criterio shown (all pages): garante id → (adoptados, adhesiones).
    por_garante: dict[str, tuple[int, int]]
    conteos: dict[str, int]


def matriz_regional(
    *, session: Session, estados: Sequence[str], pagina: int, por_pagina: int | None
) -> Matriz:
    """Return a page of the criterios homologados in ``estados`` (all when ``por_pagina``
    is None; newest approved first) with every garante's adhesión, and each garante's
    progress over all of them."""
    en_estado = col(CriterioHomologado.estado).in_(list(estados))
    total = session.exec(
        select(func.count()).select_from(CriterioHomologado).where(en_estado)
    ).one()
    tamano = max(total, 1) if por_pagina is None else por_pagina
    numero, paginas = paginar(total, pagina, tamano)
    criterios = list(
        session.exec(
            select(CriterioHomologado)
            .where(en_estado)
            .order_by(col(CriterioHomologado.aprobado_en).desc(), col(CriterioHomologado.id).desc())
            .offset((numero - 1) * tamano)
            .limit(por_pagina)  # None: no limit
        )
    )
    ids = [c.id for c in criterios if c.id is not None]
    adhesiones = session.exec(
        select(Adhesion).where(col(Adhesion.criterio_homologado_id).in_(ids))
    ).all()
    por_criterio: dict[int, dict[str, Adhesion]] = {i: {} for i in ids}
    for adhesion in adhesiones:
        por_criterio[adhesion.criterio_homologado_id][adhesion.garante_id] = adhesion
    agregados = session.exec(
        select(Adhesion.garante_id, Adhesion.estado, func.count())
        .join(CriterioHomologado, col(CriterioHomologado.id) == Adhesion.criterio_homologado_id)
        .where(en_estado)
        .group_by(col(Adhesion.garante_id), col(Adhesion.estado))
    ).all()
    por_garante: dict[str, tuple[int, int]] = {}
    conteos = dict.fromkeys(ESTADOS_ADHESION, 0)
    for garante_id, estado, cuantos in agregados:
        adoptados, todos = por_garante.get(garante_id, (0, 0))
        por_garante[garante_id] = (
            adoptados + (cuantos if estado == "adoptado" else 0),
            todos + cuantos,
        )
        conteos[estado] = conteos.get(estado, 0) + cuantos
    garantes = list(
        session.exec(
            select(Garante)
            .where(col(Garante.id).in_(list(por_garante)))
            .order_by(col(Garante.nombre), col(Garante.id))
        )
    )
    filas = [FilaMatriz(c, por_criterio[c.id]) for c in criterios if c.id is not None]
    return Matriz(
        garantes=garantes,
        pagina=Pagina(
            elementos=filas, total=total, numero=numero, paginas=paginas, por_pagina=tamano
        ),
        por_garante=por_garante,
        conteos=conteos,
    )

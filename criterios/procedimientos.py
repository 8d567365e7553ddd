"""Queries on procedimientos: the stage matrix across garantes and its alignment corrections."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from comparador.procedimientos import alinear_etapas
from criterios.csv_seguro import texto_csv
from criterios.models import CorreccionEtapa, Etapa, Garante, Procedimiento
from criterios.models import hoy as fecha_de_hoy
from criterios.registro import etapa_a_dict, procedimiento_a_dict


@dataclass
class Fila:
    """One aligned stage: its label, each garante's cells, and whether plazos diverge."""

    etapa: str
    celdas: dict[str, list[dict[str, Any]]]
    divergente: bool
    explicacion: str


@dataclass
class Grupo:
    """One procedure kind (solicitud de acceso, recurso de revisión, …) and its rows."""

    nombre: str
    filas: list[Fila] = field(default_factory=list)

    @property
    def etiquetas(self) -> list[str]:
        """Return the distinct row labels, for choosing where a stage belongs."""
        # Two rows may share a label; a correction names a label, so offer each once.
        return list(dict.fromkeys(f.etapa for f in self.filas))


@dataclass
class Matriz:
    """The procedures matrix: garantes as columns, one group of rows per procedure kind."""

    garantes: list[Garante]
    grupos: list[Grupo]
    tipos: list[str]


def obtener(*, session: Session, id: int) -> tuple[Procedimiento, list[Etapa]] | None:
    """Return a procedimiento with its etapas in order, or None when it does not exist."""
    procedimiento = session.get(Procedimiento, id)
    if procedimiento is None:
        return None
    etapas = session.exec(
        select(Etapa).where(Etapa.procedimiento_id == id).order_by(col(Etapa.orden))
    ).all()
    return procedimiento, list(etapas)


def existe_id_externo(
    *, session: Session, garante_id: str, id_externo: str, excepto: int | None = None
) -> bool:
    """Return whether the garante already has a procedimiento with this id externo."""
    consulta = select(Procedimiento.id).where(
        Procedimiento.garante_id == garante_id, Procedimiento.id_externo == id_externo
    )
    if excepto is not None:
        consulta = consulta.where(Procedimiento.id != excepto)
    return session.exec(consulta).first() is not None


def garantes_con_procedimientos(
    *,
    session: Session,
    incluir_no_vigentes: bool = False,
    ocultos: Collection[str] = (),
    hoy: date | None = None,
) -> list[Garante]:
    """Return the garantes that have procedimientos (only vigentes unless asked), by name.

    ``ocultos`` are garantes whose catalog the reader may not see.
    """
    hoy = hoy or fecha_de_hoy()
    consulta = (
        select(Garante)
        .where(col(Garante.id).in_(select(Procedimiento.garante_id).distinct()))
        .order_by(func.lower(col(Garante.nombre)))
    )
    garantes = session.exec(consulta).all()
    return [
        g for g in garantes if g.id not in ocultos and (incluir_no_vigentes or g.vigente_en(hoy))
    ]


def correcciones(*, session: Session) -> dict[tuple[str, str, str], str]:
    """Return the stored alignment corrections as {(garante, procedimiento, etapa): fila}."""
    return {
        (c.garante_id, c.procedimiento_id_externo, c.etapa): c.fila
        for c in session.exec(select(CorreccionEtapa))
    }


def guardar_correccion(
    *,
    session: Session,
    garante_id: str,
    procedimiento_id_externo: str,
    etapa: str,
    fila: str,
    autor: str | None = None,
) -> CorreccionEtapa:
    """Return the correction placing this stage in row ``fila``, created or updated."""
    correccion = session.exec(
        select(CorreccionEtapa).where(
            CorreccionEtapa.garante_id == garante_id,
            CorreccionEtapa.procedimiento_id_externo == procedimiento_id_externo,
            CorreccionEtapa.etapa == etapa,
        )
    ).first()
    if correccion is None:
        correccion = CorreccionEtapa(
            garante_id=garante_id,
            procedimiento_id_externo=procedimiento_id_externo,
            etapa=etapa,
            fila=fila,
            autor=autor,
        )
        session.add(correccion)
    else:
        correccion.fila = fila
        correccion.autor = autor
    session.flush()
    return correccion


def quitar_correccion(
    *, session: Session, garante_id: str, procedimiento_id_externo: str, etapa: str
) -> bool:
    """Return whether a correction of this stage existed (it is deleted)."""
    resultado = session.execute(
        delete(CorreccionEtapa).where(
            col(CorreccionEtapa.garante_id) == garante_id,
            col(CorreccionEtapa.procedimiento_id_externo) == procedimiento_id_externo,
            col(CorreccionEtapa.etapa) == etapa,
        )
    )
    return bool(resultado.rowcount)  # type: ignore[attr-defined]


def etapa_existe(
    *, session: Session, garante_id: str, procedimiento_id_externo: str, etapa: str
) -> bool:
    """Return whether the garante's procedimiento has a stage with this name."""
    consulta = (
        select(Etapa.id)
        .join(Procedimiento, col(Procedimiento.id) == col(Etapa.procedimiento_id))
        .where(
            Procedimiento.garante_id == garante_id,
            Procedimiento.id_externo == procedimiento_id_externo,
            Etapa.nombre == etapa,
        )
    )
    return session.exec(consulta).first() is not None


def construir_matriz(
    *,
    session: Session,
    garantes: list[str] | None = None,
    tipo: str | None = None,
    solo_divergentes: bool = False,
    incluir_no_vigentes: bool = False,
    ocultos: Collection[str] = (),
    hoy: date | None = None,
) -> Matriz:
    """Return the matrix of the chosen garantes' procedures, aligned with stored corrections."""
    disponibles = garantes_con_procedimientos(
        session=session, incluir_no_vigentes=incluir_no_vigentes, ocultos=ocultos, hoy=hoy
    )
    columnas = [g for g in disponibles if not garantes or g.id in garantes]
    ids = [g.id for g in columnas]
    procedimientos = session.exec(
        select(Procedimiento)
        .where(col(Procedimiento.garante_id).in_(ids))
        .order_by(col(Procedimiento.garante_id), col(Procedimiento.id_externo))
    ).all()
    etapas: dict[int, list[Etapa]] = {}
    for etapa in session.exec(
        select(Etapa)
        .where(col(Etapa.procedimiento_id).in_([p.id for p in procedimientos]))
        .order_by(col(Etapa.procedimiento_id), col(Etapa.orden))
    ):
        etapas.setdefault(etapa.procedimiento_id, []).append(etapa)
    datos = [procedimiento_a_dict(p, etapas.get(p.id or 0, [])) for p in procedimientos]
    corregidas = correcciones(session=session)
    filas = alinear_etapas(datos, correcciones=corregidas) if datos else []

    # The engine only knows external ids; the page needs links and each stage's fundamento.
    por_clave = {(p.garante_id, p.id_externo): p for p in procedimientos}
    detalle = {
        (p.garante_id, p.id_externo, e.nombre): etapa_a_dict(e)
        for p in procedimientos
        for e in etapas.get(p.id or 0, [])
    }
    grupos: dict[str, Grupo] = {}
    for fila in filas:
        grupo = grupos.setdefault(fila["procedimiento"], Grupo(nombre=fila["procedimiento"]))
        celdas: dict[str, list[dict[str, Any]]] = {}
        for celda in fila["celdas"]:
            clave = (celda["garante"], celda["procedimiento"], celda["etapa"])
            procedimiento = por_clave.get(clave[:2])
            celdas.setdefault(celda["garante"], []).append(
                {
                    **celda,
                    "procedimiento_pk": procedimiento.id if procedimiento else None,
                    "fundamento": detalle.get(clave, {}).get("fundamento"),
                    "corregida": clave in corregidas,
                }
            )
        grupo.filas.append(
            Fila(
                etapa=fila["etapa"],
                celdas=celdas,
                divergente=bool(fila["divergente"]),
                explicacion=fila.get("explicacion") or "",
            )
        )
    tipos = list(grupos)
    elegidos = [g for g in grupos.values() if not tipo or g.nombre == tipo]
    if solo_divergentes:
        for grupo in elegidos:
            grupo.filas = [f for f in grupo.filas if f.divergente]
        elegidos = [g for g in elegidos if g.filas]
    return Matriz(garantes=columnas, grupos=elegidos, tipos=tipos)


def matriz_csv(matriz: Matriz, *, plazo_texto: Callable[[dict[str, Any] | None], str]) -> str:
    """Return the matrix as CSV: one line per row, three columns per garante.

    ``plazo_texto`` writes a plazo dict as text (the web passes its ``plazo_dict`` filter).
    """
    encabezado = ["procedimiento", "etapa", "divergente", "explicación"]
    for garante in matriz.garantes:
        encabezado += [f"{garante.id}: etapa", f"{garante.id}: plazo", f"{garante.id}: ampliación"]
    lineas = [encabezado]
    for grupo in matriz.grupos:
        for fila in grupo.filas:
            linea = [grupo.nombre, fila.etapa, "sí" if fila.divergente else "no", fila.explicacion]
            for garante in matriz.garantes:
                celdas = fila.celdas.get(garante.id, [])
                linea += [
                    "; ".join(c["etapa"] for c in celdas),
                    "; ".join(plazo_texto(c.get("plazo")) for c in celdas),
                    "; ".join(plazo_texto(c.get("ampliacion")) for c in celdas),
                ]
            lineas.append(linea)
    return texto_csv(lineas)


def por_id_externo(*, session: Session, garante_id: str, id_externo: str) -> Procedimiento:
    """Return the garante's procedimiento with this id externo (it must exist)."""
    return session.exec(
        select(Procedimiento).where(
            Procedimiento.garante_id == garante_id, Procedimiento.id_externo == id_externo
        )
    ).one()


def garantes_elegibles(*, session: Session) -> list[Garante]:
    """Return every garante by name, for choosing the owner of a procedimiento."""
    return list(session.exec(select(Garante).order_by(func.lower(col(Garante.nombre)))))

"""Writes to the register: garantes, criterios (with versions) and procedimientos, in batches.

Both the import and the web forms go through these functions, so every change of a
criterio leaves a version and re-saving identical data changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, tuple_
from sqlmodel import Session, col, select

from comparador.normalizacion import terminos
from criterios.models import (
    Criterio,
    CriterioTema,
    CriterioVersion,
    Etapa,
    Garante,
    Procedimiento,
    ahora,
)

CAMPOS_CRITERIO = (
    "clave", "rubro", "texto", "precedentes", "temas", "tipo", "vigencia",
    "fecha_aprobacion", "fuente", "marco_normativo",
)  # fmt: skip
CAMPOS_GARANTE = (
    "nombre", "siglas", "entidad", "region", "sitio", "vigente_desde", "vigente_hasta",
)  # fmt: skip
CAMPOS_FECHA = ("fecha_aprobacion", "vigente_desde", "vigente_hasta")


@dataclass
class Resumen:
    """What a batch write did, counted per kind of record: creados, actualizados, sin cambios."""

    conteos: Counter[tuple[str, str]] = field(default_factory=Counter)

    def contar(self, tipo: str, resultado: str) -> None:
        self.conteos[(tipo, resultado)] += 1

    def de(self, tipo: str, resultado: str) -> int:
        return self.conteos[(tipo, resultado)]

    def lineas(self) -> list[str]:
        """Return one Spanish line per kind of record, e.g. 'criterios: 3 creados, …'."""
        salida = []
        for tipo in ("garantes", "criterios", "procedimientos"):
            creados, actualizados, iguales = (
                self.de(tipo, "creado"), self.de(tipo, "actualizado"), self.de(tipo, "sin cambios")
            )  # fmt: skip
            if creados or actualizados or iguales:
                salida.append(
                    f"{tipo}: {creados} creados, {actualizados} actualizados, {iguales} sin cambios"
                )
        return salida or ["el archivo no contenía registros"]


def _fecha(valor: Any) -> date | None:
    if valor is None or isinstance(valor, date):
        return valor
    return date.fromisoformat(str(valor))


def _iso(valor: date | None) -> str | None:
    return valor.isoformat() if valor else None


def texto_de_busqueda(datos: dict[str, Any]) -> str:
    """Return the indexed search text of a criterio: its stemmed terms padded with spaces."""
    partes = [
        datos.get("clave") or "",
        datos.get("rubro") or "",
        datos.get("texto") or "",
        " ".join(datos.get("temas") or []),
        " ".join(p.get("expediente", "") for p in datos.get("precedentes") or []),
    ]
    return " " + " ".join(terminos(" ".join(partes))) + " "


def criterio_a_dict(criterio: Criterio) -> dict[str, Any]:
    """Return a criterio in the interchange shape (empty fields left out)."""
    datos: dict[str, Any] = {"id": criterio.id_externo, "garante": criterio.garante_id}
    for campo in CAMPOS_CRITERIO:
        valor = getattr(criterio, campo)
        if campo in CAMPOS_FECHA:
            valor = _iso(valor)
        if valor not in (None, "", []):
            datos[campo] = valor
    return datos


def garante_a_dict(garante: Garante) -> dict[str, Any]:
    """Return a garante in the interchange shape (empty fields left out)."""
    datos: dict[str, Any] = {"id": garante.id}
    for campo in CAMPOS_GARANTE:
        valor = getattr(garante, campo)
        if campo in CAMPOS_FECHA:
            valor = _iso(valor)
        if valor not in (None, ""):
            datos[campo] = valor
    return datos


def procedimiento_a_dict(procedimiento: Procedimiento, etapas: Iterable[Etapa]) -> dict[str, Any]:
    """Return a procedimiento with its etapas in the interchange shape."""
    datos: dict[str, Any] = {
        "id": procedimiento.id_externo,
        "garante": procedimiento.garante_id,
        "nombre": procedimiento.nombre,
        "etapas": [etapa_a_dict(e) for e in sorted(etapas, key=lambda e: e.orden)],
    }
    if procedimiento.requisitos:
        datos["requisitos"] = list(procedimiento.requisitos)
    if procedimiento.fundamento:
        datos["fundamento"] = procedimiento.fundamento
    return datos


def etapa_a_dict(etapa: Etapa) -> dict[str, Any]:
    """Return an etapa in the interchange shape."""
    datos: dict[str, Any] = {"nombre": etapa.nombre}
    if etapa.plazo_cantidad is not None and etapa.plazo_unidad:
        datos["plazo"] = {"cantidad": etapa.plazo_cantidad, "unidad": etapa.plazo_unidad}
    if etapa.ampliacion_cantidad is not None and etapa.ampliacion_unidad:
        datos["ampliacion"] = {
            "cantidad": etapa.ampliacion_cantidad,
            "unidad": etapa.ampliacion_unidad,
        }
    if etapa.fundamento:
        datos["fundamento"] = etapa.fundamento
    if etapa.descripcion:
        datos["descripcion"] = etapa.descripcion
    return datos


def guardar_garantes(
    *, session: Session, registros: list[dict[str, Any]], resumen: Resumen | None = None
) -> Resumen:
    """Create or update garantes by id; return the counts."""
    resumen = resumen or Resumen()
    ids = [r["id"] for r in registros]
    existentes = {g.id: g for g in session.exec(select(Garante).where(col(Garante.id).in_(ids)))}
    for registro in registros:
        garante = existentes.get(registro["id"])
        nuevo = {c: registro.get(c) for c in CAMPOS_GARANTE}
        for c in CAMPOS_FECHA:
            if c in nuevo:
                nuevo[c] = _fecha(nuevo[c])
        if garante is None:
            garante = Garante(id=registro["id"], **nuevo)
            session.add(garante)
            existentes[garante.id] = garante
            resumen.contar("garantes", "creado")
        elif all(getattr(garante, c) == v for c, v in nuevo.items()):
            resumen.contar("garantes", "sin cambios")
        else:
            for c, v in nuevo.items():
                setattr(garante, c, v)
            resumen.contar("garantes", "actualizado")
    session.flush()
    return resumen


def guardar_criterios(
    *,
    session: Session,
    registros: list[dict[str, Any]],
    autor: str | None = None,
    motivo: str = "importación",
    resumen: Resumen | None = None,
) -> Resumen:
    """Create or update criterios by (garante, id), versioning every change; return counts."""
    resumen = resumen or Resumen()
    claves = [(r["garante"], r["id"]) for r in registros]
    existentes: dict[tuple[str, str], Criterio] = {}
    for inicio in range(0, len(claves), 500):
        lote = claves[inicio : inicio + 500]
        consulta = select(Criterio).where(
            tuple_(col(Criterio.garante_id), col(Criterio.id_externo)).in_(lote)
        )
        existentes.update({(c.garante_id, c.id_externo): c for c in session.exec(consulta)})
    nuevos: list[tuple[Criterio, dict[str, Any]]] = []
    cambiados: list[tuple[Criterio, dict[str, Any]]] = []
    for registro in registros:
        datos = _limpiar_criterio(registro)
        criterio = existentes.get((datos["garante"], datos["id"]))
        if criterio is None:
            criterio = Criterio(garante_id=datos["garante"], id_externo=datos["id"])
            _aplicar(criterio, datos)
            existentes[(datos["garante"], datos["id"])] = criterio
            nuevos.append((criterio, datos))
            resumen.contar("criterios", "creado")
        elif criterio_a_dict(criterio) == datos:
            resumen.contar("criterios", "sin cambios")
        else:
            _aplicar(criterio, datos)
            criterio.version += 1
            criterio.actualizado_en = ahora()
            cambiados.append((criterio, datos))
            resumen.contar("criterios", "actualizado")
    session.add_all([c for c, _ in nuevos])
    session.flush()
    for criterio, datos in [*nuevos, *cambiados]:
        session.add(
            CriterioVersion(
                criterio_id=criterio.id,  # type: ignore[arg-type]
                numero=criterio.version,
                autor=autor,
                motivo=motivo,
                datos=datos,
            )
        )
    _reemplazar_temas(session, [*nuevos, *cambiados])
    session.flush()
    return resumen


def _limpiar_criterio(registro: dict[str, Any]) -> dict[str, Any]:
    """Return the record with empty optional fields dropped, as ``criterio_a_dict`` gives."""
    datos = {"id": registro["id"], "garante": registro["garante"]}
    for campo in CAMPOS_CRITERIO:
        valor = registro.get(campo)
        if valor not in (None, "", []):
            datos[campo] = valor
    datos.setdefault("vigencia", "vigente")
    return datos


def _aplicar(criterio: Criterio, datos: dict[str, Any]) -> None:
    for campo in CAMPOS_CRITERIO:
        valor = datos.get(campo)
        if campo == "fecha_aprobacion":
            valor = _fecha(valor)
        elif campo in ("temas", "precedentes"):
            valor = list(valor or [])
        setattr(criterio, campo, valor)
    criterio.vigencia = datos.get("vigencia") or "vigente"
    criterio.busqueda = texto_de_busqueda(datos)


def _reemplazar_temas(session: Session, cambios: list[tuple[Criterio, dict[str, Any]]]) -> None:
    ids = [c.id for c, _ in cambios]
    for inicio in range(0, len(ids), 500):
        session.execute(
            delete(CriterioTema).where(
                col(CriterioTema.criterio_id).in_(ids[inicio : inicio + 500])
            )
        )
    session.add_all(
        CriterioTema(criterio_id=c.id, tema=t)  # type: ignore[arg-type]
        for c, datos in cambios
        for t in dict.fromkeys(datos.get("temas") or [])
    )


def guardar_procedimientos(
    *, session: Session, registros: list[dict[str, Any]], resumen: Resumen | None = None
) -> Resumen:
    """Create or replace procedimientos (and their etapas) by (garante, id); return counts."""
    resumen = resumen or Resumen()
    for registro in registros:
        procedimiento = session.exec(
            select(Procedimiento).where(
                Procedimiento.garante_id == registro["garante"],
                Procedimiento.id_externo == registro["id"],
            )
        ).first()
        if procedimiento is None:
            procedimiento = Procedimiento(garante_id=registro["garante"], id_externo=registro["id"])
            _aplicar_procedimiento(procedimiento, registro)
            session.add(procedimiento)
            session.flush()
            _crear_etapas(session, procedimiento, registro["etapas"])
            resumen.contar("procedimientos", "creado")
            continue
        etapas = session.exec(select(Etapa).where(Etapa.procedimiento_id == procedimiento.id))
        actual = procedimiento_a_dict(procedimiento, etapas)
        if actual == _limpiar_procedimiento(registro):
            resumen.contar("procedimientos", "sin cambios")
            continue
        _aplicar_procedimiento(procedimiento, registro)
        procedimiento.actualizado_en = ahora()
        session.execute(delete(Etapa).where(col(Etapa.procedimiento_id) == procedimiento.id))
        _crear_etapas(session, procedimiento, registro["etapas"])
        resumen.contar("procedimientos", "actualizado")
    session.flush()
    return resumen


def _limpiar_procedimiento(registro: dict[str, Any]) -> dict[str, Any]:
    datos: dict[str, Any] = {
        "id": registro["id"],
        "garante": registro["garante"],
        "nombre": registro["nombre"],
        "etapas": [{k: v for k, v in e.items() if v not in (None, "")} for e in registro["etapas"]],
    }
    if registro.get("requisitos"):
        datos["requisitos"] = list(registro["requisitos"])
    if registro.get("fundamento"):
        datos["fundamento"] = registro["fundamento"]
    return datos


def _aplicar_procedimiento(procedimiento: Procedimiento, registro: dict[str, Any]) -> None:
    procedimiento.nombre = registro["nombre"]
    procedimiento.fundamento = registro.get("fundamento") or None
    procedimiento.requisitos = list(registro.get("requisitos") or [])


def _crear_etapas(
    session: Session, procedimiento: Procedimiento, etapas: list[dict[str, Any]]
) -> None:
    for orden, etapa in enumerate(etapas, start=1):
        plazo = etapa.get("plazo") or {}
        ampliacion = etapa.get("ampliacion") or {}
        session.add(
            Etapa(
                procedimiento_id=procedimiento.id,  # type: ignore[arg-type]
                orden=orden,
                nombre=etapa["nombre"],
                plazo_cantidad=plazo.get("cantidad"),
                plazo_unidad=plazo.get("unidad"),
                ampliacion_cantidad=ampliacion.get("cantidad"),
                ampliacion_unidad=ampliacion.get("unidad"),
                fundamento=etapa.get("fundamento") or None,
                descripcion=etapa.get("descripcion") or None,
            )
        )

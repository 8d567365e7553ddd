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

from sqlalchemy import delete, insert, text, tuple_
from sqlmodel import Session, col, select

from comparador.normalizacion import terminos
from criterios.models import (
    Criterio,
    CriterioTema,
    CriterioVersion,
    Etapa,
    Garante,
    Procedimiento,
    TerminoCriterio,
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
LARGO_TERMINO = 60
FILAS_PARA_ANALIZAR = 20_000


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


def terminos_de_busqueda(datos: dict[str, Any]) -> set[str]:
    """Return the search terms of a criterio: the stems of its clave, rubro, texto, temas
    and precedentes, without accents or case (``comparador.normalizacion.terminos``)."""
    partes = [
        datos.get("clave") or "",
        datos.get("rubro") or "",
        datos.get("texto") or "",
        " ".join(datos.get("temas") or []),
        " ".join(p.get("expediente", "") for p in datos.get("precedentes") or []),
    ]
    return {t[:LARGO_TERMINO] for t in terminos(" ".join(partes))}


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
            garante = Garante.model_validate({"id": registro["id"], **nuevo})
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
    """Create or update criterios by (garante, id), versioning every change; return counts.

    New criterios, versions and temas are inserted as plain rows in bulk: building
    10,000 ORM instances costs seconds that an import of a whole register cannot spare.
    """
    resumen = resumen or Resumen()
    existentes = _criterios_existentes(session, [(r["garante"], r["id"]) for r in registros])
    filas_nuevas: dict[tuple[str, str], dict[str, Any]] = {}
    datos_nuevos: dict[tuple[str, str], dict[str, Any]] = {}
    cambiados: list[tuple[Criterio, dict[str, Any]]] = []
    momento = ahora()
    for registro in registros:
        datos = _limpiar_criterio(registro)
        clave = (datos["garante"], datos["id"])
        criterio = existentes.get(clave)
        if criterio is None:
            if clave in filas_nuevas:  # the same record twice in one batch: last one wins
                resumen.contar("criterios", "actualizado")
            else:
                resumen.contar("criterios", "creado")
            filas_nuevas[clave] = {
                "garante_id": datos["garante"],
                "id_externo": datos["id"],
                **_valores(datos),
                "version": 1,
                "actualizado_en": momento,
            }
            datos_nuevos[clave] = datos
        elif criterio_a_dict(criterio) == datos:
            resumen.contar("criterios", "sin cambios")
        else:
            for campo, valor in _valores(datos).items():
                setattr(criterio, campo, valor)
            criterio.version += 1
            criterio.actualizado_en = momento
            cambiados.append((criterio, datos))
            resumen.contar("criterios", "actualizado")
    session.flush()
    versiones: list[tuple[int, int, dict[str, Any]]] = [
        (c.id, c.version, d)  # type: ignore[misc]
        for c, d in cambiados
    ]
    if filas_nuevas:
        insertados = session.execute(
            insert(Criterio).returning(
                col(Criterio.id),
                col(Criterio.garante_id),
                col(Criterio.id_externo),
                sort_by_parameter_order=True,
            ),
            list(filas_nuevas.values()),
        )
        versiones += [(id_, 1, datos_nuevos[(g, i)]) for id_, g, i in insertados]
    if versiones:
        session.execute(
            insert(CriterioVersion),
            [
                {"criterio_id": id_, "numero": numero, "creado_en": momento, "autor": autor,
                 "motivo": motivo, "datos": datos}
                for id_, numero, datos in versiones
            ],
        )  # fmt: skip
    cambios = [(id_, datos) for id_, _, datos in versiones]
    _reemplazar_temas(session, cambios)
    _reemplazar_terminos(session, cambios)
    return resumen


def _criterios_existentes(
    session: Session, claves: list[tuple[str, str]]
) -> dict[tuple[str, str], Criterio]:
    existentes: dict[tuple[str, str], Criterio] = {}
    for inicio in range(0, len(claves), 500):
        lote = claves[inicio : inicio + 500]
        consulta = select(Criterio).where(
            tuple_(col(Criterio.garante_id), col(Criterio.id_externo)).in_(lote)
        )
        existentes.update({(c.garante_id, c.id_externo): c for c in session.exec(consulta)})
    return existentes


def _limpiar_criterio(registro: dict[str, Any]) -> dict[str, Any]:
    """Return the record with empty optional fields dropped, as ``criterio_a_dict`` gives."""
    datos = {"id": registro["id"], "garante": registro["garante"]}
    for campo in CAMPOS_CRITERIO:
        valor = registro.get(campo)
        if valor not in (None, "", []):
            datos[campo] = valor
    datos.setdefault("vigencia", "vigente")
    return datos


def _valores(datos: dict[str, Any]) -> dict[str, Any]:
    """Return the column values of a cleaned criterio record, search text included."""
    valores: dict[str, Any] = {campo: datos.get(campo) for campo in CAMPOS_CRITERIO}
    valores["fecha_aprobacion"] = _fecha(valores["fecha_aprobacion"])
    valores["temas"] = list(valores["temas"] or [])
    valores["precedentes"] = list(valores["precedentes"] or [])
    valores["vigencia"] = valores["vigencia"] or "vigente"
    return valores


def _reemplazar_temas(session: Session, cambios: list[tuple[int, dict[str, Any]]]) -> None:
    ids = [id_ for id_, _ in cambios]
    for inicio in range(0, len(ids), 500):
        lote = ids[inicio : inicio + 500]
        session.execute(delete(CriterioTema).where(col(CriterioTema.criterio_id).in_(lote)))
    filas = [
        {"criterio_id": id_, "tema": tema}
        for id_, datos in cambios
        for tema in dict.fromkeys(datos.get("temas") or [])
    ]
    if filas:
        session.execute(insert(CriterioTema), filas)


def _reemplazar_terminos(session: Session, cambios: list[tuple[int, dict[str, Any]]]) -> None:
    ids = [id_ for id_, _ in cambios]
    for inicio in range(0, len(ids), 500):
        lote = ids[inicio : inicio + 500]
        session.execute(delete(TerminoCriterio).where(col(TerminoCriterio.criterio_id).in_(lote)))
    filas = [
        {"termino": termino, "criterio_id": id_}
        for id_, datos in cambios
        for termino in terminos_de_busqueda(datos)
    ]
    for inicio in range(0, len(filas), 20_000):
        session.execute(insert(TerminoCriterio), filas[inicio : inicio + 20_000])
    if len(filas) >= FILAS_PARA_ANALIZAR and session.get_bind().dialect.name == "postgresql":
        # Until autovacuum catches up, the planner would take a freshly imported term
        # index for tiny and pick nested loops: searches ran 5x slower right after an import.
        session.execute(text("ANALYZE termino_criterio"))


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
            procedimiento = Procedimiento(
                garante_id=registro["garante"], id_externo=registro["id"], nombre=registro["nombre"]
            )
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

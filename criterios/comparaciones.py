"""Comparator runs over the register: the engine's input, a run's lifecycle, its results.

A run reads the register (``entrada_desde_registro``), hands plain data to the pure
engine (``comparador.comparar``) and stores what it found as rows the views can filter
(``guardar_resultados``), carrying earlier human reviews over (``criterios.revisiones``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from criterios.models import (
    Ausencia,
    Comparacion,
    Criterio,
    CriterioTema,
    Divergencia,
    Etapa,
    Garante,
    GrupoCriterio,
    GrupoTematico,
    Procedimiento,
    ReporteComparacion,
    ahora,
)
from criterios.registro import criterio_a_dict, garante_a_dict, procedimiento_a_dict
from criterios.revisiones import aplicar_revisiones_previas

logger = logging.getLogger("homologa")

ETAPA_LECTURA = "Leyendo el registro"
ETAPA_COMPARACION = "Comparando textos"
ETAPA_GUARDADO = "Guardando resultados"
ETAPA_FINAL = "Terminada"

# Rows written per INSERT when storing a run: large enough to be fast, small enough to
# stay under the backends' bound-parameter limits.
LOTE = 1000


@dataclass(frozen=True)
class CriterioComparado:
    """What the run remembers of a criterio it handed to the engine."""

    id: int
    garante_id: str
    id_externo: str
    version: int


@dataclass
class Entrada:
    """The engine's input built from the register, and its ids mapped back to rows."""

    datos: dict[str, Any]
    garantes: list[str]
    criterios: dict[str, CriterioComparado] = field(default_factory=dict)


def entrada_desde_registro(
    *,
    session: Session,
    garantes: list[str] | None = None,
    temas: list[str] | None = None,
    incluir_no_vigentes: bool = False,
) -> Entrada:
    """Return the interchange data of the chosen criterios and procedimientos.

    Criterios are named by ``id_externo``; where two garantes share one, both are
    prefixed with ``garante/`` so that the engine sees unique ids.
    """
    consulta = select(Criterio).order_by(col(Criterio.garante_id), col(Criterio.id_externo))
    if not incluir_no_vigentes:
        consulta = consulta.where(col(Criterio.vigencia) == "vigente")
    if garantes:
        consulta = consulta.where(col(Criterio.garante_id).in_(garantes))
    if temas:
        con_tema = select(CriterioTema.criterio_id).where(col(CriterioTema.tema).in_(temas))
        consulta = consulta.where(col(Criterio.id).in_(con_tema))
    criterios = list(session.exec(consulta))
    repetidos = {i for i, n in Counter(c.id_externo for c in criterios).items() if n > 1}

    entrada = Entrada(datos={"version": "1"}, garantes=[])
    datos_criterios = []
    for criterio in criterios:
        assert criterio.id is not None
        id_motor = criterio.id_externo
        if id_motor in repetidos:
            id_motor = f"{criterio.garante_id}/{criterio.id_externo}"
        entrada.criterios[id_motor] = CriterioComparado(
            criterio.id, criterio.garante_id, criterio.id_externo, criterio.version
        )
        datos_criterios.append({**criterio_a_dict(criterio), "id": id_motor})

    procedimientos = _procedimientos(session=session, garantes=garantes)
    elegidos = set(garantes or []) | {c["garante"] for c in datos_criterios}
    elegidos |= {p["garante"] for p in procedimientos}
    filas = session.exec(select(Garante).where(col(Garante.id).in_(elegidos)).order_by("id"))
    entrada.garantes = sorted(elegidos)
    entrada.datos["garantes"] = [garante_a_dict(g) for g in filas]
    entrada.datos["criterios"] = datos_criterios
    entrada.datos["procedimientos"] = procedimientos
    return entrada


def _procedimientos(*, session: Session, garantes: list[str] | None) -> list[dict[str, Any]]:
    consulta = select(Procedimiento).order_by(
        col(Procedimiento.garante_id), col(Procedimiento.id_externo)
    )
    if garantes:
        consulta = consulta.where(col(Procedimiento.garante_id).in_(garantes))
    procedimientos = list(session.exec(consulta))
    etapas: dict[int, list[Etapa]] = {}
    ids = [p.id for p in procedimientos]
    for etapa in session.exec(select(Etapa).where(col(Etapa.procedimiento_id).in_(ids))):
        etapas.setdefault(etapa.procedimiento_id, []).append(etapa)
    repetidos = {i for i, n in Counter(p.id_externo for p in procedimientos).items() if n > 1}
    salida = []
    for procedimiento in procedimientos:
        datos = procedimiento_a_dict(procedimiento, etapas.get(procedimiento.id or 0, []))
        if procedimiento.id_externo in repetidos:
            datos["id"] = f"{procedimiento.garante_id}/{procedimiento.id_externo}"
        salida.append(datos)
    return salida


def crear_comparacion(
    *,
    session: Session,
    iniciada_por: str | None,
    garantes: list[str] | None = None,
    temas: list[str] | None = None,
    incluir_no_vigentes: bool = False,
) -> Comparacion:
    """Return a new pending run with its parameters (committed, so a worker can pick it up)."""
    comparacion = Comparacion(
        iniciada_por=iniciada_por,
        parametros={
            "garantes": sorted(garantes or []),
            "temas": sorted(temas or []),
            "incluir_no_vigentes": incluir_no_vigentes,
        },
    )
    session.add(comparacion)
    session.commit()
    return comparacion


def marcar_interrumpidas(*, session: Session) -> int:
    """Return how many runs left pending or running by a stopped process were closed."""
    resultado = session.execute(
        update(Comparacion)
        .where(col(Comparacion.estado).in_(("pendiente", "en_curso")))
        .values(
            estado="interrumpida",
            etapa="Interrumpida",
            error="La aplicación se detuvo antes de terminar esta comparación; inicie otra.",
            terminada_en=ahora(),
        )
    )
    session.commit()
    return int(resultado.rowcount or 0)  # type: ignore[attr-defined]


def _avanzar(engine: Engine, comparacion_id: int, **valores: Any) -> None:
    # Each stage is committed on its own so the progress bar sees it while the run goes on.
    with Session(engine) as session:
        session.execute(
            update(Comparacion).where(col(Comparacion.id) == comparacion_id).values(**valores)
        )
        session.commit()


Comparador = Callable[[dict[str, Any], list[str], bool], dict[str, Any]]


def comparar_en_este_proceso(
    datos: dict[str, Any], garantes: list[str], incluir_no_vigentes: bool
) -> dict[str, Any]:
    """Return the engine's report for ``datos`` (picklable, so it can run in a process)."""
    from comparador import Parametros, comparar

    parametros = Parametros(incluir_no_vigentes=incluir_no_vigentes)
    return comparar(datos, garantes=garantes, parametros=parametros)


def ejecutar_comparacion(
    engine: Engine, comparacion_id: int, *, comparador: Comparador = comparar_en_este_proceso
) -> None:
    """Run a stored comparison to its end, recording each stage; failures end as ``fallida``."""
    inicio = time.monotonic()
    etapa = ETAPA_LECTURA
    _avanzar(
        engine, comparacion_id, estado="en_curso", etapa=etapa, progreso=5, iniciada_en=ahora()
    )
    try:
        with Session(engine, expire_on_commit=False) as session:
            comparacion = session.get(Comparacion, comparacion_id)
            assert comparacion is not None
            parametros = comparacion.parametros
            entrada = entrada_desde_registro(
                session=session,
                garantes=parametros.get("garantes") or None,
                temas=parametros.get("temas") or None,
                incluir_no_vigentes=bool(parametros.get("incluir_no_vigentes")),
            )
        con_criterios = {c.garante_id for c in entrada.criterios.values()}
        if len(con_criterios) < 2:
            raise ErrorDeComparacion(
                "Se necesitan criterios de al menos dos garantes para comparar; la selección "
                f"tiene {_garantes_en_texto(len(con_criterios))}."
            )
        etapa = ETAPA_COMPARACION
        _avanzar(engine, comparacion_id, etapa=etapa, progreso=15)
        reporte = comparador(
            entrada.datos, entrada.garantes, bool(parametros.get("incluir_no_vigentes"))
        )
        etapa = ETAPA_GUARDADO
        _avanzar(engine, comparacion_id, etapa=etapa, progreso=80)
        with Session(engine, expire_on_commit=False) as session:
            conteos = guardar_resultados(
                session=session, comparacion_id=comparacion_id, entrada=entrada, reporte=reporte
            )
            comparacion = session.get(Comparacion, comparacion_id)
            assert comparacion is not None
            # The engine's own settings, kept apart from the user's choice of garantes.
            comparacion.parametros = {
                **comparacion.parametros,
                "motor": reporte.get("parametros", {}),
            }
            comparacion.conteos = conteos
            comparacion.estado = "terminada"
            comparacion.etapa = ETAPA_FINAL
            comparacion.progreso = 100
            comparacion.terminada_en = ahora()
            comparacion.duracion_s = round(time.monotonic() - inicio, 2)
            session.add(comparacion)
            session.commit()
    except Exception as exc:
        if isinstance(exc, ErrorDeComparacion):
            mensaje = str(exc)
        else:
            logger.exception("La comparación %s falló en la etapa %s", comparacion_id, etapa)
            mensaje = (
                f"Falló un paso interno en la etapa «{etapa}» ({type(exc).__name__}). "
                "El detalle quedó en el registro de la aplicación; puede intentar de nuevo."
            )
        _avanzar(
            engine,
            comparacion_id,
            estado="fallida",
            etapa=f"Falló: {etapa}",
            error=mensaje,
            terminada_en=ahora(),
            duracion_s=round(time.monotonic() - inicio, 2),
        )


class ErrorDeComparacion(Exception):
    """A run cannot go on for a reason the user can act on (message in Spanish)."""


def _garantes_en_texto(n: int) -> str:
    return "1 garante" if n == 1 else f"{n} garantes"


def guardar_resultados(
    *, session: Session, comparacion_id: int, entrada: Entrada, reporte: dict[str, Any]
) -> dict[str, int]:
    """Store a run's groups, divergences and gaps; return the counts (not committed)."""
    criterios = entrada.criterios
    por_grupo = Counter(d.get("grupo") for d in reporte["divergencias"])
    ausentes = {a["grupo"]: a["garantes"] for a in reporte["ausencias"]}
    filas_grupos = [
        {
            "comparacion_id": comparacion_id,
            "clave": g["id"],
            "tema": g.get("tema") or "Sin tema",
            "garantes": sorted(
                g.get("garantes") or {criterios[c].garante_id for c in g["criterios"]}
            ),
            "n_criterios": len(g["criterios"]),
            "posturas": [
                {"id": p.get("id") or f"postura-{n}", "resumen": p.get("resumen") or ""}
                for n, p in enumerate(g.get("posturas") or [], start=1)
            ],
            "n_posturas": len(g.get("posturas") or []),
            "n_divergencias": por_grupo[g["id"]],
            "n_ausencias": len(ausentes.get(g["id"], [])),
        }
        for g in reporte["grupos"]
    ]
    _insertar(session, GrupoTematico, filas_grupos)
    ids_grupo = dict(
        session.execute(
            select(GrupoTematico.clave, GrupoTematico.id).where(
                GrupoTematico.comparacion_id == comparacion_id
            )
        ).all()
    )

    filas_criterios = []
    for grupo in reporte["grupos"]:
        postura_de = {
            c: p.get("id") or f"postura-{n}"
            for n, p in enumerate(grupo.get("posturas") or [], start=1)
            for c in p["criterios"]
        }
        for id_motor in grupo["criterios"]:
            criterio = criterios[id_motor]
            filas_criterios.append(
                {
                    "grupo_id": ids_grupo[grupo["id"]],
                    "criterio_id": criterio.id,
                    "garante_id": criterio.garante_id,
                    "postura": postura_de.get(id_motor),
                    "version": criterio.version,
                }
            )
    _insertar(session, GrupoCriterio, filas_criterios)

    filas_divergencias = []
    for d in reporte["divergencias"]:
        a, b = criterios[d["a"]], criterios[d["b"]]
        evidencia = d.get("evidencia") or {}
        filas_divergencias.append(
            {
                "comparacion_id": comparacion_id,
                "clave": d.get("id") or f"{d['a']}~{d['b']}",
                "grupo_id": ids_grupo[d["grupo"]],
                "criterio_a_id": a.id,
                "criterio_b_id": b.id,
                "garante_a": a.garante_id,
                "garante_b": b.garante_id,
                "version_a": a.version,
                "version_b": b.version,
                "tipo": d["tipo"],
                "puntaje": float(d.get("puntaje") or 0),
                "explicacion": d["explicacion"],
                "evidencia_a": evidencia.get("a"),
                "evidencia_b": evidencia.get("b"),
                "estado": "pendiente",
            }
        )
    nombres = {c.id: c.id_externo for c in criterios.values()}
    aplicar_revisiones_previas(session=session, filas=filas_divergencias, nombres=nombres)
    _insertar(session, Divergencia, filas_divergencias)

    filas_ausencias = [
        {"comparacion_id": comparacion_id, "grupo_id": ids_grupo[clave], "garante_id": g}
        for clave, garantes in ausentes.items()
        if clave in ids_grupo
        for g in garantes
    ]
    _insertar(session, Ausencia, filas_ausencias)
    session.add(
        ReporteComparacion(
            comparacion_id=comparacion_id,
            contenido=reporte,
            criterios={
                id_motor: {"id": c.id, "garante": c.garante_id, "version": c.version}
                for id_motor, c in criterios.items()
            },
        )
    )
    session.flush()
    return {
        "criterios": len(criterios),
        "garantes": len(entrada.garantes),
        "grupos": len(filas_grupos),
        "divergencias": len(filas_divergencias),
        "ausencias": len(filas_ausencias),
    }


def _insertar(session: Session, tabla: type, filas: list[dict[str, Any]]) -> None:
    for inicio in range(0, len(filas), LOTE):
        session.execute(insert(tabla), filas[inicio : inicio + LOTE])

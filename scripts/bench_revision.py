"""Mide una comparación del registro con 10,000 criterios y las páginas de revisión.

No es una prueba. Genera con semilla fija el corpus sintético de
``scripts/bench_comparador.py`` (9 garantes, temas con posturas y plazos distintos), lo
importa con ``criterios.intercambio`` en una base SQLite nueva (y, con ``--postgres URL``,
en un esquema nuevo de esa base) y mide:

- una corrida completa como la de la web (``ejecutar_comparacion`` con el motor en un
  proceso aparte): leer el registro, comparar, guardar grupos, divergencias y ausencias;
- una segunda corrida después de revisar 500 divergencias (las revisiones se trasladan);
- p50/p95 de ``--peticiones`` peticiones a /grupos, /divergencias (con filtros, páginas,
  fragmentos htmx), un grupo lado a lado, una divergencia y /cobertura, servidas por
  ``homologa serve`` en un subproceso (reusa el servidor y la medición de
  ``scripts/bench_catalogo.py``).

Uso:
    .venv/bin/python scripts/bench_revision.py [--criterios 10000] [--peticiones 200]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
sys.path.insert(0, str(RAIZ / "scripts"))

import bench_catalogo  # noqa: E402
from bench_comparador import generar_corpus  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from app.db import aplicar_migraciones, crear_engine  # noqa: E402
from app.tareas import _comparar_en_proceso_aparte  # noqa: E402
from criterios.comparaciones import crear_comparacion, ejecutar_comparacion  # noqa: E402
from criterios.intercambio import importar, validar  # noqa: E402
from criterios.models import Comparacion, Divergencia, GrupoTematico  # noqa: E402
from criterios.revisiones import revisar  # noqa: E402

OBJETIVO_P95_MS = 150.0
REVISADAS = 500


def correr(engine: Engine) -> dict[str, Any]:
    """Return the timings and counts of one run stored the way the web stores it."""
    tiempos: dict[str, float] = {}

    def motor_medido(datos: dict[str, Any], garantes: list[str], incluir: bool) -> dict[str, Any]:
        inicio = time.perf_counter()
        reporte = _comparar_en_proceso_aparte(datos, garantes, incluir)
        tiempos["motor"] = time.perf_counter() - inicio
        return reporte

    with Session(engine, expire_on_commit=False) as session:
        comparacion = crear_comparacion(session=session, iniciada_por="medición")
    assert comparacion.id is not None
    inicio = time.perf_counter()
    ejecutar_comparacion(engine, comparacion.id, comparador=motor_medido)
    total = time.perf_counter() - inicio
    with Session(engine) as session:
        terminada = session.get(Comparacion, comparacion.id)
        assert terminada is not None
        if terminada.estado != "terminada":
            raise RuntimeError(f"la comparación falló: {terminada.error}")
        return {"total": total, "motor": tiempos["motor"], "conteos": terminada.conteos}


def revisar_algunas(engine: Engine, cantidad: int) -> None:
    """Dismiss or confirm the first ``cantidad`` divergences of the latest run."""
    with Session(engine, expire_on_commit=False) as session:
        divergencias = session.exec(
            select(Divergencia).order_by(col(Divergencia.comparacion_id).desc()).limit(cantidad)
        ).all()
        for n, divergencia in enumerate(divergencias):
            accion = "descartar" if n % 2 else "confirmar"
            revisar(
                session=session,
                divergencia=divergencia,
                accion=accion,
                motivo="Medición." if accion == "descartar" else "",
                revisor="medición",
            )
        session.commit()


def casos(
    claves: list[str], ids: list[int]
) -> dict[str, Callable[[int], tuple[str, dict[str, str]]]]:
    """Return the pages to measure: name -> (request number -> path and headers)."""
    htmx = {"HX-Request": "true"}
    garantes = [f"g{i}" for i in range(1, 10)]
    tipos = ["plazo", "sentido", "requisito", "alcance", "otro"]
    return {
        "/grupos": lambda i: ("/grupos", {}),
        "/grupos, página 10": lambda i: ("/grupos?pagina=10", {}),
        "/grupos?garante=…": lambda i: ("/grupos?garante=" + garantes[i % 9], {}),
        "/grupos?tipo=… (htmx)": lambda i: ("/grupos?tipo=" + tipos[i % 5], htmx),
        "/grupos/{clave}": lambda i: (f"/grupos/{claves[(i * 7919) % len(claves)]}", {}),
        "/divergencias": lambda i: ("/divergencias", {}),
        "/divergencias, página 40": lambda i: ("/divergencias?pagina=40", {}),
        "/divergencias?garante=…": lambda i: ("/divergencias?garante=" + garantes[i % 9], {}),
        "/divergencias?tipo=…&estado=… (htmx)": lambda i: (
            "/divergencias?" + urlencode({"tipo": tipos[i % 5], "estado": "descartada"}),
            htmx,
        ),
        "/divergencias?grupo=…": lambda i: (
            "/divergencias?grupo=" + claves[(i * 7919) % len(claves)],
            {},
        ),
        "/divergencias/{id}": lambda i: (f"/divergencias/{ids[(i * 7919) % len(ids)]}", {}),
        "/cobertura": lambda i: ("/cobertura", {}),
    }


def medir_base(
    etiqueta: str, url: str, engine: Engine, datos: dict[str, Any], args: argparse.Namespace,
    directorio: Path,
) -> list[str]:  # fmt: skip
    """Return the report lines of one backend: migrate, import, run twice, serve, measure."""
    aplicar_migraciones(engine)
    with Session(engine) as session:
        importar(session=session, datos=validar(datos, session=session), autor="medición")
        session.commit()
    primera = correr(engine)
    revisar_algunas(engine, REVISADAS)
    segunda = correr(engine)
    with Session(engine) as session:
        ultima = max(session.exec(select(Comparacion.id)).all(), key=lambda i: i or 0)
        claves = list(
            session.exec(
                select(GrupoTematico.clave)
                .where(GrupoTematico.comparacion_id == ultima)
                .order_by(col(GrupoTematico.id))
            )
        )
        ids = list(
            session.exec(
                select(Divergencia.id)
                .where(Divergencia.comparacion_id == ultima)
                .order_by(col(Divergencia.id))
            )
        )
        trasladadas = len(
            session.exec(
                select(Divergencia.id).where(
                    Divergencia.comparacion_id == ultima, Divergencia.estado != "pendiente"
                )
            ).all()
        )
    engine.dispose()
    with bench_catalogo.servidor(url, directorio) as puerto:
        paginas = bench_catalogo.medir_paginas(puerto, casos(claves, ids), args.peticiones)  # type: ignore[arg-type]
    peor = max(r["p95"] for r in paginas.values())
    c = primera["conteos"]
    return [
        f"### {etiqueta}",
        "",
        f"Registro: {c['criterios']:,} criterios vigentes de {c['garantes']} garantes → "
        f"{c['grupos']:,} grupos, {c['divergencias']:,} divergencias, "
        f"{c['ausencias']:,} ausencias.",
        "",
        "| corrida | total (s) | motor en proceso aparte (s) | leer + guardar (s) |",
        "|---|---:|---:|---:|",
        f"| primera | {primera['total']:.1f} | {primera['motor']:.1f} | "
        f"{primera['total'] - primera['motor']:.1f} |",
        f"| segunda, con {REVISADAS} revisiones que trasladar | {segunda['total']:.1f} | "
        f"{segunda['motor']:.1f} | {segunda['total'] - segunda['motor']:.1f} |",
        "",
        f"Revisiones trasladadas a la segunda corrida: {trasladadas} de {REVISADAS}.",
        "",
        *bench_catalogo._tabla(paginas, args.peticiones),
        "",
        f"p95 más alto: {peor:.1f} ms. Objetivo < {OBJETIVO_P95_MS:.0f} ms: "
        f"{'sí' if peor < OBJETIVO_P95_MS else 'NO'}.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criterios", type=int, default=10_000)
    parser.add_argument("--peticiones", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL", help="también medir en PostgreSQL")
    args = parser.parse_args(argv)

    datos = generar_corpus(args.criterios, rng=random.Random(20261128))
    # Each backend's lines are printed as soon as they are measured (a run takes minutes).
    informe = [f"Medición del {date.today().isoformat()}", "", *bench_catalogo.maquina(None), ""]
    print("\n".join(informe), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-revision-") as temporal:
        directorio = Path(temporal)
        url = f"sqlite:///{directorio / 'revision.db'}"
        lineas = medir_base("SQLite (archivo, WAL)", url, crear_engine(url), datos, args,
                            directorio)  # fmt: skip
        print("\n".join(lineas), flush=True)
        if args.postgres:
            with bench_catalogo.esquema_postgres(args.postgres) as (url_pg, engine_pg):
                lineas = medir_base("PostgreSQL", url_pg, engine_pg, datos, args, directorio)
                print("\n".join(lineas), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

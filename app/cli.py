"""The ``homologa`` console script: serve, importar, exportar, comparar."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.settings import cargar_settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv``; return the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "accion"):
        parser.print_help()
        return 2
    return int(args.accion(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homologa",
        description="Homologa: criterios y procedimientos de las autoridades garantes.",
    )
    sub = parser.add_subparsers(title="órdenes", metavar="ORDEN")

    serve = sub.add_parser("serve", help="aplica migraciones, carga la demostración y sirve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--sin-demo", action="store_true", help="no cargar datos de ejemplo")
    serve.set_defaults(accion=_serve)

    importar = sub.add_parser("importar", help="importa archivos JSON o CSV de intercambio")
    importar.add_argument("archivos", nargs="+", metavar="ARCHIVO", type=Path)
    importar.set_defaults(accion=_importar)

    exportar = sub.add_parser("exportar", help="exporta el registro en formato de intercambio")
    exportar.add_argument("--formato", choices=("json", "csv"), default="json")
    exportar.add_argument("--salida", required=True, help="archivo de salida, o - para la pantalla")
    exportar.set_defaults(accion=_exportar)

    comparar = sub.add_parser("comparar", help="compara criterios y escribe el reporte")
    comparar.add_argument("entrada", type=Path, metavar="ENTRADA.json")
    comparar.add_argument(
        "--salida", required=True, help="archivo del reporte, o - para la pantalla"
    )
    comparar.set_defaults(accion=_comparar)
    return parser


def _error(mensaje: str) -> int:
    print(f"homologa: {mensaje}", file=sys.stderr)
    return 1


def _engine_migrado():  # type: ignore[no-untyped-def]
    from app.db import aplicar_migraciones, crear_engine

    engine = crear_engine(cargar_settings().database_url)
    aplicar_migraciones(engine)
    return engine


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app
    from criterios.demo import cargar_demo_si_vacia

    settings = cargar_settings()
    engine = _engine_migrado()
    if not args.sin_demo and cargar_demo_si_vacia(engine):
        print("Base de datos vacía: se cargaron los datos de ejemplo (ilustrativos).")
    print(f"Homologa en http://{args.host}:{args.port}/  (base de datos: {engine.url!r})")
    uvicorn.run(create_app(settings, engine=engine), host=args.host, port=args.port)
    return 0


def _importar(args: argparse.Namespace) -> int:
    from app.db import sesion
    from criterios.intercambio import ErrorDeFormato, importar, leer_archivo

    engine = _engine_migrado()
    for ruta in args.archivos:
        try:
            with sesion(engine) as session:
                datos = leer_archivo(
                    ruta, max_bytes=cargar_settings().max_subida_bytes, session=session
                )
                resumen = importar(session=session, datos=datos, autor="línea de órdenes")
        except ErrorDeFormato as exc:
            print(f"{ruta}: no se importó nada. Problemas encontrados:", file=sys.stderr)
            for linea in exc.errores:
                print(f"  - {linea}", file=sys.stderr)
            return 1
        print(f"{ruta}:")
        for linea in resumen.lineas():
            print(f"  {linea}")
    return 0


def _exportar(args: argparse.Namespace) -> int:
    from app.db import sesion
    from criterios.intercambio import exportar, exportar_csv

    engine = _engine_migrado()
    with sesion(engine) as session:
        if args.formato == "json":
            contenido = json.dumps(exportar(session=session), ensure_ascii=False, indent=2) + "\n"
        else:
            contenido = exportar_csv(session=session)
    return _escribir(args.salida, contenido)


def _escribir(salida: str, contenido: str) -> int:
    if salida == "-":
        sys.stdout.write(contenido)
        return 0
    try:
        Path(salida).write_text(contenido, encoding="utf-8")
    except OSError as exc:
        return _error(f"no se pudo escribir {salida}: {exc.strerror}")
    return 0


def _comparar(args: argparse.Namespace) -> int:
    from comparador import comparar
    from criterios.intercambio import ErrorDeFormato, leer_archivo

    try:
        datos = leer_archivo(args.entrada, max_bytes=None, exigir_garantes_conocidos=False)
    except ErrorDeFormato as exc:
        print(f"{args.entrada}: no se puede comparar. Problemas encontrados:", file=sys.stderr)
        for linea in exc.errores:
            print(f"  - {linea}", file=sys.stderr)
        return 1
    garantes = {c["garante"] for c in datos["criterios"]}
    garantes |= {p["garante"] for p in datos.get("procedimientos", [])}
    if len(garantes) < 2:
        return _error(
            f"{args.entrada}: se necesitan criterios o procedimientos de al menos dos garantes "
            f"para comparar (el archivo tiene {len(garantes)})."
        )
    reporte = comparar(datos)
    return _escribir(args.salida, json.dumps(reporte, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())

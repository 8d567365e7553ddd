"""The ``homologa`` console script: serve, importar, exportar, comparar, usuarios."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# argparse's own texts (usage, help, errors), in the words a person at the console expects.
ARGPARSE_EN_ESPANOL = {
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan los argumentos obligatorios: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "opción no válida: %(value)r (elija entre %(choices)s)",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite a lo sumo un valor",
    "ambiguous option: %(option)s could match %(matches)s":
        "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se admite junto con %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
}  # fmt: skip


@contextmanager
def _argparse_en_espanol() -> Iterator[None]:
    """Translate argparse's messages while the parser is built and the line is read."""
    # argparse looks its texts up through its module-level gettext alias ``_``; swapping it
    # only for this block leaves argparse untouched for any other user in the process.
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda texto: ARGPARSE_EN_ESPANOL.get(texto, texto)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv``; return the process exit status."""
    with _argparse_en_espanol():
        parser = _parser()
        args = parser.parse_args(argv)
        if not hasattr(args, "accion"):
            # «homologa usuarios» alone shows the help of «usuarios», not the general one.
            getattr(args, "ayuda", parser).print_help()
            return 2
    return int(args.accion(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homologa",
        description="Homologa: criterios y procedimientos de las autoridades garantes.",
    )
    sub = parser.add_subparsers(title="órdenes", metavar="ORDEN")

    serve = sub.add_parser("serve", help="aplica migraciones, carga la demostración y sirve")
    serve.add_argument("--host", default="127.0.0.1", help="dirección donde escuchar")
    serve.add_argument("--port", type=int, default=8000, help="puerto (8000 si se omite)")
    serve.add_argument("--sin-demo", action="store_true", help="no cargar datos de ejemplo")
    serve.set_defaults(accion=_serve)

    importar = sub.add_parser("importar", help="importa archivos JSON o CSV de intercambio")
    importar.add_argument("archivos", nargs="+", metavar="ARCHIVO", type=Path)
    importar.set_defaults(accion=_importar)

    exportar = sub.add_parser("exportar", help="exporta el registro en formato de intercambio")
    exportar.add_argument("--formato", choices=("json", "csv"), default="json")
    exportar.add_argument("--salida", required=True, help="archivo de salida, o - para la pantalla")
    exportar.set_defaults(accion=_exportar)

    usuarios = sub.add_parser("usuarios", help="administra cuentas de usuario")
    usuarios.set_defaults(ayuda=usuarios)
    usuarios_sub = usuarios.add_subparsers(title="órdenes", metavar="ORDEN")
    crear = usuarios_sub.add_parser(
        "crear", help="crea una cuenta e imprime su contraseña de un solo uso"
    )
    crear.add_argument("--correo", required=True)
    crear.add_argument(
        "--rol", required=True, choices=("administrador", "secretaria", "comisionado", "juridico")
    )
    crear.add_argument("--garante", help="id del garante (comisionado y juridico)")
    crear.add_argument("--nombre", default="")
    crear.set_defaults(accion=_usuarios_crear)
    restablecer = usuarios_sub.add_parser(
        "restablecer",
        help="da a una cuenta una nueva contraseña de un solo uso (y la reactiva)",
    )
    restablecer.add_argument("--correo", required=True)
    restablecer.set_defaults(accion=_usuarios_restablecer)

    comparar = sub.add_parser(
        "comparar",
        help="compara criterios y escribe el reporte",
        description="Con ENTRADA.json compara ese archivo sin usar la base de datos. Sin él, "
        "compara el registro y guarda la corrida como las que se inician en la web.",
    )
    comparar.add_argument("entrada", type=Path, metavar="ENTRADA.json", nargs="?")
    comparar.add_argument("--salida", help="archivo del reporte, o - para la pantalla")
    comparar.add_argument("--garante", action="append", help="solo este garante (repetible)")
    comparar.add_argument("--tema", action="append", help="solo este tema (repetible)")
    comparar.add_argument(
        "--incluir-no-vigentes", action="store_true", help="incluir criterios superados"
    )
    comparar.set_defaults(accion=_comparar)
    return parser


def _error(mensaje: str) -> int:
    print(f"homologa: {mensaje}", file=sys.stderr)
    return 1


def _engine_migrado():  # type: ignore[no-untyped-def]
    from app.db import aplicar_migraciones, crear_engine
    from app.settings import cargar_settings

    engine = crear_engine(cargar_settings().database_url)
    aplicar_migraciones(engine)
    return engine


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app
    from app.settings import cargar_settings
    from criterios.demo import cargar_demo_si_vacia

    settings = cargar_settings()
    engine = _engine_migrado()
    if not args.sin_demo and cargar_demo_si_vacia(engine):
        print("Base de datos vacía: se cargaron los datos de ejemplo (ilustrativos).")
        _imprimir_cuentas_de_ejemplo(engine)
        _cargar_mesas_de_ejemplo(engine)
    print(f"Homologa en http://{args.host}:{args.port}/  (base de datos: {engine.url!r})")
    uvicorn.run(create_app(settings, engine=engine), host=args.host, port=args.port)
    return 0


def _imprimir_cuentas_de_ejemplo(engine) -> None:  # type: ignore[no-untyped-def]
    from app.cuentas import crear_cuentas_de_ejemplo
    from app.db import sesion

    with sesion(engine) as session:
        cuentas = crear_cuentas_de_ejemplo(session=session)
        filas = [(u.correo, u.nombre_rol, u.garante_id or "", c) for u, c in cuentas]
    if filas:
        print("Cuentas de ejemplo (contraseñas de un solo uso, se piden cambiar al entrar):")
        anchos = [max(len(fila[i]) for fila in filas) for i in range(3)]
        for *columnas, contrasena in filas:
            alineadas = [texto.ljust(ancho) for texto, ancho in zip(columnas, anchos, strict=True)]
            print("  " + "  ".join([*alineadas, contrasena]))


def _renderizador_de_actas() -> Callable[[dict[str, Any]], str]:
    """Return what turns an acta's data into its HTML outside a request, as on approval."""
    from app.routes.actas import _contexto_acta
    from app.templating import crear_templates

    plantilla = crear_templates().env.get_template("actas/_acta.html")
    return lambda datos: plantilla.render(_contexto_acta(datos))


def _cargar_mesas_de_ejemplo(engine) -> None:  # type: ignore[no-untyped-def]
    """Load the demo mesas, acuerdos and criterios homologados, played by the demo accounts."""
    from sqlmodel import col, select

    from app.cuentas import CUENTAS_DE_EJEMPLO
    from app.db import sesion
    from app.models import Usuario
    from sesiones.demo import cargar_demo_de_sesiones

    correos = [correo for correo, *_ in CUENTAS_DE_EJEMPLO]
    try:
        with sesion(engine) as session:  # rolled back whole if anything fails
            cuentas = session.exec(select(Usuario).where(col(Usuario.correo).in_(correos))).all()
            cargadas = cargar_demo_de_sesiones(
                session=session, cuentas=cuentas, renderizar_acta=_renderizador_de_actas()
            )
    except LookupError as exc:  # the demo accounts or criterios are not all there
        print(f"No se cargaron las mesas de ejemplo: {exc}")
        return
    if cargadas:
        print("Mesas de ejemplo: una concluida con su acta, otra convocada; criterios homologados.")


def _usuarios_crear(args: argparse.Namespace) -> int:
    from app import bitacora
    from app.cuentas import crear_usuario, errores_de_cuenta
    from app.db import sesion

    engine = _engine_migrado()
    with sesion(engine) as session:
        errores = errores_de_cuenta(
            session=session, correo=args.correo, rol=args.rol, garante_id=args.garante
        )
        if errores:
            for mensaje in errores.values():
                print(f"homologa: {mensaje}", file=sys.stderr)
            return 1
        usuario, contrasena = crear_usuario(
            session=session, correo=args.correo, rol=args.rol, garante_id=args.garante,
            nombre=args.nombre,
        )  # fmt: skip
        bitacora.registrar(
            session=session, accion="usuario.crear", usuario_correo="línea de órdenes",
            objeto_tipo="usuario", objeto_id=str(usuario.id),
            resumen=f"Alta de la cuenta {usuario.correo} ({usuario.nombre_rol}).",
        )  # fmt: skip
        correo = usuario.correo
    print(f"Cuenta creada: {correo} ({args.rol}{', ' + args.garante if args.garante else ''}).")
    print(f"Contraseña de un solo uso: {contrasena}")
    print("Entréguela por un medio seguro; se pedirá cambiarla al entrar. No se vuelve a mostrar.")
    return 0


def _usuarios_restablecer(args: argparse.Namespace) -> int:
    from app import bitacora
    from app.cuentas import buscar_por_correo, cambiar_activo, restablecer
    from app.db import sesion

    engine = _engine_migrado()
    with sesion(engine) as session:
        usuario = buscar_por_correo(session=session, correo=args.correo)
        if usuario is None:
            return _error(f"no existe ninguna cuenta con el correo {args.correo}")
        # The way back in for a locked-out administración: the server's console.
        cambiar_activo(session=session, usuario=usuario, activo=True)
        contrasena = restablecer(session=session, usuario=usuario)
        bitacora.registrar(
            session=session, accion="usuario.restablecer", usuario_correo="línea de órdenes",
            objeto_tipo="usuario", objeto_id=str(usuario.id),
            resumen=f"Nueva contraseña de un solo uso para {usuario.correo}; cuenta activa.",
        )  # fmt: skip
        correo = usuario.correo
    print(f"Cuenta {correo}: activa, con sus sesiones cerradas.")
    print(f"Contraseña de un solo uso: {contrasena}")
    return 0


def _importar(args: argparse.Namespace) -> int:
    from app.db import sesion
    from app.settings import cargar_settings
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


def _escribir(salida: str, contenido: str | bytes) -> int:
    """Write text, or UTF-8 bytes, to the file ``salida`` or to stdout; return the status."""
    if salida == "-":
        if isinstance(contenido, str):
            sys.stdout.write(contenido)
        else:  # already UTF-8: flush any pending text, then write beneath it
            sys.stdout.flush()
            sys.stdout.buffer.write(contenido)
            sys.stdout.buffer.flush()
        return 0
    try:
        if isinstance(contenido, str):
            Path(salida).write_text(contenido, encoding="utf-8")
        else:
            Path(salida).write_bytes(contenido)
    except OSError as exc:
        return _error(f"no se pudo escribir {salida}: {exc.strerror}")
    return 0


def _comparar(args: argparse.Namespace) -> int:
    from comparador import comparar
    from criterios.lectura_intercambio import ErrorDeFormato, leer_archivo

    if args.entrada is None:
        return _comparar_registro(args)
    if not args.salida:
        return _error("con un archivo de entrada hace falta --salida (un archivo, o -).")

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
    return _escribir(args.salida, _reporte_json(comparar(datos)))


def _reporte_json(reporte: dict) -> bytes:  # type: ignore[type-arg]
    """Return a comparison report as UTF-8 JSON indented by two spaces, ending in a newline.

    orjson writes the 30 MB report of 40,000 criteria in a tenth of a second, and
    straight to bytes; json.dumps took most of a second and a text copy of the report.
    """
    import orjson

    return orjson.dumps(reporte, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _comparar_registro(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from app import bitacora
    from app.db import sesion
    from criterios.comparaciones import crear_comparacion, ejecutar_comparacion
    from criterios.models import Comparacion, ReporteComparacion

    engine = _engine_migrado()
    with sesion(engine) as session:
        comparacion = crear_comparacion(
            session=session,
            iniciada_por="línea de órdenes",
            garantes=args.garante,
            temas=args.tema,
            incluir_no_vigentes=args.incluir_no_vigentes,
        )
        bitacora.registrar(
            session=session,
            accion="comparacion.iniciar",
            usuario_correo="línea de órdenes",
            objeto_tipo="comparacion",
            objeto_id=str(comparacion.id),
            resumen=f"Inicio de la comparación {comparacion.id} (línea de órdenes).",
            detalles=comparacion.parametros,
        )
    assert comparacion.id is not None
    print(f"Comparación {comparacion.id}: comparando el registro…", file=sys.stderr)
    ejecutar_comparacion(engine, comparacion.id)
    with Session(engine) as session:
        terminada = session.get(Comparacion, comparacion.id)
        assert terminada is not None
        if terminada.estado != "terminada":
            return _error(f"la comparación {comparacion.id} falló: {terminada.error}")
        c = terminada.conteos
        print(
            f"Comparación {terminada.id} terminada en {terminada.duracion_s} s: "
            f"{c['criterios']} criterios de {c['garantes']} garantes, {c['grupos']} grupos, "
            f"{c['divergencias']} divergencias, {c['ausencias']} ausencias."
        )
        reporte = session.get(ReporteComparacion, comparacion.id)
        if args.salida and reporte is not None:
            return _escribir(args.salida, _reporte_json(reporte.contenido))
    return 0


if __name__ == "__main__":
    sys.exit(main())

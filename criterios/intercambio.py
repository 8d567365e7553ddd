"""The interchange format: read, validate, import and export garantes, criterios, procedimientos.

Every problem of a file is collected and reported at once, in Spanish and with its place
(``criterio 17 (jal-07): falta el campo "texto"``); nothing is written unless the whole file
is valid. The CSV layout lives in ``criterios.csv_intercambio``.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from sqlmodel import Session, col, select

from criterios import csv_intercambio
from criterios.models import Criterio, Etapa, Garante, Procedimiento
from criterios.registro import (
    Resumen,
    criterio_a_dict,
    garante_a_dict,
    guardar_criterios,
    guardar_garantes,
    guardar_procedimientos,
    procedimiento_a_dict,
)

ESQUEMA: dict[str, Any] = json.loads(
    resources.files("criterios").joinpath("esquemas/intercambio.schema.json").read_text("utf-8")
)
# Built once: compiling the validator costs more than validating a small file.
_VALIDADOR = Draft202012Validator(ESQUEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

SECCIONES = ("garantes", "criterios", "procedimientos")
SINGULAR = {
    "garantes": "garante",
    "criterios": "criterio",
    "procedimientos": "procedimiento",
    "precedentes": "precedente",
    "etapas": "etapa",
}
TIPOS_JSON = {
    "string": "texto",
    "array": "una lista",
    "object": "un objeto",
    "integer": "un número entero",
    "number": "un número",
    "boolean": "verdadero o falso",
    "null": "vacío (null)",
}

# A sort key and a message; keys put the problems in the order of the file.
Problema = tuple[tuple[int, int, int], str]
LugarDeRegistro = Callable[[str, int, str], str]


class ErrorDeFormato(Exception):
    """A file that cannot be imported; ``errores`` lists every problem in Spanish."""

    def __init__(self, errores: list[str] | str) -> None:
        self.errores = [errores] if isinstance(errores, str) else list(errores)
        super().__init__(self.errores[0] if len(self.errores) == 1 else "; ".join(self.errores))


def lugar_en_json(seccion: str, indice: int, ident: str) -> str:
    """Return the place of a record of a JSON file, e.g. 'criterio 17 (jal-07)'."""
    return f"{SINGULAR[seccion]} {indice + 1} ({ident})"


# ---------------------------------------------------------------- reading


def leer_archivo(
    ruta: Path,
    *,
    max_bytes: int | None,
    session: Session | None = None,
    exigir_garantes_conocidos: bool = True,
) -> dict[str, Any]:
    """Return the validated data of the JSON or CSV file at ``ruta``; raise ErrorDeFormato."""
    ruta = Path(ruta)
    if not ruta.exists():
        raise ErrorDeFormato(f"no existe el archivo {ruta}")
    if not ruta.is_file():
        raise ErrorDeFormato(f"{ruta} no es un archivo")
    # Check the size before reading, so a huge file is refused without loading it.
    _revisar_tamano(ruta.stat().st_size, max_bytes)
    try:
        contenido = ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeFormato(f"no se pudo leer el archivo {ruta}: {exc.strerror}") from exc
    return leer_bytes(
        contenido,
        ruta.name,
        session=session,
        max_bytes=max_bytes,
        exigir_garantes_conocidos=exigir_garantes_conocidos,
    )


def leer_bytes(
    contenido: bytes,
    nombre: str,
    *,
    session: Session | None = None,
    max_bytes: int | None,
    exigir_garantes_conocidos: bool = True,
) -> dict[str, Any]:
    """Return the validated data of an uploaded JSON or CSV file; raise ErrorDeFormato."""
    _revisar_tamano(len(contenido), max_bytes)
    texto = _decodificar(contenido)
    if not texto.strip():
        raise ErrorDeFormato("el archivo está vacío")
    inicio = texto.lstrip()[:1]
    # The content decides the format; the name only helps to explain a broken JSON file.
    if inicio in "{[" or (
        nombre.lower().endswith(".json") and not csv_intercambio.parece_csv(texto)
    ):
        return validar(
            _cargar_json(texto),
            session=session,
            exigir_garantes_conocidos=exigir_garantes_conocidos,
        )
    if not csv_intercambio.parece_csv(texto):
        raise ErrorDeFormato(
            "el archivo no es JSON ni CSV de intercambio: se esperaba un objeto JSON o un CSV "
            f"cuyo encabezado tenga las columnas {', '.join(csv_intercambio.COLUMNAS)}"
        )
    return _leer_csv(texto, session=session, exigir_garantes_conocidos=exigir_garantes_conocidos)


def _leer_csv(
    texto: str, *, session: Session | None, exigir_garantes_conocidos: bool
) -> dict[str, Any]:
    if errores := csv_intercambio.errores_de_encabezado(texto):
        raise ErrorDeFormato(errores)
    try:
        datos, filas, problemas = csv_intercambio.leer_csv(texto)
    except csv.Error as exc:
        raise ErrorDeFormato(f"el CSV no es válido en la {exc}") from exc

    def lugar_en_csv(seccion: str, indice: int, ident: str) -> str:
        # Rows are numbered as a spreadsheet shows them: the header is row 1.
        return f"fila {filas[indice]} ({ident})"

    previos: list[Problema] = [
        ((1, indice, -1), f"{lugar_en_csv('criterios', indice, ident)}: {mensaje}")
        for indice, ident, mensaje in problemas
    ]
    return _validar(
        datos,
        session=session,
        exigir_garantes_conocidos=exigir_garantes_conocidos,
        lugar=lugar_en_csv,
        previos=previos,
        sin_garantes="(un CSV no puede crear garantes: regístrelos antes o use JSON)",
    )


def _tamano(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB" if n >= 1024 else f"{n} bytes"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def mensaje_de_tamano(tamano: int, max_bytes: int) -> str:
    """Return the message for a file over the size limit, e.g. 'el archivo pesa 25 MB; …'."""
    pesa, limite = _tamano(tamano), _tamano(max_bytes)
    if pesa == limite:  # rounding hid the difference
        pesa, limite = f"{tamano:,} bytes", f"{max_bytes:,} bytes"
    return f"el archivo pesa {pesa}; el límite es {limite}"


def _revisar_tamano(tamano: int, max_bytes: int | None) -> None:
    if max_bytes is not None and tamano > max_bytes:
        raise ErrorDeFormato(mensaje_de_tamano(tamano, max_bytes))


def _decodificar(contenido: bytes) -> str:
    """Return the text of a UTF-8 file (with or without BOM); never guess another encoding."""
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = contenido[: exc.start].count(b"\n") + 1
        raise ErrorDeFormato(
            f"el archivo no está en UTF-8 (byte no válido en la línea {linea}); "
            "guárdelo con codificación UTF-8 (en Excel: «CSV UTF-8») e inténtelo de nuevo"
        ) from exc


_SINTAXIS_JSON = {
    "Expecting value": "se esperaba un valor",
    "Expecting ',' delimiter": "falta una coma",
    "Expecting ':' delimiter": "faltan los dos puntos después del nombre del campo",
    "Expecting property name enclosed in double quotes": (
        "se esperaba el nombre de un campo entre comillas dobles"
    ),
    "Unterminated string starting at": "hay un texto sin comillas de cierre",
    "Invalid control character at": "hay un carácter de control dentro de un texto",
    "Invalid \\escape": "hay una secuencia de escape no válida",
    "Extra data": "hay contenido después del final del documento",
    "Illegal trailing comma before end of object": "sobra una coma antes de cerrar el objeto",
    "Illegal trailing comma before end of array": "sobra una coma antes de cerrar la lista",
}


def _cargar_json(texto: str) -> Any:
    try:
        return json.loads(texto)
    except json.JSONDecodeError as exc:
        motivo = _SINTAXIS_JSON.get(exc.msg, "la sintaxis no es válida")
        raise ErrorDeFormato(
            f"el archivo JSON no es válido: {motivo} (línea {exc.lineno}, columna {exc.colno})"
        ) from exc


# ---------------------------------------------------------------- validation


def validar(
    datos: Any, *, session: Session | None = None, exigir_garantes_conocidos: bool = True
) -> dict[str, Any]:
    """Return ``datos`` when it is a valid interchange document; raise ErrorDeFormato.

    Garantes named by criterios and procedimientos must be in the file or, with a session,
    already registered; ``exigir_garantes_conocidos=False`` skips that check (comparisons).
    """
    return _validar(
        datos,
        session=session,
        exigir_garantes_conocidos=exigir_garantes_conocidos,
        lugar=lugar_en_json,
        previos=[],
    )


def _validar(
    datos: Any,
    *,
    session: Session | None,
    exigir_garantes_conocidos: bool,
    lugar: LugarDeRegistro,
    previos: list[Problema],
    sin_garantes: str = "ni está en el archivo",
) -> dict[str, Any]:
    problemas = list(previos)
    for numero, error in enumerate(_VALIDADOR.iter_errors(datos)):
        problemas.extend(_traducir(error, datos, lugar, numero))
    if isinstance(datos, dict):
        problemas.extend(_duplicados(datos, lugar))
        if exigir_garantes_conocidos:
            problemas.extend(_garantes_desconocidos(datos, session, lugar, sin_garantes))
        problemas.extend(_vigencias(datos, lugar))
        if not problemas and not any(datos.get(s) for s in SECCIONES):
            problemas.append(((-1, 0, 0), "el archivo no contiene criterios"))
    if problemas:
        problemas.sort(key=lambda p: p[0])
        raise ErrorDeFormato([mensaje for _, mensaje in problemas])
    return datos


def _registros(datos: dict[str, Any], seccion: str) -> Iterable[tuple[int, dict[str, Any], str]]:
    """Yield (index, record, id) for the well-formed records of a section."""
    registros = datos.get(seccion)
    if not isinstance(registros, list):
        return
    for indice, registro in enumerate(registros):
        if isinstance(registro, dict) and isinstance(registro.get("id"), str):
            yield indice, registro, registro["id"]


def _ident(datos: Any, seccion: str, indice: int) -> str:
    try:
        ident = datos[seccion][indice].get("id")
    except (AttributeError, IndexError, KeyError, TypeError):
        return "sin id"
    return ident if isinstance(ident, str) and ident else "sin id"


def _traducir(
    error: ValidationError, datos: Any, lugar: LugarDeRegistro, numero: int
) -> list[Problema]:
    """Return the Spanish messages for one schema error, with their place and sort key."""
    ruta = list(error.absolute_path)
    partes_lugar: list[str] = []
    clave = (-1, 0, numero)
    if len(ruta) >= 2 and ruta[0] in SECCIONES and isinstance(ruta[1], int):
        seccion, indice = ruta[0], ruta[1]
        partes_lugar.append(lugar(seccion, indice, _ident(datos, seccion, indice)))
        clave = (SECCIONES.index(seccion), indice, numero)
        ruta = ruta[2:]
    campos: list[str] = []
    elemento = ""
    pasos = iter(enumerate(ruta))
    for posicion, paso in pasos:
        siguiente = ruta[posicion + 1] if posicion + 1 < len(ruta) else None
        if isinstance(paso, str) and paso in SINGULAR and isinstance(siguiente, int):
            partes_lugar.append(f"{SINGULAR[paso]} {siguiente + 1}")
            next(pasos)
        elif isinstance(paso, str):
            campos.append(paso)
        else:
            elemento = f" (elemento {paso + 1})"
    prefijo = ", ".join(partes_lugar)
    mensajes = _mensajes(error, ".".join(campos), elemento, raiz=not ruta and not partes_lugar)
    return [(clave, f"{prefijo}: {m}" if prefijo else m) for m in mensajes]


def _mensajes(error: ValidationError, campo: str, elemento: str, *, raiz: bool) -> list[str]:
    """Return the Spanish text of a schema error about ``campo`` (without its place)."""
    nombre = f'"{campo}"{elemento}' if campo else "el registro"
    valor = error.instance
    regla = error.validator
    if regla == "required":
        faltan = [p for p in error.validator_value if isinstance(valor, dict) and p not in valor]
        if raiz:
            return [f'falta la lista "{p}"' for p in faltan]
        return [f'falta el campo "{_junto(campo, p)}"' for p in faltan]
    if regla == "additionalProperties":
        permitidos = error.schema.get("properties", {})
        sobran = [k for k in valor if k not in permitidos]
        donde = " en el archivo" if raiz else ""
        return [f'el campo "{_junto(campo, k)}" no está permitido{donde}' for k in sobran]
    if regla == "format":
        return [f'{nombre} no es una fecha válida (AAAA-MM-DD): "{valor}"']
    if regla == "enum":
        opciones = ", ".join(str(o) for o in error.validator_value)
        return [f"{nombre} debe ser uno de: {opciones} (dice {_corto(valor)})"]
    if regla == "type":
        if raiz:
            return ['el archivo debe ser un objeto JSON con la lista "criterios"']
        tipos = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        return [f"{nombre} debe ser {' o '.join(TIPOS_JSON.get(t, t) for t in tipos)}"]
    if regla == "minLength":
        if error.validator_value == 1:
            return [f"{nombre} no puede estar vacío"]
        return [f"{nombre} debe tener al menos {error.validator_value} caracteres"]
    if regla == "maxLength":
        return [f"{nombre} admite a lo más {error.validator_value} caracteres (tiene {len(valor)})"]
    if regla == "pattern":
        return [
            f"{nombre} no es un identificador válido: {_corto(valor)} (use de 1 a 40 minúsculas "
            'sin acentos, dígitos, "-" o "_", empezando por letra o dígito)'
        ]
    if regla == "const":
        return [f'{nombre} debe ser "{error.validator_value}" (dice {_corto(valor)})']
    if regla == "minimum":
        return [f"{nombre} debe ser mayor o igual que {error.validator_value}"]
    return [f"{nombre}: {error.message}"]


def _junto(campo: str, nombre: str) -> str:
    return f"{campo}.{nombre}" if campo else nombre


def _corto(valor: Any) -> str:
    texto = json.dumps(valor, ensure_ascii=False)
    return texto if len(texto) <= 60 else texto[:57] + "…"


def _duplicados(datos: dict[str, Any], lugar: LugarDeRegistro) -> list[Problema]:
    """Return a problem for each record whose identity already appeared in the file."""
    problemas: list[Problema] = []
    for seccion in SECCIONES:
        vistos: dict[Any, int] = {}
        for indice, registro, ident in _registros(datos, seccion):
            identidad = ident if seccion == "garantes" else (registro.get("garante"), ident)
            if identidad in vistos:
                primero = lugar(seccion, vistos[identidad], ident).rsplit(" (", 1)[0]
                de_garante = (
                    "" if seccion == "garantes" else f' del garante "{registro.get("garante")}"'
                )
                problemas.append((
                    (SECCIONES.index(seccion), indice, -1),
                    f'{lugar(seccion, indice, ident)}: el id "{ident}"{de_garante} está repetido '
                    f"(primera aparición: {primero})",
                ))  # fmt: skip
            else:
                vistos[identidad] = indice
    return problemas


def _garantes_desconocidos(
    datos: dict[str, Any], session: Session | None, lugar: LugarDeRegistro, sin_garantes: str
) -> list[Problema]:
    """Return a problem for each record whose garante is neither in the file nor registered."""
    en_archivo = {ident for _, _, ident in _registros(datos, "garantes")}
    referencias = [
        (seccion, indice, ident, registro["garante"])
        for seccion in ("criterios", "procedimientos")
        for indice, registro, ident in _registros(datos, seccion)
        if isinstance(registro.get("garante"), str)
    ]
    faltan = sorted({g for *_, g in referencias} - en_archivo)
    registrados: set[str] = set()
    if session is not None and faltan:
        for inicio in range(0, len(faltan), 500):
            consulta = select(Garante.id).where(col(Garante.id).in_(faltan[inicio : inicio + 500]))
            registrados.update(session.exec(consulta))
    desconocidos = set(faltan) - registrados
    return [
        ((SECCIONES.index(seccion), indice, -1),
         f'{lugar(seccion, indice, ident)}: el garante "{garante}" no existe {sin_garantes}')
        for seccion, indice, ident, garante in referencias
        if garante in desconocidos
    ]  # fmt: skip


def _vigencias(datos: dict[str, Any], lugar: LugarDeRegistro) -> list[Problema]:
    """Return a problem for each garante whose vigencia ends before it starts."""
    problemas: list[Problema] = []
    for indice, registro, ident in _registros(datos, "garantes"):
        desde, hasta = registro.get("vigente_desde"), registro.get("vigente_hasta")
        # ISO dates compare correctly as text; malformed ones are reported by the schema.
        if isinstance(desde, str) and isinstance(hasta, str) and hasta < desde:
            problemas.append((
                (0, indice, -1),
                f'{lugar("garantes", indice, ident)}: "vigente_hasta" ({hasta}) es anterior '
                f'a "vigente_desde" ({desde})',
            ))  # fmt: skip
    return problemas


# ---------------------------------------------------------------- import and export


def importar(*, session: Session, datos: dict[str, Any], autor: str | None = None) -> Resumen:
    """Write validated data in the caller's transaction; return what was created or changed.

    ``datos`` must come from ``validar``/``leer_*``: validation happens before any write.
    """
    resumen = Resumen()
    if datos.get("garantes"):
        guardar_garantes(session=session, registros=datos["garantes"], resumen=resumen)
    if datos.get("criterios"):
        guardar_criterios(
            session=session,
            registros=datos["criterios"],
            autor=autor,
            motivo="importación",
            resumen=resumen,
        )
    if datos.get("procedimientos"):
        guardar_procedimientos(session=session, registros=datos["procedimientos"], resumen=resumen)
    return resumen


def exportar(
    *, session: Session, garante: str | None = None, ocultos: Collection[str] = ()
) -> dict[str, Any]:
    """Return the register (or one garante's part) as an interchange document.

    ``ocultos`` names garantes left out entirely (catalogs the reader may not see).
    """
    garantes = select(Garante).order_by(col(Garante.id))
    procedimientos = select(Procedimiento).order_by(
        col(Procedimiento.garante_id), col(Procedimiento.id_externo)
    )
    etapas = (
        select(Etapa).join(Procedimiento).order_by(col(Etapa.procedimiento_id), col(Etapa.orden))
    )
    if garante is not None:
        garantes = garantes.where(Garante.id == garante)
        procedimientos = procedimientos.where(Procedimiento.garante_id == garante)
        etapas = etapas.where(Procedimiento.garante_id == garante)
    if ocultos:
        garantes = garantes.where(col(Garante.id).not_in(list(ocultos)))
        procedimientos = procedimientos.where(col(Procedimiento.garante_id).not_in(list(ocultos)))
        etapas = etapas.where(col(Procedimiento.garante_id).not_in(list(ocultos)))
    etapas_de: dict[int | None, list[Etapa]] = defaultdict(list)
    for etapa in session.exec(etapas):
        etapas_de[etapa.procedimiento_id].append(etapa)
    return {
        "version": "1",
        "garantes": [garante_a_dict(g) for g in session.exec(garantes)],
        "criterios": _criterios(session=session, garante=garante, ocultos=ocultos),
        "procedimientos": [
            procedimiento_a_dict(p, etapas_de[p.id]) for p in session.exec(procedimientos)
        ],
    }


def exportar_csv(
    *, session: Session, garante: str | None = None, ocultos: Collection[str] = ()
) -> str:
    """Return the criterios (of one garante, or all) in the documented CSV layout."""
    return csv_intercambio.escribir_csv(
        _criterios(session=session, garante=garante, ocultos=ocultos)
    )


def _criterios(
    *, session: Session, garante: str | None, ocultos: Collection[str]
) -> list[dict[str, Any]]:
    consulta = select(Criterio).order_by(col(Criterio.garante_id), col(Criterio.id_externo))
    if garante is not None:
        consulta = consulta.where(Criterio.garante_id == garante)
    if ocultos:
        consulta = consulta.where(col(Criterio.garante_id).not_in(list(ocultos)))
    return [criterio_a_dict(c) for c in session.exec(consulta)]

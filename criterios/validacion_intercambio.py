"""Validation of interchange documents, with every problem in Spanish and in its place.

The JSON schema says what a record looks like; its errors are translated here into
messages such as ``criterio 17 (jal-07): falta el campo "texto"``. Checks the schema cannot
express (repeated ids, unknown garantes, vigencias that end before they start) follow.
Reading files and writing the register live in ``criterios.intercambio``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from sqlmodel import Session

ESQUEMA: dict[str, Any] = json.loads(
    resources.files("criterios").joinpath("esquemas/intercambio.schema.json").read_text("utf-8")
)
# Built once: compiling a validator costs more than validating a small file. The compiled
# one (Rust) only answers whether a document is valid, fifty times faster than jsonschema;
# jsonschema, which says where and why, runs only on the documents it rejects.
_RAPIDO = jsonschema_rs.Draft202012Validator(ESQUEMA, validate_formats=True)


@cache
def _validador() -> Draft202012Validator:
    """Return the jsonschema validator whose errors are translated (built on first use)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(ESQUEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _cumple_esquema(datos: Any) -> bool:
    """Return True when the compiled validator accepts ``datos`` (False: ask jsonschema)."""
    try:
        return _RAPIDO.is_valid(datos)
    except ValueError:  # not JSON data (e.g. a non-text key): jsonschema decides
        return False


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


def validar(
    datos: Any,
    *,
    session: Session | None = None,
    exigir_garantes_conocidos: bool = True,
    lugar: LugarDeRegistro = lugar_en_json,
    previos: Iterable[Problema] = (),
    sin_garantes: str = "ni está en el archivo",
) -> dict[str, Any]:
    """Return ``datos`` when it is a valid interchange document; raise ErrorDeFormato.

    Garantes named by criterios and procedimientos must be in the file or, with a session,
    already registered; ``exigir_garantes_conocidos=False`` skips that check (comparisons).
    ``lugar`` names a record in messages (a CSV file gives its rows), ``previos`` are problems
    found before (while reading the rows) and ``sin_garantes`` ends the message about an
    unknown garante.
    """
    problemas = list(previos)
    if not _cumple_esquema(datos):
        for numero, error in enumerate(_validador().iter_errors(datos)):
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
        return [f"{nombre} debe ser {' o '.join(TIPOS_JSON.get(t) or str(t) for t in tipos)}"]
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
        # Imported here: comparing a file needs no database (and no SQLAlchemy import).
        from sqlmodel import col, select

        from criterios.models import Garante

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

"""Reading interchange files (JSON or CSV): decoding, syntax, size and validation.

Nothing here touches the database unless a session is given (to accept garantes already
registered), so comparing a file imports neither SQLAlchemy nor the models. Writing the
register lives in ``criterios.intercambio``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criterios import csv_intercambio
from criterios.validacion_intercambio import ErrorDeFormato, Problema, validar

if TYPE_CHECKING:
    from sqlmodel import Session


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
    return validar(
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

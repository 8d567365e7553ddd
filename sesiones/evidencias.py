"""Evidence files: checked by their content (never by the name alone) and kept in the database.

An acuerdo's progress reports and a garante's adhesión carry evidence: an official letter in
PDF, a photo, a spreadsheet. ``validar_archivo`` decides what a file is from its first bytes
(``filetype``), refuses what is not on the short list below or whose name claims another
type, and ``guardar_evidencia`` stores it with its hash and a name safe to send back.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from sqlmodel import Session

from sesiones.models import Evidencia


class ArchivoNoValido(Exception):
    """An uploaded file that may not be kept; the message (in Spanish) is for the user."""


@dataclass(frozen=True)
class TipoPermitido:
    """A type of evidence file: its name for people and the extensions its files may have."""

    nombre: str
    extensiones: tuple[str, ...]


TIPOS_PERMITIDOS: dict[str, TipoPermitido] = {
    "application/pdf": TipoPermitido("PDF", (".pdf",)),
    "image/png": TipoPermitido("PNG", (".png",)),
    "image/jpeg": TipoPermitido("JPEG", (".jpg", ".jpeg")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": TipoPermitido(
        "DOCX", (".docx",)
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": TipoPermitido(
        "XLSX", (".xlsx",)
    ),
    "application/vnd.oasis.opendocument.text": TipoPermitido("ODT", (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": TipoPermitido("ODS", (".ods",)),
}
EXTENSIONES_PERMITIDAS = tuple(e for t in TIPOS_PERMITIDOS.values() for e in t.extensiones)
# For the form's ``accept`` attribute and its help text.
ACCEPT = ",".join(EXTENSIONES_PERMITIDAS)
_NOMBRES = [t.nombre for t in TIPOS_PERMITIDOS.values()]
DESCRIPCION_TIPOS = ", ".join(_NOMBRES[:-1]) + " u " + _NOMBRES[-1]

_LARGO_MAXIMO = 255  # Evidencia.nombre_archivo


def megabytes(n: int) -> str:
    """Return a size in MB as people write it: '20 MB', '2.5 MB'."""
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def nombre_seguro(nombre: str) -> str:
    """Return the file's own name: no folders, control characters or quotes, at most 255."""
    base = nombre.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    # Categories C* are control, format (e.g. right-to-left overrides) and unassigned.
    base = "".join(c for c in base if not unicodedata.category(c).startswith("C"))
    base = base.replace('"', "'").strip().lstrip(".").strip()
    if not base:
        return "evidencia"
    if len(base) > _LARGO_MAXIMO:
        extension = PurePosixPath(base).suffix[:20]
        base = base[: _LARGO_MAXIMO - len(extension)].rstrip() + extension
    return base


def revisar_tamano(*, nombre: str, tamano: int, max_bytes: int) -> None:
    """Raise ArchivoNoValido when a file of ``tamano`` bytes passes the limit.

    Routes call it with the size the upload declares, before reading the file into memory.
    """
    if tamano <= max_bytes:
        return
    pesa, limite = megabytes(tamano), megabytes(max_bytes)
    if pesa == limite:  # rounding hid the difference
        pesa = f"más de {limite}"
    raise ArchivoNoValido(
        f"El archivo «{nombre_seguro(nombre)}» pesa {pesa}; el límite es {limite} por archivo."
    )


def validar_archivo(*, nombre: str, contenido: bytes, max_bytes: int) -> str:
    """Return the MIME type of the file, read from its content; raise ArchivoNoValido if refused.

    The content decides: a ``.pdf`` that holds a PNG is refused, as is a file of an allowed
    type under a name that says otherwise.
    """
    visible = nombre_seguro(nombre)
    if not contenido:
        raise ArchivoNoValido(f"El archivo «{visible}» está vacío.")
    revisar_tamano(nombre=nombre, tamano=len(contenido), max_bytes=max_bytes)
    extension = PurePosixPath(visible).suffix.lower()
    if extension not in EXTENSIONES_PERMITIDAS:
        raise ArchivoNoValido(
            f"El archivo «{visible}» no es de un tipo permitido: "
            f"adjunte archivos {DESCRIPCION_TIPOS}."
        )
    detectado: str = filetype.guess_mime(contenido) or ""
    tipo = TIPOS_PERMITIDOS.get(detectado)
    if tipo is None:
        raise ArchivoNoValido(
            f"El contenido de «{visible}» no es un archivo {DESCRIPCION_TIPOS} válido; "
            "puede estar dañado o ser de otro tipo con la extensión cambiada."
        )
    if extension not in tipo.extensiones:
        esperado = next(t for t in TIPOS_PERMITIDOS.values() if extension in t.extensiones)
        raise ArchivoNoValido(
            f"El archivo «{visible}» dice ser {esperado.nombre}, pero su contenido es "
            f"{tipo.nombre}. Corrija la extensión o adjunte el archivo correcto."
        )
    return detectado


def guardar_evidencia(
    *,
    session: Session,
    nombre: str,
    contenido: bytes,
    tipo_mime: str,
    usuario_id: int | None,
    avance_id: int | None = None,
) -> Evidencia:
    """Return the new Evidencia (added, not committed) for a file ``validar_archivo`` accepted."""
    evidencia = Evidencia(
        avance_id=avance_id,
        nombre_archivo=nombre_seguro(nombre),
        tipo_mime=tipo_mime,
        tamano=len(contenido),
        sha256=hashlib.sha256(contenido).hexdigest(),
        contenido=contenido,
        subida_por_id=usuario_id,
    )
    session.add(evidencia)
    return evidencia

"""The configurable rules of the mesas: numbering patterns and the default quórum.

They live in the ``ajuste`` table (changed by the administración) and fall back on the
defaults below. A pattern is a Python format string over named fields, checked before it
is saved so that numbering can never fail in the middle of a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from criterios.models import Ajuste, ahora


@dataclass(frozen=True)
class Patron:
    """A numbering pattern: its setting key, default, the fields it may use and an example."""

    clave: str
    por_omision: str
    campos: tuple[str, ...]
    ejemplo: dict[str, int]


PATRON_ACUERDO = Patron(
    "mesas.patron_acuerdo",
    "CRCO/{anio}/{mesa:02d}-{n:02d}",
    ("anio", "mesa", "n"),
    {"anio": 2026, "mesa": 3, "n": 2},
)
PATRON_CRITERIO_HOMOLOGADO = Patron(
    "criterios_homologados.patron_clave",
    "CH-CO {n:02d}/{anio}",
    ("anio", "n"),
    {"anio": 2026, "n": 1},
)
# The quórum: more than this fraction of the region's vigente garantes (0.5: "más de la
# mitad"); when ``estricto`` is false, reaching it is enough.
AJUSTE_QUORUM = "mesas.quorum"
QUORUM_POR_OMISION = {"fraccion": 0.5, "estricto": True}


def leer(session: Session, clave: str, por_omision: object) -> object:
    """Return the setting ``clave``, or ``por_omision`` when it was never set."""
    ajuste = session.get(Ajuste, clave)
    return por_omision if ajuste is None or ajuste.valor is None else ajuste.valor


def guardar(session: Session, clave: str, valor: object) -> None:
    """Set ``clave`` to ``valor`` (the caller commits)."""
    ajuste = session.get(Ajuste, clave)
    if ajuste is None:
        session.add(Ajuste(clave=clave, valor=valor))
    else:
        ajuste.valor = valor
        ajuste.actualizado_en = ahora()
        session.add(ajuste)


def patron(session: Session, definicion: Patron) -> str:
    """Return the pattern in force for ``definicion``."""
    valor = leer(session, definicion.clave, definicion.por_omision)
    return str(valor)


def error_de_patron(texto: str, definicion: Patron) -> str | None:
    """Return why ``texto`` is not a usable pattern (in Spanish), or None when it is."""
    texto = texto.strip()
    if not texto:
        return "Escriba el patrón."
    if len(texto) > 60:
        return "El patrón no puede pasar de 60 caracteres."
    if "{n" not in texto:
        return "El patrón debe incluir el consecutivo {n} (por ejemplo {n:02d})."
    try:
        resultado = texto.format(**definicion.ejemplo)
    except (KeyError, IndexError):
        permitidos = ", ".join("{" + c + "}" for c in definicion.campos)
        return f"El patrón solo puede usar los campos {permitidos}."
    except ValueError:
        return "El patrón tiene llaves sin cerrar o un formato no válido (use, p. ej., {n:02d})."
    if not resultado.strip():
        return "El patrón produce un número vacío."
    return None


def formatear(texto: str, **campos: int) -> str:
    """Return the pattern filled with ``campos`` (the pattern was checked when saved)."""
    return texto.format(**campos)


def regla_quorum(session: Session) -> tuple[float, bool]:
    """Return the default quórum rule for new mesas: (fracción, estricto)."""
    valor = leer(session, AJUSTE_QUORUM, QUORUM_POR_OMISION)
    if not isinstance(valor, dict):
        valor = QUORUM_POR_OMISION
    return float(valor.get("fraccion", 0.5)), bool(valor.get("estricto", True))

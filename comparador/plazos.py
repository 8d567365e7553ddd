"""Plazos and other quantities: comparable base units and Spanish wording."""

from __future__ import annotations

# Singular and plural Spanish wording of each unit.
_NOMBRES: dict[str, tuple[str, str]] = {
    "dias": ("día", "días"),
    "dias_habiles": ("día hábil", "días hábiles"),
    "dias_naturales": ("día natural", "días naturales"),
    "meses": ("mes", "meses"),
    "horas": ("hora", "horas"),
    "hojas": ("hoja", "hojas"),
}

# Units of the interchange format reduced to a comparable base: months and
# years compare with each other, business and calendar days never do
# (whether 20 business days exceed a month depends on the calendar).
_BASE: dict[str, tuple[str, int]] = {
    "dias_habiles": ("dias_habiles", 1),
    "dias_naturales": ("dias_naturales", 1),
    "meses": ("meses", 1),
    "horas": ("horas", 1),
}


def en_base(cantidad: int, unidad: str) -> tuple[int, str]:
    """Return (amount, unit) in the comparable base unit ("1 mes" and "12 meses / 12" agree)."""
    base, factor = _BASE.get(unidad, (unidad, 1))
    return cantidad * factor, base


def unidades_compatibles(a: str, b: str) -> bool:
    """Return whether two units can be the same plazo ("días" unqualified fits both kinds)."""
    if a == b:
        return True
    dias = {"dias", "dias_habiles", "dias_naturales"}
    return "dias" in (a, b) and a in dias and b in dias


def mismo_plazo(a: tuple[int, str], b: tuple[int, str]) -> bool:
    """Return whether two (amount, unit) quantities state the same plazo."""
    return a[0] == b[0] and unidades_compatibles(a[1], b[1])


def describir(cantidad: int, unidad: str) -> str:
    """Return the Spanish wording of a quantity: "15 días hábiles", "1 mes"."""
    singular, plural = _NOMBRES.get(unidad, (unidad.replace("_", " "),) * 2)
    return f"{cantidad} {singular if cantidad == 1 else plural}"


def describir_plazo(plazo: dict[str, object] | None) -> str:
    """Return the Spanish wording of an interchange plazo dict, or "sin plazo"."""
    if not plazo:
        return "sin plazo"
    return describir(int(plazo["cantidad"]), str(plazo["unidad"]))  # type: ignore[call-overload]

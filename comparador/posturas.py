"""Stances inside a topic group, and the divergences between criteria of different stances."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from comparador.contraste import Senal, contrastar
from comparador.rasgos import Rasgos

_MAX_SENALES_EXPLICADAS = 2
# Cost of putting in different stances two criteria with no conflict found.
_COSTO_SEPARAR = 0.3


@dataclass(frozen=True, slots=True)
class Miembro:
    """A criterion of a group: its id, garante, rubro and signals."""

    id: str
    garante: str
    rubro: str
    rasgos: Rasgos


def huella(prefijo: str, *partes: str) -> str:
    """Return a short stable id from its parts (same parts, same id across runs)."""
    resumen = hashlib.sha1("\x1f".join(partes).encode("utf-8")).hexdigest()[:12]
    return f"{prefijo}-{resumen}"


def _resumen(miembro: Miembro) -> str:
    """Return a postura's summary: the part of its first rubro that states the stance."""
    partes = [p.strip() for p in miembro.rubro.split(".") if p.strip()]
    texto = partes[-1] if len(partes) > 1 else (partes[0] if partes else miembro.rubro)
    return texto[:1].upper() + texto[1:].lower()


def _particion(n: int, senales: dict[tuple[int, int], list[Senal]]) -> list[list[int]]:
    """Return the stances: conflicting criteria apart, the rest together.

    A correlation clustering: placing two conflicting criteria together
    costs one plus the conflict's puntaje, separating two that show no conflict costs
    `_COSTO_SEPARAR` (less, since a missing signal is weaker evidence than a
    found one).  Greedy start, then single moves while they lower the cost.
    """
    if not senales:
        # Everyone joins the first stance and no move lowers the cost.
        return [list(range(n))] if n else []
    conflicto = [[0.0] * n for _ in range(n)]
    for (i, j), encontradas in senales.items():
        conflicto[i][j] = conflicto[j][i] = 1.0 + max(s.puntaje for s in encontradas)

    def costo(i: int, postura: list[int]) -> float:
        """Cost of criterion i joining `postura` (relative to being alone)."""
        return sum(
            conflicto[i][j] if conflicto[i][j] else -_COSTO_SEPARAR for j in postura if j != i
        )

    posturas: list[list[int]] = []
    for i in range(n):
        mejor = min(posturas, key=lambda p: costo(i, p), default=None)
        if mejor is not None and costo(i, mejor) < 0:
            mejor.append(i)
        else:
            posturas.append([i])
    for _ in range(n * n):
        movido = False
        for i in range(n):
            actual = next(p for p in posturas if i in p)
            opciones = [p for p in posturas if p is not actual]
            base = costo(i, actual)
            mejor = min(opciones, key=lambda p: costo(i, p), default=None)
            destino_costo = costo(i, mejor) if mejor is not None else 0.0
            if len(actual) > 1 and min(destino_costo, 0.0) < base - 1e-9:
                actual.remove(i)
                if mejor is not None and destino_costo < 0.0:
                    mejor.append(i)
                else:
                    posturas.append([i])
                movido = True
            elif mejor is not None and destino_costo < base - 1e-9:
                actual.remove(i)
                mejor.append(i)
                movido = True
            posturas = [p for p in posturas if p]
        if not movido:
            break
    return sorted(sorted(p) for p in posturas)


def _explicar(senales: list[Senal], ga: str, gb: str) -> str:
    """Return the Spanish explanation naming both values and both garantes."""
    partes = []
    for s in senales[:_MAX_SENALES_EXPLICADAS]:
        if s.tipo == "plazo":
            nombre = "cantidad" if "hoja" in s.dice_a else "plazo"
            partes.append(f"{nombre}: {s.dice_a} ({ga}) frente a {s.dice_b} ({gb})")
        else:
            partes.append(f"{s.tipo}: «{s.dice_a}» ({ga}) frente a «{s.dice_b}» ({gb})")
    return "; ".join(partes)


def analizar_grupo(
    grupo_id: str, miembros: Sequence[Miembro]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the group's posturas and divergencias as report dicts.

    `miembros` must be sorted by id, so that stances and their order are
    reproducible.
    """
    n = len(miembros)
    senales: dict[tuple[int, int], list[Senal]] = {}
    for i in range(n):
        for j in range(i + 1, n):
            encontradas = contrastar(miembros[i].rasgos, miembros[j].rasgos)
            if encontradas:
                senales[(i, j)] = encontradas
    particion = _particion(n, senales)
    postura_de = {i: k for k, postura in enumerate(particion) for i in postura}
    posturas = [
        {
            "id": huella("p", grupo_id, *(miembros[i].id for i in postura)),
            "resumen": _resumen(miembros[postura[0]]),
            "criterios": [miembros[i].id for i in postura],
        }
        for postura in particion
    ]

    divergencias: list[dict[str, Any]] = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = miembros[i], miembros[j]
            if a.garante == b.garante or postura_de[i] == postura_de[j]:
                continue
            propias = senales.get((i, j)) or contrastar(a.rasgos, b.rasgos, estricto=False)
            if propias:
                tipo, puntaje = propias[0].tipo, propias[0].puntaje
                explicacion = _explicar(propias, a.garante, b.garante)
                evidencia = {"a": propias[0].evidencia_a, "b": propias[0].evidencia_b}
            else:
                # Different stances through a third criterion that conflicts
                # with one of them; nothing in these two texts to quote.
                tipo, puntaje = "otro", 0.3
                explicacion = (
                    f"otro: «{posturas[postura_de[i]]['resumen']}» ({a.garante}) frente a "
                    f"«{posturas[postura_de[j]]['resumen']}» ({b.garante})"
                )
                evidencia = {"a": a.rubro, "b": b.rubro}
            divergencias.append(
                {
                    "id": huella("d", a.id, b.id, tipo),
                    "grupo": grupo_id,
                    "a": a.id,
                    "b": b.id,
                    "tipo": tipo,
                    "puntaje": round(puntaje, 3),
                    "explicacion": explicacion,
                    "evidencia": evidencia,
                }
            )
    return posturas, divergencias

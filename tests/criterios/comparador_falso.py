"""A stand-in for the engine with a report known in advance, for tests of persistence."""

from __future__ import annotations

from itertools import combinations
from typing import Any


def comparador_falso(
    datos: dict[str, Any], garantes: list[str], incluir_no_vigentes: bool
) -> dict[str, Any]:
    """Return a report with one group holding every criterio, each its own postura.

    Every pair of criterios of different garantes diverges on its plazo; the divergence id
    is the pair of ids, so it stays the same across runs as the real engine's does.
    """
    del incluir_no_vigentes
    ids = sorted(c["id"] for c in datos["criterios"])
    garante = {c["id"]: c["garante"] for c in datos["criterios"]}
    presentes = sorted(set(garante.values()))
    divergencias = [
        {
            "id": f"d-{a}-{b}",
            "grupo": "g-1",
            "a": a,
            "b": b,
            "tipo": "plazo",
            "puntaje": 0.8,
            "explicacion": f"plazo: 20 días hábiles ({garante[a]}) frente a 10 días hábiles "
            f"({garante[b]})",
            "evidencia": {"a": "veinte días hábiles", "b": "diez días hábiles"},
        }
        for a, b in combinations(ids, 2)
        if garante[a] != garante[b]
    ]
    faltan = [g for g in garantes if g not in presentes]
    return {
        "version": "1",
        "parametros": {"falso": True},
        "grupos": [
            {
                "id": "g-1",
                "tema": "Plazo para responder la solicitud",
                "criterios": ids,
                "garantes": presentes,
                "posturas": [
                    {"id": f"p-{i}", "resumen": f"Postura de {i}", "criterios": [i]} for i in ids
                ],
            }
        ],
        "divergencias": divergencias,
        "ausencias": [{"grupo": "g-1", "garantes": faltan}] if faltan else [],
        "procedimientos": [],
    }


def comparador_que_falla(
    datos: dict[str, Any], garantes: list[str], incluir_no_vigentes: bool
) -> dict[str, Any]:
    """Raise as a bug inside the engine would."""
    raise ValueError("matriz vacía")

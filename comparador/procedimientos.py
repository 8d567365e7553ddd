"""Procedure stages aligned across garantes, with their plazos side by side."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from comparador.normalizacion import normalizar, terminos
from comparador.plazos import describir_plazo, en_base
from comparador.sinonimos import canonizar

# Kinds of procedure recognised by words of their names; checked in order,
# since "recurso de revisión en materia de datos personales" is about ARCO
# rights before it is a recurso.
_CLASES_PROCEDIMIENTO: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("denuncia", ("denuncia",)),
    ("arco", ("arco", "datos personales", "rectificacion", "cancelacion", "oposicion",
              "portabilidad")),
    ("inconformidad", ("inconformidad",)),
    ("recurso", ("recurso", "revision", "impugnacion")),
    ("acceso", ("acceso", "solicitud de informacion", "informacion publica")),
)  # fmt: skip
# Words that fit every stage: "Plazo de respuesta" is the stage "respuesta", and the
# object of the procedure ("de la solicitud", "del recurso") names no stage in particular.
_GENERICAS = frozenset(canonizar(terminos("plazo etapa fase trámite solicitud recurso denuncia")))
# Below this name similarity (0-100) two unknown procedures are different kinds.
_UMBRAL_NOMBRE = 80.0
# Below this similarity (0-1) a stage starts a row of its own.
_UMBRAL_ETAPA = 0.45
# Weight of the stage's position in its procedure against its name.
_PESO_POSICION = 0.2


@dataclass
class _Fila:
    """A row being built: the stages of several garantes that are one step."""

    clase: str
    etiqueta_fija: str | None = None
    celdas: list[dict[str, Any]] = field(default_factory=list)
    raices: list[set[str]] = field(default_factory=list)
    posiciones: list[float] = field(default_factory=list)


def _clase(nombre: str) -> str:
    """Return the kind of a procedure from its name ("acceso", "recurso", ... or the name)."""
    normal = normalizar(nombre)
    for clase, claves in _CLASES_PROCEDIMIENTO:
        if any(f" {c} " in f" {normal} " for c in claves):
            return clase
    return normal


def _clases(procedimientos: list[dict[str, Any]]) -> dict[str, str]:
    """Return procedure id -> kind, joining unknown kinds whose names are alike."""
    clases: dict[str, str] = {}
    conocidas: list[str] = []
    for p in sorted(procedimientos, key=lambda p: (p["garante"], p["id"])):
        clase = _clase(p["nombre"])
        if clase not in dict(_CLASES_PROCEDIMIENTO):
            parecida = max(
                conocidas, key=lambda c: (fuzz.token_set_ratio(c, clase), c), default=None
            )
            if parecida is not None and fuzz.token_set_ratio(parecida, clase) >= _UMBRAL_NOMBRE:
                clase = parecida
            else:
                conocidas.append(clase)
        clases[p["id"]] = clase
    return clases


def _raiz(palabra: str) -> str:
    return canonizar(terminos(palabra))[0]


# In stage names, filing a recurso or a denuncia is said both ways; in criteria texts
# "presentar" is too general to be a synonym, so this stays local to stage names.
_SINONIMOS_ETAPA = {_raiz("presentación"): _raiz("interposición")}


def _raices(nombre: str) -> set[str]:
    """Return the canonical stems of a stage name, without words that name any stage ("plazo")."""
    raices = {_SINONIMOS_ETAPA.get(r, r) for r in canonizar(terminos(nombre))}
    return raices - _GENERICAS


def _similitud(raices: set[str], fila: _Fila, peso: dict[str, float]) -> float:
    """Return 0-1: how well a stage name fits a row (weighted Dice overlap).

    Half the best member's overlap, half the row's average: the average keeps a row from
    drifting ("Cumplimiento de la resolución" may join "Cumplimiento", but "Resolución"
    must not follow it there through their one shared word), the best member lets a row
    hold names as varied as "Prevención" and "Requerimiento de aclaración".
    """
    if not fila.raices:
        return 0.0
    propio = sum(peso.get(r, 1.0) for r in raices)
    parecidos = []
    for otras in fila.raices:
        comun = sum(peso.get(r, 1.0) for r in raices & otras)
        suma = propio + sum(peso.get(r, 1.0) for r in otras)
        parecidos.append(2 * comun / suma if suma > 0 else 0.0)
    return (max(parecidos) + sum(parecidos) / len(parecidos)) / 2


def _mas_comun(nombres: list[str]) -> str:
    """Return the most common name (ties: the shortest, then alphabetical)."""
    cuenta = Counter(nombres)
    return min(cuenta, key=lambda n: (-cuenta[n], len(n), n))


def _explicar(celdas: list[dict[str, Any]], campo: str, nombre: str) -> str:
    """Return "campo: A (g1, g2) frente a B (g3)" when the cells' values differ, else ""."""
    por_valor: dict[tuple[int, str] | None, list[str]] = {}
    for celda in celdas:
        valor = celda.get(campo)
        clave = en_base(valor["cantidad"], valor["unidad"]) if valor else None
        por_valor.setdefault(clave, []).append(celda["garante"])
    if len(por_valor) < 2:
        return ""
    orden = sorted(por_valor, key=lambda v: (v is None, v[1] if v else "", v[0] if v else 0))
    partes = []
    for valor in orden:
        if valor:
            texto = describir_plazo({"cantidad": valor[0], "unidad": valor[1]})
        else:
            texto = "sin ampliación" if campo == "ampliacion" else "sin plazo"
        garantes = ", ".join(sorted(set(por_valor[valor])))
        partes.append(f"{texto} ({garantes})")
    return f"{nombre}: " + " frente a ".join(partes)


def alinear_etapas(
    procedimientos: list[dict[str, Any]],
    *,
    correcciones: dict[tuple[str, str, str], str] | None = None,
) -> list[dict[str, Any]]:
    """Return one row per aligned stage: each garante's plazo and ampliación, whether they differ.

    `correcciones` maps (garante, procedure id, stage name) to the label of
    the row the stage must join (an existing row's label or a new one).
    """
    correcciones = correcciones or {}
    clases = _clases(procedimientos)
    ordenados = sorted(procedimientos, key=lambda p: (clases[p["id"]], p["garante"], p["id"]))
    nombres_clase: dict[str, list[str]] = {}
    for p in ordenados:
        nombres_clase.setdefault(clases[p["id"]], []).append(p["nombre"])

    # Words that name many stages ("plazo", "etapa") say little about which
    # stage it is.
    frecuencia: Counter[str] = Counter()
    total = 0
    for p in ordenados:
        for etapa in p["etapas"]:
            frecuencia.update(_raices(etapa["nombre"]))
            total += 1
    peso = {r: math.log(1 + total / n) for r, n in frecuencia.items()}

    filas: list[_Fila] = []
    for p in ordenados:
        clase = clases[p["id"]]
        etapas = p["etapas"]
        libres: list[int] = []
        for k, etapa in enumerate(etapas):
            etiqueta = correcciones.get((p["garante"], p["id"], etapa["nombre"]))
            if etiqueta is None:
                libres.append(k)
                continue
            fila = next((f for f in filas if f.clase == clase and _etiqueta(f) == etiqueta), None)
            if fila is None:
                fila = _Fila(clase, etiqueta_fija=etiqueta)
                filas.append(fila)
            _anadir(fila, p, etapa, k, len(etapas))
        candidatas = [f for f in filas if f.clase == clase]
        asignadas: dict[int, _Fila] = {}
        if candidatas and libres:
            # Imported here: scipy.optimize takes a tenth of a second to load
            # and most comparisons have no procedures.
            from scipy.optimize import linear_sum_assignment

            costos = [
                [-_puntuar(etapas[k]["nombre"], k, len(etapas), fila, peso) for fila in candidatas]
                for k in libres
            ]
            for fila_i, col in zip(*linear_sum_assignment(costos), strict=True):
                if -costos[fila_i][col] >= _UMBRAL_ETAPA:
                    asignadas[libres[fila_i]] = candidatas[col]
        for k in libres:
            fila = asignadas.get(k)
            if fila is None:
                fila = _Fila(clase)
                filas.append(fila)
            _anadir(fila, p, etapas[k], k, len(etapas))

    filas.sort(key=lambda f: (f.clase, sum(f.posiciones) / len(f.posiciones), _etiqueta(f)))
    resultado = []
    for fila in filas:
        celdas = sorted(fila.celdas, key=lambda c: (c["garante"], c["procedimiento"], c["etapa"]))
        explicaciones = [
            e
            for e in (
                _explicar([c for c in celdas if c.get("plazo")], "plazo", "plazo"),
                _explicar(
                    [c for c in celdas if c.get("plazo") or c.get("ampliacion")],
                    "ampliacion",
                    "ampliación",
                ),
            )
            if e
        ]
        resultado.append(
            {
                "procedimiento": _mas_comun(nombres_clase[fila.clase]),
                "etapa": _etiqueta(fila),
                "celdas": celdas,
                "divergente": bool(explicaciones),
                "explicacion": "; ".join(explicaciones),
            }
        )
    return resultado


def _puntuar(nombre: str, k: int, n: int, fila: _Fila, peso: dict[str, float]) -> float:
    """Return how well stage k of n, named `nombre`, fits a row (name first, position second)."""
    # A procedure of one stage says nothing about where that stage falls.
    posicion = k / (n - 1) if n > 1 else 0.5
    media = sum(fila.posiciones) / len(fila.posiciones)
    nombre_sim = _similitud(_raices(nombre), fila, peso)
    if fila.etiqueta_fija:
        nombre_sim = max(nombre_sim, fuzz.token_set_ratio(nombre, fila.etiqueta_fija) / 100)
    return (1 - _PESO_POSICION) * nombre_sim + _PESO_POSICION * (1 - abs(posicion - media))


def _anadir(
    fila: _Fila, procedimiento: dict[str, Any], etapa: dict[str, Any], k: int, n: int
) -> None:
    """Add a garante's stage to a row."""
    celda: dict[str, Any] = {
        "garante": procedimiento["garante"],
        "procedimiento": procedimiento["id"],
        "etapa": etapa["nombre"],
    }
    for campo in ("plazo", "ampliacion"):
        if etapa.get(campo):
            celda[campo] = dict(etapa[campo])
    fila.celdas.append(celda)
    fila.raices.append(_raices(etapa["nombre"]))
    fila.posiciones.append(k / (n - 1) if n > 1 else 0.5)


def _etiqueta(fila: _Fila) -> str:
    """Return a row's label: the forced one, else its most common stage name."""
    return fila.etiqueta_fija or _mas_comun([c["etapa"] for c in fila.celdas])

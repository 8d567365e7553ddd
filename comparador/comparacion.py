"""The whole comparison: from interchange data to the report of comparacion.schema.json."""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any, TypeVar

from comparador.alineacion import agrupar
from comparador.paralelo import anticipar, repartir
from comparador.parametros import Parametros
from comparador.posturas import Miembro, analizar_grupo, huella
from comparador.procedimientos import alinear_etapas
from comparador.rasgos import Rasgos, leer_rasgos
from comparador.vectores import terminos_tema, vecinos_cercanos, vectorizar

T = TypeVar("T")

_NO_VIGENTES = frozenset({"superado", "abandonado"})
_MAX_TEMA = 90
# Below this many criteria a helper process costs more than it saves.
_MINIMO_AYUDANTE = 2000


def _oraciones(rubro: str) -> list[str]:
    """Return the sentences of a rubro (rubros are "TOPIC. STANCE." style)."""
    return [p.strip(" ,;:") for p in rubro.split(".") if len(p.strip(" ,;:")) > 2]


def _tema(
    rubros: Sequence[str],
    terminos: Sequence[list[str]],
    frecuencia: Counter[str],
    total: int,
    raices_de: dict[str, set[str]],
) -> str:
    """Return a short label: the rubro sentence whose words the group shares most.

    `terminos` are the topic terms of each rubro (already computed for the
    vectors); `raices_de` keeps the terms of each sentence across groups,
    since rubros repeat their sentences (40,000 rubros: 57,000 sentences,
    12,000 different).
    """
    en_grupo: Counter[str] = Counter(chain.from_iterable(map(set, terminos)))
    mejor, mejor_puntaje = "", -1.0
    # A sentence seen before in the group scores the same and cannot win:
    # only a strictly better score replaces the best.
    for oracion in dict.fromkeys(o for rubro in dict.fromkeys(rubros) for o in _oraciones(rubro)):
        raices = raices_de.get(oracion)
        if raices is None:
            raices = raices_de[oracion] = set(terminos_tema(oracion))
        if not raices:
            continue
        puntaje = sum(
            en_grupo[r] / len(rubros) * math.log(1 + total / (1 + frecuencia[r])) for r in raices
        ) / math.sqrt(len(raices))
        if puntaje > mejor_puntaje + 1e-9:
            mejor, mejor_puntaje = oracion, puntaje
    mejor = mejor or rubros[0]
    if len(mejor) > _MAX_TEMA:
        mejor = mejor[:_MAX_TEMA].rsplit(" ", 1)[0] + "…"
    return mejor[:1].upper() + mejor[1:].lower()


def _garantes_comparados(datos: dict[str, Any], garantes: list[str] | None) -> list[str]:
    """Return the sorted garante ids the comparison covers."""
    if garantes is not None:
        return sorted(set(garantes))
    nombrados = {c["garante"] for c in datos.get("criterios", [])}
    nombrados |= {p["garante"] for p in datos.get("procedimientos", [])}
    return sorted(nombrados)


def _una_vez(funcion: Callable[[str], T], texto: str, hechos: dict[str, T]) -> T:
    """Return ``funcion(texto)``, computed only the first time ``hechos`` sees ``texto``.

    Results are shared, never modified: they depend only on the text.
    """
    hecho = hechos.get(texto)
    if hecho is None:
        hecho = hechos[texto] = funcion(texto)
    return hecho


def _terminos_tema_de(textos: list[str]) -> dict[str, list[str]]:
    """Return the topic terms of each distinct text.

    Texts are independent, so the work is shared with a helper process.
    """
    distintos = list(dict.fromkeys(textos))
    propios = repartir(lambda i: terminos_tema(distintos[i]), len(distintos), lote=512, minimo=4096)
    return dict(zip(distintos, propios, strict=True))


@contextmanager
def _sin_recolector() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration, then restore it as it was.

    A comparison allocates millions of small lists, dicts and tuples and
    builds no reference cycles (reference counting frees it all); each
    collection would rescan everything alive, the input included, and on
    large corpora that took a third of the run.
    """
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def comparar(
    datos: dict[str, Any],
    *,
    garantes: list[str] | None = None,
    parametros: Parametros | None = None,
    generado: str | None = None,
) -> dict[str, Any]:
    """Return the comparison report (comparacion.schema.json) of an interchange dict."""
    with _sin_recolector():
        return _comparar(datos, garantes, parametros or Parametros(), generado)


def _comparar(
    datos: dict[str, Any],
    garantes: list[str] | None,
    parametros: Parametros,
    generado: str | None,
) -> dict[str, Any]:
    comparados = _garantes_comparados(datos, garantes)
    incluidos = set(comparados)
    criterios = sorted(
        (
            c
            for c in datos.get("criterios", [])
            if c["garante"] in incluidos
            and (parametros.incluir_no_vigentes or c.get("vigencia") not in _NO_VIGENTES)
        ),
        key=lambda c: c["id"],
    )
    # Identical texts are normalized once: an adopted criterion repeats
    # another garante's text, and rubros repeat more (40,000 synthetic:
    # 12,600 rubros).
    de_texto = _terminos_tema_de([c["rubro"] for c in criterios] + [c["texto"] for c in criterios])
    terminos_rubros = [de_texto[c["rubro"]] for c in criterios]
    terminos_textos = [de_texto[c["texto"]] for c in criterios]
    del de_texto

    # Document frequency of rubro words, to label groups by what sets them apart.
    frecuencia = Counter(chain.from_iterable(map(set, terminos_rubros)))

    raices_de: dict[str, set[str]] = {}
    # Signals of a text that appears again; the others are freed with their group.
    textos = [f"{c['rubro']}\n{c['texto']}" for c in criterios]
    repetidos = {t for t, veces in Counter(textos).items() if veces > 1}
    rasgos_de: dict[str, Rasgos] = {}
    # Signals read ahead by the helper process (in the parent, always empty).
    adelantados: dict[str, Rasgos] = {}

    def adelantar(listo: Callable[[], bool]) -> None:
        """Read signals while the groups are being formed, from the last criterion back.

        Groups are sorted by their first criterion and the helper takes
        them from the back, so its groups hold only the last criteria.
        """
        for texto in reversed(textos):
            if listo():
                return
            if texto not in adelantados:
                adelantados[texto] = leer_rasgos(texto)

    def rasgos(i: int) -> Rasgos:
        adelantado = adelantados.get(textos[i])
        if adelantado is not None:
            return adelantado
        if textos[i] in repetidos:
            return _una_vez(leer_rasgos, textos[i], rasgos_de)
        return leer_rasgos(textos[i])

    def analizar(
        indices: list[list[int]], k: int
    ) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
        """Return group k's report entry, its divergencias and its ausencia (if any)."""
        orden = sorted(indices[k], key=lambda i: criterios[i]["id"])
        miembros = [
            Miembro(criterios[i]["id"], criterios[i]["garante"], criterios[i]["rubro"], rasgos(i))
            for i in orden
        ]
        ids = [m.id for m in miembros]
        grupo_id = huella("g", *ids)
        posturas, propias = analizar_grupo(grupo_id, miembros)
        presentes = sorted({m.garante for m in miembros})
        grupo = {
            "id": grupo_id,
            "tema": _tema(
                [m.rubro for m in miembros],
                [terminos_rubros[i] for i in orden],
                frecuencia,
                len(criterios),
                raices_de,
            ),
            "criterios": ids,
            "garantes": presentes,
            "posturas": posturas,
        }
        faltan = [g for g in comparados if g not in presentes]
        return grupo, propias, ({"grupo": grupo_id, "garantes": faltan} if faltan else None)

    grupos: list[dict[str, Any]] = []
    divergencias: list[dict[str, Any]] = []
    ausencias: list[dict[str, Any]] = []
    # Building the vectors and forming groups cannot be shared, but reading
    # signals can start meanwhile in a helper process; then the groups,
    # analysed apart from each other, are shared with it (small lots, since
    # group sizes vary).
    with anticipar(analizar, adelantar, usar=len(criterios) >= _MINIMO_AYUDANTE) as ayudante:
        matriz = vectorizar(terminos_rubros, terminos_textos, peso_rubro=parametros.peso_rubro)
        del terminos_textos
        vecinos = vecinos_cercanos(matriz, k=parametros.vecinos)
        indices = agrupar(matriz, [c["garante"] for c in criterios], parametros, vecinos=vecinos)
        analizados = ayudante.repartir(indices, len(indices), lote=16)
    for grupo, propias, ausencia in analizados:
        grupos.append(grupo)
        divergencias += propias
        if ausencia is not None:
            ausencias.append(ausencia)

    grupos.sort(key=lambda g: g["id"])
    divergencias.sort(key=lambda d: (d["grupo"], d["a"], d["b"]))
    ausencias.sort(key=lambda a: a["grupo"])
    procedimientos = [p for p in datos.get("procedimientos", []) if p["garante"] in incluidos]
    reporte: dict[str, Any] = {"version": "1"}
    if generado is not None:
        reporte["generado"] = generado
    reporte |= {
        "parametros": parametros.como_dict() | {"garantes": comparados},
        "grupos": grupos,
        "divergencias": divergencias,
        "ausencias": ausencias,
        "procedimientos": alinear_etapas(procedimientos),
    }
    return reporte

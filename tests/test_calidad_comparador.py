"""Calidad del comparador sobre el conjunto etiquetado de tests/datos/ (metas del issue 3)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

RAIZ = Path(__file__).resolve().parent.parent
ESQUEMA = RAIZ / "criterios" / "esquemas" / "intercambio.schema.json"

METAS = {"alineacion": 0.9, "divergencia": 0.8}


def _cargar_script():
    ruta = RAIZ / "scripts" / "evaluar_comparador.py"
    spec = importlib.util.spec_from_file_location("evaluar_comparador", ruta)
    modulo = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = modulo
    spec.loader.exec_module(modulo)
    return modulo


evaluador = _cargar_script()


@pytest.fixture(scope="module")
def conjunto():
    return evaluador.cargar()


@pytest.fixture(scope="module")
def evaluacion():
    return evaluador.evaluar()


def test_el_conjunto_valida_contra_el_esquema_de_intercambio(conjunto):
    datos, _ = conjunto
    esquema = json.loads(ESQUEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(esquema).validate(datos)


def test_cada_criterio_tiene_exactamente_una_etiqueta(conjunto):
    datos, etiquetas = conjunto
    ids = [c["id"] for c in datos["criterios"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(etiquetas["criterios"])
    for cid, etiqueta in etiquetas["criterios"].items():
        assert set(etiqueta) == {"tema", "postura"}, cid


def test_la_composicion_cumple_lo_que_promete_el_readme(conjunto):
    datos, etiquetas = conjunto
    garante = {c["id"]: c["garante"] for c in datos["criterios"]}
    por_tema = Counter(e["tema"] for e in etiquetas["criterios"].values())
    compartidos = {t for t, n in por_tema.items() if n > 1}
    unicos = {t for t, n in por_tema.items() if n == 1}
    assert len(datos["criterios"]) >= 80
    assert len(compartidos) >= 12
    assert 6 <= len(set(garante.values())) <= 8
    assert all(t.startswith("unico_") for t in unicos)
    # un garante no repite tema, así que cada tema compartido deja fuera a alguien
    for tema in compartidos:
        gs = [garante[c] for c, e in etiquetas["criterios"].items() if e["tema"] == tema]
        assert len(gs) == len(set(gs)), tema
    reservados = set(etiquetas["reservados"])
    assert reservados <= set(por_tema)
    assert 0.25 <= len(reservados & compartidos) / len(compartidos) <= 0.4


def test_los_rubros_van_en_mayusculas_y_terminan_en_punto(conjunto):
    datos, _ = conjunto
    mal = [
        c["id"]
        for c in datos["criterios"]
        if c["rubro"] != c["rubro"].upper() or not c["rubro"].endswith(".")
    ]
    assert mal == []


def test_la_medicion_castiga_agrupar_todo(conjunto):
    datos, etiquetas = conjunto
    todo = {"grupos": [{"id": "g", "criterios": [c["id"] for c in datos["criterios"]]}]}
    ev = evaluador.medir(todo | {"divergencias": []}, datos, etiquetas)
    alineacion = ev.cifras["todo"]["alineacion"]
    assert alineacion.recall == 1.0
    assert alineacion.precision < 0.1
    assert ev.cifras["todo"]["divergencia"].recall == 0.0


def test_la_medicion_da_uno_a_las_propias_etiquetas(conjunto):
    datos, etiquetas = conjunto
    por_tema: dict[str, list[str]] = {}
    for cid, e in etiquetas["criterios"].items():
        por_tema.setdefault(e["tema"], []).append(cid)
    alineados, divergentes = evaluador.pares_etiquetados(datos, etiquetas)
    reporte = {
        "grupos": [{"id": t, "criterios": ids} for t, ids in por_tema.items() if len(ids) > 1],
        "divergencias": [{"a": a, "b": b} for a, b in divergentes],
    }
    ev = evaluador.medir(reporte, datos, etiquetas)
    for parte in evaluador.PARTES:
        for tarea in METAS:
            assert ev.f1(tarea, parte) == 1.0
    assert ev.cifras["todo"]["alineacion"].vp == len(alineados)


@pytest.mark.parametrize("tarea", sorted(METAS))
def test_el_comparador_alcanza_la_meta_del_issue(evaluacion, tarea):
    cifras = evaluacion.cifras["todo"][tarea]
    assert cifras.f1 >= METAS[tarea], (
        f"{tarea}: F1 {cifras.f1:.3f} < {METAS[tarea]} "
        f"(vp={cifras.vp}, fp={cifras.fp}, fn={cifras.fn}); "
        "ver `python scripts/evaluar_comparador.py --detalle ajuste`"
    )

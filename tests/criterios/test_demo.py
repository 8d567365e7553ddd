"""The demo interchange file: valid, large enough, and varied enough to exercise the comparador."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest

RAIZ = Path(__file__).resolve().parents[2]
DEMO = RAIZ / "criterios" / "demo" / "demo.json"
ESQUEMA_PAQUETE = RAIZ / "criterios" / "esquemas" / "intercambio.schema.json"
ESQUEMA_COMPARTIDO = RAIZ.parent / "shared" / "formato" / "intercambio.schema.json"

HISTORICOS = {"ags", "col", "gto", "jal", "mich", "nay", "qro", "slp", "zac"}


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def _esquema() -> dict[str, Any]:
    for ruta in (ESQUEMA_PAQUETE, ESQUEMA_COMPARTIDO):
        if ruta.exists():
            return json.loads(ruta.read_text(encoding="utf-8"))
    pytest.fail(f"no se encontró el esquema en {ESQUEMA_PAQUETE} ni en {ESQUEMA_COMPARTIDO}")


def test_demo_valida_contra_el_esquema(demo: dict[str, Any]) -> None:
    validador = jsonschema.Draft202012Validator(
        _esquema(), format_checker=jsonschema.FormatChecker()
    )
    errores = [f"{list(e.absolute_path)}: {e.message}" for e in validador.iter_errors(demo)]
    assert errores == []
    assert demo["version"] == "1"


def test_demo_tiene_al_menos_70_criterios_y_14_temas(demo: dict[str, Any]) -> None:
    criterios = demo["criterios"]
    temas = {tema for c in criterios for tema in c.get("temas", [])}
    assert len(criterios) >= 70
    assert len(temas) >= 14


def test_demo_incluye_los_nueve_organos_de_la_region(demo: dict[str, Any]) -> None:
    region = [g for g in demo["garantes"] if g.get("region") == "centro-occidente"]
    assert len(region) >= 9
    assert {g["id"] for g in region} >= HISTORICOS


def test_cada_criterio_pertenece_a_un_garante_del_archivo(demo: dict[str, Any]) -> None:
    garantes = {g["id"] for g in demo["garantes"]}
    huerfanos = [c["id"] for c in demo["criterios"] if c["garante"] not in garantes]
    assert huerfanos == []
    sin_garante = [p["id"] for p in demo["procedimientos"] if p["garante"] not in garantes]
    assert sin_garante == []


def test_ids_unicos(demo: dict[str, Any]) -> None:
    for coleccion in ("garantes", "criterios", "procedimientos"):
        ids = [registro["id"] for registro in demo[coleccion]]
        repetidos = sorted({i for i in ids if ids.count(i) > 1})
        assert repetidos == [], coleccion


def test_hay_temas_que_no_regulan_todos_los_organos(demo: dict[str, Any]) -> None:
    garantes_por_tema: dict[str, set[str]] = defaultdict(set)
    for c in demo["criterios"]:
        for tema in c.get("temas", []):
            garantes_por_tema[tema].add(c["garante"])
    parciales = [t for t, gs in garantes_por_tema.items() if len(gs & HISTORICOS) < len(HISTORICOS)]
    assert parciales


def test_cada_organo_historico_tiene_acceso_y_recurso(demo: dict[str, Any]) -> None:
    nombres: dict[str, set[str]] = defaultdict(set)
    for p in demo["procedimientos"]:
        nombres[p["garante"]].add(p["nombre"])
    for garante in sorted(HISTORICOS):
        assert "Solicitud de acceso a la información" in nombres[garante], garante
        assert "Recurso de revisión" in nombres[garante], garante


def test_sucesores_empiezan_cuando_termina_el_organo_extinto(demo: dict[str, Any]) -> None:
    por_entidad: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in demo["garantes"]:
        por_entidad[g["entidad"]].append(g)
    extintos = [g for g in demo["garantes"] if g.get("vigente_hasta")]
    assert extintos
    for extinto in extintos:
        sucesores = [
            g
            for g in por_entidad[extinto["entidad"]]
            if g.get("vigente_desde", "") > extinto["vigente_hasta"]
        ]
        assert sucesores, extinto["id"]

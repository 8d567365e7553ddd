import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import comparador
from comparador import Parametros, comparar

ESQUEMA = Path(comparador.__file__).parent / "esquemas" / "comparacion.schema.json"
ESQUEMA_COMPARTIDO = (
    Path(__file__).resolve().parents[2].parent / "shared/formato/comparacion.schema.json"
)
DESARROLLO = Path(__file__).resolve().parents[1] / "datos" / "desarrollo.json"


def _criterio(id_, garante, texto, **extra):
    return {"id": id_, "garante": garante, "rubro": "PLAZO PARA INTERPONER EL RECURSO.",
            "texto": texto, **extra}  # fmt: skip


DATOS = {
    "criterios": [
        _criterio("ags-1", "ags", "El recurso de revisión se interpone dentro de los quince "
                  "días hábiles siguientes a la notificación de la respuesta."),
        _criterio("col-1", "col", "El recurso de revisión se interpone dentro de los 15 días "
                  "hábiles siguientes a la notificación de la respuesta."),
        _criterio("nay-1", "nay", "El recurso de revisión se interpone dentro de los diez "
                  "días hábiles siguientes a la notificación de la respuesta."),
        _criterio("zac-1", "zac", "El recurso de revisión se interpone dentro de los cinco "
                  "días hábiles siguientes a la notificación de la respuesta.",
                  vigencia="superado"),
    ],
    "procedimientos": [
        {"id": "ags-rr", "garante": "ags", "nombre": "Recurso de revisión",
         "etapas": [{"nombre": "Interposición",
                     "plazo": {"cantidad": 15, "unidad": "dias_habiles"}}]},
        {"id": "nay-rr", "garante": "nay", "nombre": "Recurso de revisión",
         "etapas": [{"nombre": "Interposición",
                     "plazo": {"cantidad": 10, "unidad": "dias_habiles"}}]},
    ],
}  # fmt: skip


def test_el_reporte_valida_contra_el_esquema():
    reporte = comparar(DATOS, generado="2026-11-28T10:00:00Z")
    jsonschema.validate(reporte, json.loads(ESQUEMA.read_text(encoding="utf-8")))
    assert reporte["version"] == "1"
    assert reporte["generado"] == "2026-11-28T10:00:00Z"


@pytest.mark.skipif(not ESQUEMA_COMPARTIDO.exists(), reason="sin ../shared")
def test_la_copia_del_esquema_es_identica_a_la_compartida():
    assert ESQUEMA.read_bytes() == ESQUEMA_COMPARTIDO.read_bytes()


def test_grupo_posturas_y_divergencias():
    reporte = comparar(DATOS)
    (grupo,) = reporte["grupos"]
    assert grupo["criterios"] == ["ags-1", "col-1", "nay-1"]
    assert grupo["garantes"] == ["ags", "col", "nay"]
    assert [p["criterios"] for p in grupo["posturas"]] == [["ags-1", "col-1"], ["nay-1"]]
    assert [(d["a"], d["b"], d["tipo"], d["explicacion"]) for d in reporte["divergencias"]] == [
        ("ags-1", "nay-1", "plazo", "plazo: 15 días hábiles (ags) frente a 10 días hábiles (nay)"),
        ("col-1", "nay-1", "plazo", "plazo: 15 días hábiles (col) frente a 10 días hábiles (nay)"),
    ]
    assert all(d["grupo"] == grupo["id"] for d in reporte["divergencias"])


def test_los_no_vigentes_quedan_fuera_salvo_que_se_pidan():
    sin = comparar(DATOS)
    assert all("zac-1" not in g["criterios"] for g in sin["grupos"])
    con = comparar(DATOS, parametros=Parametros(incluir_no_vigentes=True))
    assert "zac-1" in con["grupos"][0]["criterios"]
    assert con["parametros"]["incluir_no_vigentes"] is True


def test_ausencias_de_los_garantes_comparados():
    reporte = comparar(DATOS, garantes=["ags", "col", "nay", "qro"])
    assert reporte["ausencias"] == [{"grupo": reporte["grupos"][0]["id"], "garantes": ["qro"]}]
    assert reporte["parametros"]["garantes"] == ["ags", "col", "nay", "qro"]


def test_por_omision_se_comparan_los_garantes_nombrados():
    assert comparar(DATOS)["parametros"]["garantes"] == ["ags", "col", "nay", "zac"]


def test_garantes_limita_la_comparacion():
    reporte = comparar(DATOS, garantes=["ags", "nay"])
    assert reporte["grupos"][0]["criterios"] == ["ags-1", "nay-1"]
    assert {c["garante"] for f in reporte["procedimientos"] for c in f["celdas"]} == {"ags", "nay"}


def test_procedimientos_en_el_reporte():
    (fila,) = comparar(DATOS)["procedimientos"]
    assert fila["divergente"] is True
    assert fila["explicacion"] == "plazo: 10 días hábiles (nay) frente a 15 días hábiles (ags)"


def test_parametros_registrados():
    parametros = comparar(DATOS)["parametros"]
    assert parametros["umbral_mutuo"] == Parametros().umbral_mutuo
    assert parametros["vecinos"] == Parametros().vecinos


def test_mismo_insumo_mismo_reporte_y_ids_estables():
    primero = comparar(DATOS)
    invertido = dict(DATOS, criterios=list(reversed(DATOS["criterios"])))
    assert comparar(invertido) == primero
    # A new unrelated criterion does not change the ids of existing groups.
    otro = _criterio("col-9", "col", "Las actas de cabildo son públicas.")
    otro["rubro"] = "ACTAS DE CABILDO."
    ampliado = dict(DATOS, criterios=[*DATOS["criterios"], otro])
    assert [g["id"] for g in comparar(ampliado)["grupos"]] == [g["id"] for g in primero["grupos"]]
    assert [d["id"] for d in comparar(ampliado)["divergencias"]] == [
        d["id"] for d in primero["divergencias"]
    ]


def test_entrada_vacia():
    reporte = comparar({"criterios": []})
    assert (reporte["grupos"], reporte["divergencias"], reporte["ausencias"]) == ([], [], [])


@pytest.mark.skipif(not DESARROLLO.exists(), reason="sin conjunto de desarrollo")
def test_conjunto_de_desarrollo_valida_y_es_determinista():
    datos = json.loads(DESARROLLO.read_text(encoding="utf-8"))
    reporte = comparar(datos)
    jsonschema.validate(reporte, json.loads(ESQUEMA.read_text(encoding="utf-8")))
    assert reporte == comparar(datos)
    agrupados = [i for g in reporte["grupos"] for i in g["criterios"]]
    assert len(agrupados) == len(set(agrupados))


def test_comparador_no_importa_la_aplicacion_ni_la_base_de_datos():
    codigo = (
        "import sys, comparador, comparador.comparacion; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('app', 'criterios', 'sesiones', 'sqlalchemy', 'sqlmodel', 'starlette')))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(comparador.__file__).parents[1],
    )
    assert salida.stdout.strip() == "[]"

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from criterios.demo import cargar_demo_si_vacia, datos_demo, hay_datos_de_ejemplo
from criterios.models import Criterio, CriterioVersion
from criterios.validacion_intercambio import ESQUEMA, validar

RAIZ = Path(__file__).resolve().parents[2]
COPIA = RAIZ / "criterios/esquemas/intercambio.schema.json"
COMPARTIDO = RAIZ.parent / "shared/formato/intercambio.schema.json"


@pytest.mark.skipif(not COMPARTIDO.exists(), reason="../shared no está junto al repositorio")
def test_la_copia_del_esquema_es_igual_a_la_compartida():
    assert json.loads(COPIA.read_text("utf-8")) == json.loads(COMPARTIDO.read_text("utf-8"))


def test_el_paquete_usa_su_copia_del_esquema():
    assert json.loads(COPIA.read_text("utf-8")) == ESQUEMA


def test_las_fechas_se_revisan_de_verdad():
    # "format": "date" is only an annotation unless a format checker is given.
    assert ESQUEMA["properties"]["criterios"]["items"]["properties"]["fecha_aprobacion"] == {
        "type": "string",
        "format": "date",
    }
    datos = {
        "garantes": [{"id": "ags", "nombre": "A"}],
        "criterios": [{"id": "a", "garante": "ags", "rubro": "R", "texto": "T"}],
    }
    datos["criterios"][0]["fecha_aprobacion"] = "2020-02-29"
    assert validar(datos) is datos


def test_los_datos_de_ejemplo_validan():
    datos = datos_demo()
    assert validar(datos) is datos
    assert len(datos["criterios"]) >= 60


def test_cargar_la_demostracion_una_sola_vez(engine, session):
    assert cargar_demo_si_vacia(engine) is True
    criterios = session.exec(select(func.count()).select_from(Criterio)).one()
    assert criterios == len(datos_demo()["criterios"])
    assert hay_datos_de_ejemplo(session)
    assert cargar_demo_si_vacia(engine) is False
    # The second call wrote nothing: one version per criterio.
    assert session.exec(select(func.count()).select_from(CriterioVersion)).one() == criterios

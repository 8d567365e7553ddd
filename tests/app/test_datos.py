import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from criterios.csv_intercambio import COLUMNAS
from criterios.intercambio import importar, leer_archivo
from criterios.models import Garante

DATOS = Path(__file__).resolve().parents[1] / "datos_importacion"
RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def registro(session):
    importar(session=session, datos=leer_archivo(DATOS / "valido.json", max_bytes=None))
    session.commit()


def test_indice_de_datos_abiertos(anonimo, registro):
    respuesta = anonimo.get("/datos")
    assert respuesta.status_code == 200
    texto = respuesta.text
    assert "<h1>Datos abiertos</h1>" in texto
    for enlace in (
        "/datos/criterios.json",
        "/datos/criterios.csv",
        "/datos/esquema-intercambio.json",
    ):
        assert f'href="{enlace}"' in texto
    assert "3 criterios de 2 garantes." in texto
    assert 'href="/datos/criterios.csv?garante=col"' in texto
    assert "Órgano Garante de Colima (OGC)" in texto
    assert "Datos de ejemplo." not in texto  # no demo data loaded


def test_indice_avisa_de_los_datos_de_ejemplo(anonimo, session, registro):
    from criterios.demo import AJUSTE_DEMO
    from criterios.models import Ajuste

    session.add(Ajuste(clave=AJUSTE_DEMO, valor=True))
    session.commit()
    texto = anonimo.get("/datos").text
    assert "Datos de ejemplo." in texto
    assert "no deben citarse como criterios reales" in texto


def test_criterios_json_es_el_formato_de_intercambio(anonimo, registro):
    respuesta = anonimo.get("/datos/criterios.json")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/json; charset=utf-8"
    assert respuesta.headers["content-disposition"] == 'inline; filename="criterios.json"'
    datos = respuesta.json()
    esquema = json.loads((RAIZ / "criterios/esquemas/intercambio.schema.json").read_text("utf-8"))
    Draft202012Validator(esquema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        datos
    )
    assert [c["id"] for c in datos["criterios"]] == ["ags-01", "ags-02", "col-01"]
    assert "Órgano Garante de Aguascalientes" in respuesta.content.decode("utf-8")


def test_criterios_json_de_un_garante(anonimo, registro):
    respuesta = anonimo.get("/datos/criterios.json?garante=col")
    assert respuesta.headers["content-disposition"] == 'inline; filename="criterios-col.json"'
    datos = respuesta.json()
    assert [g["id"] for g in datos["garantes"]] == ["col"]
    assert [c["id"] for c in datos["criterios"]] == ["col-01"]


@pytest.mark.parametrize(
    "url", ["/datos/criterios.json?garante=zz", "/datos/criterios.csv?garante=zz"]
)
def test_garante_inexistente_da_404(anonimo, registro, url):
    respuesta = anonimo.get(url)
    assert respuesta.status_code == 404
    assert "No existe el garante «zz»." in respuesta.text


def test_criterios_csv(anonimo, registro):
    respuesta = anonimo.get("/datos/criterios.csv")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["content-disposition"] == 'attachment; filename="criterios.csv"'
    assert not respuesta.content.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    texto = respuesta.content.decode("utf-8")
    assert texto.splitlines()[0] == ",".join(COLUMNAS)
    filas = list(csv.DictReader(io.StringIO(texto)))
    assert [(f["id"], f["garante"]) for f in filas] == [
        ("ags-01", "ags"),
        ("ags-02", "ags"),
        ("col-01", "col"),
    ]
    assert filas[1]["rubro"] == "'=SUMA(A1:A2) NO ES UNA FÓRMULA."


def test_criterios_csv_de_un_garante(anonimo, registro):
    respuesta = anonimo.get("/datos/criterios.csv?garante=ags")
    assert respuesta.headers["content-disposition"] == 'attachment; filename="criterios-ags.csv"'
    assert [f["id"] for f in csv.DictReader(io.StringIO(respuesta.text))] == ["ags-01", "ags-02"]


def test_catalogo_privado_no_sale_en_los_datos_abiertos(anonimo, session, registro):
    garante = session.get(Garante, "col")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    datos = anonimo.get("/datos/criterios.json").json()
    assert [g["id"] for g in datos["garantes"]] == ["ags"]
    assert [c["id"] for c in datos["criterios"]] == ["ags-01", "ags-02"]
    assert "col-01" not in anonimo.get("/datos/criterios.csv").text
    assert anonimo.get("/datos/criterios.json?garante=col").status_code == 404
    assert "Órgano Garante de Colima" not in anonimo.get("/datos").text


def test_esquema_se_descarga(anonimo):
    respuesta = anonimo.get("/datos/esquema-intercambio.json")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/json; charset=utf-8"
    assert respuesta.json() == json.loads(
        (RAIZ / "criterios/esquemas/intercambio.schema.json").read_text("utf-8")
    )


def test_registro_vacio(anonimo):
    respuesta = anonimo.get("/datos")
    assert respuesta.status_code == 200
    assert "0 criterios de 0 garantes." in respuesta.text
    assert anonimo.get("/datos/criterios.json").json() == {
        "version": "1",
        "garantes": [],
        "criterios": [],
        "procedimientos": [],
    }
    assert anonimo.get("/datos/criterios.csv").text == ",".join(COLUMNAS) + "\r\n"

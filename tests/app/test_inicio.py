import pytest

from criterios.demo import AJUSTE_DEMO
from criterios.models import Ajuste, Garante
from tests.factories import crear_criterio, crear_procedimiento


def test_inicio_explica_y_cuenta_el_registro(client, session):
    crear_criterio(session, "ags", "ags-01", temas=["plazo de respuesta", "ampliación"])
    crear_criterio(session, "jal", "jal-01", temas=["plazo de respuesta"])
    crear_procedimiento(session, "ags")

    respuesta = client.get("/")

    assert respuesta.status_code == 200
    texto = respuesta.text
    assert "<h1>Homologa</h1>" in texto
    assert "Plataforma de deliberación y homologación de criterios" in texto
    assert '<a href="/garantes"><strong>2</strong> garantes</a>' in texto
    assert '<a href="/criterios"><strong>2</strong> criterios</a>' in texto
    assert '<a href="/procedimientos"><strong>1</strong> procedimiento</a>' in texto
    assert "<li><strong>2</strong> temas</li>" in texto


def test_inicio_tiene_una_busqueda_que_lleva_a_criterios(client):
    texto = client.get("/").text
    assert '<form class="busqueda-inicio" method="get" action="/criterios"' in texto
    assert '<input id="inicio-q" name="q" type="search"' in texto
    assert '<label for="inicio-q">Buscar criterios</label>' in texto


def test_aviso_de_datos_de_ejemplo_solo_con_la_demo(client, session):
    assert "Datos de ejemplo." not in client.get("/").text
    session.add(Ajuste(clave=AJUSTE_DEMO, valor=True))
    session.commit()
    assert "Datos de ejemplo." in client.get("/").text


def test_inicio_no_cuenta_catalogos_privados_para_el_publico(session, cliente_como):
    crear_criterio(session, "ags", "ags-01", temas=["plazo de respuesta"])
    crear_criterio(session, "jal", "jal-01", temas=["reserva"])
    jal = session.get(Garante, "jal")
    jal.catalogo_publico = False
    session.add(jal)
    session.commit()

    texto = cliente_como(None).get("/").text

    assert '<a href="/criterios"><strong>1</strong> criterio</a>' in texto
    assert "<li><strong>1</strong> tema</li>" in texto


@pytest.mark.parametrize(
    ("url", "marcado"),
    [
        ("/", None),
        ("/criterios", '<a href="/criterios" aria-current="page">Criterios</a>'),
        ("/criterios/nuevo", '<a href="/criterios" aria-current="true">Criterios</a>'),
        ("/divergencias", '<a href="/grupos" aria-current="true">Comparación</a>'),
        ("/datos", '<a href="/datos" aria-current="page">Datos abiertos</a>'),
        ("/bitacora", '<a href="/bitacora" aria-current="page">Bitácora</a>'),
    ],
)
def test_el_menu_marca_la_seccion_de_la_pagina(client, url, marcado):
    menu = client.get(url).text.split('<ul class="menu">')[1].split("</ul>")[0]
    assert menu.count("aria-current") == (1 if marcado else 0)
    if marcado:
        assert marcado in menu


def test_inicio_lleva_a_cada_parte_de_la_plataforma(client):
    tarjetas = client.get("/").text.split('id="titulo-que-hacer"')[1]
    for url in ("/garantes", "/criterios", "/procedimientos", "/grupos", "/importar", "/datos"):
        assert f'<a href="{url}">' in tarjetas


def test_las_secciones_de_mesas_avisan_que_hay_datos_de_ejemplo(anonimo, session):
    aviso = "Las mesas, propuestas, acuerdos y criterios homologados que se muestran son"
    assert aviso not in anonimo.get("/mesas").text
    session.add(Ajuste(clave=AJUSTE_DEMO, valor=True))
    session.commit()
    for ruta in ("/mesas", "/acuerdos", "/criterios-homologados"):
        assert aviso in anonimo.get(ruta).text, ruta
    assert aviso not in anonimo.get("/garantes").text


def test_la_cabecera_nombra_el_garante_de_la_cuenta_por_sus_siglas(cliente_como, session):
    from tests.factories import crear_garante

    crear_garante(session, "ags", siglas="ITEA")
    crear_garante(session, "col")
    assert " (ITEA)</span>" in cliente_como("juridico", "ags").get("/").text
    assert " (col)</span>" in cliente_como("juridico", "col").get("/").text

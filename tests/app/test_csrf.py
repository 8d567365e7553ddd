"""CSRF: every unsafe request needs the token of its own session (form field or header)."""

import pytest
from starlette.testclient import TestClient

from app.csrf import MENSAJE, token_para
from tests.conftest import crear_cuenta, entrar, ficha_csrf

DATOS = {"actual": "x", "nueva": "corta", "confirmacion": "corta"}


@pytest.fixture
def juridico(app_web, engine):
    with TestClient(app_web) as cliente:
        yield entrar(cliente, crear_cuenta(engine, rol="juridico", garante="jal"))


def test_post_sin_ficha_da_403_en_espanol(juridico):
    respuesta = juridico.post("/cuenta/contrasena", data=DATOS)
    assert respuesta.status_code == 403
    assert "<h1>Formulario vencido o no válido</h1>" in respuesta.text
    assert MENSAJE in respuesta.text


def test_post_con_la_ficha_del_formulario_pasa(juridico):
    ficha = ficha_csrf(juridico)
    respuesta = juridico.post("/cuenta/contrasena", data={**DATOS, "csrf_token": ficha})
    assert respuesta.status_code == 400  # reached the handler: it validates the passwords
    assert "La contraseña actual no es correcta." in respuesta.text


def test_post_multipart_con_la_ficha_pasa_y_el_cuerpo_llega_intacto(juridico):
    ficha = ficha_csrf(juridico)
    respuesta = juridico.post(
        "/cuenta/contrasena",
        data={**DATOS, "csrf_token": ficha},
        files={"adjunto": ("a.txt", b"contenido")},
    )
    assert respuesta.status_code == 400
    assert "La contraseña actual no es correcta." in respuesta.text


def test_post_con_la_cabecera_de_htmx_pasa(juridico):
    ficha = ficha_csrf(juridico)
    respuesta = juridico.post(
        "/cuenta/contrasena", data=DATOS, headers={"X-CSRF-Token": ficha, "HX-Request": "true"}
    )
    assert respuesta.status_code == 400


def test_la_ficha_de_otra_sesion_no_sirve(juridico, app_web, engine):
    with TestClient(app_web) as otro:
        entrar(otro, crear_cuenta(engine, rol="juridico", garante="jal"))
        ajena = ficha_csrf(otro)
    respuesta = juridico.post("/cuenta/contrasena", data={**DATOS, "csrf_token": ajena})
    assert respuesta.status_code == 403


def test_la_ficha_de_antes_de_entrar_no_sirve_despues(app_web, engine):
    with TestClient(app_web) as cliente:
        previa = ficha_csrf(cliente)
        entrar(cliente, crear_cuenta(engine, rol="juridico", garante="jal"))
        respuesta = cliente.post("/cuenta/contrasena", data={**DATOS, "csrf_token": previa})
        assert respuesta.status_code == 403


def test_ficha_falsificada_con_otra_clave(juridico, app_web):
    token = juridico.cookies["homologa_sesion"]
    falsa = token_para("otra clave", token)
    respuesta = juridico.post("/cuenta/contrasena", data={**DATOS, "csrf_token": falsa})
    assert respuesta.status_code == 403


def test_origen_ajeno_se_rechaza_aun_con_ficha(juridico):
    ficha = ficha_csrf(juridico)
    respuesta = juridico.post(
        "/cuenta/contrasena",
        data={**DATOS, "csrf_token": ficha},
        headers={"Origin": "https://malo.example"},
    )
    assert respuesta.status_code == 403


def test_el_formulario_de_entrada_anonimo_tambien_se_protege(app_web):
    with TestClient(app_web) as cliente:
        datos = {"correo": "a@b.mx", "contrasena": "x"}
        assert cliente.post("/entrar", data=datos).status_code == 403
        ficha = ficha_csrf(cliente)  # bound to the pre-session cookie
        assert cliente.post("/entrar", data={**datos, "csrf_token": ficha}).status_code == 400


def test_la_pagina_trae_la_ficha_para_htmx_y_formularios(juridico):
    pagina = juridico.get("/cuenta/contrasena").text
    ficha = ficha_csrf(juridico)
    assert f'<body hx-headers=\'{{"X-CSRF-Token": "{ficha}"}}\'>' in pagina
    assert f'<input type="hidden" name="csrf_token" value="{ficha}">' in pagina


def test_get_no_necesita_ficha(juridico):
    assert juridico.get("/cuenta/contrasena").status_code == 200

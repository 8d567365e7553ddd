"""Security headers on every kind of response."""

import pytest

from app.seguridad import POLITICA_CONTENIDO


@pytest.mark.parametrize("ruta", ["/", "/entrar", "/no-existe", "/static/homologa.css", "/salud"])
def test_cabeceras_de_seguridad(anonimo, ruta):
    cabeceras = anonimo.get(ruta).headers
    assert cabeceras["content-security-policy"] == POLITICA_CONTENIDO
    assert "script-src 'self';" in POLITICA_CONTENIDO and "unsafe-inline" not in POLITICA_CONTENIDO
    assert "frame-ancestors 'none'" in POLITICA_CONTENIDO
    assert cabeceras["x-content-type-options"] == "nosniff"
    assert cabeceras["referrer-policy"] == "same-origin"
    assert cabeceras["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in cabeceras  # only over HTTPS


def test_paginas_con_sesion_no_se_guardan_en_cache(client, anonimo):
    assert client.get("/entrar", follow_redirects=True).headers["cache-control"] == "no-store"
    assert "cache-control" not in anonimo.get("/entrar").headers


def test_las_plantillas_no_tienen_scripts_en_linea():
    from pathlib import Path

    from app.settings import TEMPLATES_DIR

    for plantilla in Path(TEMPLATES_DIR).rglob("*.html"):
        texto = plantilla.read_text(encoding="utf-8")
        for etiqueta in texto.split("<script")[1:]:
            assert " src=" in etiqueta.split(">", 1)[0], f"script en línea en {plantilla}"
        assert " onclick=" not in texto and " onsubmit=" not in texto, plantilla

def test_salud_responde_con_la_base_de_datos(client):
    respuesta = client.get("/salud")
    assert respuesta.status_code == 200
    assert respuesta.json()["estado"] == "ok"
    assert respuesta.json()["base_de_datos"] == "ok"


def test_pagina_inexistente_en_espanol(client):
    respuesta = client.get("/no-existe")
    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.text
    assert "Traceback" not in respuesta.text

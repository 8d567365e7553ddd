import pytest

from app.web import url_de_pagina


def test_url_de_pagina_conserva_solo_los_parametros_con_valor():
    url_pagina = url_de_pagina("/divergencias", {"tipo": "plazo", "garante": None, "q": ""})
    assert url_pagina(3) == "/divergencias?tipo=plazo&pagina=3"


def test_url_de_pagina_sin_parametros():
    assert url_de_pagina("/garantes/jal", {})(2) == "/garantes/jal?pagina=2"


@pytest.mark.parametrize(
    "ruta",
    ["/acuerdos/99999999999999999999999", "/mesas/1234567890123456789", "/criterios/²"],
)
def test_un_id_que_no_cabe_en_la_base_es_un_404_en_espanol(anonimo, ruta):
    respuesta = anonimo.get(ruta)
    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.text


@pytest.mark.parametrize(
    ("valor", "numero"),
    [("12", 12), (" 7 ", 7), ("²", None), ("-3", None), ("1" * 19, None), ("", None), (None, None)],
)
def test_numero_de_registro(valor, numero):
    from criterios.consultas import numero_de_registro

    assert numero_de_registro(valor) == numero

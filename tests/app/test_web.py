from app.web import url_de_pagina


def test_url_de_pagina_conserva_solo_los_parametros_con_valor():
    url_pagina = url_de_pagina("/divergencias", {"tipo": "plazo", "garante": None, "q": ""})
    assert url_pagina(3) == "/divergencias?tipo=plazo&pagina=3"


def test_url_de_pagina_sin_parametros():
    assert url_de_pagina("/garantes/jal", {})(2) == "/garantes/jal?pagina=2"

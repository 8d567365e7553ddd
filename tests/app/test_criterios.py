import re

import pytest
from sqlmodel import func, select

import app.routes.criterios as rutas_criterios
from criterios.models import Criterio, CriterioVersion, Garante
from criterios.registro import guardar_criterios
from tests.factories import contar, crear_criterio, crear_garante


@pytest.fixture
def permisos(monkeypatch):
    """Record what each handler asks the policy (which still answers: ``client`` is admin)."""
    preguntas = []
    autorizar_de_verdad = rutas_criterios.autorizar

    def autorizar(request, accion, *, garante_id=None):
        preguntas.append((accion, garante_id))
        autorizar_de_verdad(request, accion, garante_id=garante_id)

    monkeypatch.setattr(rutas_criterios, "autorizar", autorizar)
    return preguntas


@pytest.fixture
def catalogo(session):
    crear_garante(session, "ags", nombre="Instituto de Transparencia de Aguascalientes")
    crear_garante(session, "jal", nombre="Instituto de Transparencia de Jalisco", siglas="ITEI")
    crear_criterio(
        session, "ags", "ags-01", clave="CRITERIO 01/2020",
        rubro="ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
        texto="La respuesta se notifica dentro de veinte días hábiles.",
        tipo="reiterado", temas=["plazo de respuesta"], fecha_aprobacion="2020-03-04",
        fuente="Gaceta oficial", marco_normativo="LGTAIP-2015",
        precedentes=[
            {"expediente": "RR-01/2019", "fecha": "2019-01-02", "sentido": "revoca"},
            {"expediente": "RR-07/2019"},
        ],
    )  # fmt: skip
    crear_criterio(
        session, "jal", "jal-01", clave="CRITERIO 05/2019",
        rubro="DATOS PERSONALES DE SERVIDORES PÚBLICOS.",
        texto="El nombre de un servidor público no es confidencial.",
        vigencia="superado",
    )  # fmt: skip


def _id(session, id_externo):
    return session.exec(select(Criterio.id).where(Criterio.id_externo == id_externo)).one()


def _enviar(client, url, datos):
    """Post a form the way a browser does: with the CSRF token of the page that shows it."""
    pagina = client.get(url)
    ficha = re.search(r'name="csrf_token" value="([^"]*)"', pagina.text)
    return client.post(
        url, data={**datos, "csrf_token": ficha.group(1) if ficha else ""}, follow_redirects=False
    )


# --- List and search ----------------------------------------------------------------------


def test_lista_muestra_las_filas(client, catalogo):
    respuesta = client.get("/criterios")
    assert respuesta.status_code == 200
    assert "2 criterios" in respuesta.text
    assert "ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER." in respuesta.text
    assert "DATOS PERSONALES DE SERVIDORES PÚBLICOS." in respuesta.text
    assert "CRITERIO 05/2019" in respuesta.text
    assert ">ITEI</a>" in respuesta.text
    assert '<span class="insignia superado">Superado</span>' in respuesta.text
    assert '<a class="tema" href="/criterios?tema=plazo+de+respuesta">' in respuesta.text


def test_lista_es_un_formulario_que_funciona_sin_javascript(client, catalogo):
    respuesta = client.get("/criterios")
    assert '<form class="filtros" method="get" action="/criterios"' in respuesta.text
    assert 'hx-get="/criterios"' in respuesta.text
    assert '<input id="campo-q" name="q" type="search"' in respuesta.text
    assert '<label for="campo-q">Buscar</label>' in respuesta.text


@pytest.mark.parametrize(
    ("consulta", "presentes", "ausentes"),
    [
        ("q=informacion", ["CRITERIO 01/2020"], ["CRITERIO 05/2019"]),
        ("q=SERVIDORES+publicos", ["CRITERIO 05/2019"], ["CRITERIO 01/2020"]),
        ("garante=jal", ["CRITERIO 05/2019"], ["CRITERIO 01/2020"]),
        ("vigencia=superado", ["CRITERIO 05/2019"], ["CRITERIO 01/2020"]),
        ("tipo=reiterado&tema=plazo+de+respuesta", ["CRITERIO 01/2020"], ["CRITERIO 05/2019"]),
    ],
)
def test_busqueda_y_filtros_por_url(client, catalogo, consulta, presentes, ausentes):
    respuesta = client.get(f"/criterios?{consulta}")
    assert respuesta.status_code == 200
    assert "1 criterio<" in respuesta.text
    for texto in presentes:
        assert texto in respuesta.text
    for texto in ausentes:
        assert texto not in respuesta.text


def test_los_filtros_elegidos_quedan_seleccionados(client, catalogo):
    texto = client.get("/criterios?q=plazos&garante=ags&vigencia=vigente").text
    assert 'value="plazos"' in texto
    assert '<option value="ags" selected>' in texto
    assert '<option value="vigente" selected>' in texto


def test_htmx_recibe_solo_los_resultados(client, catalogo):
    respuesta = client.get("/criterios?q=informacion", headers={"HX-Request": "true"})
    assert respuesta.status_code == 200
    assert respuesta.headers["Vary"] == "HX-Request"
    assert "<html" not in respuesta.text
    assert "<form" not in respuesta.text
    assert respuesta.text.lstrip().startswith('<p class="conteo" role="status">1 criterio')
    assert "CRITERIO 01/2020" in respuesta.text


def test_sin_htmx_o_al_restaurar_el_historial_recibe_la_pagina_completa(client, catalogo):
    normal = client.get("/criterios?q=informacion")
    restaurada = client.get(
        "/criterios?q=informacion",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    for respuesta in (normal, restaurada):
        assert respuesta.headers["Vary"] == "HX-Request"
        assert "<html" in respuesta.text
        assert '<div id="resultados">' in respuesta.text


def test_busqueda_sin_resultados_explica_y_ofrece_quitar_filtros(client, catalogo):
    respuesta = client.get("/criterios?q=zzzz&garante=ags")
    assert respuesta.status_code == 200
    assert (
        "Ningún criterio coincide con la búsqueda «zzzz» con los filtros elegidos."
        in respuesta.text
    )
    assert '<a href="/criterios">Quitar la búsqueda y los filtros</a>' in respuesta.text


def test_registro_vacio(client):
    respuesta = client.get("/criterios")
    assert "Todavía no hay criterios registrados." in respuesta.text
    assert "Quitar la búsqueda" not in respuesta.text


def test_paginacion_conserva_los_filtros(client, session):
    crear_garante(session, "ags")
    guardar_criterios(
        session=session,
        registros=[
            {"id": f"ags-{n:02d}", "garante": "ags", "clave": f"C-{n:02d}",
             "rubro": f"Plazo número {n}", "texto": "Texto del plazo."}
            for n in range(1, 28)
        ],
        motivo="alta",
    )  # fmt: skip
    session.commit()

    primera = client.get("/criterios?q=plazo&garante=ags")
    segunda = client.get("/criterios?q=plazo&garante=ags&pagina=2")

    assert "27 criterios · página 1 de 2" in primera.text
    assert 'href="/criterios?q=plazo&amp;garante=ags&amp;pagina=2" rel="next"' in primera.text
    assert "C-25" in primera.text and "C-26" not in primera.text
    assert "C-26" in segunda.text and "C-27" in segunda.text and "C-01" not in segunda.text


# --- Detail -------------------------------------------------------------------------------


def test_ficha_del_criterio(client, session, catalogo):
    id_ = _id(session, "ags-01")
    texto = client.get(f"/criterios/{id_}").text
    assert '<h1 id="rubro">ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.</h1>' in texto
    assert "La respuesta se notifica dentro de veinte días hábiles." in texto
    assert "<dt>Clave</dt><dd>CRITERIO 01/2020</dd>" in texto
    assert "<dt>Tipo</dt><dd>Reiterado</dd>" in texto
    assert "<dt>Vigencia</dt><dd>Vigente</dd>" in texto
    assert "4 de marzo de 2020" in texto
    assert "<dt>Fuente</dt><dd>Gaceta oficial</dd>" in texto
    assert "<dt>Marco normativo</dt><dd>LGTAIP-2015</dd>" in texto
    assert (
        '<a class="tema" href="/criterios?tema=plazo+de+respuesta">plazo de respuesta</a>' in texto
    )
    assert '<a href="/garantes/ags">Instituto de Transparencia de Aguascalientes</a>' in texto
    assert f'<a href="/criterios/{id_}/versiones">Ver historial de versiones</a>' in texto
    assert f'href="/criterios/{id_}/editar"' in texto


def test_ficha_muestra_los_precedentes(client, session, catalogo):
    texto = client.get(f"/criterios/{_id(session, 'ags-01')}").text
    filas = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", texto, re.S)
    assert [(e, re.sub(r"<[^>]+>", "", f), s) for e, f, s in filas] == [
        ("RR-01/2019", "2 de enero de 2019", "Revoca"),
        ("RR-07/2019", "—", "—"),
    ]


@pytest.mark.parametrize(
    "url",
    ["/criterios/999", "/criterios/999/editar", "/criterios/999/versiones"],
)
def test_criterio_inexistente_da_404_en_espanol(client, permisos, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 404
    assert "No existe ningún criterio con ese número." in respuesta.text


# --- Create -------------------------------------------------------------------------------

VALIDO = {
    "garante": "ags",
    "id": "ags-99",
    "clave": "CRITERIO 99/2024",
    "rubro": "PRUEBA DE INTERÉS PÚBLICO.",
    "texto": "La prueba se aplica con idoneidad, necesidad y proporcionalidad.",
    "tipo": "relevante",
    "vigencia": "vigente",
    "fecha_aprobacion": "2024-05-06",
    "temas": "prueba de interés público, reserva ,",
    "precedentes": "RR-10/2023 | 2023-02-01 | modifica\n\nRR-11/2023",
}


@pytest.mark.parametrize(
    ("cambios", "campo", "mensaje"),
    [
        ({"rubro": "  "}, "rubro", "Escriba el rubro del criterio."),
        ({"texto": ""}, "texto", "Escriba el texto del criterio."),
        ({"garante": ""}, "garante", "Elija el garante del criterio."),
        ({"garante": "xyz"}, "garante", "El garante elegido no existe."),
        ({"id": ""}, "id", "Escriba el identificador del criterio."),
        ({"id": "x" * 121}, "id", "El identificador debe ser una línea de hasta 120 caracteres."),
        ({"id": "ags-01"}, "id",
         "Ya existe un criterio con el identificador «ags-01» en ese garante."),
        ({"tipo": "inventado"}, "tipo", "Elija un tipo de la lista."),
        ({"vigencia": "eterna"}, "vigencia", "Elija una vigencia de la lista."),
        ({"fecha_aprobacion": "2024-02-30"}, "fecha_aprobacion",
         "La fecha de aprobación no es válida; use el formato AAAA-MM-DD."),
        ({"precedentes": "RR-1 | 2023-13-01 | revoca"}, "precedentes",
         "Línea 1: la fecha «2023-13-01» no es válida; use AAAA-MM-DD."),
        ({"precedentes": "RR-1\nRR-2 | 2023-01-01 | anula"}, "precedentes",
         "Línea 2: el sentido «anula» no se reconoce; use uno de: confirma, modifica, revoca, "
         "sobresee, desecha, ordena, otro."),
        ({"precedentes": " | 2023-01-01"}, "precedentes",
         "Línea 1: escriba «EXPEDIENTE | AAAA-MM-DD | sentido» (la fecha y el sentido son "
         "opcionales)."),
    ],
)  # fmt: skip
def test_alta_con_errores_no_escribe_nada(
    client, session, catalogo, permisos, cambios, campo, mensaje
):
    antes = (contar(session, Criterio), contar(session, CriterioVersion))
    respuesta = _enviar(client, "/criterios/nuevo", {**VALIDO, **cambios})

    assert respuesta.status_code == 400
    assert f'<p class="error" id="error-{campo}">{mensaje}</p>' in respuesta.text
    assert f'<a href="#campo-{campo}">' in respuesta.text  # the summary links to the field
    # The field itself is marked invalid (a separate attribute, not glued to «required»).
    assert re.search(rf'id="campo-{campo}"[^>]*\saria-invalid="true"', respuesta.text)
    # The user's other input is kept.
    assert 'value="CRITERIO 99/2024"' in respuesta.text
    assert (contar(session, Criterio), contar(session, CriterioVersion)) == antes


def test_alta_correcta_crea_la_version_1(client, session, catalogo, permisos):
    respuesta = _enviar(client, "/criterios/nuevo", VALIDO)

    assert respuesta.status_code == 303
    id_ = _id(session, "ags-99")
    assert respuesta.headers["location"] == f"/criterios/{id_}?aviso=creado"
    assert permisos[-1] == ("criterio.crear", "ags")
    session.expire_all()
    criterio = session.get(Criterio, id_)
    assert (criterio.version, criterio.tipo, criterio.temas) == (
        1,
        "relevante",
        ["prueba de interés público", "reserva"],
    )
    assert criterio.precedentes == [
        {"expediente": "RR-10/2023", "fecha": "2023-02-01", "sentido": "modifica"},
        {"expediente": "RR-11/2023"},
    ]
    [version] = session.exec(select(CriterioVersion).where(CriterioVersion.criterio_id == id_))
    assert (version.numero, version.motivo, version.autor) == (1, "alta", "administrador")
    pagina = client.get(respuesta.headers["location"])
    assert "Criterio registrado como versión 1." in pagina.text


def test_formulario_de_alta_preselecciona_el_garante(client, catalogo, permisos):
    respuesta = client.get("/criterios/nuevo?garante=jal")
    assert respuesta.status_code == 200
    assert '<option value="jal" selected>' in respuesta.text
    assert 'name="csrf_token"' in respuesta.text
    assert permisos == [("criterio.crear", None)]


# --- Edit and versions --------------------------------------------------------------------


def _valores_de_edicion(client, id_):
    """Return the fields of the edit form as the page fills them."""
    texto = client.get(f"/criterios/{id_}/editar").text
    valores = dict(
        re.findall(r'<input id="campo-\w+" name="(\w+)" type="\w+" value="([^"]*)"', texto)
    )
    valores.update(
        re.findall(r'<textarea id="campo-\w+" name="(\w+)"[^>]*>([^<]*)</textarea>', texto)
    )
    for nombre in ("tipo", "vigencia"):
        bloque = re.search(rf'name="{nombre}".*?</select>', texto, re.S).group(0)
        elegida = re.search(r'<option value="([^"]*)" selected>', bloque)
        valores[nombre] = elegida.group(1) if elegida else ""
    return {k: v.replace("&amp;", "&") for k, v in valores.items()}


def test_formulario_de_edicion_muestra_los_datos_actuales(client, session, catalogo, permisos):
    id_ = _id(session, "ags-01")
    valores = _valores_de_edicion(client, id_)
    assert valores["clave"] == "CRITERIO 01/2020"
    assert valores["fecha_aprobacion"] == "2020-03-04"
    assert valores["temas"] == "plazo de respuesta"
    assert valores["precedentes"] == "RR-01/2019 | 2019-01-02 | revoca\nRR-07/2019"
    assert (valores["tipo"], valores["vigencia"]) == ("reiterado", "vigente")
    assert permisos == [("criterio.editar", "ags")]


def test_guardar_sin_cambios_no_crea_version(client, session, catalogo, permisos):
    id_ = _id(session, "ags-01")
    respuesta = _enviar(client, f"/criterios/{id_}/editar", _valores_de_edicion(client, id_))

    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/criterios/{id_}?aviso=sin-cambios"
    assert contar(session, CriterioVersion) == 2  # one per criterio of the catalog
    assert "Sin cambios" in client.get(respuesta.headers["location"]).text


def test_editar_crea_la_version_2_y_el_historial_muestra_las_diferencias(
    client, session, catalogo, permisos
):
    id_ = _id(session, "ags-01")
    valores = _valores_de_edicion(client, id_)
    valores.update(
        texto="La respuesta se notifica dentro de quince días hábiles.",
        vigencia="superado",
    )
    respuesta = _enviar(client, f"/criterios/{id_}/editar", valores)

    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/criterios/{id_}?aviso=editado"
    assert permisos[-1] == ("criterio.editar", "ags")
    numeros = session.exec(
        select(CriterioVersion.numero, CriterioVersion.motivo)
        .where(CriterioVersion.criterio_id == id_)
        .order_by(CriterioVersion.numero)
    ).all()
    assert [tuple(n) for n in numeros] == [(1, "alta"), (2, "edición")]

    historial = client.get(f"/criterios/{id_}/versiones")
    assert historial.status_code == 200
    assert "Cambios de la versión 1 a la 2" in historial.text
    assert '<option value="1" selected>' in historial.text  # de
    assert '<option value="2" selected>' in historial.text  # a
    assert '<del><span class="lector">[eliminado: </span>veinte ' in historial.text
    assert '<ins><span class="lector">[insertado: </span>quince ' in historial.text
    assert (
        '<th scope="row">Vigencia</th><td class="texto-largo">vigente</td>'
        '<td class="texto-largo">superado</td>'
    ) in historial.text


def test_edicion_con_errores_no_crea_version(client, session, catalogo, permisos):
    id_ = _id(session, "ags-01")
    valores = {**_valores_de_edicion(client, id_), "rubro": ""}
    respuesta = _enviar(client, f"/criterios/{id_}/editar", valores)
    assert respuesta.status_code == 400
    assert "Escriba el rubro del criterio." in respuesta.text
    assert contar(session, CriterioVersion) == 2


def test_historial_de_una_sola_version(client, session, catalogo):
    respuesta = client.get(f"/criterios/{_id(session, 'jal-01')}/versiones")
    assert respuesta.status_code == 200
    assert "Este criterio tiene una sola versión" in respuesta.text


@pytest.mark.parametrize("consulta", ["de=7", "a=3", "de=uno"])
def test_version_inexistente_da_404(client, session, catalogo, consulta):
    id_ = _id(session, "ags-01")
    respuesta = client.get(f"/criterios/{id_}/versiones?{consulta}")
    assert respuesta.status_code == 404
    assert "Ese criterio no tiene la versión pedida." in respuesta.text


# --- Who may write and read ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "garante", "esperado"),
    [
        ("administrador", None, 303),
        ("juridico", "ags", 303),
        ("juridico", "jal", 403),
        ("comisionado", "ags", 403),
        ("secretaria", None, 403),
    ],
)
def test_editar_solo_con_permiso_sobre_el_garante(
    session, catalogo, cliente_como, rol, garante, esperado
):
    id_ = _id(session, "ags-01")
    cliente = cliente_como(rol, garante)
    respuesta = cliente.post(
        f"/criterios/{id_}/editar",
        data={"rubro": "RUBRO NUEVO.", "texto": "Texto nuevo.", "vigencia": "vigente"},
        follow_redirects=False,
    )
    assert respuesta.status_code == esperado
    esperadas = 2 if esperado == 303 else 1
    assert (
        session.exec(select(func.count()).where(CriterioVersion.criterio_id == id_)).one()
        == esperadas
    )


def test_el_publico_no_puede_dar_de_alta(session, catalogo, cliente_como):
    publico = cliente_como(None)
    respuesta = publico.post("/criterios/nuevo", data=VALIDO, follow_redirects=False)
    assert respuesta.status_code == 403
    assert contar(session, Criterio) == 2


def test_el_juridico_solo_elige_su_garante_al_dar_de_alta(catalogo, cliente_como):
    texto = cliente_como("juridico", "jal").get("/criterios/nuevo").text
    assert '<option value="jal"' in texto
    assert '<option value="ags"' not in texto


def test_alta_en_garante_ajeno_se_niega(session, catalogo, cliente_como):
    respuesta = cliente_como("juridico", "jal").post(
        "/criterios/nuevo", data=VALIDO, follow_redirects=False
    )
    assert respuesta.status_code == 403
    assert contar(session, Criterio) == 2


@pytest.mark.parametrize(
    ("rol", "garante", "ve_alta", "ve_edicion"),
    [
        (None, None, False, False),
        ("comisionado", "ags", False, False),
        ("secretaria", None, False, False),
        ("juridico", "jal", True, False),
        ("juridico", "ags", True, True),
        ("administrador", None, True, True),
    ],
)
def test_los_botones_de_alta_y_edicion_solo_los_ve_quien_puede_usarlos(
    session, catalogo, cliente_como, rol, garante, ve_alta, ve_edicion
):
    cliente = cliente_como(rol, garante)
    id_ = _id(session, "ags-01")
    assert ('href="/criterios/nuevo"' in cliente.get("/criterios").text) is ve_alta
    assert ('href="/criterios/nuevo?garante=ags"' in cliente.get("/garantes/ags").text) is (
        ve_edicion
    )
    assert (f'href="/criterios/{id_}/editar"' in cliente.get(f"/criterios/{id_}").text) is (
        ve_edicion
    )


@pytest.fixture
def catalogo_privado(session, catalogo):
    garante = session.get(Garante, "jal")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()


def test_catalogo_privado_no_aparece_al_publico(session, catalogo_privado, cliente_como):
    publico = cliente_como(None)
    lista = publico.get("/criterios").text
    assert "1 criterio<" in lista
    assert "CRITERIO 05/2019" not in lista
    assert '<option value="jal"' not in lista
    ficha = publico.get(f"/criterios/{_id(session, 'jal-01')}", follow_redirects=False)
    assert ficha.status_code == 303
    assert ficha.headers["location"].startswith("/entrar?siguiente=/criterios/")


def test_catalogo_privado_lo_ve_su_personal_pero_no_otro_garante(
    session, catalogo_privado, cliente_como
):
    propio = cliente_como("juridico", "jal")
    ajeno = cliente_como("juridico", "ags")
    id_ = _id(session, "jal-01")
    assert "CRITERIO 05/2019" in propio.get("/criterios").text
    assert propio.get(f"/criterios/{id_}").status_code == 200
    assert "CRITERIO 05/2019" not in ajeno.get("/criterios").text
    assert ajeno.get(f"/criterios/{id_}").status_code == 403
    assert ajeno.get(f"/criterios/{id_}/versiones").status_code == 403

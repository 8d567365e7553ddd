import re

import pytest
from sqlmodel import select
from starlette.exceptions import HTTPException

import app.routes.procedimientos as rutas_procedimientos
from criterios.models import CorreccionEtapa, Etapa, Garante, Procedimiento
from tests.factories import crear_garante, crear_procedimiento, crear_procedimientos_de_acceso


@pytest.fixture(autouse=True)
def permisos(monkeypatch):
    """Allow every action and record what each handler asked the policy.

    The policy itself is tested table-driven with real accounts (access issue); here the
    procedures' behaviour is tested, plus the fact that each write asks the right question.
    """
    preguntas = []

    def autorizar(request, accion, *, garante_id=None):
        preguntas.append((accion, garante_id))

    monkeypatch.setattr(rutas_procedimientos, "autorizar", autorizar)
    return preguntas


def _ficha(client) -> str:
    """Return the CSRF token a page gives this client (forms send it back)."""
    pagina = client.get("/procedimientos")
    return re.search(r'<meta name="csrf-token" content="([^"]*)"', pagina.text).group(1)


def _enviar(client, url, datos, **opciones):
    """Post a form the way a browser does: with the CSRF token of the page that shows it."""
    opciones.setdefault("follow_redirects", False)
    return client.post(url, data={**datos, "csrf_token": _ficha(client)}, **opciones)


def _errores(html: str) -> dict[str, str]:
    """Return the field errors shown next to the fields, by field name."""
    return dict(re.findall(r'<p class="error" id="error-([^"]+)">([^<]*)</p>', html))


def _encabezados_de_fila(html: str) -> list[str]:
    """Return the row labels of the matrix tables (the text before any badge)."""
    return [
        re.split(r"<", celda, maxsplit=1)[0].strip()
        for celda in re.findall(r'<th scope="row">\s*(.*?)</th>', html, flags=re.S)
    ]


@pytest.fixture
def dos_garantes(session):
    crear_procedimientos_de_acceso(session)


def test_matriz_muestra_la_fila_alineada_y_su_divergencia(client, dos_garantes):
    respuesta = client.get("/procedimientos")

    assert respuesta.status_code == 200
    html = respuesta.text
    assert '<h2 id="grupo-1">Solicitud de acceso a la información</h2>' in html
    assert _encabezados_de_fila(html) == ["Plazo de respuesta"]
    assert html.count('<tr class="divergente">') == 1
    assert '<span class="insignia divergente">Divergente</span>' in html
    assert (
        '<p class="explicacion">plazo: 15 días hábiles (col) frente a 20 días hábiles (ags)</p>'
        in html
    )
    assert '<span class="plazo" title="Fundamento: Art. 134">15 días hábiles</span>' in html
    assert html.count('<span class="ampliacion">ampliable 10 días hábiles</span>') == 2
    # Only the garante whose stage has another name shows it.
    assert re.findall(r'<small class="nombre-propio">Etapa: <a [^>]+>([^<]+)</a>', html) == [
        "Término para responder"
    ]
    assert '<small class="fundamento">Art. 134</small>' in html


def test_matriz_sin_procedimientos(client):
    respuesta = client.get("/procedimientos")

    assert respuesta.status_code == 200
    assert "No hay procedimientos registrados para los garantes elegidos." in respuesta.text


def test_matriz_con_htmx_devuelve_solo_el_bloque(client, dos_garantes):
    respuesta = client.get("/procedimientos?divergentes=1", headers={"HX-Request": "true"})

    assert respuesta.status_code == 200
    assert respuesta.text.lstrip().startswith('<div id="matriz" class="matriz">')
    assert "<html" not in respuesta.text
    assert respuesta.headers["vary"] == "HX-Request"


@pytest.mark.parametrize(
    ("consulta", "filas", "columnas"),
    [
        ("", ["Plazo de respuesta"], ["ags", "col"]),
        ("?garante=col", ["Término para responder"], ["col"]),
        ("?garante=ags&garante=col&divergentes=1", ["Plazo de respuesta"], ["ags", "col"]),
        ("?tipo=Recurso+de+revisi%C3%B3n", [], ["ags", "col"]),
    ],
)
def test_filtros_de_la_matriz(client, dos_garantes, consulta, filas, columnas):
    html = client.get("/procedimientos" + consulta).text

    assert _encabezados_de_fila(html) == filas
    if filas:
        assert re.findall(r'<th scope="col"><abbr [^>]+>([^<]+)</abbr></th>', html) == columnas


def test_solo_divergentes_oculta_filas_iguales(client, session):
    crear_procedimiento(session, "ags", "ags-acceso")
    crear_procedimiento(session, "col", "col-acceso")

    html = client.get("/procedimientos?divergentes=1").text

    assert _encabezados_de_fila(html) == []
    assert "No hay filas divergentes con estos filtros." in html


def test_garantes_no_vigentes_solo_con_la_casilla(client, session):
    crear_garante(session, "viejo", vigente_hasta="2025-03-20")
    crear_procedimiento(session, "viejo", "viejo-acceso")

    assert "No hay procedimientos registrados" in client.get("/procedimientos").text
    assert _encabezados_de_fila(client.get("/procedimientos?todos=1").text) == [
        "Plazo de respuesta"
    ]


CORRECCION = {
    "garante": "col",
    "procedimiento": "col-acceso",
    "etapa": "Término para responder",
    "fila": "Plazo de respuesta",
    "fila_nueva": "Ampliación del plazo",
    "accion": "guardar",
    "volver": "/procedimientos?garante=ags&garante=col",
}


def test_corregir_alineacion_mueve_la_etapa_y_se_conserva(client, session, dos_garantes):
    respuesta = _enviar(client, "/procedimientos/alineacion", CORRECCION)

    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/procedimientos?garante=ags&garante=col"
    [correccion] = session.exec(select(CorreccionEtapa)).all()
    assert (correccion.garante_id, correccion.procedimiento_id_externo, correccion.etapa) == (
        "col", "col-acceso", "Término para responder"
    )  # fmt: skip
    assert correccion.fila == "Ampliación del plazo"
    html = client.get("/procedimientos").text
    assert sorted(_encabezados_de_fila(html)) == ["Ampliación del plazo", "Plazo de respuesta"]
    assert '<span class="insignia corregida">Alineación corregida</span>' in html
    assert "Divergente" not in html


def test_corregir_con_htmx_devuelve_la_matriz_actualizada(client, dos_garantes):
    respuesta = client.post(
        "/procedimientos/alineacion",
        data=CORRECCION,
        headers={"HX-Request": "true", "X-CSRF-Token": _ficha(client)},
    )

    assert respuesta.status_code == 200
    assert respuesta.text.lstrip().startswith('<div id="matriz"')
    assert sorted(_encabezados_de_fila(respuesta.text)) == [
        "Ampliación del plazo",
        "Plazo de respuesta",
    ]


def test_quitar_correccion_devuelve_la_etapa_a_su_fila(client, session, dos_garantes):
    _enviar(client, "/procedimientos/alineacion", CORRECCION)

    respuesta = _enviar(client, "/procedimientos/alineacion", {**CORRECCION, "accion": "quitar"})

    assert respuesta.status_code == 303
    assert session.exec(select(CorreccionEtapa)).all() == []
    assert _encabezados_de_fila(client.get("/procedimientos").text) == ["Plazo de respuesta"]


def test_corregir_sin_fila_muestra_el_error(client, session, dos_garantes):
    datos = {**CORRECCION, "fila": "", "fila_nueva": "  ", "celda": "c-1-1-col-1"}

    respuesta = _enviar(client, "/procedimientos/alineacion", datos)

    assert respuesta.status_code == 400
    assert (
        '<p class="error" id="campo-c-1-1-col-1">Término para responder: Elija la fila a la que '
        "pertenece la etapa o escriba una nueva.</p>"
    ) in respuesta.text
    assert session.exec(select(CorreccionEtapa)).all() == []


def test_corregir_nunca_redirige_fuera_de_la_matriz(client, dos_garantes):
    datos = {**CORRECCION, "volver": "https://ejemplo.com/procedimientos"}

    respuesta = _enviar(client, "/procedimientos/alineacion", datos)

    assert respuesta.headers["location"] == "/procedimientos"


def test_corregir_una_etapa_inexistente_es_404(client, session, dos_garantes):
    respuesta = _enviar(client, "/procedimientos/alineacion", {**CORRECCION, "etapa": "Otra"})

    assert respuesta.status_code == 404
    assert session.exec(select(CorreccionEtapa)).all() == []


def test_matriz_csv(client, session):
    crear_procedimiento(
        session, "ags", "ags-acceso",
        etapas=[{"nombre": "=HIPERVINCULO(1)",
                 "plazo": {"cantidad": 5, "unidad": "dias_naturales"}}],
    )  # fmt: skip

    respuesta = client.get("/procedimientos/matriz.csv")

    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert "matriz-procedimientos.csv" in respuesta.headers["content-disposition"]
    assert respuesta.text.splitlines() == [
        "procedimiento,etapa,divergente,explicación,ags: etapa,ags: plazo,ags: ampliación",
        "Solicitud de acceso a la información,'=HIPERVINCULO(1),no,,'=HIPERVINCULO(1),"
        "5 días naturales,",
    ]


def test_detalle_del_procedimiento(client, session):
    crear_procedimiento(
        session, "ags", "ags-recurso", nombre="Recurso de revisión", fundamento="LGTAIP",
        requisitos=["Nombre del recurrente", "Acto que se recurre"],
        etapas=[{"nombre": "Interposición", "plazo": {"cantidad": 15, "unidad": "dias_habiles"},
                 "fundamento": "Art. 144", "descripcion": "Desde la notificación."}],
    )  # fmt: skip
    id = session.exec(select(Procedimiento.id)).one()

    html = client.get(f"/procedimientos/{id}").text

    assert "<h1>Recurso de revisión</h1>" in html
    assert '<a href="/garantes/ags">Órgano Garante AGS</a>' in html
    filas = re.findall(
        r"<tr>\s*<td>(\d+)</td>\s*<th scope=\"row\">([^<]+)</th>(.*?)</tr>", html, re.S
    )
    assert [(n, e, re.findall(r"<td>([^<]*)</td>", resto)) for n, e, resto in filas] == [
        ("1", "Interposición", ["15 días hábiles", "—", "Art. 144", "Desde la notificación."])
    ]
    assert "<li>Nombre del recurrente</li><li>Acto que se recurre</li>" in html


@pytest.mark.parametrize(
    ("metodo", "url"),
    [
        ("get", "/procedimientos/999"),
        ("get", "/procedimientos/999/editar"),
        ("post", "/procedimientos/999/editar"),
    ],
)
def test_procedimiento_inexistente_es_404(client, metodo, url):
    respuesta = _enviar(client, url, {"nombre": "x"}) if metodo == "post" else client.get(url)

    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.text


VALIDO = {
    "garante": "ags",
    "id_externo": "ags-recurso",
    "nombre": "Recurso de revisión",
    "fundamento": "Arts. 144 a 148",
    "requisitos": "Nombre del recurrente\n\n  Acto que se recurre  \n",
    "etapa-1-nombre": "Interposición",
    "etapa-1-plazo_cantidad": "15",
    "etapa-1-plazo_unidad": "dias_habiles",
    "etapa-2-nombre": "Resolución",
    "etapa-2-plazo_cantidad": "40",
    "etapa-2-plazo_unidad": "dias_habiles",
    "etapa-2-ampliacion_cantidad": "20",
    "etapa-2-ampliacion_unidad": "dias_habiles",
    "etapa-3-nombre": "",
    "etapa-3-plazo_unidad": "",
}


@pytest.mark.parametrize(
    ("cambios", "errores"),
    [
        ({"garante": ""}, {"garante": "Elija el garante del procedimiento."}),
        ({"garante": "nadie"}, {"garante": "El garante elegido no existe."}),
        ({"id_externo": " "}, {"id_externo": "Escriba el identificador del procedimiento."}),
        ({"id_externo": "x" * 121},
         {"id_externo": "El identificador admite hasta 120 caracteres."}),
        ({"nombre": ""}, {"nombre": "Escriba el nombre del procedimiento."}),
        (
            {"etapa-1-nombre": "", "etapa-2-nombre": "", "etapa-2-plazo_cantidad": "",
             "etapa-2-plazo_unidad": "", "etapa-2-ampliacion_cantidad": "",
             "etapa-2-ampliacion_unidad": "", "etapa-1-plazo_cantidad": "",
             "etapa-1-plazo_unidad": ""},
            {"etapas": "Agregue al menos una etapa con su nombre."},
        ),
        ({"etapa-2-nombre": ""}, {"etapa-2-nombre": "Etapa 2: escriba el nombre de la etapa."}),
        (
            {"etapa-2-nombre": "interposición"},
            {"etapa-2-nombre": "Etapa 2: ya hay otra etapa con este nombre."},
        ),
        (
            {"etapa-1-plazo_unidad": ""},
            {"etapa-1-plazo_unidad": "Etapa 1: elija la unidad del plazo."},
        ),
        (
            {"etapa-1-plazo_cantidad": ""},
            {"etapa-1-plazo_cantidad": "Etapa 1: escriba la cantidad del plazo."},
        ),
        (
            {"etapa-1-plazo_cantidad": "-3"},
            {"etapa-1-plazo_cantidad": "Etapa 1: la cantidad del plazo debe ser un número entero "
             "mayor o igual a cero."},
        ),
        (
            {"etapa-1-plazo_cantidad": "1.5"},
            {"etapa-1-plazo_cantidad": "Etapa 1: la cantidad del plazo debe ser un número entero "
             "mayor o igual a cero."},
        ),
        (
            {"etapa-1-plazo_cantidad": "10000"},
            {"etapa-1-plazo_cantidad": "Etapa 1: la cantidad del plazo no puede pasar de 9999."},
        ),
        (
            {"etapa-1-plazo_unidad": "semanas"},
            {"etapa-1-plazo_unidad": "Etapa 1: la unidad del plazo no es válida."},
        ),
        (
            {"etapa-2-ampliacion_unidad": ""},
            {"etapa-2-ampliacion_unidad": "Etapa 2: elija la unidad de la ampliación."},
        ),
        (
            {"etapa-3-plazo_cantidad": "5"},
            {"etapa-3-nombre": "Etapa 3: escriba el nombre de la etapa.",
             "etapa-3-plazo_unidad": "Etapa 3: elija la unidad del plazo."},
        ),
    ],
)  # fmt: skip
def test_errores_del_formulario(client, session, cambios, errores):
    crear_garante(session, "ags")

    respuesta = _enviar(client, "/procedimientos/nuevo", {**VALIDO, **cambios})

    assert respuesta.status_code == 400
    assert _errores(respuesta.text) == errores
    assert "Revise los datos" in respuesta.text
    assert 'value="Interposición"' in respuesta.text or cambios.get("etapa-1-nombre") == ""
    assert session.exec(select(Procedimiento)).all() == []


def test_identificador_repetido_en_el_mismo_garante(client, session):
    crear_procedimiento(session, "ags", "ags-recurso")
    crear_procedimiento(session, "col", "col-recurso")

    repetido = _enviar(client, "/procedimientos/nuevo", VALIDO)
    en_otro_garante = _enviar(
        client, "/procedimientos/nuevo", {**VALIDO, "garante": "col", "id_externo": "ags-recurso"}
    )

    assert repetido.status_code == 400
    assert _errores(repetido.text) == {
        "id_externo": "Ya existe un procedimiento con el identificador «ags-recurso» "
        "en este garante."
    }
    assert en_otro_garante.status_code == 303


def test_crear_procedimiento(client, session):
    crear_garante(session, "ags")

    respuesta = _enviar(client, "/procedimientos/nuevo", VALIDO)

    procedimiento = session.exec(select(Procedimiento)).one()
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/procedimientos/{procedimiento.id}"
    assert (procedimiento.garante_id, procedimiento.id_externo, procedimiento.nombre) == (
        "ags", "ags-recurso", "Recurso de revisión"
    )  # fmt: skip
    assert procedimiento.requisitos == ["Nombre del recurrente", "Acto que se recurre"]
    etapas = session.exec(select(Etapa).order_by(Etapa.orden)).all()
    assert [
        (e.orden, e.nombre, e.plazo_cantidad, e.plazo_unidad, e.ampliacion_cantidad) for e in etapas
    ] == [(1, "Interposición", 15, "dias_habiles", None), (2, "Resolución", 40, "dias_habiles", 20)]


def test_agregar_mas_etapas_no_guarda_y_conserva_lo_escrito(client, session):
    crear_garante(session, "ags")

    respuesta = _enviar(client, "/procedimientos/nuevo", {**VALIDO, "accion": "agregar_etapas"})

    assert respuesta.status_code == 200
    assert respuesta.text.count('<fieldset class="etapa">') == 6
    assert 'name="etapa-6-nombre"' in respuesta.text
    assert 'value="Resolución"' in respuesta.text
    assert _errores(respuesta.text) == {}
    assert session.exec(select(Procedimiento)).all() == []


def test_formulario_nuevo_tiene_tres_etapas_en_blanco(client, session):
    crear_garante(session, "ags")

    html = client.get("/procedimientos/nuevo").text

    assert html.count('<fieldset class="etapa">') == 3
    assert '<option value="dias_habiles" >días hábiles</option>' in html


def test_editar_procedimiento(client, session):
    crear_procedimiento(session, "ags", "ags-acceso")
    id = session.exec(select(Procedimiento.id)).one()

    formulario = client.get(f"/procedimientos/{id}/editar").text
    respuesta = _enviar(
        client,
        f"/procedimientos/{id}/editar",
        {
            # Garante and id are the identity: a crafted form cannot move the procedimiento.
            "garante": "col", "id_externo": "otro", "nombre": "Solicitud de acceso",
            "etapa-1-nombre": "Plazo de respuesta", "etapa-1-plazo_cantidad": "15",
            "etapa-1-plazo_unidad": "dias_habiles", "etapa-2-nombre": "Aclaración",
            "etapa-2-plazo_cantidad": "5", "etapa-2-plazo_unidad": "dias_habiles",
        },
    )  # fmt: skip

    assert formulario.count('<fieldset class="etapa">') == 4
    assert 'value="Plazo de respuesta"' in formulario
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/procedimientos/{id}"
    session.expire_all()
    procedimiento = session.exec(select(Procedimiento)).one()
    assert (procedimiento.garante_id, procedimiento.id_externo, procedimiento.nombre) == (
        "ags", "ags-acceso", "Solicitud de acceso"
    )  # fmt: skip
    etapas = session.exec(select(Etapa).order_by(Etapa.orden)).all()
    assert [(e.nombre, e.plazo_cantidad, e.ampliacion_cantidad) for e in etapas] == [
        ("Plazo de respuesta", 15, None),
        ("Aclaración", 5, None),
    ]


def test_editar_con_errores_conserva_los_datos(client, session):
    crear_procedimiento(session, "ags", "ags-acceso")
    id = session.exec(select(Procedimiento.id)).one()

    respuesta = _enviar(
        client,
        f"/procedimientos/{id}/editar",
        {"nombre": "Nuevo nombre", "etapa-1-nombre": "Plazo de respuesta",
              "etapa-1-plazo_cantidad": "diez", "etapa-1-plazo_unidad": "dias_habiles"},
    )  # fmt: skip

    assert respuesta.status_code == 400
    assert _errores(respuesta.text) == {
        "etapa-1-plazo_cantidad": "Etapa 1: la cantidad del plazo debe ser un número entero "
        "mayor o igual a cero."
    }
    assert 'value="Nuevo nombre"' in respuesta.text
    assert 'value="diez"' in respuesta.text
    session.expire_all()
    assert (
        session.exec(select(Procedimiento.nombre)).one() == "Solicitud de acceso a la información"
    )


def test_cada_escritura_pregunta_por_su_garante(client, session, permisos, dos_garantes):
    crear_garante(session, "jal")
    id = session.exec(select(Procedimiento.id).where(Procedimiento.garante_id == "ags")).one()

    _enviar(client, "/procedimientos/alineacion", CORRECCION)
    _enviar(client, "/procedimientos/nuevo", {**VALIDO, "garante": "jal"})
    client.get(f"/procedimientos/{id}/editar")
    _enviar(client, f"/procedimientos/{id}/editar", {"garante": "col", "nombre": "x"})

    assert permisos == [
        ("procedimiento.corregir_alineacion", "col"),
        ("procedimiento.crear", "jal"),
        ("procedimiento.editar", "ags"),
        ("procedimiento.editar", "ags"),
    ]


@pytest.mark.parametrize(
    ("url", "datos"),
    [
        ("/procedimientos/alineacion", CORRECCION),
        ("/procedimientos/nuevo", VALIDO),
        ("/procedimientos/{id}/editar", {**VALIDO, "nombre": "Cambiado"}),
    ],
)
def test_sin_permiso_no_se_escribe_nada(client, session, monkeypatch, dos_garantes, url, datos):
    def negar(request, accion, *, garante_id=None):
        raise HTTPException(403)

    monkeypatch.setattr(rutas_procedimientos, "autorizar", negar)
    id = session.exec(select(Procedimiento.id).where(Procedimiento.garante_id == "ags")).one()

    respuesta = _enviar(client, url.format(id=id), datos)

    assert respuesta.status_code == 403
    session.expire_all()
    assert session.exec(select(CorreccionEtapa)).all() == []
    assert (
        sorted(session.exec(select(Procedimiento.nombre)).all())
        == ["Solicitud de acceso a la información"] * 2
    )


def test_el_publico_ve_la_matriz_sin_formularios(cliente_como, dos_garantes):
    html = cliente_como(None).get("/procedimientos").text

    assert _encabezados_de_fila(html) == ["Plazo de respuesta"]
    assert "Corregir alineación" not in html
    assert "Registrar procedimiento" not in html


def test_juridico_solo_corrige_las_etapas_de_su_garante(cliente_como, dos_garantes):
    html = cliente_como("juridico", "col").get("/procedimientos").text

    assert html.count("Corregir alineación") == 1
    assert html.count('<input type="hidden" name="garante" value="col">') == 1
    assert '<input type="hidden" name="garante" value="ags">' not in html


def test_catalogo_privado_oculto_al_publico(cliente_como, session, dos_garantes):
    privado = session.get(Garante, "col")
    privado.catalogo_publico = False
    session.commit()
    id = session.exec(select(Procedimiento.id).where(Procedimiento.garante_id == "col")).one()
    publico = cliente_como(None)

    matriz = publico.get("/procedimientos").text
    csv = publico.get("/procedimientos/matriz.csv").text
    ficha = publico.get(f"/procedimientos/{id}", follow_redirects=False)

    assert "Término para responder" not in matriz
    assert 'value="col"' not in matriz
    assert "col:" not in csv
    assert ficha.status_code == 303
    assert ficha.headers["location"] == f"/entrar?siguiente=/procedimientos/{id}"
    assert "Término para responder" in cliente_como("juridico", "col").get("/procedimientos").text


def test_el_formulario_lleva_sus_atributos_de_validacion_sin_escapar(client):
    pagina = client.get("/procedimientos/nuevo").text
    assert 'maxlength="120"' in pagina
    assert 'min="0" step="1" inputmode="numeric"' in pagina
    assert "&#34;" not in pagina

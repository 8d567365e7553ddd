from datetime import date

import pytest

from criterios.consultas import (
    buscar_criterios,
    criterio_por_id_externo,
    garantes_por_id,
    garantes_por_region,
    nombre_corto,
    paginar,
    temas_disponibles,
    totales,
    versiones,
)
from criterios.registro import guardar_criterios
from tests.factories import crear_criterio, crear_garante, crear_procedimiento


@pytest.fixture
def catalogo(session):
    crear_garante(session, "ags", entidad="Aguascalientes", region="Centro-Occidente")
    crear_garante(session, "jal", entidad="Jalisco", region="Centro-Occidente")
    crear_criterio(
        session, "ags", "ags-01", clave="CRITERIO 01/2020",
        rubro="ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
        texto="La respuesta se notifica dentro de veinte días hábiles.",
        tipo="reiterado", temas=["plazo de respuesta"],
    )  # fmt: skip
    crear_criterio(
        session, "ags", "ags-02", clave="CRITERIO 02/2020",
        rubro="DATOS PERSONALES DE SERVIDORES PÚBLICOS.",
        texto="El nombre de un servidor público es información pública.",
        tipo="relevante", vigencia="superado", temas=["datos personales"],
    )  # fmt: skip
    crear_criterio(
        session, "jal", "jal-01", clave="CRITERIO 05/2019",
        rubro="PLAZOS DEL RECURSO DE REVISIÓN.",
        texto="El recurso se interpone dentro de quince días.",
        tipo="reiterado", temas=["recurso de revisión", "plazo de respuesta"],
    )  # fmt: skip


def _ids(pagina):
    return [criterio.id_externo for criterio, _garante in pagina.elementos]


@pytest.mark.parametrize(
    ("texto", "esperados"),
    [
        ("informacion", ["ags-01", "ags-02"]),
        ("INFORMACIÓN", ["ags-01", "ags-02"]),
        ("Información pública", ["ags-02"]),
        ("plazos", ["ags-01", "jal-01"]),
        ("plazo", ["ags-01", "jal-01"]),
        ("recurso revision", ["jal-01"]),
        ("servidor", ["ags-02"]),
        ("inexistente", []),
        # Stopwords alone filter nothing.
        ("de la", ["ags-01", "ags-02", "jal-01"]),
        # Punctuation, LIKE wildcards included, is not a search term.
        ("%", ["ags-01", "ags-02", "jal-01"]),
        ("plazo%", ["ags-01", "jal-01"]),
    ],
)
def test_busqueda_sin_acentos_ni_mayusculas_y_con_raices(session, catalogo, texto, esperados):
    assert _ids(buscar_criterios(session=session, texto=texto)) == esperados


@pytest.mark.parametrize(
    "texto", ["inf", "infor", "informaci", "informació", "informacio", "información"]
)
def test_busqueda_mientras_se_escribe_encuentra_la_palabra_completa(session, catalogo, texto):
    assert _ids(buscar_criterios(session=session, texto=texto)) == ["ags-01", "ags-02"]


def test_una_palabra_parcial_seguida_de_espacio_ya_no_se_completa(session, catalogo):
    # "servidore" is not a stem of the text; with a trailing space it is a finished word.
    assert _ids(buscar_criterios(session=session, texto="servidore")) == ["ags-02"]
    assert _ids(buscar_criterios(session=session, texto="servidorx ")) == []


@pytest.mark.parametrize(
    ("filtros", "esperados"),
    [
        ({"garante": "ags"}, ["ags-01", "ags-02"]),
        ({"garante": "jal"}, ["jal-01"]),
        ({"tipo": "reiterado"}, ["ags-01", "jal-01"]),
        ({"vigencia": "superado"}, ["ags-02"]),
        ({"tema": "plazo de respuesta"}, ["ags-01", "jal-01"]),
        ({"tema": "plazo de respuesta", "garante": "jal"}, ["jal-01"]),
        ({"texto": "plazo", "tipo": "reiterado", "garante": "ags"}, ["ags-01"]),
        ({"texto": "informacion", "vigencia": "vigente"}, ["ags-01"]),
        ({"tema": "tema que nadie usa"}, []),
    ],
)
def test_filtros_combinados(session, catalogo, filtros, esperados):
    assert _ids(buscar_criterios(session=session, **filtros)) == esperados


def test_paginacion_cuenta_el_total_y_las_paginas(session):
    crear_garante(session, "ags")
    registros = [
        {"id": f"ags-{n:02d}", "garante": "ags", "clave": f"C-{n:02d}",
         "rubro": f"Criterio número {n}", "texto": "Texto sobre el plazo de respuesta."}
        for n in range(1, 8)
    ]  # fmt: skip
    guardar_criterios(session=session, registros=registros, motivo="alta")
    session.commit()

    primera = buscar_criterios(session=session, texto="plazo", pagina=1, por_pagina=3)
    ultima = buscar_criterios(session=session, texto="plazo", pagina=3, por_pagina=3)
    fuera = buscar_criterios(session=session, texto="plazo", pagina=99, por_pagina=3)

    assert (primera.total, primera.paginas, primera.numero) == (7, 3, 1)
    assert _ids(primera) == ["ags-01", "ags-02", "ags-03"]
    assert _ids(ultima) == ["ags-07"]
    # A page past the end shows the last one rather than an empty list.
    assert (fuera.numero, _ids(fuera)) == (3, ["ags-07"])


def test_busqueda_sin_resultados_tiene_una_pagina_vacia(session, catalogo):
    pagina = buscar_criterios(session=session, texto="inexistente")
    assert (pagina.total, pagina.paginas, pagina.numero, pagina.elementos) == (0, 1, 1, [])


def test_resultados_traen_su_garante(session, catalogo):
    pagina = buscar_criterios(session=session, garante="jal")
    [(criterio, garante)] = pagina.elementos
    assert (criterio.clave, garante.id) == ("CRITERIO 05/2019", "jal")


def test_versiones_en_orden(session):
    criterio = crear_criterio(session, "ags", "ags-01")
    guardar_criterios(
        session=session,
        registros=[{"id": "ags-01", "garante": "ags", "rubro": "Otro rubro", "texto": "Otro."}],
        motivo="edición",
    )
    session.commit()
    lista = versiones(session=session, criterio_id=criterio.id)
    assert [(v.numero, v.motivo) for v in lista] == [(1, "alta"), (2, "edición")]


def test_temas_disponibles_sin_repetir(session, catalogo):
    assert temas_disponibles(session=session) == [
        "datos personales",
        "plazo de respuesta",
        "recurso de revisión",
    ]


def test_criterio_por_id_externo_distingue_garantes(session, catalogo):
    assert criterio_por_id_externo(session=session, garante="ags", id="ags-01") is not None
    assert criterio_por_id_externo(session=session, garante="jal", id="ags-01") is None


def test_garantes_por_region_con_vigencia_y_conteos(session, catalogo):
    crear_garante(
        session, "jal-sabg", nombre="Autoridad garante de Jalisco", entidad="Jalisco",
        region="Centro-Occidente", vigente_desde=date(2025, 3, 21),
    )  # fmt: skip
    crear_garante(
        session, "itei", nombre="ITEI", entidad="Jalisco", region="Centro-Occidente",
        vigente_hasta=date(2025, 3, 20),
    )  # fmt: skip
    crear_procedimiento(session, "jal", "jal-acceso")

    grupos = garantes_por_region(session=session, hoy=date(2026, 1, 1))

    assert list(grupos) == ["Centro-Occidente"]
    assert list(grupos["Centro-Occidente"]) == ["Aguascalientes", "Jalisco"]
    jalisco = {f.garante.id: f for f in grupos["Centro-Occidente"]["Jalisco"]}
    assert set(jalisco) == {"jal", "jal-sabg", "itei"}
    assert (jalisco["jal"].criterios, jalisco["jal"].procedimientos) == (1, 1)
    assert jalisco["itei"].vigente is False
    assert jalisco["jal-sabg"].vigente is True


def test_totales(session, catalogo):
    crear_procedimiento(session, "ags")
    resultado = totales(session=session)
    assert (resultado.garantes, resultado.criterios, resultado.procedimientos) == (2, 3, 1)
    assert resultado.temas == 3


def test_ocultos_quedan_fuera_de_busqueda_temas_y_totales(session, catalogo):
    ocultos = {"jal"}
    assert _ids(buscar_criterios(session=session, texto="plazo", ocultos=ocultos)) == ["ags-01"]
    assert temas_disponibles(session=session, ocultos=ocultos) == [
        "datos personales",
        "plazo de respuesta",
    ]
    resultado = totales(session=session, ocultos=ocultos)
    assert (resultado.garantes, resultado.criterios, resultado.temas) == (2, 2, 2)
    grupos = garantes_por_region(session=session, ocultos=ocultos)
    [jal] = grupos["Centro-Occidente"]["Jalisco"]
    assert (jal.visible, jal.criterios) == (False, 0)


@pytest.mark.parametrize(
    ("total", "pagina", "esperado"),
    [(0, 1, (1, 1)), (25, 1, (1, 1)), (26, 2, (2, 2)), (26, 9, (2, 2)), (51, 0, (1, 3))],
)
def test_paginar_deja_la_pagina_entre_la_primera_y_la_ultima(total, pagina, esperado):
    assert paginar(total, pagina, 25) == esperado


@pytest.mark.parametrize(
    ("garante_id", "esperado"),
    [("ags", "ITEA"), ("nay", "Instituto de Transparencia de Nayarit"), ("xyz", "xyz")],
)
def test_nombre_corto_siglas_o_nombre_o_id(session, garante_id, esperado):
    crear_garante(session, "ags", siglas="ITEA", nombre="Instituto de Transparencia de Ags.")
    crear_garante(session, "nay", nombre="Instituto de Transparencia de Nayarit")
    garantes = garantes_por_id(session=session)
    assert sorted(garantes) == ["ags", "nay"]
    assert nombre_corto(garante_id, garantes) == esperado

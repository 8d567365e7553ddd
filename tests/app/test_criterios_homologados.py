"""Pages of the criterios homologados: list and search, record, PDF, adhesión, superseding,
publication, the regional matrix, the Atom feed and the open data."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.applications import Starlette

from app.main import create_app
from app.models import EventoBitacora
from app.settings import Settings
from app.tareas import EjecutorEnLinea, Tareas
from criterios.models import Comparacion, Criterio, Garante, GrupoCriterio, GrupoTematico
from sesiones.models import (
    Adhesion,
    CriterioHomologado,
    CriterioSuperado,
    Evidencia,
    PuntoOrden,
)
from tests.pdf import texto_pdf
from tests.sesiones.homologados import aprobar, crear_region, publicar

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20


@pytest.fixture
def app_web(engine: Engine, settings: Settings) -> Starlette:
    """The app with comparator runs executed inline (they end before the POST returns)."""
    tareas = Tareas(engine, ejecutor=EjecutorEnLinea(), en_proceso_aparte=False)
    return create_app(settings, engine=engine, tareas=tareas)


@pytest.fixture
def region(session):
    return crear_region(session)


@pytest.fixture
def publicado(session, region):
    criterio = aprobar(
        session, clave="CH-CO 01/2026", fuentes=[region["jal"], region["col"]],
        aprobado_en=datetime(2026, 10, 20, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    publicar(session, criterio, datetime(2026, 10, 22, 9, 0, tzinfo=UTC))
    return criterio


@pytest.fixture
def sin_publicar(session, region):
    return aprobar(
        session, clave="CH-CO 02/2026", rubro="RESERVA POR INVESTIGACIONES EN CURSO.",
        texto="Procede la reserva mientras la carpeta de investigación esté abierta.",
        fuentes=[region["ags"]], aprobado_en=datetime(2026, 10, 21, 18, 0, tzinfo=UTC),
    )  # fmt: skip


def _adhesion(session, criterio, garante, **campos):
    adhesion = session.get(Adhesion, (criterio.id, garante))
    for campo, valor in campos.items():
        setattr(adhesion, campo, valor)
    session.add(adhesion)
    session.commit()
    return adhesion


def _texto(html: str) -> str:
    """Return the page's text without tags and with single spaces, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- List and search ---------------------------------------------------------------------


def test_lista_publica_solo_los_publicados(anonimo, publicado, sin_publicar):
    respuesta = anonimo.get("/criterios-homologados")
    assert respuesta.status_code == 200
    assert "<h1>Criterios homologados</h1>" in respuesta.text
    assert f'href="/criterios-homologados/{publicado.id}"' in respuesta.text
    assert "CH-CO 02/2026" not in respuesta.text
    assert "Aprobados sin publicar" not in respuesta.text
    assert "1 criterio homologado" in respuesta.text
    assert "0 de 3 garantes lo han adoptado" in _texto(respuesta.text)


def test_las_cuentas_ven_tambien_los_aprobados_sin_publicar(cliente_como, publicado, sin_publicar):
    respuesta = cliente_como("juridico", "ags").get("/criterios-homologados")
    assert '<h2 id="titulo-sin-publicar">Aprobados sin publicar</h2>' in respuesta.text
    assert f'href="/criterios-homologados/{sin_publicar.id}"' in respuesta.text


@pytest.mark.parametrize(
    ("q", "encontrado"),
    [("informacion", True), ("INFORMACIÓN", True), ("Información plazos", True),
     ("ch-co 01/2026", True), ("reserva", False)],
)  # fmt: skip
def test_busqueda_sin_acentos_ni_mayusculas(anonimo, publicado, sin_publicar, q, encontrado):
    respuesta = anonimo.get("/criterios-homologados", params={"q": q})
    assert (f'href="/criterios-homologados/{publicado.id}"' in respuesta.text) is encontrado
    if not encontrado:
        assert f"Ningún criterio homologado publicado coincide con la búsqueda «{q}»." in (
            respuesta.text
        )


def test_busqueda_activa_devuelve_solo_los_resultados(anonimo, publicado):
    respuesta = anonimo.get(
        "/criterios-homologados", params={"q": "plazo"}, headers={"HX-Request": "true"}
    )
    assert respuesta.status_code == 200
    assert "<h1>" not in respuesta.text and "<html" not in respuesta.text
    assert f'href="/criterios-homologados/{publicado.id}"' in respuesta.text
    assert respuesta.headers["vary"] == "HX-Request"


def test_lista_vacia_lo_explica(anonimo):
    texto = anonimo.get("/criterios-homologados").text
    assert "Todavía no se publica ningún criterio homologado." in texto


# --- The record --------------------------------------------------------------------------


def test_ficha_publica(anonimo, session, publicado):
    _adhesion(
        session, publicado, "jal", estado="adoptado", fecha=date(2026, 11, 2),
        evidencia_url="https://itei.org.mx/acta-45.pdf", nota="Sesión ordinaria 45.",
    )  # fmt: skip
    respuesta = anonimo.get(f"/criterios-homologados/{publicado.id}")
    assert respuesta.status_code == 200
    html = respuesta.text
    texto = _texto(html)
    assert (
        '<h1 id="rubro">PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.</h1>' in html
    )
    assert "El sujeto obligado responde dentro de quince días hábiles." in html
    assert "RR/123/2025 (Jalisco)" in html and "Ley General de Transparencia, art. 132." in html
    punto = session.get(CriterioHomologado, publicado.id).punto_aprobacion_id
    mesa_id = session.get(PuntoOrden, punto).mesa_id
    assert f'href="/mesas/{mesa_id}"' in html
    assert "Aprobado 20 de octubre de 2026 (versión 1 del proyecto)" in texto
    assert "Publicado 22 de octubre de 2026" in texto
    assert f'href="/criterios/{publicado_fuente(session, "jal-01")}"' in html
    assert "1 de 3 garantes lo ha adoptado." in texto
    assert "Órgano Garante JAL (JAL) Adoptado 2 de noviembre de 2026" in texto
    assert 'href="https://itei.org.mx/acta-45.pdf"' in html
    assert "Sesión ordinaria 45." in html
    assert 'action="/criterios-homologados/' not in html  # the public gets no forms
    assert 'href="/criterios-homologados/feed.atom"' in html


def publicado_fuente(session, id_externo):
    return session.exec(select(Criterio.id).where(Criterio.id_externo == id_externo)).one()


def test_fuentes_de_un_catalogo_no_publico(anonimo, cliente_como, session, publicado):
    garante = session.get(Garante, "col")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    publica = anonimo.get(f"/criterios-homologados/{publicado.id}").text
    assert "col-01" not in publica and "COL-01/2025" not in publica
    assert "1 criterio de catálogos no públicos no se muestra." in publica
    assert "Órgano Garante COL" in publica  # its adhesión is public
    datos = anonimo.get("/datos/criterios-homologados.json").json()
    assert [f["id"] for f in datos["criterios_homologados"][0]["fuentes"]] == ["jal-01"]
    propia = cliente_como("juridico", "col").get(f"/criterios-homologados/{publicado.id}").text
    assert "COL-01/2025" in propia


def test_sin_publicar_es_404_para_el_publico(anonimo, cliente_como, sin_publicar):
    respuesta = anonimo.get(f"/criterios-homologados/{sin_publicar.id}")
    assert respuesta.status_code == 404
    assert "No hay un criterio homologado publicado con ese número." in respuesta.text
    assert anonimo.get(f"/criterios-homologados/{sin_publicar.id}.pdf").status_code == 404
    interna = cliente_como("comisionado", "jal").get(f"/criterios-homologados/{sin_publicar.id}")
    assert interna.status_code == 200
    assert "Sin publicar." in interna.text


def test_un_proyecto_no_tiene_pagina_publica(cliente_como, session, region):
    proyecto = aprobar(session, clave=None, estado="proyecto")
    assert cliente_como("secretaria").get(f"/criterios-homologados/{proyecto.id}").status_code == (
        404
    )


def test_pdf_de_la_misma_plantilla(anonimo, publicado):
    respuesta = anonimo.get(f"/criterios-homologados/{publicado.id}.pdf")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.content.startswith(b"%PDF")
    assert "CH-CO%2001-2026.pdf" in respuesta.headers["content-disposition"]
    assert publicado.clave in texto_pdf(respuesta.content)


def test_el_documento_usa_el_parcial_de_la_pagina(anonimo, monkeypatch, publicado):
    """The PDF's HTML carries the page's record, without forms or navigation."""
    import app.routes.criterios_homologados as rutas

    documentos = []
    monkeypatch.setattr(rutas, "pdf_de_html", lambda html: documentos.append(html) or b"%PDF")
    assert anonimo.get(f"/criterios-homologados/{publicado.id}.pdf").status_code == 200
    [html] = documentos
    assert '<h1 id="rubro">PLAZO PARA RESPONDER' in html
    assert '<body class="documento">' in html
    assert "Adhesión de los garantes" in html and "Criterios que homologa" in html
    assert "<form" not in html and "<nav" not in html


# --- Adhesión ------------------------------------------------------------------------------


def test_el_formulario_aparece_solo_en_la_fila_propia(cliente_como, publicado):
    html = cliente_como("juridico", "jal").get(f"/criterios-homologados/{publicado.id}").text
    assert html.count('class="formulario formulario-adhesion"') == 1
    assert f'action="/criterios-homologados/{publicado.id}/adhesiones/jal"' in html
    secretaria = cliente_como("secretaria").get(f"/criterios-homologados/{publicado.id}").text
    assert secretaria.count('class="formulario formulario-adhesion"') == 3
    assert 'id="adhesion-jal-estado"' in secretaria and 'id="adhesion-col-estado"' in secretaria


def test_registrar_adopcion_con_enlace(cliente_como, session, publicado):
    cliente = cliente_como("comisionado", "jal")
    respuesta = cliente.post(
        f"/criterios-homologados/{publicado.id}/adhesiones/jal",
        data={"estado": "adoptado", "fecha": "2026-11-02", "nota": "Sesión 45.",
              "evidencia_url": "https://itei.org.mx/acta-45.pdf"},
        follow_redirects=False,
    )  # fmt: skip
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == (
        f"/criterios-homologados/{publicado.id}?aviso=adhesion#adhesion-jal"
    )
    session.expire_all()
    adhesion = session.get(Adhesion, (publicado.id, "jal"))
    assert (adhesion.estado, adhesion.fecha, adhesion.evidencia_url) == (
        "adoptado", date(2026, 11, 2), "https://itei.org.mx/acta-45.pdf",
    )  # fmt: skip
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "adhesion.actualizar")
    ).one()
    assert evento.resumen == (
        "Adhesión de Órgano Garante JAL al criterio homologado CH-CO 01/2026: Pendiente → Adoptado."
    )
    assert evento.objeto_id == f"{publicado.id}/jal"
    assert evento.detalles["antes"] == {"estado": "pendiente", "evidencia_url": None,
                                        "fecha": None, "nota": None}  # fmt: skip
    assert evento.detalles["despues"]["estado"] == "adoptado"
    assert evento.usuario_correo.startswith("comisionado-jal")
    pagina = cliente.get(respuesta.headers["location"]).text
    assert "Adhesión guardada; el cambio quedó en la bitácora." in pagina


def test_enviar_lo_mismo_no_cambia_nada(cliente_como, session, publicado):
    cliente = cliente_como("secretaria")
    respuesta = cliente.post(
        f"/criterios-homologados/{publicado.id}/adhesiones/ags",
        data={"estado": "pendiente"}, follow_redirects=False,
    )  # fmt: skip
    assert respuesta.headers["location"].endswith("?aviso=sin-cambios#adhesion-ags")
    assert not session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "adhesion.actualizar")
    ).all()


def test_evidencia_en_archivo_se_reconoce_por_su_contenido(
    cliente_como, anonimo, session, publicado
):
    cliente = cliente_como("juridico", "col")
    url = f"/criterios-homologados/{publicado.id}/adhesiones/col"
    datos = {"estado": "adoptado", "fecha": "2026-11-03"}
    disfrazado = cliente.post(
        url, data=datos, files={"archivo": ("acta.pdf", PNG, "application/pdf")}
    )
    assert disfrazado.status_code == 400
    assert "El archivo «acta.pdf» dice ser PDF, pero su contenido es PNG." in disfrazado.text
    assert session.exec(select(Evidencia)).all() == []

    respuesta = cliente.post(
        url, data=datos, files={"archivo": ("Acta 12-2026.pdf", PDF, "application/octet-stream")},
        follow_redirects=False,
    )  # fmt: skip
    assert respuesta.status_code == 303
    session.expire_all()
    adhesion = session.get(Adhesion, (publicado.id, "col"))
    archivo = session.get(Evidencia, adhesion.evidencia_id)
    assert (archivo.nombre_archivo, archivo.tipo_mime, archivo.tamano) == (
        "Acta 12-2026.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    pagina = anonimo.get(f"/criterios-homologados/{publicado.id}").text
    enlace = f"/criterios-homologados/{publicado.id}/adhesiones/col/evidencia"
    assert f'href="{enlace}">Acta 12-2026.pdf</a>' in pagina
    descarga = anonimo.get(enlace)
    assert descarga.status_code == 200 and descarga.content == PDF
    assert descarga.headers["content-type"] == "application/pdf"
    sin_archivo = anonimo.get(f"/criterios-homologados/{publicado.id}/adhesiones/ags/evidencia")
    assert sin_archivo.status_code == 404


@pytest.mark.parametrize(
    ("datos", "campo", "mensaje"),
    [
        ({"estado": "adoptado", "evidencia_url": "https://a.mx/x.pdf"}, "fecha",
         "Indique la fecha en que el garante resolvió (adoptado)."),
        ({"estado": "rechazado", "fecha": "2099-01-01"}, "fecha",
         "La fecha no puede ser posterior a hoy."),
        ({"estado": "adoptado", "fecha": "2026-11-03"}, "evidencia_url",
         "Adjunte la evidencia de la adopción: el enlace a la publicación del garante o el "
         "archivo de su acta."),
        ({"estado": "adoptado", "fecha": "2026-11-03", "evidencia_url": "javascript:alert(1)"},
         "evidencia_url", "Escriba un enlace completo que empiece con https:// (o http://)."),
        ({"estado": "parcial", "fecha": "2026-11-03", "evidencia_url": "https://a.mx/x.pdf"},
         "nota", "Explique qué partes del criterio homologado adoptó el garante."),
        ({"estado": "otro"}, "estado", "Elija el estado de la adhesión."),
    ],
)  # fmt: skip
def test_mensajes_de_validacion(cliente_como, session, publicado, datos, campo, mensaje):
    respuesta = cliente_como("juridico", "jal").post(
        f"/criterios-homologados/{publicado.id}/adhesiones/jal", data=datos
    )
    assert respuesta.status_code == 400
    assert f'<p class="error" id="adhesion-error-{campo}">{mensaje}</p>' in respuesta.text
    assert f'<a href="#adhesion-{campo}">{mensaje}</a>' in respuesta.text
    # What was typed comes back.
    if datos.get("evidencia_url"):
        assert datos["evidencia_url"] in respuesta.text
    session.expire_all()
    assert session.get(Adhesion, (publicado.id, "jal")).estado == "pendiente"


def test_un_garante_que_no_participa_es_404(cliente_como, publicado):
    respuesta = cliente_como("secretaria").post(
        f"/criterios-homologados/{publicado.id}/adhesiones/zac", data={"estado": "pendiente"}
    )
    assert respuesta.status_code == 404
    assert "Ese garante no figura en la adhesión de este criterio homologado." in respuesta.text


# --- Superseding the garante's own criterios and the comparator ---------------------------


def _ids_agrupados_en_la_ultima_corrida(session) -> set[int]:
    session.expire_all()
    ultima = session.exec(select(Comparacion).order_by(col(Comparacion.id).desc()).limit(1)).one()
    assert ultima.estado == "terminada", ultima.error
    return set(
        session.exec(
            select(GrupoCriterio.criterio_id)
            .join(GrupoTematico, col(GrupoTematico.id) == GrupoCriterio.grupo_id)
            .where(GrupoTematico.comparacion_id == ultima.id)
        ).all()
    )


def test_superar_criterios_propios_los_saca_del_comparador(
    cliente_como, anonimo, session, region, publicado
):
    secretaria = cliente_como("secretaria")
    assert secretaria.post("/comparaciones").status_code == 200
    assert region["jal"].id in _ids_agrupados_en_la_ultima_corrida(session)

    _adhesion(session, publicado, "jal", estado="adoptado", fecha=date(2026, 11, 2),
              evidencia_url="https://itei.org.mx/acta-45.pdf")  # fmt: skip
    juridico = cliente_como("juridico", "jal")
    confirmacion = juridico.get(f"/criterios-homologados/{publicado.id}/superados?garante=jal")
    assert confirmacion.status_code == 200
    texto = _texto(confirmacion.text)
    assert "JAL-01/2025" in texto and "Pasará a «superado»." in texto
    assert "1 criterio pasará a vigencia «superado»" in texto
    assert "COL-01/2025" not in texto  # another garante's source is not listed
    respuesta = juridico.post(
        f"/criterios-homologados/{publicado.id}/superados",
        data={"garante": "jal", "accion": "marcar"},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"].endswith("?aviso=superados#adhesion-jal")
    session.expire_all()
    assert session.get(Criterio, region["jal"].id).vigencia == "superado"
    acciones = set(session.exec(select(EventoBitacora.accion)).all())
    assert {"criterio_homologado.marcar_superados", "criterio.editar"} <= acciones

    assert secretaria.post("/comparaciones").status_code == 200
    agrupados = _ids_agrupados_en_la_ultima_corrida(session)
    assert region["jal"].id not in agrupados
    assert {region["ags"].id, region["col"].id} <= agrupados

    ficha_criterio = anonimo.get(f"/criterios/{region['jal'].id}").text
    assert "Superado por" in ficha_criterio
    assert f'href="/criterios-homologados/{publicado.id}">CH-CO 01/2026</a>' in ficha_criterio
    ficha = anonimo.get(f"/criterios-homologados/{publicado.id}").text
    assert "Criterios propios superados:" in ficha


def test_restituir_y_sin_adopcion_no_se_marca(cliente_como, session, region, publicado):
    secretaria = cliente_como("secretaria")
    url = f"/criterios-homologados/{publicado.id}/superados"
    parcial = secretaria.post(url, data={"garante": "jal", "accion": "marcar"})
    assert parcial.status_code == 409
    assert "adhesión «Adoptado»" in parcial.text
    _adhesion(session, publicado, "jal", estado="adoptado", fecha=date(2026, 11, 2),
              evidencia_url="https://itei.org.mx/acta-45.pdf")  # fmt: skip
    assert secretaria.post(url, data={"garante": "jal", "accion": "marcar"}).status_code == 200
    cambio = secretaria.post(
        f"/criterios-homologados/{publicado.id}/adhesiones/jal",
        data={"estado": "rechazado", "fecha": "2026-11-02"},
    )
    assert cambio.status_code == 409
    assert "Primero devuélvales su vigencia" in cambio.text
    respuesta = secretaria.post(
        url, data={"garante": "jal", "accion": "restituir"}, follow_redirects=False
    )
    assert respuesta.headers["location"].endswith("?aviso=restituidos#adhesion-jal")
    session.expire_all()
    assert session.get(Criterio, region["jal"].id).vigencia == "vigente"
    assert session.exec(select(CriterioSuperado)).all() == []


# --- Publication ---------------------------------------------------------------------------


def test_publicar_con_confirmacion(cliente_como, anonimo, session, sin_publicar):
    secretaria = cliente_como("secretaria")
    ficha = secretaria.get(f"/criterios-homologados/{sin_publicar.id}").text
    assert f'href="/criterios-homologados/{sin_publicar.id}/publicar"' in ficha
    confirmacion = secretaria.get(f"/criterios-homologados/{sin_publicar.id}/publicar")
    assert "<h1>Publicar el criterio homologado CH-CO 02/2026</h1>" in confirmacion.text
    assert "Sí, publicar" in confirmacion.text
    respuesta = secretaria.post(
        f"/criterios-homologados/{sin_publicar.id}/publicar", follow_redirects=False
    )
    assert (
        respuesta.headers["location"] == f"/criterios-homologados/{sin_publicar.id}?aviso=publicado"
    )
    assert anonimo.get(f"/criterios-homologados/{sin_publicar.id}").status_code == 200
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "criterio_homologado.publicar")
    ).one()
    assert evento.resumen == "Publicación del criterio homologado CH-CO 02/2026."
    otra_vez = secretaria.post(f"/criterios-homologados/{sin_publicar.id}/publicar")
    assert otra_vez.status_code == 409
    assert "El criterio homologado CH-CO 02/2026 ya está publicado." in otra_vez.text


def test_superar_enlaza_las_dos_paginas(cliente_como, anonimo, session, publicado, sin_publicar):
    secretaria = cliente_como("secretaria")
    eleccion = secretaria.get(f"/criterios-homologados/{sin_publicar.id}/superar").text
    assert f'<option value="{publicado.id}">CH-CO 01/2026' in eleccion
    confirmacion = secretaria.get(
        f"/criterios-homologados/{sin_publicar.id}/superar?anterior={publicado.id}"
    ).text
    assert "Sí, CH-CO 02/2026 supera a CH-CO 01/2026" in confirmacion
    respuesta = secretaria.post(
        f"/criterios-homologados/{sin_publicar.id}/superar",
        data={"anterior": str(publicado.id)},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    anterior = _texto(anonimo.get(f"/criterios-homologados/{publicado.id}").text)
    assert "Superado. Este criterio homologado fue superado por CH-CO 02/2026" in anterior
    posterior = _texto(secretaria.get(f"/criterios-homologados/{sin_publicar.id}").text)
    assert "Este criterio homologado supera a CH-CO 01/2026 ." in posterior
    # Not twice, and not backwards.
    otra = secretaria.post(
        f"/criterios-homologados/{sin_publicar.id}/superar", data={"anterior": str(publicado.id)}
    )
    assert otra.status_code == 409
    assert "ya está superado por CH-CO 02/2026" in otra.text


# --- Regional matrix -------------------------------------------------------------------------


def test_matriz_regional(anonimo, cliente_como, session, publicado, sin_publicar):
    _adhesion(session, publicado, "jal", estado="adoptado", fecha=date(2026, 11, 2))
    _adhesion(session, publicado, "col", estado="parcial", fecha=date(2026, 11, 2))
    respuesta = anonimo.get("/criterios-homologados/adhesion")
    assert respuesta.status_code == 200
    html = respuesta.text
    assert "<h1>Adhesión por garante</h1>" in html
    assert 'title="Órgano Garante JAL">JAL</abbr>' in html
    assert "CH-CO 02/2026" not in html  # unpublished: accounts only
    texto = _texto(html)
    assert "1 de 3" in texto  # the criterio's progress
    assert 'data-etiqueta="JAL" class="celda-estado adhesion-adoptado"' in html
    assert "Adoptado en parte" in html
    interna = cliente_como("comisionado", "ags").get("/criterios-homologados/adhesion").text
    assert "CH-CO 02/2026" in interna and "Sin publicar" in interna


def test_matriz_vacia(anonimo):
    texto = anonimo.get("/criterios-homologados/adhesion").text
    assert "Todavía no hay criterios homologados publicados." in texto


# --- Feed and open data ------------------------------------------------------------------------


def test_canal_atom_valido(anonimo, session, region, publicado, sin_publicar):
    segundo = aprobar(session, clave="CH-CO 03/2026", rubro="DATOS <PERSONALES> & FIRMAS.")
    publicar(session, segundo, datetime(2026, 10, 25, 9, 0, tzinfo=UTC))
    respuesta = anonimo.get("/criterios-homologados/feed.atom")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/atom+xml; charset=utf-8"
    raiz = ET.fromstring(respuesta.content)
    assert raiz.tag == f"{ATOM}feed"
    for obligatorio in ("id", "title", "updated", "author"):
        assert raiz.find(f"{ATOM}{obligatorio}") is not None
    propio = raiz.find(f"{ATOM}link[@rel='self']")
    assert propio.get("href") == "http://testserver/criterios-homologados/feed.atom"
    entradas = raiz.findall(f"{ATOM}entry")
    titulos = [e.findtext(f"{ATOM}title") for e in entradas]
    assert titulos == [
        "CH-CO 03/2026 — DATOS <PERSONALES> & FIRMAS.",  # newest first, escaped and read back
        "CH-CO 01/2026 — PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entradas]
    assert len(set(ids)) == 2 and all(i.startswith("tag:testserver,") for i in ids)
    for entrada in entradas:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entrada.findtext(f"{ATOM}updated"))
        assert (
            entrada.find(f"{ATOM}link[@rel='alternate']")
            .get("href")
            .startswith("http://testserver/criterios-homologados/")
        )
    assert raiz.findtext(f"{ATOM}updated") == entradas[0].findtext(f"{ATOM}updated")


def test_canal_atom_sin_entradas_es_valido(anonimo):
    raiz = ET.fromstring(anonimo.get("/criterios-homologados/feed.atom").content)
    assert raiz.tag == f"{ATOM}feed" and raiz.findall(f"{ATOM}entry") == []
    assert raiz.findtext(f"{ATOM}updated")


def test_datos_json(anonimo, session, publicado, sin_publicar):
    _adhesion(session, publicado, "jal", estado="adoptado", fecha=date(2026, 11, 2),
              evidencia_url="https://itei.org.mx/acta-45.pdf")  # fmt: skip
    respuesta = anonimo.get("/datos/criterios-homologados.json")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "application/json; charset=utf-8"
    assert respuesta.headers["content-disposition"] == (
        'inline; filename="criterios-homologados.json"'
    )
    datos = respuesta.json()
    assert (datos["formato"], datos["version"]) == ("criterios-homologados", "1")
    [criterio] = datos["criterios_homologados"]  # the unpublished one is not open data
    assert set(criterio) == {
        "id", "clave", "rubro", "texto", "precedentes", "marco_normativo", "version",
        "aprobado_en", "publicado_en", "url", "pdf", "mesa", "superado_por", "supera_a",
        "fuentes", "adhesiones",
    }  # fmt: skip
    assert criterio["clave"] == "CH-CO 01/2026"
    assert criterio["aprobado_en"] == "2026-10-20T18:00:00Z"
    assert criterio["url"] == f"http://testserver/criterios-homologados/{publicado.id}"
    assert set(criterio["mesa"]) == {"id", "titulo", "fecha", "punto", "url"}
    assert [(f["garante"], f["id"]) for f in criterio["fuentes"]] == [
        ("col", "col-01"), ("jal", "jal-01"),
    ]  # fmt: skip
    assert criterio["adhesiones"][2] == {
        "garante": "jal", "nombre_garante": "Órgano Garante JAL", "estado": "adoptado",
        "fecha": "2026-11-02", "nota": None, "evidencia_enlace": "https://itei.org.mx/acta-45.pdf",
        "evidencia_archivo": None,
    }  # fmt: skip
    assert [a["estado"] for a in criterio["adhesiones"]] == ["pendiente", "pendiente", "adoptado"]


def test_datos_csv_neutraliza_formulas(anonimo, session, publicado):
    _adhesion(session, publicado, "jal", estado="parcial", fecha=date(2026, 11, 2),
              nota='=HYPERLINK("http://x.example","clic")',
              evidencia_url="https://itei.org.mx/acta-45.pdf")  # fmt: skip
    _adhesion(session, publicado, "ags", nota="@SUM(1+1)")
    _adhesion(session, publicado, "col", nota="-2+3")
    respuesta = anonimo.get("/datos/criterios-homologados.csv")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["content-disposition"] == (
        'attachment; filename="criterios-homologados.csv"'
    )
    filas = list(csv.reader(io.StringIO(respuesta.text)))
    assert filas[0] == [
        "clave", "rubro", "fecha_aprobacion", "fecha_publicacion", "superado_por", "garante",
        "nombre_garante", "adhesion", "fecha_adhesion", "nota", "evidencia_enlace",
        "evidencia_archivo", "direccion",
    ]  # fmt: skip
    por_garante = {f[5]: f for f in filas[1:]}
    assert set(por_garante) == {"ags", "col", "jal"}
    assert por_garante["jal"][7:11] == [
        "parcial", "2026-11-02", '\'=HYPERLINK("http://x.example","clic")',
        "https://itei.org.mx/acta-45.pdf",
    ]  # fmt: skip
    assert por_garante["ags"][9] == "'@SUM(1+1)"
    assert por_garante["col"][9] == "'-2+3"
    assert por_garante["jal"][:4] == [
        "CH-CO 01/2026", "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.",
        "2026-10-20", "2026-10-22",
    ]  # fmt: skip


def test_el_indice_de_datos_lista_las_descargas(anonimo):
    texto = anonimo.get("/datos").text
    assert 'href="/datos/criterios-homologados.json"' in texto
    assert 'href="/datos/criterios-homologados.csv"' in texto

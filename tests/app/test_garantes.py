import re
from datetime import date

from sqlmodel import select

from criterios.models import Garante, Procedimiento
from tests.factories import crear_criterio, crear_garante, crear_procedimiento


def _catalogo(session):
    crear_garante(
        session, "itei", nombre="Instituto de Transparencia de Jalisco", siglas="ITEI",
        entidad="Jalisco", region="centro-occidente", vigente_hasta=date(2025, 3, 20),
    )  # fmt: skip
    crear_garante(
        session, "jal-sabg", nombre="Contraloría del Estado de Jalisco", entidad="Jalisco",
        region="centro-occidente", vigente_desde=date(2025, 3, 21),
    )  # fmt: skip
    crear_garante(
        session, "ags", nombre="Instituto de Transparencia de Aguascalientes",
        entidad="Aguascalientes", region="centro-occidente",
    )  # fmt: skip
    crear_criterio(session, "itei", "itei-01")
    crear_criterio(session, "itei", "itei-02", rubro="OTRO RUBRO DEL ITEI.")
    crear_procedimiento(session, "itei", "itei-acceso")


def test_lista_agrupa_por_region_y_entidad(client, session):
    _catalogo(session)
    texto = client.get("/garantes").text
    encabezados = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", texto)
    # The interchange format's lowercase id («centro-occidente») reads as a name.
    assert encabezados == ["Región Centro-Occidente", "Aguascalientes", "Jalisco"]
    jalisco = texto[texto.index("<h3>Jalisco</h3>") :]
    assert "Instituto de Transparencia de Jalisco" in jalisco
    assert "Contraloría del Estado de Jalisco" in jalisco


def _tarjeta(texto, garante_id):
    inicio = texto.index(f'href="/garantes/{garante_id}"')
    return texto[inicio : texto.index("</li>", inicio)]


def test_lista_muestra_vigencia_y_conteos(client, session):
    _catalogo(session)
    texto = client.get("/garantes").text
    tarjeta_itei = _tarjeta(texto, "itei")
    assert "Vigente hasta el 20 de marzo de 2025" in tarjeta_itei
    assert "No vigente" in tarjeta_itei
    assert '<a href="/criterios?garante=itei">2 criterios</a>' in tarjeta_itei
    assert "1 procedimiento" in tarjeta_itei
    tarjeta_nueva = _tarjeta(texto, "jal-sabg")
    assert "Vigente desde el 21 de marzo de 2025" in tarjeta_nueva
    assert "No vigente" not in tarjeta_nueva
    assert "0 criterios" in tarjeta_nueva


def test_lista_vacia(client):
    respuesta = client.get("/garantes")
    assert respuesta.status_code == 200
    assert "Todavía no hay garantes registrados." in respuesta.text


def test_ficha_del_garante_con_criterios_y_procedimientos(client, session):
    _catalogo(session)
    procedimiento = session.exec(select(Procedimiento)).one()
    respuesta = client.get("/garantes/itei")
    assert respuesta.status_code == 200
    texto = respuesta.text
    assert "<h1>Instituto de Transparencia de Jalisco (ITEI)</h1>" in texto
    assert "<dt>Entidad</dt><dd>Jalisco</dd>" in texto
    assert "<dt>Región</dt><dd>Centro-Occidente</dd>" in texto
    assert "2 criterios" in texto
    assert "OTRO RUBRO DEL ITEI." in texto
    assert '<a class="boton boton-secundario" href="/criterios?garante=itei">' in texto
    assert (
        f'<a href="/procedimientos/{procedimiento.id}">Solicitud de acceso a la información</a>'
        in texto
    )


def test_ficha_de_garante_sin_registros(client, session):
    _catalogo(session)
    texto = client.get("/garantes/ags").text
    assert "Este garante no tiene criterios registrados." in texto
    assert "Este garante no tiene procedimientos registrados." in texto


def test_garante_inexistente_da_404(client):
    respuesta = client.get("/garantes/nadie")
    assert respuesta.status_code == 404
    assert "No existe ningún garante con ese identificador." in respuesta.text


def test_catalogo_privado_muestra_al_garante_pero_no_sus_registros(session, cliente_como):
    _catalogo(session)
    itei = session.get(Garante, "itei")
    itei.catalogo_publico = False
    session.add(itei)
    session.commit()
    publico = cliente_como(None)

    tarjeta = _tarjeta(publico.get("/garantes").text, "itei")
    ficha = publico.get("/garantes/itei").text

    assert "Catálogo no público" in tarjeta
    assert "2 criterios" not in tarjeta
    assert "<h1>Instituto de Transparencia de Jalisco (ITEI)</h1>" in ficha
    assert "El catálogo de este garante no es público" in ficha
    assert "OTRO RUBRO DEL ITEI." not in ficha
    assert "/procedimientos/" not in ficha.split("<main")[1]
    assert "OTRO RUBRO DEL ITEI." in cliente_como("juridico", "itei").get("/garantes/itei").text

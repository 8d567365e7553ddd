"""/administracion: making a garante's catalog public or private."""

import pytest
from sqlmodel import select

from app.models import EventoBitacora
from criterios.models import Garante
from sesiones import ajustes
from tests.conftest import ficha_csrf
from tests.factories import crear_garante


def test_hacer_privado_un_catalogo_queda_en_la_bitacora(client, session):
    crear_garante(session, "jal", nombre="Instituto de Transparencia de Jalisco")
    pagina = client.get("/administracion").text
    assert "Instituto de Transparencia de Jalisco <code>jal</code>" in pagina
    assert "Hacer privado" in pagina
    respuesta = client.post(
        "/administracion/garantes/jal/catalogo",
        data={"publico": "no", "csrf_token": ficha_csrf(client)},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    session.expire_all()
    assert session.get(Garante, "jal").catalogo_publico is False
    evento = session.exec(select(EventoBitacora)).one()
    assert (evento.accion, evento.objeto_id) == ("garante.editar", "jal")
    assert evento.detalles == {
        "antes": {"catalogo_publico": True},
        "despues": {"catalogo_publico": False},
    }
    assert "Hacer público" in client.get("/administracion").text


def test_garante_inexistente(client):
    datos = {"publico": "no", "csrf_token": ficha_csrf(client)}
    assert client.post("/administracion/garantes/zzz/catalogo", data=datos).status_code == 404


def _reglas(client, **cambios):
    datos = {
        "quorum": "mitad",
        "patron_acuerdo": "CRCO/{anio}/{mesa:02d}-{n:02d}",
        "patron_criterio_homologado": "CH-CO {n:02d}/{anio}",
        "csrf_token": ficha_csrf(client),
    }
    datos.update(cambios)
    return client.post("/administracion/reglas", data=datos, follow_redirects=False)


def test_las_reglas_de_las_mesas_se_muestran_con_sus_valores_por_omision(client):
    pagina = client.get("/administracion").text
    assert pagina.count('action="/administracion/reglas"') == 1
    assert "<title>Administración · Homologa</title>" in pagina
    assert 'value="CRCO/{anio}/{mesa:02d}-{n:02d}"' in pagina
    assert "Ejemplo actual: CRCO/2026/03-02." in pagina
    assert "Ejemplo actual: CH-CO 01/2026." in pagina
    assert '<option value="mitad" selected>Más de la mitad de los garantes con derecho' in pagina


def test_guardar_reglas_cambia_los_ajustes_y_queda_en_la_bitacora(client, session):
    respuesta = _reglas(client, quorum="dos_tercios", patron_acuerdo="AC-{anio}-{mesa}.{n}")
    assert respuesta.status_code == 303
    session.expire_all()
    assert ajustes.patron(session, ajustes.PATRON_ACUERDO) == "AC-{anio}-{mesa}.{n}"
    fraccion, estricto = ajustes.regla_quorum(session)
    assert (round(fraccion, 4), estricto) == (0.6667, False)
    evento = session.exec(select(EventoBitacora)).one()
    assert evento.accion == "ajustes.reglas"
    assert "Al menos dos terceras partes" in evento.resumen
    pagina = client.get("/administracion?aviso=reglas").text
    assert "Se guardaron las reglas." in pagina
    assert "Ejemplo actual: AC-2026-3.2." in pagina


@pytest.mark.parametrize(
    ("campo", "valor", "mensaje"),
    [
        ("patron_acuerdo", "", "Escriba el patrón."),
        ("patron_acuerdo", "CRCO/{anio}", "El patrón debe incluir el consecutivo {n}"),
        ("patron_acuerdo", "CRCO/{sesion}/{n}", "El patrón solo puede usar los campos"),
        ("patron_criterio_homologado", "CH {mesa}/{n}", "El patrón solo puede usar los campos"),
        ("patron_acuerdo", "CRCO/{n:02q}", "formato no válido"),
        ("quorum", "la_mitad_mas_uno", "Elija una de las reglas de quórum de la lista."),
    ],
)
def test_reglas_no_validas_no_se_guardan(client, session, campo, valor, mensaje):
    respuesta = _reglas(client, **{campo: valor})
    assert respuesta.status_code == 400
    assert mensaje in respuesta.text
    session.expire_all()
    assert ajustes.patron(session, ajustes.PATRON_ACUERDO) == ajustes.PATRON_ACUERDO.por_omision
    assert session.exec(select(EventoBitacora)).first() is None

"""/administracion: making a garante's catalog public or private."""

from sqlmodel import select

from app.models import EventoBitacora
from criterios.models import Garante
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

"""/usuarios: the administración creates, deactivates, reactivates and re-roles accounts."""

import re

import pytest
from sqlmodel import select

from app.models import EventoBitacora, SesionUsuario, Usuario
from tests.conftest import crear_cuenta, ficha_csrf
from tests.factories import crear_garante


def _post(cliente, url, datos=None, **opciones):
    opciones.setdefault("follow_redirects", False)
    return cliente.post(url, data={**(datos or {}), "csrf_token": ficha_csrf(cliente)}, **opciones)


def _cuenta(session, correo):
    session.expire_all()
    return session.exec(select(Usuario).where(Usuario.correo == correo)).one()


def test_crear_muestra_la_contrasena_una_vez(client, session, anonimo):
    crear_garante(session, "jal")
    datos = {"correo": "Nueva@JAL.mx", "nombre": "Ana", "rol": "juridico", "garante": "jal"}
    respuesta = _post(client, "/usuarios/nueva", datos)
    assert respuesta.status_code == 200
    assert "<h1>Cuenta creada</h1>" in respuesta.text
    assert respuesta.headers["cache-control"] == "no-store"
    contrasena = re.search(
        r'<code class="contrasena-de-un-uso">([^<]+)</code>', respuesta.text
    ).group(1)
    cuenta = _cuenta(session, "nueva@jal.mx")
    assert (cuenta.rol, cuenta.garante_id, cuenta.debe_cambiar_contrasena) == (
        "juridico",
        "jal",
        True,
    )
    assert contrasena not in client.get(f"/usuarios/{cuenta.id}").text
    entrada = anonimo.post("/entrar", data={"correo": "nueva@jal.mx", "contrasena": contrasena},
                           follow_redirects=False)  # fmt: skip
    assert entrada.headers["location"] == "/cuenta/contrasena"
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "usuario.crear")
    ).one()
    assert evento.resumen == "Alta de la cuenta nueva@jal.mx (Personal jurídico, jal)."
    assert evento.usuario_correo == "admin@pruebas.mx"


@pytest.mark.parametrize(
    ("datos", "errores"),
    [
        ({"correo": "no-es-correo", "rol": "secretaria"},
         ["Escriba un correo válido, por ejemplo nombre@garante.gob.mx."]),
        ({"correo": "admin@pruebas.mx", "rol": "secretaria"},
         ["Ya existe una cuenta con ese correo."]),
        ({"correo": "a@b.mx", "rol": "juridico"},
         ["Los roles comisionado y jurídico requieren un garante."]),
        ({"correo": "a@b.mx", "rol": "rey"}, ["Elija un rol de la lista."]),
    ],
)  # fmt: skip
def test_crear_con_errores(client, session, datos, errores):
    respuesta = _post(client, "/usuarios/nueva", datos)
    assert respuesta.status_code == 400
    assert re.findall(r'<p class="error" id="error-\w+">([^<]+)</p>', respuesta.text) == errores
    assert f'value="{datos["correo"]}"' in respuesta.text  # the input is kept
    assert len(session.exec(select(Usuario)).all()) == 1


def test_desactivar_pide_confirmacion_y_no_cambia_nada_con_get(client, session, usuario):
    cuenta = usuario("secretaria")
    pagina = client.get(f"/usuarios/{cuenta.id}/desactivar")
    assert pagina.status_code == 200
    assert "Desactivar la cuenta" in pagina.text
    assert _cuenta(session, cuenta.correo).activo is True
    assert _post(client, f"/usuarios/{cuenta.id}/desactivar").status_code == 303
    assert _cuenta(session, cuenta.correo).activo is False
    assert "desactivada" in client.get("/usuarios").text
    assert _post(client, f"/usuarios/{cuenta.id}/reactivar").status_code == 303
    assert _cuenta(session, cuenta.correo).activo is True
    acciones = [e.accion for e in session.exec(select(EventoBitacora).order_by(EventoBitacora.id))]
    assert acciones == ["usuario.desactivar", "usuario.reactivar"]


def test_no_puede_desactivarse_a_si_mismo(client, session):
    yo = _cuenta(session, "admin@pruebas.mx")
    ficha = client.get(f"/usuarios/{yo.id}").text
    assert f'href="/usuarios/{yo.id}/desactivar"' not in ficha  # no button that ends in an error
    assert "Su propia cuenta no se puede desactivar desde aquí" in ficha
    respuesta = _post(client, f"/usuarios/{yo.id}/desactivar")
    assert respuesta.status_code == 400
    assert "No puede desactivar su propia cuenta" in respuesta.text
    assert _cuenta(session, "admin@pruebas.mx").activo is True


def test_cambiar_rol_cierra_sus_sesiones(client, session, cliente_como):
    crear_garante(session, "ags")
    juridico = cliente_como("juridico", "jal")
    cuenta = session.exec(select(Usuario).where(Usuario.rol == "juridico")).one()
    respuesta = _post(
        client, f"/usuarios/{cuenta.id}/rol", {"rol": "comisionado", "garante": "ags"}
    )
    assert respuesta.status_code == 303
    cuenta = _cuenta(session, cuenta.correo)
    assert (cuenta.rol, cuenta.garante_id) == ("comisionado", "ags")
    assert (
        session.exec(select(SesionUsuario).where(SesionUsuario.usuario_id == cuenta.id)).all() == []
    )
    assert juridico.get("/cuenta/contrasena", follow_redirects=False).status_code == 303


def test_cambiar_a_secretaria_quita_el_garante(client, session, usuario):
    cuenta = usuario("juridico", "jal")
    _post(client, f"/usuarios/{cuenta.id}/rol", {"rol": "secretaria", "garante": ""})
    assert _cuenta(session, cuenta.correo).garante_id is None


def test_restablecer_da_otra_contrasena_de_un_solo_uso(client, session, usuario, anonimo):
    cuenta = usuario("secretaria", contrasena="la frase de antes, larga")
    respuesta = _post(client, f"/usuarios/{cuenta.id}/restablecer")
    nueva = re.search(r'<code class="contrasena-de-un-uso">([^<]+)</code>', respuesta.text).group(1)
    vieja = anonimo.post(
        "/entrar", data={"correo": cuenta.correo, "contrasena": "la frase de antes, larga"}
    )
    assert vieja.status_code == 400
    entrada = anonimo.post("/entrar", data={"correo": cuenta.correo, "contrasena": nueva},
                           follow_redirects=False)  # fmt: skip
    assert entrada.headers["location"] == "/cuenta/contrasena"


def test_accion_desconocida_da_404(client, usuario):
    cuenta = usuario("secretaria")
    assert client.get(f"/usuarios/{cuenta.id}/borrar").status_code == 404


@pytest.mark.parametrize(
    ("rol", "garante"), [("secretaria", None), ("juridico", "jal"), ("comisionado", "jal")]
)
def test_solo_la_administracion_gestiona_cuentas(cliente_como, session, rol, garante):
    cliente = cliente_como(rol, garante)
    assert cliente.get("/usuarios").status_code == 403
    datos = {"correo": "x@y.mx", "rol": "administrador"}
    assert cliente.post("/usuarios/nueva", data=datos).status_code == 403
    assert session.exec(select(Usuario).where(Usuario.correo == "x@y.mx")).first() is None


def test_el_publico_va_a_entrar(anonimo):
    respuesta = anonimo.get("/usuarios", follow_redirects=False)
    assert respuesta.headers["location"] == "/entrar?siguiente=/usuarios"


def test_el_garante_de_una_cuenta_se_muestra_por_sus_siglas(client, engine, session):
    crear_garante(session, "jal", siglas="ITEI", nombre="Instituto de Transparencia de Jalisco")
    crear_garante(session, "nay", nombre="Instituto de Transparencia de Nayarit")
    con_siglas = crear_cuenta(engine, rol="juridico", garante="jal")
    crear_cuenta(engine, rol="comisionado", garante="nay")
    itei = '<abbr title="Instituto de Transparencia de Jalisco">ITEI</abbr>'

    lista = client.get("/usuarios").text
    celda = '<td data-etiqueta="Garante">'
    assert f"{celda}{itei}</td>" in lista
    assert f"{celda}Instituto de Transparencia de Nayarit</td>" in lista  # sin siglas: el nombre
    assert f"{celda}jal</td>" not in lista
    detalle = client.get(f"/usuarios/{con_siglas.id}").text
    assert f"<dt>Garante</dt><dd>{itei}</dd>" in detalle

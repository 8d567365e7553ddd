"""Login, logout, server-side sessions, timeouts, throttling and the password policy."""

from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from app.cuentas import error_de_contrasena
from app.main import create_app
from app.models import EventoBitacora, IntentoAcceso, SesionUsuario, Usuario
from app.routes.cuentas import ERROR_DE_ACCESO
from app.settings import cargar_settings
from criterios.models import ahora
from tests.conftest import URL_PRUEBAS, crear_cuenta, entrar, ficha_csrf

CONTRASENA = "una frase larga de prueba"
COOKIE = "homologa_sesion"


def _entrar(cliente, correo, contrasena=CONTRASENA, siguiente="/"):
    datos = {"correo": correo, "contrasena": contrasena, "siguiente": siguiente}
    return cliente.post("/entrar", data=datos, follow_redirects=False)


def _quien(cliente) -> str:
    """Return what the page header says about the account: its e-mail or 'anónimo'."""
    pagina = cliente.get("/cuenta/contrasena", follow_redirects=False)
    if pagina.status_code == 303:
        assert pagina.headers["location"].startswith("/entrar")
        return "anónimo"
    return pagina.text.split('<a href="/cuenta/contrasena">', 1)[1].split("<", 1)[0]


@pytest.fixture
def juridico(usuario):
    return usuario("juridico", "jal", correo="juridica@jal.mx", contrasena=CONTRASENA)


def test_entrar_abre_sesion_y_vuelve_a_la_pagina_pedida(anonimo, juridico, session):
    respuesta = _entrar(anonimo, "Juridica@JAL.mx ", siguiente="/criterios?q=plazo")
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/criterios?q=plazo"
    assert _quien(anonimo) == "juridico jal"
    eventos = session.exec(select(EventoBitacora).where(EventoBitacora.accion == "acceso.entrar"))
    assert [e.usuario_correo for e in eventos] == ["juridica@jal.mx"]


@pytest.mark.parametrize(
    ("correo", "contrasena"),
    [("juridica@jal.mx", "otra frase equivocada"), ("nadie@jal.mx", CONTRASENA)],
)
def test_error_de_acceso_generico(anonimo, juridico, correo, contrasena):
    respuesta = _entrar(anonimo, correo, contrasena)
    assert respuesta.status_code == 400
    assert ERROR_DE_ACCESO in respuesta.text
    assert COOKIE not in anonimo.cookies
    assert _quien(anonimo) == "anónimo"


@pytest.mark.parametrize("siguiente", ["//malo.example/x", "https://malo.example/", "/\\malo"])
def test_siguiente_solo_lleva_a_paginas_propias(anonimo, juridico, siguiente):
    respuesta = _entrar(anonimo, "juridica@jal.mx", siguiente=siguiente)
    assert respuesta.headers["location"] == "/"


def test_entrar_da_un_id_de_sesion_nuevo(anonimo, juridico, session):
    _entrar(anonimo, "juridica@jal.mx")
    primero = anonimo.cookies[COOKIE]
    anonimo.headers["X-CSRF-Token"] = ficha_csrf(anonimo)
    _entrar(anonimo, "juridica@jal.mx")
    segundo = anonimo.cookies[COOKIE]
    assert primero != segundo
    assert len(segundo) >= 43  # 32 random bytes in base64url: 256 bits
    # The table keeps only the hash; the old session is gone.
    hashes = [s.id_hash for s in session.exec(select(SesionUsuario))]
    assert len(hashes) == 1 and primero not in hashes and segundo not in hashes


def test_cookie_http_only_same_site_sin_secure_en_http(anonimo, juridico):
    respuesta = _entrar(anonimo, "juridica@jal.mx")
    cookie = respuesta.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie


def test_cookie_host_y_secure_en_https(engine, juridico):
    settings = cargar_settings(
        {"DATABASE_URL": URL_PRUEBAS, "HOMOLOGA_SECRET_KEY": "x", "HOMOLOGA_HTTPS": "1"}
    )
    app = create_app(settings, engine=engine)
    with TestClient(app, base_url="https://testserver") as cliente:
        cliente.headers["X-CSRF-Token"] = ficha_csrf(cliente)
        respuesta = _entrar(cliente, "juridica@jal.mx")
        cookie = respuesta.headers["set-cookie"]
        assert cookie.startswith("__Host-homologa_sesion=")
        assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
        assert "Domain" not in cookie
        assert "Strict-Transport-Security" in cliente.get("/").headers


def test_cookie_copiada_no_sirve_despues_de_salir(anonimo, juridico, app_web):
    _entrar(anonimo, "juridica@jal.mx")
    copia = anonimo.cookies[COOKIE]
    anonimo.headers["X-CSRF-Token"] = ficha_csrf(anonimo)  # the session's token now
    respuesta = anonimo.post("/salir", follow_redirects=False)
    assert respuesta.status_code == 303
    assert _quien(anonimo) == "anónimo"
    with TestClient(app_web) as ladron:
        ladron.cookies.set(COOKIE, copia)
        assert _quien(ladron) == "anónimo"


def test_cambiar_contrasena_cierra_las_demas_sesiones(app_web, juridico):
    with TestClient(app_web) as esta, TestClient(app_web) as otra:
        entrar(esta, juridico, cabecera_csrf=True)
        entrar(otra, juridico)
        respuesta = esta.post(
            "/cuenta/contrasena",
            data={"actual": CONTRASENA, "nueva": "otra frase nueva y larga", "confirmacion":
                  "otra frase nueva y larga"},
            follow_redirects=False,
        )  # fmt: skip
        assert respuesta.status_code == 303
        assert _quien(otra) == "anónimo"
        assert _quien(esta) == "juridico jal"  # it continues in a fresh session


def test_cambiar_contrasena_pide_la_actual_y_aplica_la_politica(cliente_como, session):
    cliente = cliente_como("juridico", "jal")
    datos = {"actual": "no es", "nueva": "corta", "confirmacion": "corta"}
    respuesta = cliente.post("/cuenta/contrasena", data=datos)
    assert respuesta.status_code == 400
    assert "La contraseña actual no es correcta." in respuesta.text
    assert "La contraseña debe tener al menos 12 caracteres." in respuesta.text


def test_desactivar_cierra_sus_sesiones(app_web, juridico, client, anonimo, session):
    with TestClient(app_web) as suya:
        entrar(suya, juridico)
        assert _quien(suya) == "juridico jal"
        ficha = ficha_csrf(client)
        client.post(f"/usuarios/{juridico.id}/desactivar", data={"csrf_token": ficha})
        assert _quien(suya) == "anónimo"
    assert (
        session.exec(select(SesionUsuario).where(SesionUsuario.usuario_id == juridico.id)).all()
        == []
    )
    assert _entrar(anonimo, "juridica@jal.mx").status_code == 400


@pytest.mark.parametrize(
    ("campo", "antiguedad"),
    [("ultimo_uso", timedelta(minutes=31)), ("creada_en", timedelta(hours=12, minutes=1))],
)
def test_sesion_vence_por_inactividad_y_por_duracion(app_web, juridico, engine, campo, antiguedad):
    with TestClient(app_web) as cliente:
        entrar(cliente, juridico)
        assert _quien(cliente) == "juridico jal"
        from sqlmodel import Session

        with Session(engine) as s:
            sesion = s.exec(select(SesionUsuario)).one()
            setattr(sesion, campo, ahora() - antiguedad)
            if campo == "creada_en":
                sesion.ultimo_uso = ahora()  # in use a minute ago, still too old
            s.add(sesion)
            s.commit()
        assert _quien(cliente) == "anónimo"
        with Session(engine) as s:
            assert s.exec(select(SesionUsuario)).all() == []  # deleted on sight


def test_bloqueo_por_cuenta_tras_cinco_fallos(anonimo, juridico, session):
    for _ in range(5):
        assert _entrar(anonimo, "juridica@jal.mx", "frase equivocada!!").status_code == 400
    respuesta = _entrar(anonimo, "juridica@jal.mx")  # the right password, but locked
    assert respuesta.status_code == 400
    assert ERROR_DE_ACCESO in respuesta.text
    motivos = [e.resumen for e in session.exec(select(EventoBitacora))]
    assert motivos[-1] == "Intento fallido: bloqueo temporal por intentos fallidos."
    # Fifteen minutes later the failures have aged out of the window.
    for intento in session.exec(select(IntentoAcceso)):
        intento.creado_en = intento.creado_en - timedelta(minutes=16)
        session.add(intento)
    session.commit()
    assert _entrar(anonimo, "juridica@jal.mx").status_code == 303


def test_bloqueo_por_direccion_tras_veinte_fallos(anonimo, juridico):
    for numero in range(20):
        _entrar(anonimo, f"persona{numero}@jal.mx", "frase equivocada!!")
    respuesta = _entrar(anonimo, "juridica@jal.mx")  # another account, same address
    assert respuesta.status_code == 400
    assert ERROR_DE_ACCESO in respuesta.text


def test_cada_intento_va_a_la_bitacora(anonimo, juridico, session):
    _entrar(anonimo, "juridica@jal.mx", "frase equivocada!!")
    _entrar(anonimo, "nadie@jal.mx", "frase equivocada!!")
    _entrar(anonimo, "juridica@jal.mx")
    eventos = session.exec(select(EventoBitacora).order_by(EventoBitacora.id)).all()
    assert [(e.accion, e.usuario_correo, e.resumen) for e in eventos] == [
        ("acceso.fallido", "juridica@jal.mx", "Intento fallido: contraseña incorrecta."),
        ("acceso.fallido", "nadie@jal.mx", "Intento fallido: cuenta inexistente."),
        ("acceso.entrar", "juridica@jal.mx", "Entrada correcta."),
    ]
    assert all(e.direccion == "testclient" for e in eventos)


def test_contrasena_de_un_solo_uso_obliga_a_cambiarla(anonimo, engine, session):
    cuenta = crear_cuenta(
        engine, rol="juridico", garante="jal", correo="nueva@jal.mx", contrasena=CONTRASENA,
        debe_cambiar=True,
    )  # fmt: skip
    respuesta = _entrar(anonimo, "nueva@jal.mx", siguiente="/criterios")
    assert respuesta.headers["location"] == "/cuenta/contrasena"
    pagina = anonimo.get("/criterios", follow_redirects=False)
    assert pagina.status_code == 303 and pagina.headers["location"] == "/cuenta/contrasena"
    formulario = anonimo.get("/cuenta/contrasena").text
    assert "Elija su contraseña" in formulario and 'name="actual"' not in formulario
    anonimo.headers["X-CSRF-Token"] = ficha_csrf(anonimo)
    datos = {"nueva": "mi frase secreta propia", "confirmacion": "mi frase secreta propia"}
    assert anonimo.post("/cuenta/contrasena", data=datos, follow_redirects=False).status_code == 303
    assert anonimo.get("/criterios", follow_redirects=False).status_code == 200
    session.expire_all()
    assert session.get(Usuario, cuenta.id).debe_cambiar_contrasena is False


def test_contrasena_de_un_solo_uso_vence(anonimo, engine, session):
    cuenta = crear_cuenta(
        engine, rol="secretaria", correo="vieja@x.mx", contrasena=CONTRASENA, debe_cambiar=True
    )
    cuenta.contrasena_cambiada_en = ahora() - timedelta(hours=73)
    session.add(cuenta)
    session.commit()
    assert _entrar(anonimo, "vieja@x.mx").status_code == 400


@pytest.mark.parametrize(
    ("contrasena", "error"),
    [
        ("once letras", "La contraseña debe tener al menos 12 caracteres."),
        ("x" * 129, "La contraseña puede tener a lo más 128 caracteres."),
        (
            "qwertyqwerty",
            "Esa contraseña es demasiado común; elija otra, por ejemplo una frase.",
        ),
        (
            "Transparencia2026!",
            "Esa contraseña es demasiado común; elija otra, por ejemplo una frase.",
        ),
        ("ana.lopez@jal.mx", "La contraseña no puede ser su correo."),
        ("doce letras!", None),
        ("x" * 128, None),
        ("sinmayusculasnisimbolos", None),  # no composition rules
    ],
)
def test_politica_de_contrasenas(contrasena, error):
    assert error_de_contrasena(contrasena, correo="ana.lopez@jal.mx") == error


def test_entrar_borra_las_sesiones_vencidas_de_todos(anonimo, juridico, usuario, app_web, engine):
    from sqlmodel import Session

    otra = usuario("secretaria")
    with TestClient(app_web) as cliente:
        entrar(cliente, otra)
    with Session(engine) as s:
        vieja = s.exec(select(SesionUsuario)).one()
        vieja.ultimo_uso = ahora() - timedelta(hours=1)
        s.add(vieja)
        s.commit()
    _entrar(anonimo, "juridica@jal.mx")
    with Session(engine) as s:
        assert [x.usuario_id for x in s.exec(select(SesionUsuario))] == [juridico.id]


def test_ver_y_cerrar_las_demas_sesiones(app_web, juridico, session):
    with TestClient(app_web) as esta, TestClient(app_web) as otra:
        entrar(esta, juridico, cabecera_csrf=True)
        entrar(otra, juridico)
        pagina = esta.get("/cuenta/sesiones").text
        assert pagina.count("<tr>") == 3  # header + two sessions
        assert pagina.count("esta sesión") == 1
        mala = esta.post("/cuenta/sesiones/cerrar", data={"contrasena": "no es la mía"})
        assert mala.status_code == 400
        assert "La contraseña no es correcta." in mala.text
        assert _quien(otra) == "juridico jal"
        buena = esta.post("/cuenta/sesiones/cerrar", data={"contrasena": CONTRASENA})
        assert buena.status_code == 200
        assert "Se cerraron las demás sesiones de su cuenta." in buena.text
        assert _quien(otra) == "anónimo"
        assert _quien(esta) == "juridico jal"

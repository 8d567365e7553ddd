"""`homologa usuarios crear` and the demo accounts printed by `homologa serve`."""

import re

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from app.cli import _imprimir_cuentas_de_ejemplo, main
from app.db import crear_engine
from app.main import create_app
from app.models import EventoBitacora, Usuario
from app.settings import cargar_settings
from criterios.demo import cargar_demo_si_vacia
from tests.conftest import ficha_csrf

pytestmark = pytest.mark.filterwarnings("ignore:No path_separator found:DeprecationWarning")


@pytest.fixture
def base(tmp_path, monkeypatch):
    """Point the CLI at a fresh SQLite file (migrated on first use)."""
    url = f"sqlite:///{tmp_path / 'homologa.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("HOMOLOGA_DIR_DATOS", str(tmp_path))
    return url


def _contrasena(salida: str) -> str:
    return re.search(r"Contraseña de un solo uso: (\S+)", salida).group(1)


def test_crear_el_primer_administrador_y_entrar(base, capsys):
    assert (
        main(["usuarios", "crear", "--correo", "Admin@Garante.mx", "--rol", "administrador"]) == 0
    )
    salida = capsys.readouterr().out
    assert salida.startswith("Cuenta creada: admin@garante.mx (administrador).\n")
    contrasena = _contrasena(salida)
    assert len(contrasena) >= 20
    engine = crear_engine(base)
    with Session(engine) as session:
        usuario = session.exec(select(Usuario)).one()
        assert (usuario.rol, usuario.debe_cambiar_contrasena) == ("administrador", True)
        assert contrasena not in usuario.contrasena_hash  # only the argon2id hash is kept
        assert usuario.contrasena_hash.startswith("$argon2id$")
        evento = session.exec(select(EventoBitacora)).one()
        assert evento.accion == "usuario.crear"
    app = create_app(cargar_settings({"DATABASE_URL": base}), engine=engine)
    with TestClient(app) as cliente:
        datos = {
            "correo": "admin@garante.mx",
            "contrasena": contrasena,
            "csrf_token": ficha_csrf(cliente),
        }
        respuesta = cliente.post("/entrar", data=datos, follow_redirects=False)
        assert respuesta.headers["location"] == "/cuenta/contrasena"
    engine.dispose()


@pytest.mark.parametrize(
    ("argumentos", "error"),
    [
        (["--rol", "juridico"], "Los roles comisionado y jurídico requieren un garante."),
        (["--rol", "juridico", "--garante", "zzz"], "No existe el garante «zzz»."),
        (["--rol", "secretaria", "--garante", "zzz"],
         "Solo comisionados y personal jurídico pertenecen a un garante."),
    ],
)  # fmt: skip
def test_errores_al_crear(base, capsys, argumentos, error):
    assert main(["usuarios", "crear", "--correo", "a@b.mx", *argumentos]) == 1
    assert capsys.readouterr().err == f"homologa: {error}\n"


def test_correo_repetido(base, capsys):
    assert main(["usuarios", "crear", "--correo", "a@b.mx", "--rol", "secretaria"]) == 0
    assert main(["usuarios", "crear", "--correo", "A@B.mx", "--rol", "secretaria"]) == 1
    assert capsys.readouterr().err == "homologa: Ya existe una cuenta con ese correo.\n"


def test_la_demo_crea_una_cuenta_por_rol_con_contrasenas_al_azar(base, capsys):
    main(["usuarios", "crear", "--correo", "x@y.mx", "--rol", "secretaria"])  # migrates
    engine = crear_engine(base)
    assert cargar_demo_si_vacia(engine)
    capsys.readouterr()
    _imprimir_cuentas_de_ejemplo(engine)
    lineas = capsys.readouterr().out.splitlines()
    assert lineas[0].startswith("Cuentas de ejemplo")
    filas = [linea.split() for linea in lineas[1:]]
    assert [f[0] for f in filas] == [
        "administracion@ejemplo.mx", "secretaria@ejemplo.mx", "comisionado.ags@ejemplo.mx",
        "comisionado.jal-contraloria@ejemplo.mx", "juridico.ags@ejemplo.mx",
        "juridico.jal-contraloria@ejemplo.mx",
    ]  # fmt: skip
    contrasenas = [f[-1] for f in filas]
    assert len(set(contrasenas)) == 6 and all(len(c) >= 20 for c in contrasenas)
    with Session(engine) as session:
        cuentas = {u.correo: (u.rol, u.garante_id) for u in session.exec(select(Usuario))}
    assert cuentas["juridico.ags@ejemplo.mx"] == ("juridico", "ags")
    # Comisionados of garantes vigente today, who can vote in this year's mesas.
    assert cuentas["comisionado.jal-contraloria@ejemplo.mx"] == ("comisionado", "jal-contraloria")
    engine.dispose()


def test_restablecer_desde_la_consola(base, capsys):
    main(["usuarios", "crear", "--correo", "admin@x.mx", "--rol", "administrador"])
    primera = _contrasena(capsys.readouterr().out)
    assert main(["usuarios", "restablecer", "--correo", "ADMIN@x.mx"]) == 0
    salida = capsys.readouterr().out
    assert salida.startswith("Cuenta admin@x.mx: activa, con sus sesiones cerradas.\n")
    assert _contrasena(salida) != primera
    assert main(["usuarios", "restablecer", "--correo", "nadie@x.mx"]) == 1
    assert "no existe ninguna cuenta con el correo nadie@x.mx" in capsys.readouterr().err

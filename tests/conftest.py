"""Fixtures: a clean database per test on SQLite (default) or PostgreSQL.

Set ``HOMOLOGA_PRUEBAS_DB`` to a PostgreSQL URL to run the suite there; each test then
starts from empty tables (truncated after each test).

Web clients (defined at the end of this file):
- ``client``: signed in as an administrador (who may do everything), so tests of pages
  and forms need not care about permissions. Like a browser, it sends the CSRF token only
  when the test does: post the ``csrf_token`` of the page that shows the form (or send
  the ``X-CSRF-Token`` header, as htmx does); a post without it gets 403.
- ``anonimo``: the public, sending its pre-session CSRF token in the header.
- ``cliente_como(rol, garante=None)``: a new client signed in with that role and sending
  the CSRF header on every request (``cliente_como(None)`` is the public).
- ``usuario(rol, garante=None, contrasena=None)``: an account in the database.
- ``entrar(client, usuario, cabecera_csrf=False)``: open a server-side session for
  ``usuario`` on ``client`` (and, if asked, send its CSRF token on every request).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

os.environ["HOMOLOGA_ENTORNO"] = "pruebas"
os.environ.setdefault("HOMOLOGA_SECRET_KEY", "clave-de-pruebas")

import importlib.machinery
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from starlette.applications import Starlette
from starlette.testclient import TestClient

import app.metadata  # noqa: F401  (registers every table)
import comparador
from app.db import crear_engine
from app.main import create_app
from app.models import Usuario
from app.settings import Settings, cargar_settings
from criterios.models import Garante


def _compilados_desactualizados() -> list[str]:
    """Return the comparator's sources edited after their compiled module was built."""
    carpeta = Path(comparador.__file__).parent
    viejos = []
    for sufijo in importlib.machinery.EXTENSION_SUFFIXES:
        for compilado in carpeta.glob(f"*{sufijo}"):
            nombre = compilado.name[: -len(sufijo)]
            for fuente in (carpeta / f"{nombre}.pyx", carpeta / f"{nombre}.py"):
                if fuente.exists() and fuente.stat().st_mtime > compilado.stat().st_mtime:
                    viejos.append(fuente.name)
    return sorted(viejos)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Python imports a compiled module before its source: testing an edited
    # source without building it again would test the old code.
    viejos = _compilados_desactualizados()
    if viejos:
        pytest.exit(
            f"comparador: {', '.join(viejos)} cambió después de compilarse; "
            "vuelva a compilar con «.venv/bin/pip install -e .» (scripts/probar.sh lo hace).",
            returncode=4,
        )


URL_PRUEBAS = os.environ.get("HOMOLOGA_PRUEBAS_DB", "sqlite://")
ES_POSTGRES = URL_PRUEBAS.startswith("postgresql")


def _base_del_proceso(url: str, proceso: str) -> str:
    """Return the URL of a database of this pytest-xdist process's own, created if missing.

    Tests empty the tables after each test: two processes on one database
    would empty each other's.
    """
    import psycopg

    servidor, nombre = url.rsplit("/", 1)
    propia = f"{nombre}_{proceso}"
    with psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as c:
        if c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (propia,)).fetchone() is None:
            c.execute(f'CREATE DATABASE "{propia}"')
    return f"{servidor}/{propia}"


if ES_POSTGRES and os.environ.get("PYTEST_XDIST_WORKER"):
    URL_PRUEBAS = _base_del_proceso(URL_PRUEBAS, os.environ["PYTEST_XDIST_WORKER"])


def pytest_report_header() -> str:
    return f"base de datos de pruebas: {'PostgreSQL' if ES_POSTGRES else 'SQLite en memoria'}"


@pytest.fixture(scope="session")
def _engine_postgres() -> Iterator[Engine]:
    engine = crear_engine(URL_PRUEBAS)
    with engine.begin() as conexion:
        conexion.execute(text("DROP SCHEMA public CASCADE"))
        conexion.execute(text("CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Return an engine on an empty, fully created schema."""
    if not ES_POSTGRES:
        engine = crear_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    engine = request.getfixturevalue("_engine_postgres")
    yield engine
    tablas = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conexion:
        conexion.execute(text(f"TRUNCATE {tablas} RESTART IDENTITY CASCADE"))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def settings() -> Settings:
    return cargar_settings(
        {
            "HOMOLOGA_ENTORNO": "pruebas",
            "DATABASE_URL": URL_PRUEBAS,
            "HOMOLOGA_SECRET_KEY": "clave-de-pruebas",
            "HOMOLOGA_MAX_SUBIDA_MB": "1",
        }
    )


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    """Return a client signed in as an administrador (CSRF tokens are the test's business)."""
    app = create_app(settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        entrar(client, crear_cuenta(engine, rol="administrador", correo="admin@pruebas.mx"))
        yield client


# --- Accounts, sessions and CSRF for web tests -----------------------------------------


def crear_cuenta(
    engine: Engine,
    *,
    rol: str,
    garante: str | None = None,
    correo: str | None = None,
    contrasena: str | None = None,
    debe_cambiar: bool = False,
) -> Usuario:
    """Return a new account (its garante created if missing); no password unless given."""
    from app.cuentas import cifrar
    from tests.factories import crear_garante

    with Session(engine, expire_on_commit=False) as session:
        if garante and session.get(Garante, garante) is None:
            crear_garante(session, garante)
        usuario = Usuario(
            correo=correo or f"{rol}-{garante or 'region'}-{secrets.token_hex(3)}@pruebas.mx",
            nombre=f"{rol} {garante or ''}".strip(),
            rol=rol,
            garante_id=garante,
            contrasena_hash=cifrar(contrasena) if contrasena else None,
            debe_cambiar_contrasena=debe_cambiar,
        )
        session.add(usuario)
        session.commit()
        return usuario


def entrar(client: TestClient, usuario: Usuario, *, cabecera_csrf: bool = False) -> TestClient:
    """Return ``client`` with a new server-side session of ``usuario`` (and its CSRF header)."""
    from app.csrf import token_para
    from app.sesiones_usuario import iniciar_sesion, nombre_cookie

    app = client.app
    with Session(app.state.engine) as session:  # type: ignore[attr-defined]
        token = iniciar_sesion(session=session, usuario=usuario)
        session.commit()
    settings = app.state.settings  # type: ignore[attr-defined]
    client.cookies.set(nombre_cookie(settings), token)
    if cabecera_csrf:
        client.headers["X-CSRF-Token"] = token_para(settings.secret_key, token)
    return client


def ficha_csrf(client: TestClient) -> str:
    """Return the CSRF token of the page /entrar (and keep the pre-session cookie)."""
    pagina = client.get("/entrar")
    encontrada = re.search(r'<meta name="csrf-token" content="([^"]+)"', pagina.text)
    assert encontrada, "la página no trae la ficha CSRF"
    return encontrada.group(1)


@pytest.fixture
def app_web(engine: Engine, settings: Settings) -> Starlette:
    return create_app(settings, engine=engine)


@pytest.fixture
def anonimo(app_web: Starlette) -> Iterator[TestClient]:
    """Return a client of the public, sending its pre-session CSRF token."""
    with TestClient(app_web, raise_server_exceptions=False) as cliente:
        cliente.headers["X-CSRF-Token"] = ficha_csrf(cliente)
        yield cliente


@pytest.fixture
def usuario(engine: Engine) -> Callable[..., Usuario]:
    """Return a factory of accounts: ``usuario("juridico", "jal", contrasena=...)``."""

    def fabricar(rol: str = "juridico", garante: str | None = None, **campos: Any) -> Usuario:
        return crear_cuenta(engine, rol=rol, garante=garante, **campos)

    return fabricar


@pytest.fixture
def cliente_como(app_web: Starlette, engine: Engine) -> Iterator[Callable[..., TestClient]]:
    """Return a factory of clients signed in with a role: ``cliente_como("juridico", "jal")``.

    ``cliente_como(None)`` is the public (with a pre-session CSRF token).
    """
    with ExitStack() as pila:

        def fabricar(rol: str | None, garante: str | None = None) -> TestClient:
            cliente = pila.enter_context(TestClient(app_web, raise_server_exceptions=False))
            if rol is None:
                cliente.headers["X-CSRF-Token"] = ficha_csrf(cliente)
                return cliente
            cuenta = crear_cuenta(engine, rol=rol, garante=garante)
            return entrar(cliente, cuenta, cabecera_csrf=True)

        yield fabricar


@pytest.fixture(autouse=True, scope="session")
def _argon2_barato() -> Iterator[None]:
    """Hash with cheap argon2id parameters in tests (production uses RFC 9106's profile)."""
    from argon2 import PasswordHasher

    import app.cuentas

    original = app.cuentas._hasher
    app.cuentas._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    app.cuentas._hasher = original

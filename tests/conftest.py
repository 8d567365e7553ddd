"""Fixtures: a clean database per test on SQLite (default) or PostgreSQL.

Set ``HOMOLOGA_PRUEBAS_DB`` to a PostgreSQL URL to run the suite there; each test then
starts from empty tables (truncated after each test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ["HOMOLOGA_ENTORNO"] = "pruebas"
os.environ.setdefault("HOMOLOGA_SECRET_KEY", "clave-de-pruebas")

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from starlette.testclient import TestClient

import app.metadata  # noqa: F401  (registers every table)
from app.db import crear_engine
from app.main import create_app
from app.settings import Settings, cargar_settings

URL_PRUEBAS = os.environ.get("HOMOLOGA_PRUEBAS_DB", "sqlite://")
ES_POSTGRES = URL_PRUEBAS.startswith("postgresql")


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
    app = create_app(settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client

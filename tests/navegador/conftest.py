"""Fixtures for real-browser tests: the app served by uvicorn, and Debian's Chromium.

``servidor`` serves the app once per session on a free 127.0.0.1 port against a
temporary SQLite file, with a few garantes and criterios loaded through the register;
tests that need more data (users, other records) write it through ``servidor.engine``.
``navegador`` is the Chromium of the system (never a downloaded one); ``pagina`` is a
fresh browser context per test, so cookies never leak from one test to the next.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from app.db import crear_engine
from app.main import create_app
from app.settings import cargar_settings
from criterios.registro import guardar_criterios, guardar_garantes

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

GARANTES = [
    {"id": "ags", "nombre": "Instituto de Transparencia de Aguascalientes", "siglas": "ITEA",
     "entidad": "Aguascalientes", "region": "Centro-Occidente"},
    {"id": "jal", "nombre": "Instituto de Transparencia de Jalisco", "siglas": "ITEI",
     "entidad": "Jalisco", "region": "Centro-Occidente"},
]  # fmt: skip
CRITERIOS = [
    {"id": "ags-01", "garante": "ags", "clave": "CRITERIO 01/2020",
     "rubro": "INFORMACIÓN PÚBLICA DE OFICIO. SU CONSULTA NO REQUIERE SOLICITUD.",
     "texto": "La información publicada en el portal se entrega indicando dónde consultarla.",
     "temas": ["información pública"]},
    {"id": "jal-01", "garante": "jal", "clave": "CRITERIO 03/2019",
     "rubro": "ACCESO A LA INFORMACIÓN. PLAZO PARA RESPONDER.",
     "texto": "La respuesta se notifica dentro de veinte días hábiles.",
     "temas": ["plazo de respuesta"]},
    {"id": "jal-02", "garante": "jal", "clave": "CRITERIO 04/2019",
     "rubro": "RECURSO DE REVISIÓN. PLAZO PARA INTERPONERLO.",
     "texto": "El recurso se interpone dentro de quince días hábiles.",
     "temas": ["recurso de revisión"]},
]  # fmt: skip


@dataclass
class Servidor:
    """The running app: its base URL and the engine of its database."""

    url: str
    engine: Engine


def _puerto_libre() -> socket.socket:
    """Return a socket bound to a free 127.0.0.1 port (uvicorn serves on it, so no race)."""
    conector = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    conector.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    conector.bind(("127.0.0.1", 0))
    return conector


@pytest.fixture(scope="session")
def servidor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servidor]:
    """Serve the app in a background thread on a temporary SQLite file."""
    if os.environ.get("HOMOLOGA_PRUEBAS_DB"):
        # The browser tests check the interface, not the database: every page and query
        # they touch is already covered on PostgreSQL by the HTTP tests, and starting a
        # browser a second time would only make the serialized PostgreSQL run longer.
        pytest.skip("las pruebas de navegador corren solo en la pasada con SQLite")
    database_url = f"sqlite:///{tmp_path_factory.mktemp('navegador') / 'homologa.db'}"
    engine = crear_engine(database_url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        guardar_garantes(session=session, registros=GARANTES)
        guardar_criterios(session=session, registros=CRITERIOS, motivo="alta")
        session.commit()
    settings = cargar_settings(
        {
            "HOMOLOGA_ENTORNO": "pruebas",
            "DATABASE_URL": database_url,
            "HOMOLOGA_SECRET_KEY": "clave-de-pruebas-del-navegador",
        }
    )
    app = create_app(settings, engine=engine)
    conector = _puerto_libre()
    puerto = conector.getsockname()[1]
    servidor = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", access_log=False)
    )
    hilo = threading.Thread(target=servidor.run, kwargs={"sockets": [conector]}, daemon=True)
    hilo.start()
    limite = time.monotonic() + 10
    while not servidor.started:
        if time.monotonic() > limite or not hilo.is_alive():
            raise RuntimeError("uvicorn no arrancó en 10 segundos")
        time.sleep(0.02)
    try:
        yield Servidor(url=f"http://127.0.0.1:{puerto}", engine=engine)
    finally:
        servidor.should_exit = True
        hilo.join(timeout=10)
        conector.close()
        engine.dispose()


@pytest.fixture(scope="session")
def navegador() -> Iterator[Browser]:
    """Return Debian's Chromium driven by Playwright; skip (or fail on CI) without it."""
    if not CHROMIUM.exists():
        mensaje = f"falta {CHROMIUM} (apt-get install chromium); no se descarga ningún navegador"
        if os.environ.get("CI") == "true":
            pytest.fail(mensaje)
        pytest.skip(mensaje)
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGUMENTOS_CHROMIUM
        )
        yield navegador
        navegador.close()


@pytest.fixture
def pagina(servidor: Servidor, navegador: Browser) -> Iterator[Page]:
    """Return a page in a fresh browser context whose relative URLs go to ``servidor``."""
    contexto = navegador.new_context(base_url=servidor.url, locale="es-MX")
    contexto.set_default_timeout(10_000)
    pagina = contexto.new_page()
    yield pagina
    contexto.close()

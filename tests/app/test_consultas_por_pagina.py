"""List pages run a fixed number of SQL statements, however many rows they show (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.tareas import EjecutorEnLinea, Tareas
from tests.conftest import crear_cuenta, entrar
from tests.factories import crear_criterio, crear_procedimiento

PAGINAS = [
    "/", "/garantes", "/garantes/g0", "/criterios", "/procedimientos", "/comparaciones",
    "/grupos", "/divergencias", "/cobertura", "/cobertura.csv", "/datos",
    "/datos/divergencias.csv", "/bitacora",
]  # fmt: skip
PLAZOS = ["diez", "quince", "veinte", "treinta", "cinco", "ocho"]


def _registrar(session: Session, desde: int, hasta: int) -> None:
    """Give garantes desde..hasta-1 two criterios that diverge on the plazo, and a procedimiento."""
    for n in range(desde, hasta):
        plazo = PLAZOS[n % len(PLAZOS)]
        for tema in ("acceso", "recurso"):
            crear_criterio(
                session, f"g{n}", f"g{n}-{tema}", temas=[tema],
                rubro=f"PLAZO PARA RESPONDER EL {tema.upper()}.",
                texto=f"El sujeto obligado responde el {tema} dentro de {plazo} días hábiles.",
            )  # fmt: skip
        crear_procedimiento(session, f"g{n}", f"g{n}-acceso")


@contextmanager
def _sentencias(engine: Engine) -> Iterator[list[str]]:
    vistas: list[str] = []

    def anotar(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        vistas.append(statement)

    event.listen(engine, "before_cursor_execute", anotar)
    try:
        yield vistas
    finally:
        event.remove(engine, "before_cursor_execute", anotar)


def _contar_por_pagina(cliente: TestClient, engine: Engine) -> dict[str, int]:
    cuentas = {}
    for url in PAGINAS:
        with _sentencias(engine) as vistas:
            assert cliente.get(url).status_code == 200, url
        cuentas[url] = len(vistas)
    return cuentas


@pytest.fixture
def secretaria(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    tareas = Tareas(engine, ejecutor=EjecutorEnLinea(), en_proceso_aparte=False)
    with TestClient(create_app(settings, engine=engine, tareas=tareas)) as cliente:
        yield entrar(cliente, crear_cuenta(engine, rol="secretaria"), cabecera_csrf=True)


def test_las_listas_no_hacen_una_consulta_por_fila(engine, session, secretaria):
    _registrar(session, 0, 2)
    assert secretaria.post("/comparaciones", follow_redirects=False).status_code == 303
    con_pocos = _contar_por_pagina(secretaria, engine)

    _registrar(session, 2, 6)
    assert secretaria.post("/comparaciones", follow_redirects=False).status_code == 303
    con_mas = _contar_por_pagina(secretaria, engine)

    assert con_mas == con_pocos

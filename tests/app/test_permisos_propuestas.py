"""The propuestas routes run as every role (after ``test_permisos_rutas``).

Roles: the public, the administración, the secretaría, a comisionado and a jurídico of
garante X (jal), and a comisionado of garante Y (ags). The propuesta acted on was presented
by a comisionado of col, so nobody below is its author.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

from app.models import EventoBitacora, Usuario
from sesiones.models import ApoyoPropuesta, PropuestaTema
from tests.factories import contar, crear_garante, crear_propuesta

# Every POST path of app/routes/propuestas.py, as in its URL map (without ``:int``).
RUTAS_CUBIERTAS = {
    "/propuestas/nueva",
    "/propuestas/{id}/apoyo",
    "/propuestas/{id}/admision",
}

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
}
COMISIONADOS = {"comisionado de X", "comisionado de Y"}
CON_CUENTA = set(ROLES) - {"anónimo"}


@dataclass
class Caso:
    """A write route: its URL, a valid form, who may, and what success looks like."""

    url: str
    datos: dict[str, Any]
    permitidos: set[str]
    exito: int
    cuenta: tuple[type, int]


CASOS = {
    "propuesta.crear": Caso(
        "/propuestas/nueva",
        {"titulo": "Plazos de respuesta", "justificacion": "Difieren en la región."},
        COMISIONADOS, 303, (PropuestaTema, 1),
    ),
    "propuesta.apoyar": Caso(
        "/propuestas/{propuesta}/apoyo", {"accion": "apoyar"}, COMISIONADOS, 303,
        (ApoyoPropuesta, 1),
    ),
    "propuesta.admitir": Caso(
        "/propuestas/{propuesta}/admision", {"accion": "admitir", "confirmacion": "si"},
        {"secretaria"}, 303, (PropuestaTema, 0),
    ),
}  # fmt: skip


@pytest.fixture
def propuesta(session: Session, usuario: Callable[..., Usuario]) -> int:
    """Return the id of a propuesta presented by col's comisionado (garantes X, Y, col)."""
    for garante in ("jal", "ags", "col"):
        crear_garante(session, garante)
    autor = usuario("comisionado", "col")
    return crear_propuesta(session, autor_id=autor.id, garante_id="col").id  # type: ignore[return-value]


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


def test_las_rutas_cubiertas_son_las_del_modulo() -> None:
    from starlette.routing import Route

    from app.routes import propuestas

    escrituras = {
        r.path.replace(":int", "")
        for r in propuestas.routes
        if isinstance(r, Route) and "POST" in (r.methods or ())
    }
    assert escrituras == RUTAS_CUBIERTAS
    assert {c.url.replace("{propuesta}", "{id}") for c in CASOS.values()} == RUTAS_CUBIERTAS


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_escritura_por_rol(
    cliente_como: Callable[..., TestClient], session: Session, propuesta: int, accion: str, rol: str
) -> None:
    caso = CASOS[accion]
    cliente = cliente_como(*ROLES[rol])
    antes = contar(session, caso.cuenta[0])
    negaciones = _negaciones(session)
    respuesta = cliente.post(
        caso.url.format(propuesta=propuesta), data=caso.datos, follow_redirects=False
    )

    session.expire_all()
    estado = session.get(PropuestaTema, propuesta).estado  # type: ignore[union-attr]
    if rol in caso.permitidos:
        assert respuesta.status_code == caso.exito, respuesta.text[:2000]
        assert contar(session, caso.cuenta[0]) == antes + caso.cuenta[1]
        assert estado == ("admitida" if accion == "propuesta.admitir" else "propuesta")
        return
    assert respuesta.status_code == 403
    if rol == "anónimo":
        assert "Necesita entrar con su cuenta para realizar esta acción." in respuesta.text
    else:
        assert "<h1>Acceso denegado</h1>" in respuesta.text
    assert _negaciones(session) == negaciones + 1
    assert contar(session, caso.cuenta[0]) == antes
    assert estado == "propuesta"


@pytest.mark.parametrize("rol", list(ROLES))
def test_paginas_por_rol(cliente_como: Callable[..., TestClient], propuesta: int, rol: str) -> None:
    """Every account reads the propuestas; only comisionados get the form; the public is
    sent to sign in."""
    cliente = cliente_como(*ROLES[rol])
    for url, permitidos in [
        ("/propuestas", CON_CUENTA),
        (f"/propuestas/{propuesta}", CON_CUENTA),
        ("/propuestas/nueva", COMISIONADOS),
    ]:
        respuesta = cliente.get(url, follow_redirects=False)
        if rol in permitidos:
            assert respuesta.status_code == 200, url
        elif rol == "anónimo":
            assert respuesta.status_code == 303, url
            assert respuesta.headers["location"].startswith("/entrar?siguiente=")
        else:
            assert respuesta.status_code == 403, url

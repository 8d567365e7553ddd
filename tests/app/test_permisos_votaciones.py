"""Every route of the session (attendance, votaciones, notes, deferral) run as every role.

As in ``test_permisos_rutas``: where the policy says no, the answer is 403 (the public may
instead be sent to /entrar), nothing is written and a signed-in user's refusal is in the
bitácora; where it says yes, the handler does its work. Garante X (jal) and Y (ags) are
both present in the mesa, so a comisionado of Y is refused only for voting as X.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.models import EventoBitacora
from sesiones.models import Asistencia, PuntoOrden, Voto
from tests.factories import contar, crear_garante, crear_mesa, crear_punto

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de X": ("juridico", "jal"),
}
SECRETARIA = {"secretaria"}

RUTAS_CUBIERTAS = {
    "/mesas/{id}/asistencia",
    "/puntos/{id}/votacion/abrir",
    "/puntos/{id}/votacion/cerrar",
    "/puntos/{id}/voto",
    "/puntos/{id}/notas",
    "/puntos/{id}/diferir",
}


@dataclass
class Caso:
    """A write route: its URL (ids from the ``registro``), data, who may, and the effect."""

    url: str
    datos: dict[str, Any]
    permitidos: set[str]
    exito: int
    # What success changes, read from the database: (before, after).
    efecto: Callable[[Session, dict[str, int]], Any]
    # Roles the policy lets through whose request is still refused, and with what status.
    rechazos: dict[str, int] = field(default_factory=dict)


def _estado(clave: str) -> Callable[[Session, dict[str, int]], Any]:
    def leer(session: Session, registro: dict[str, int]) -> Any:
        punto = session.get(PuntoOrden, registro[clave])
        assert punto is not None
        return punto.estado

    return leer


def _votos(session: Session, registro: dict[str, int]) -> Any:
    return [(v.garante_id, v.sentido, v.por_secretaria) for v in session.exec(select(Voto))]


def _asistencia(session: Session, registro: dict[str, int]) -> Any:
    consulta = select(Asistencia).where(Asistencia.mesa_id == registro["mesa"])
    return sorted((a.garante_id, a.presente) for a in session.exec(consulta))


def _notas(session: Session, registro: dict[str, int]) -> Any:
    punto = session.get(PuntoOrden, registro["pendiente"])
    assert punto is not None
    return punto.notas_deliberacion


CASOS = {
    "asistencia": Caso(
        "/mesas/{mesa}/asistencia",
        {"presente-jal": "si", "representantes-jal": "Luis", "presente-ags": "si",
         "representantes-ags": "Ana"},
        SECRETARIA, 303, _asistencia,
    ),
    "abrir": Caso(
        "/puntos/{pendiente}/votacion/abrir", {}, SECRETARIA, 303, _estado("pendiente")
    ),
    "cerrar": Caso(
        "/puntos/{abierto}/votacion/cerrar", {}, SECRETARIA, 303, _estado("abierto")
    ),
    # X's vote: its comisionado, or the secretaría on its behalf.
    "voto por X": Caso(
        "/puntos/{abierto}/voto", {"sentido": "a_favor", "garante": "jal"},
        {"secretaria", "comisionado de X"}, 303, _votos,
    ),
    # Without a garante a comisionado votes for their own; the secretaría must name one.
    "voto propio": Caso(
        "/puntos/{abierto}/voto", {"sentido": "en_contra"},
        {"comisionado de X", "comisionado de Y"}, 303, _votos, rechazos={"secretaria": 400},
    ),
    "notas": Caso(
        "/puntos/{pendiente}/notas", {"notas": "Posturas de X e Y."}, SECRETARIA, 303, _notas
    ),
    "diferir": Caso(
        "/puntos/{pendiente}/diferir", {"destino": "{destino}"}, SECRETARIA, 303,
        _estado("pendiente"),
    ),
}  # fmt: skip


@pytest.fixture
def registro(session: Session) -> dict[str, int]:
    """Garantes X (jal), Y (ags) and col. Mesa 1 en curso with X and Y present and no vote
    open (a pendiente punto); mesa 2 en curso, X and Y present, a punto en votación; a later
    mesa 3 in borrador to defer to."""
    for garante in ("jal", "ags", "col"):
        crear_garante(session, garante)
    mesa = crear_mesa(session, estado="en_curso")
    con_votacion = crear_mesa(session, estado="en_curso")
    destino = crear_mesa(session, fecha=date(2027, 1, 20))
    for m in (mesa, con_votacion):
        for garante in ("jal", "ags"):
            session.add(Asistencia(mesa_id=m.id, garante_id=garante, presente=True))
    session.commit()
    pendiente = crear_punto(session, mesa)
    abierto = crear_punto(session, con_votacion, estado="en_votacion")
    return {
        "mesa": mesa.id,
        "destino": destino.id,
        "pendiente": pendiente.id,
        "abierto": abierto.id,
    }  # type: ignore[dict-item]


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_escritura_de_la_sesion_por_rol(cliente_como, session, registro, accion, rol):
    caso = CASOS[accion]
    cliente = cliente_como(*ROLES[rol])
    datos = {k: v.format(**registro) for k, v in caso.datos.items()}
    antes = caso.efecto(session, registro)
    entradas = contar(session, EventoBitacora)
    negaciones = _negaciones(session)
    respuesta = cliente.post(caso.url.format(**registro), data=datos, follow_redirects=False)
    session.expire_all()

    if rol in caso.rechazos:
        assert respuesta.status_code == caso.rechazos[rol]
        assert caso.efecto(session, registro) == antes
        assert _negaciones(session) == negaciones
        return
    if rol in caso.permitidos:
        assert respuesta.status_code == caso.exito, respuesta.text[:2000]
        assert caso.efecto(session, registro) != antes
        # The write and its bitácora entry, nothing refused.
        assert contar(session, EventoBitacora) == entradas + 1
        assert _negaciones(session) == negaciones
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    assert caso.efecto(session, registro) == antes


def test_voto_por_x_queda_a_nombre_de_quien_corresponde(cliente_como, session, registro):
    """The same vote for X: by X's comisionado it is theirs; by the secretaría, on behalf."""
    url = f"/puntos/{registro['abierto']}/voto"
    cliente_como("comisionado", "jal").post(url, data={"sentido": "a_favor", "garante": "jal"})
    assert _votos(session, registro) == [("jal", "a_favor", False)]
    cliente_como("secretaria").post(url, data={"sentido": "en_contra", "garante": "jal"})
    session.expire_all()
    assert _votos(session, registro) == [("jal", "en_contra", True)]


@pytest.mark.parametrize(
    ("rol", "ve"),
    [("anónimo", None), ("administrador", 200), ("secretaria", 200), ("comisionado de X", 200),
     ("comisionado de Y", 200), ("jurídico de X", 200)],
)  # fmt: skip
def test_la_pagina_de_la_sesion_para_cada_cuenta(cliente_como, registro, rol, ve):
    respuesta = cliente_como(*ROLES[rol]).get(
        f"/mesas/{registro['mesa']}/sesion", follow_redirects=False
    )
    if ve is None:
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/entrar")
    else:
        assert respuesta.status_code == ve


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize(
    "url", ["/puntos/{abierto}/votacion/cerrar", "/puntos/{pendiente}/diferir"]
)
def test_paginas_de_confirmacion_solo_para_la_secretaria(cliente_como, registro, rol, url):
    respuesta = cliente_como(*ROLES[rol]).get(url.format(**registro), follow_redirects=False)
    if rol in SECRETARIA:
        assert respuesta.status_code == 200
    elif rol == "anónimo":
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/entrar")
    else:
        assert respuesta.status_code == 403

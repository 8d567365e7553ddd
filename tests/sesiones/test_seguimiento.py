"""Seguimiento: filters, order (vencidos first) and what the public may see."""

from __future__ import annotations

from datetime import date

import pytest

from sesiones.models import AvanceAcuerdo, ResponsableAcuerdo
from sesiones.seguimiento import (
    acuerdos_de_mesa,
    avances_de,
    buscar_acuerdos,
    mesas_con_acuerdos,
    pendientes_de_garante,
)
from tests.factories import crear_acuerdo, crear_garante, crear_mesa

HOY = date(2026, 7, 1)


@pytest.fixture
def tablero(session):
    """Two mesas (3 en curso, 4 concluida) and a borrador one; acuerdos in every estado.

    | número | mesa | responsables | fecha límite | estado (visible hoy) |
    | 03-01  | 3    | jal          | 2026-08-30   | pendiente            |
    | 03-02  | 3    | jal, col     | 2026-06-30   | pendiente → vencido  |
    | 03-03  | 3    | col          | 2026-07-15   | en_proceso           |
    | 04-01  | 4    | jal          | 2026-05-31   | en_proceso → vencido |
    | 04-02  | 4    | col          | 2026-06-01   | cumplido             |
    | 05-01  | 5 (borrador) | jal  | 2026-07-02   | pendiente            |
    """
    crear_garante(session, "jal")
    crear_garante(session, "col")
    tres = crear_mesa(session, numero=3, fecha=date(2026, 3, 12), estado="en_curso")
    cuatro = crear_mesa(session, numero=4, fecha=date(2026, 4, 9), estado="concluida")
    cinco = crear_mesa(session, numero=5, fecha=date(2026, 5, 7), estado="borrador")
    filas = [
        (tres, 1, ["jal"], date(2026, 8, 30), "pendiente"),
        (tres, 2, ["jal", "col"], date(2026, 6, 30), "pendiente"),
        (tres, 3, ["col"], date(2026, 7, 15), "en_proceso"),
        (cuatro, 1, ["jal"], date(2026, 5, 31), "en_proceso"),
        (cuatro, 2, ["col"], date(2026, 6, 1), "cumplido"),
        (cinco, 1, ["jal"], date(2026, 7, 2), "pendiente"),
    ]
    for mesa, n, garantes, fecha, estado in filas:
        acuerdo = crear_acuerdo(session, mesa, consecutivo=n, fecha_limite=fecha, estado=estado)
        for garante in garantes:
            session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, garante_id=garante))
    session.commit()
    return {"tres": tres.id, "cuatro": cuatro.id, "cinco": cinco.id}


def _numeros(filas):
    return [f.acuerdo.numero[-5:] for f in filas]


def test_vencidos_primero_y_luego_por_fecha_limite(session, tablero):
    pagina = buscar_acuerdos(session=session, hoy=HOY, solo_publicos=False)
    assert _numeros(pagina.elementos) == ["04-01", "03-02", "04-02", "05-01", "03-03", "03-01"]
    assert [f.estado for f in pagina.elementos] == [
        "vencido", "vencido", "cumplido", "pendiente", "en_proceso", "pendiente",
    ]  # fmt: skip


def test_el_publico_no_ve_acuerdos_de_mesas_en_borrador(session, tablero):
    pagina = buscar_acuerdos(session=session, hoy=HOY, solo_publicos=True)
    assert pagina.total == 5
    assert "05-01" not in _numeros(pagina.elementos)
    assert [m.numero for m in mesas_con_acuerdos(session=session)] == [4, 3]
    assert [m.numero for m in mesas_con_acuerdos(session=session, solo_publicos=False)] == [5, 4, 3]


@pytest.mark.parametrize(
    ("filtros", "esperados"),
    [
        ({"estado": "vencido"}, ["04-01", "03-02"]),
        ({"estado": "pendiente"}, ["03-01"]),  # 03-02 shows as vencido, not pendiente
        ({"estado": "en_proceso"}, ["03-03"]),
        ({"estado": "cumplido"}, ["04-02"]),
        ({"garante": "col"}, ["03-02", "04-02", "03-03"]),
        ({"garante": "jal", "estado": "vencido"}, ["04-01", "03-02"]),
        ({"mesa": "cuatro"}, ["04-01", "04-02"]),
        ({"mesa": "tres", "garante": "col"}, ["03-02", "03-03"]),
        ({"mesa": "tres", "estado": "cumplido"}, []),
    ],
)
def test_filtros(session, tablero, filtros, esperados):
    pagina = buscar_acuerdos(
        session=session,
        hoy=HOY,
        mesa_id=tablero[filtros["mesa"]] if "mesa" in filtros else None,
        garante_id=filtros.get("garante"),
        estado=filtros.get("estado"),
    )
    assert _numeros(pagina.elementos) == esperados
    assert pagina.total == len(esperados)


def test_el_vencimiento_depende_del_dia(session, tablero):
    """On the fecha límite itself an acuerdo is not yet vencido."""
    antes = buscar_acuerdos(session=session, hoy=date(2026, 6, 30), estado="vencido")
    assert _numeros(antes.elementos) == ["04-01"]


def test_paginas(session, tablero):
    primera = buscar_acuerdos(session=session, hoy=HOY, por_pagina=2)
    tercera = buscar_acuerdos(session=session, hoy=HOY, por_pagina=2, pagina=3)
    assert (primera.total, primera.paginas) == (5, 3)
    assert _numeros(primera.elementos) == ["04-01", "03-02"]
    assert _numeros(tercera.elementos) == ["03-01"]
    todas = buscar_acuerdos(session=session, hoy=HOY, por_pagina=None)
    assert len(todas.elementos) == 5


def test_pendientes_de_un_garante(session, tablero):
    pendientes = pendientes_de_garante(session=session, garante_id="jal", hoy=HOY)
    assert _numeros(pendientes) == ["04-01", "03-02", "03-01"]
    con_borradores = pendientes_de_garante(
        session=session, garante_id="jal", hoy=HOY, solo_publicos=False
    )
    assert _numeros(con_borradores) == ["04-01", "03-02", "05-01", "03-01"]
    # col's cumplido one is not pending.
    assert _numeros(pendientes_de_garante(session=session, garante_id="col", hoy=HOY)) == [
        "03-02",
        "03-03",
    ]


def test_filas_con_responsables_y_avances(session, tablero):
    fila = acuerdos_de_mesa(session=session, mesa_id=tablero["tres"], hoy=HOY)[1]
    assert fila.acuerdo.numero == "CRCO/2026/03-02"
    assert (fila.garante_ids, fila.usuario_ids, fila.avances) == (["jal", "col"], [], 0)
    session.add(AvanceAcuerdo(acuerdo_id=fila.acuerdo.id, garante_id="jal", nota="Primero."))
    session.add(AvanceAcuerdo(acuerdo_id=fila.acuerdo.id, garante_id="col", nota="Segundo."))
    session.commit()
    fila = acuerdos_de_mesa(session=session, mesa_id=tablero["tres"], hoy=HOY)[1]
    assert fila.avances == 2
    assert fila.ultimo_avance is not None
    historial = avances_de(session=session, acuerdo_id=fila.acuerdo.id)
    assert [(a.avance.nota, a.evidencias) for a in historial] == [
        ("Primero.", []),
        ("Segundo.", []),
    ]

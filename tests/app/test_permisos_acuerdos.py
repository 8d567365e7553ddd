"""Every write route of acuerdos run as every role (as in ``test_permisos_rutas``).

The acuerdo's responsable garante is X (jal); Y (ags) takes no part. The secretaría
registers acuerdos and marks them cumplido or reopens them; the comisionado and the jurídico
of a responsable garante (and the secretaría) report avances; nobody else writes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from app.models import EventoBitacora
from sesiones.models import Acuerdo, AvanceAcuerdo, Evidencia, ResponsableAcuerdo
from tests.factories import contar, crear_acuerdo, crear_garante, crear_mesa, crear_punto

RUTAS_CUBIERTAS = {
    "/puntos/{id}/acuerdos/nuevo",
    "/acuerdos/{id}/avances",
    "/acuerdos/{id}/cumplido",
    "/acuerdos/{id}/reabrir",
}

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "comisionado de Y": ("comisionado", "ags"),
    "jurídico de Y": ("juridico", "ags"),
}
SECRETARIA = {"secretaria"}
RESPONSABLES_DE_X = {"secretaria", "comisionado de X", "jurídico de X"}
PDF = b"%PDF-1.7\n%%EOF\n"

# (url, form data, files, who may, status on success, model that gains a row)
CASOS = {
    "acuerdo.crear": (
        "/puntos/{punto}/acuerdos/nuevo",
        {"texto": "Publicar el plazo.", "fecha_limite": date.today().isoformat(),
         "garantes": "jal"},
        None, SECRETARIA, 303, Acuerdo,
    ),
    "acuerdo.avance": (
        "/acuerdos/{acuerdo}/avances", {"nota": "Se publicó."},
        [("evidencias", ("oficio.pdf", PDF, "application/pdf"))],
        RESPONSABLES_DE_X, 303, Evidencia,
    ),
    "acuerdo.cumplido": (
        "/acuerdos/{acuerdo}/cumplido", {"confirmacion": "si"}, None, SECRETARIA, 303, None,
    ),
    "acuerdo.reabrir": (
        "/acuerdos/{cumplido}/reabrir", {"motivo": "Falta la publicación."}, None, SECRETARIA,
        303, None,
    ),
}  # fmt: skip


@pytest.fixture
def registro(session):
    for garante in ("jal", "ags"):
        crear_garante(session, garante)
    mesa = crear_mesa(session, fecha=date.today() - timedelta(days=7), estado="en_curso")
    punto = crear_punto(session, mesa)
    ids = {"punto": punto.id}
    for clave, estado in (("acuerdo", "pendiente"), ("cumplido", "cumplido")):
        acuerdo = crear_acuerdo(session, mesa, punto_id=punto.id, estado=estado)
        session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, garante_id="jal"))
        ids[clave] = acuerdo.id
    session.commit()
    return ids


def _negaciones(session):
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


def _estados(session):
    session.expire_all()
    return sorted(session.exec(select(Acuerdo.id, Acuerdo.estado)).all())


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_escritura_de_acuerdos_por_rol(cliente_como, session, registro, accion, rol):
    url, datos, archivos, permitidos, exito, modelo = CASOS[accion]
    cliente = cliente_como(*ROLES[rol])
    antes = contar(session, modelo) if modelo else None
    estados = _estados(session)
    negaciones = _negaciones(session)
    respuesta = cliente.post(
        url.format(**registro), data=datos, files=archivos, follow_redirects=False
    )

    if rol in permitidos:
        assert respuesta.status_code == exito, respuesta.text[:2000]
        if modelo:
            assert contar(session, modelo) == antes + 1
        else:
            assert _estados(session) != estados
        return
    assert respuesta.status_code == 403
    if rol != "anónimo":
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    if modelo:
        assert contar(session, modelo) == antes
    assert _estados(session) == estados
    assert contar(session, AvanceAcuerdo) == 0


def test_la_negacion_de_un_avance_nombra_los_garantes_del_acuerdo(cliente_como, session, registro):
    cliente = cliente_como("juridico", "ags")
    respuesta = cliente.post(f"/acuerdos/{registro['acuerdo']}/avances", data={"nota": "Yo."})
    assert respuesta.status_code == 403
    session.expire_all()
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "autorizacion.denegada")
    ).one()
    assert evento.detalles == {
        "accion": "acuerdo.reportar_avance",
        "garante": "jal",
        "ruta": f"/acuerdos/{registro['acuerdo']}/avances",
    }


@pytest.mark.parametrize(
    ("rol", "ve_el_formulario"),
    [("anónimo", False), ("administrador", False), ("secretaria", True),
     ("comisionado de X", True), ("jurídico de X", True), ("comisionado de Y", False)],
)  # fmt: skip
def test_el_formulario_de_avance_solo_para_quien_puede(
    cliente_como, registro, rol, ve_el_formulario
):
    pagina = cliente_como(*ROLES[rol]).get(f"/acuerdos/{registro['acuerdo']}").text
    assert (f'action="/acuerdos/{registro["acuerdo"]}/avances"' in pagina) is ve_el_formulario
    assert (f'action="/acuerdos/{registro["acuerdo"]}/cumplido"' in pagina) is (rol == "secretaria")


@pytest.mark.parametrize("rol", ["anónimo", "comisionado de X", "administrador"])
def test_el_formulario_de_nuevo_acuerdo_solo_para_la_secretaria(cliente_como, registro, rol):
    respuesta = cliente_como(*ROLES[rol]).get(
        f"/puntos/{registro['punto']}/acuerdos/nuevo", follow_redirects=False
    )
    if rol == "anónimo":
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/entrar?siguiente=/puntos/")
    else:
        assert respuesta.status_code == 403

"""Acuerdos: numbering, who they bind, and every change of estado."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select

from sesiones import ajustes
from sesiones.acuerdos import (
    Archivo,
    crear_acuerdo,
    estado_visible,
    marcar_cumplido,
    reabrir,
    reportar_avance,
    validar_acuerdo,
)
from sesiones.errores import TransicionNoPermitida
from sesiones.evidencias import ArchivoNoValido
from sesiones.models import Acta, Acuerdo, AvanceAcuerdo, Evidencia, Mesa, ResponsableAcuerdo
from tests.factories import contar, crear_garante, crear_mesa, crear_punto
from tests.factories import crear_acuerdo as fabricar_acuerdo

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MB = 1024 * 1024


@pytest.fixture
def punto(session):
    crear_garante(session, "jal")
    crear_garante(session, "col")
    mesa = crear_mesa(session, numero=3, fecha=date(2026, 3, 12), estado="en_curso")
    return crear_punto(session, mesa)


def _crear(session, punto, **campos):
    datos = {
        "texto": "Cada garante publicará su plazo de respuesta.",
        "fecha_limite": date(2026, 6, 30),
        "garante_ids": ["jal"],
        "usuario_ids": [],
        "usuario_id": None,
    }
    datos.update(campos)
    acuerdo = crear_acuerdo(session=session, punto=punto, **datos)
    session.commit()
    return acuerdo


# --- Numbering ---------------------------------------------------------------------------


def test_numero_con_el_patron_por_omision_y_consecutivo_por_mesa(session, punto):
    primero = _crear(session, punto)
    segundo = _crear(session, punto)
    otra_mesa = crear_mesa(session, numero=4, fecha=date(2026, 4, 9), estado="concluida")
    de_otra = _crear(session, crear_punto(session, otra_mesa))
    assert [primero.numero, segundo.numero, de_otra.numero] == [
        "CRCO/2026/03-01",
        "CRCO/2026/03-02",
        "CRCO/2026/04-01",
    ]
    assert [primero.consecutivo, segundo.consecutivo, de_otra.consecutivo] == [1, 2, 1]
    assert (primero.mesa_id, primero.punto_id, primero.estado) == (
        punto.mesa_id,
        punto.id,
        "pendiente",
    )


def test_el_consecutivo_sigue_al_mayor_aunque_falte_uno(session, punto):
    mesa = session.get(Mesa, punto.mesa_id)
    fabricar_acuerdo(session, mesa, consecutivo=5, numero="CRCO/2026/03-05")
    assert _crear(session, punto).numero == "CRCO/2026/03-06"


def test_numero_con_un_patron_configurado(session, punto):
    ajustes.guardar(session, ajustes.PATRON_ACUERDO.clave, "ACU-{mesa}/{anio}-{n:03d}")
    session.commit()
    assert _crear(session, punto).numero == "ACU-3/2026-001"
    assert _crear(session, punto).numero == "ACU-3/2026-002"


def test_un_patron_que_repite_numeros_entre_mesas_se_explica(session, punto):
    ajustes.guardar(session, ajustes.PATRON_ACUERDO.clave, "ACUERDO {n}")
    session.commit()
    _crear(session, punto)
    otra_mesa = crear_mesa(session, numero=4, fecha=date(2026, 4, 9), estado="en_curso")
    with pytest.raises(TransicionNoPermitida) as error:
        _crear(session, crear_punto(session, otra_mesa))
    assert str(error.value).startswith("El número ACUERDO 1 ya lo tiene otro acuerdo.")
    session.rollback()
    assert contar(session, Acuerdo) == 1


# --- Creation: the mesa's state and the data ---------------------------------------------


@pytest.mark.parametrize(
    ("estado", "mensaje"),
    [
        ("borrador", "Solo se registran acuerdos de una mesa en curso o concluida; "
                     "esta mesa está en estado «borrador»."),
        ("convocada", "Solo se registran acuerdos de una mesa en curso o concluida; "
                      "esta mesa está en estado «convocada»."),
        ("cancelada", "Solo se registran acuerdos de una mesa en curso o concluida; "
                      "esta mesa está en estado «cancelada»."),
    ],
)  # fmt: skip
def test_solo_mesas_en_curso_o_concluidas_registran_acuerdos(session, punto, estado, mensaje):
    mesa = session.get(Mesa, punto.mesa_id)
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        _crear(session, punto)
    assert str(error.value) == mensaje


@pytest.mark.parametrize(
    ("actas", "permitido"),
    [
        ([], True),
        ([(1, "borrador")], True),
        ([(1, "aprobada")], False),
        # An approved acta under correction: version 2 is a borrador again.
        ([(1, "aprobada"), (2, "borrador")], True),
    ],
)
def test_con_el_acta_aprobada_no_se_agregan_acuerdos(session, punto, actas, permitido):
    mesa = session.get(Mesa, punto.mesa_id)
    mesa.estado = "concluida"
    session.add(mesa)
    for version, estado in actas:
        session.add(Acta(mesa_id=mesa.id, version=version, estado=estado))
    session.commit()
    if permitido:
        assert _crear(session, punto).numero == "CRCO/2026/03-01"
        return
    with pytest.raises(TransicionNoPermitida) as error:
        _crear(session, punto)
    assert str(error.value) == (
        "El acta de esta mesa ya está aprobada: para registrar otro acuerdo, "
        "primero debe abrirse una corrección del acta."
    )


@pytest.mark.parametrize(
    ("campos", "errores"),
    [
        ({"texto": "  "}, {"texto": "Escriba el texto del acuerdo."}),
        ({"fecha_limite": None},
         {"fecha_limite": "Indique la fecha límite para cumplir el acuerdo."}),
        ({"fecha_limite": date(2026, 3, 11)},
         {"fecha_limite": "La fecha límite no puede ser anterior a la fecha de la mesa."}),
        ({"garante_ids": [], "usuario_ids": []},
         {"responsables": "Elija al menos un responsable: un garante o una persona."}),
        ({"garante_ids": ["jal", "zzz"]}, {"responsables": "No existe el garante zzz."}),
        ({"fecha_limite": date(2026, 3, 12)}, {}),  # the mesa's own date is fine
        ({"garante_ids": [], "usuario_ids": [7]}, {}),  # a person alone is enough
    ],
)  # fmt: skip
def test_validar_acuerdo(session, punto, campos, errores):
    mesa = session.get(Mesa, punto.mesa_id)
    datos = {
        "texto": "Texto.",
        "fecha_limite": date(2026, 6, 30),
        "garante_ids": ["jal"],
        "usuario_ids": [],
        **campos,
    }
    assert validar_acuerdo(session=session, mesa=mesa, **datos) == errores


def test_datos_no_validos_no_escriben_nada(session, punto):
    with pytest.raises(ValueError, match=re.escape("Escriba el texto del acuerdo.")):
        _crear(session, punto, texto="")
    session.rollback()
    assert contar(session, Acuerdo) == 0


def test_responsables_garantes_y_personas(session, punto, usuario):
    persona = usuario("comisionado", "col")
    acuerdo = _crear(session, punto, garante_ids=["col", "jal", "jal"], usuario_ids=[persona.id])
    filas = session.exec(
        select(ResponsableAcuerdo.garante_id, ResponsableAcuerdo.usuario_id)
        .where(ResponsableAcuerdo.acuerdo_id == acuerdo.id)
        .order_by(ResponsableAcuerdo.id)
    ).all()
    assert filas == [("col", None), ("jal", None), (None, persona.id)]


# --- Vencido is computed -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("estado", "fecha_limite", "hoy", "visible"),
    [
        ("pendiente", date(2026, 6, 30), date(2026, 6, 29), "pendiente"),
        ("pendiente", date(2026, 6, 30), date(2026, 6, 30), "pendiente"),  # the last day counts
        ("pendiente", date(2026, 6, 30), date(2026, 7, 1), "vencido"),
        ("en_proceso", date(2026, 6, 30), date(2026, 6, 1), "en_proceso"),
        ("en_proceso", date(2026, 6, 30), date(2027, 1, 1), "vencido"),
        ("cumplido", date(2026, 6, 30), date(2027, 1, 1), "cumplido"),
        ("pendiente", None, date(2030, 1, 1), "pendiente"),
    ],
)
def test_estado_visible(estado, fecha_limite, hoy, visible):
    acuerdo = Acuerdo(
        numero="X", mesa_id=1, consecutivo=1, texto="T", estado=estado, fecha_limite=fecha_limite
    )
    assert estado_visible(acuerdo, hoy) == visible


# --- Transitions -------------------------------------------------------------------------


def _avance(session, acuerdo, nota="Se publicó el plazo en el portal.", archivos=()):
    avance = reportar_avance(
        session=session,
        acuerdo=acuerdo,
        nota=nota,
        archivos=list(archivos),
        max_bytes=MB,
        garante_id="jal",
        autor_id=None,
    )
    session.commit()
    return avance


def test_el_primer_avance_pasa_a_en_proceso_y_guarda_las_evidencias(session, punto):
    acuerdo = _crear(session, punto)
    avance = _avance(
        session, acuerdo, archivos=[Archivo("oficio.pdf", PDF), Archivo("captura.png", PNG)]
    )
    assert acuerdo.estado == "en_proceso"
    evidencias = session.exec(select(Evidencia).where(Evidencia.avance_id == avance.id)).all()
    assert [(e.nombre_archivo, e.tipo_mime) for e in evidencias] == [
        ("oficio.pdf", "application/pdf"),
        ("captura.png", "image/png"),
    ]
    _avance(session, acuerdo, nota="Segundo avance, sin archivos.")
    assert acuerdo.estado == "en_proceso"
    assert contar(session, AvanceAcuerdo) == 2


def test_un_archivo_rechazado_no_deja_nada_escrito(session, punto):
    acuerdo = _crear(session, punto)
    with pytest.raises(ArchivoNoValido, match=re.escape("«falso.pdf» dice ser PDF")):
        reportar_avance(
            session=session,
            acuerdo=acuerdo,
            nota="Avance.",
            archivos=[Archivo("oficio.pdf", PDF), Archivo("falso.pdf", PNG)],
            max_bytes=MB,
            garante_id="jal",
            autor_id=None,
        )
    session.rollback()
    assert (contar(session, AvanceAcuerdo), contar(session, Evidencia)) == (0, 0)
    session.refresh(acuerdo)
    assert acuerdo.estado == "pendiente"


def test_no_mas_de_diez_evidencias_por_avance(session, punto):
    acuerdo = _crear(session, punto)
    with pytest.raises(
        ArchivoNoValido, match=re.escape("Se pueden adjuntar hasta 10 archivos por avance.")
    ):
        _avance(session, acuerdo, archivos=[Archivo(f"{i}.pdf", PDF) for i in range(11)])


def test_un_avance_necesita_nota(session, punto):
    acuerdo = _crear(session, punto)
    with pytest.raises(ValueError, match=re.escape("Un avance necesita una nota.")):
        _avance(session, acuerdo, nota="  ")


@pytest.mark.parametrize("avances", [0, 1])
def test_marcar_cumplido_desde_pendiente_o_en_proceso(session, punto, avances):
    acuerdo = _crear(session, punto)
    for _ in range(avances):
        _avance(session, acuerdo)
    marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    session.commit()
    assert acuerdo.estado == "cumplido"
    assert acuerdo.cumplido_en is not None


def test_un_acuerdo_vencido_tambien_se_puede_cumplir(session, punto):
    acuerdo = _crear(session, punto, fecha_limite=date(2026, 3, 20))
    assert estado_visible(acuerdo, date(2026, 4, 1)) == "vencido"
    marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    assert estado_visible(acuerdo, date(2026, 4, 1)) == "cumplido"


def test_un_acuerdo_cumplido_no_se_cumple_otra_vez_ni_recibe_avances(session, punto):
    acuerdo = _crear(session, punto)
    marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    session.commit()
    with pytest.raises(
        TransicionNoPermitida, match=re.escape("Este acuerdo ya está marcado como cumplido.")
    ):
        marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    with pytest.raises(TransicionNoPermitida) as error:
        _avance(session, acuerdo)
    assert str(error.value) == (
        "Este acuerdo ya está cumplido. Para informar otro avance, la secretaría técnica "
        "debe reabrirlo."
    )


@pytest.mark.parametrize(("avances", "vuelve_a"), [(0, "pendiente"), (2, "en_proceso")])
def test_reabrir_vuelve_al_estado_que_corresponde(session, punto, avances, vuelve_a):
    acuerdo = _crear(session, punto)
    for _ in range(avances):
        _avance(session, acuerdo)
    marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    session.commit()
    assert reabrir(session=session, acuerdo=acuerdo, motivo="Falta la publicación.") == vuelve_a
    session.commit()
    assert (acuerdo.estado, acuerdo.cumplido_en, acuerdo.cumplido_por_id) == (vuelve_a, None, None)


@pytest.mark.parametrize("estado", ["pendiente", "en_proceso"])
def test_solo_se_reabre_un_acuerdo_cumplido(session, punto, estado):
    acuerdo = _crear(session, punto)
    acuerdo.estado = estado
    with pytest.raises(
        TransicionNoPermitida, match=re.escape("Solo se puede reabrir un acuerdo cumplido.")
    ):
        reabrir(session=session, acuerdo=acuerdo, motivo="Motivo.")


def test_reabrir_exige_motivo(session, punto):
    acuerdo = _crear(session, punto)
    marcar_cumplido(session=session, acuerdo=acuerdo, usuario_id=None)
    with pytest.raises(ValueError, match=re.escape("Reabrir un acuerdo requiere un motivo.")):
        reabrir(session=session, acuerdo=acuerdo, motivo=" ")
    assert acuerdo.estado == "cumplido"

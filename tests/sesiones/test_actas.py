"""The acta: the snapshot of a mesa's record, approval, immutability and corrections."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from criterios.models import Garante
from sesiones import actas
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Acta, Mesa, PuntoOrden
from sesiones.votaciones import guardar_notas, registro_editable
from tests.factories import (
    crear_acuerdo,
    crear_garante,
    crear_mesa,
    crear_propuesta,
    crear_punto,
)
from tests.sesiones.registro_de_mesa import NOTAS, TEXTO_ACUERDO, crear_registro


def _html(datos: dict) -> str:
    return f"<h1>{datos['mesa']['titulo']}</h1><p>{datos['puntos'][2]['notas']}</p>"


def _aprobar(session: Session, mesa: Mesa, usuario_id: int | None = None) -> Acta:
    acta = actas.aprobar(session=session, mesa=mesa, usuario_id=usuario_id, renderizar=_html)
    session.commit()
    return acta


def test_datos_del_acta_reune_el_registro_de_la_mesa(session):
    registro = crear_registro(session)
    datos = actas.datos_del_acta(session=session, mesa=registro.mesa)

    assert json.loads(json.dumps(datos)) == datos  # plain JSON, storable as it is
    mesa = datos["mesa"]
    assert (mesa["numero"], mesa["anio"], mesa["titulo"]) == (1, 2026, "Plazos de respuesta")
    assert (mesa["fecha"], mesa["hora"], mesa["modalidad_texto"]) == (
        "2026-12-10",
        "10:00",
        "Virtual",
    )
    assert mesa["enlace"] == "https://reuniones.example.mx/crco"
    # Every entitled garante, present or not; zac was no longer vigente on the mesa's day.
    assert [(a["garante_id"], a["presente"], a["representantes"]) for a in datos["asistencia"]] == [
        ("ags", True, "Comisionado Jorge Díaz"),
        ("col", True, "Comisionado Luis Gómez"),
        ("jal", True, "Comisionada Ana Pérez"),
        ("nay", False, None),
    ]
    quorum = datos["quorum"]
    assert (quorum["con_derecho"], quorum["presentes"], quorum["requeridos"], quorum["hay"]) == (
        4, 3, 3, True,
    )  # fmt: skip
    assert quorum["regla"] == "más de la mitad de los garantes con derecho"
    assert [(p["orden"], p["titulo"], p["estado"]) for p in datos["puntos"]] == [
        (1, "Lista de asistencia y declaración de quórum", "pendiente"),
        (2, "Lectura y, en su caso, aprobación del orden del día", "pendiente"),
        (3, "Plazo para responder", "votado"),
        (4, "Prórrogas", "diferido"),
    ]
    votado = datos["puntos"][2]
    assert votado["notas"] == NOTAS
    assert votado["descripcion"] == "Diferencias de plazo."
    votacion = votado["votacion"]
    assert votacion["regla_texto"] == "Mayoría simple de los garantes presentes"
    assert [
        (v["garante_id"], v["sentido_texto"], v["emitido_por"], v["por_secretaria"])
        for v in votacion["votos"]
    ] == [
        ("ags", "A favor", "Sofía Ruiz", True),
        ("col", "Abstención", "Luis Gómez", False),
        ("jal", "A favor", "Ana Pérez", False),
    ]
    assert votacion["conteo"] == {"a_favor": 2, "en_contra": 0, "abstencion": 1, "sin_voto": 0}
    assert (votacion["resultado"], votacion["resultado_texto"]) == ("aprobado", "Aprobado")
    assert votado["acuerdos"] == [
        {
            "numero": "CRCO/2026/01-01",
            "texto": TEXTO_ACUERDO,
            "responsables": [
                "Instituto de Transparencia de Aguascalientes",
                "Instituto de Transparencia de Jalisco",
                "Sofía Ruiz",
            ],
            "fecha_limite": "2027-01-31",
        }
    ]
    diferido = datos["puntos"][3]
    assert diferido["votacion"] is None
    assert diferido["diferido_a"] == {
        "mesa_id": registro.destino.id,
        "mesa_numero": 1,
        "mesa_anio": 2027,
        "mesa_titulo": "Seguimiento de plazos",
        "fecha": "2027-02-04",
        "punto": registro.continuacion.orden,
    }
    assert datos["version"] == {"numero": 1, "motivo_correccion": None}
    assert datos["acuerdos_generales"] == []


def test_el_punto_que_continua_uno_diferido_dice_de_donde_viene(session):
    registro = crear_registro(session)
    datos = actas.datos_del_acta(session=session, mesa=registro.destino)
    continuacion = next(p for p in datos["puntos"] if p["titulo"] == "Prórrogas")
    assert continuacion["diferido_de"]["mesa_id"] == registro.mesa.id
    assert (
        continuacion["diferido_de"]["mesa_numero"],
        continuacion["diferido_de"]["mesa_anio"],
    ) == (1, 2026)
    assert continuacion["diferido_de"]["punto"] == 4


@pytest.mark.parametrize(
    ("campos", "esperado"),
    [
        ({"tipo": "propuesta", "propuesta_id": 7},
         {"texto": "Propuesta n.º 7", "url": "/propuestas/7"}),
        ({"tipo": "grupo", "grupo_clave": "g-plazos"},
         {"texto": "Grupo temático g-plazos", "url": "/grupos/g-plazos"}),
        ({"tipo": "divergencia", "divergencia_clave": "d-1", "grupo_clave": "g-plazos"},
         {"texto": "Divergencia d-1", "url": "/grupos/g-plazos"}),
        ({"tipo": "divergencia", "divergencia_clave": "d-1"},
         {"texto": "Divergencia d-1", "url": None}),
        ({"tipo": "libre"}, None),
    ],
)  # fmt: skip
def test_cada_punto_nombra_aquello_de_lo_que_trata(session, campos, esperado):
    mesa = crear_mesa(session, estado="concluida")
    if campos.get("propuesta_id"):
        campos = {**campos, "propuesta_id": crear_propuesta(session).id}
        numero = campos["propuesta_id"]
        esperado = {"texto": f"Propuesta n.º {numero}", "url": f"/propuestas/{numero}"}
    crear_punto(session, mesa, **campos)
    datos = actas.datos_del_acta(session=session, mesa=mesa)
    assert datos["puntos"][0]["enlace"] == esperado


def test_acuerdos_sin_punto_tambien_van_en_el_acta(session):
    crear_garante(session, "jal")
    mesa = crear_mesa(session, estado="concluida")
    crear_acuerdo(session, mesa, texto="Reunirse de nuevo en febrero.", fecha_limite=None)
    datos = actas.datos_del_acta(session=session, mesa=mesa)
    assert [
        (a["texto"], a["responsables"], a["fecha_limite"]) for a in datos["acuerdos_generales"]
    ] == [("Reunirse de nuevo en febrero.", [], None)]


def test_aprobar_congela_los_datos_y_el_html(session):
    registro = crear_registro(session)
    acta = _aprobar(session, registro.mesa, registro.secretaria.id)

    assert (acta.version, acta.estado, acta.aprobada_por_id) == (
        1,
        "aprobada",
        registro.secretaria.id,
    )
    assert acta.aprobada_en is not None
    assert acta.datos is not None and acta.datos["aprobacion"]["por"] == "Sofía Ruiz"
    assert acta.html == _html(acta.datos)
    guardado = json.dumps(acta.datos, sort_keys=True)

    # The record changes afterwards (a garante renamed, notes edited behind the workflow's
    # back): the approved version does not.
    garante = session.get(Garante, "jal")
    garante.nombre = "Nuevo órgano garante de Jalisco"
    punto = session.get(PuntoOrden, registro.votado.id)
    punto.notas_deliberacion = "Otra cosa."
    session.add_all([garante, punto])
    session.commit()
    session.expire_all()

    releida = session.get(Acta, acta.id)
    assert json.dumps(releida.datos, sort_keys=True) == guardado
    assert "Otra cosa." not in releida.html
    ahora_registro = actas.datos_del_acta(session=session, mesa=registro.mesa)
    assert ahora_registro["puntos"][2]["notas"] == "Otra cosa."


def test_una_version_aprobada_no_se_modifica_ni_se_borra(session):
    registro = crear_registro(session)
    acta = _aprobar(session, registro.mesa)

    acta.html = "<p>alterada</p>"
    session.add(acta)
    with pytest.raises(TransicionNoPermitida, match="está aprobada y no puede modificarse"):
        session.commit()
    session.rollback()

    acta = session.get(Acta, acta.id)
    acta.estado = "borrador"
    session.add(acta)
    with pytest.raises(TransicionNoPermitida, match="no puede modificarse"):
        session.flush()
    session.rollback()

    session.delete(session.get(Acta, acta.id))
    with pytest.raises(TransicionNoPermitida, match="no puede borrarse"):
        session.flush()
    session.rollback()

    session.expire_all()
    intacta = session.get(Acta, acta.id)
    assert (intacta.estado, intacta.html) == ("aprobada", _html(intacta.datos))


@pytest.mark.parametrize("estado", ["borrador", "convocada", "en_curso", "cancelada"])
def test_solo_se_aprueba_el_acta_de_una_mesa_concluida(session, estado):
    mesa = crear_mesa(session, estado=estado)
    with pytest.raises(TransicionNoPermitida, match="cuando la mesa ha concluido"):
        actas.aprobar(session=session, mesa=mesa, usuario_id=None, renderizar=_html)
    assert session.exec(select(Acta)).all() == []


def test_un_acta_aprobada_no_se_aprueba_otra_vez(session):
    registro = crear_registro(session)
    _aprobar(session, registro.mesa)
    with pytest.raises(TransicionNoPermitida) as error:
        actas.aprobar(session=session, mesa=registro.mesa, usuario_id=None, renderizar=_html)
    assert str(error.value) == (
        "La versión 1 del acta ya está aprobada. Para cambiarla, registre una corrección: "
        "se abrirá una versión nueva."
    )


def test_la_correccion_abre_una_version_nueva_y_conserva_la_aprobada(session):
    registro = crear_registro(session)
    mesa = registro.mesa
    assert actas.hay_borrador(session=session, mesa=mesa)
    v1 = _aprobar(session, mesa)
    assert not actas.hay_borrador(session=session, mesa=mesa)
    assert not registro_editable(session=session, mesa=mesa)
    datos_v1 = json.dumps(v1.datos, sort_keys=True)

    v2 = actas.corregir(session=session, mesa=mesa, motivo="  Faltó el voto de Nayarit.  ")
    session.commit()
    assert (v2.version, v2.estado, v2.motivo_correccion) == (
        2,
        "borrador",
        "Faltó el voto de Nayarit.",
    )
    assert actas.hay_borrador(session=session, mesa=mesa)
    # The record is editable again: the notes change, and the borrador follows them.
    assert registro_editable(session=session, mesa=mesa)
    guardar_notas(session=session, punto=registro.votado, notas="Notas corregidas.")
    session.commit()
    borrador = actas.datos_del_acta(session=session, mesa=mesa)
    assert borrador["version"] == {"numero": 2, "motivo_correccion": "Faltó el voto de Nayarit."}
    assert borrador["puntos"][2]["notas"] == "Notas corregidas."

    aprobada = _aprobar(session, mesa)
    assert (aprobada.id, aprobada.version, aprobada.estado) == (v2.id, 2, "aprobada")
    assert aprobada.datos["puntos"][2]["notas"] == "Notas corregidas."
    assert aprobada.datos["version"]["motivo_correccion"] == "Faltó el voto de Nayarit."
    session.expire_all()
    assert [(a.version, a.estado) for a in actas.versiones(session=session, mesa_id=mesa.id)] == [
        (1, "aprobada"),
        (2, "aprobada"),
    ]
    assert json.dumps(session.get(Acta, v1.id).datos, sort_keys=True) == datos_v1
    assert actas.ultima_aprobada(session=session, mesa_id=mesa.id).version == 2


def test_la_correccion_pide_motivo_y_un_acta_aprobada(session):
    registro = crear_registro(session)
    mesa = registro.mesa
    with pytest.raises(TransicionNoPermitida, match="aún no se ha aprobado"):
        actas.corregir(session=session, mesa=mesa, motivo="Un error.")
    _aprobar(session, mesa)
    for motivo in ("", "   "):
        with pytest.raises(TransicionNoPermitida, match="Escriba el motivo de la corrección"):
            actas.corregir(session=session, mesa=mesa, motivo=motivo)
    actas.corregir(session=session, mesa=mesa, motivo="Un error.")
    session.commit()
    with pytest.raises(
        TransicionNoPermitida, match=r"Ya hay una corrección en borrador \(versión 2\)"
    ):
        actas.corregir(session=session, mesa=mesa, motivo="Otro error.")
    assert len(actas.versiones(session=session, mesa_id=mesa.id)) == 2


def test_la_aprobacion_de_una_correccion_no_se_hace_dos_veces(session, monkeypatch):
    """Two approvals of the same borrador at once: the one that comes second is refused."""
    registro = crear_registro(session)
    mesa = registro.mesa
    _aprobar(session, mesa)
    borrador = actas.corregir(session=session, mesa=mesa, motivo="Un error.")
    session.commit()
    # What the second person read before the first one's approval was committed.
    leido = Acta(id=borrador.id, mesa_id=mesa.id, version=2, estado="borrador")
    _aprobar(session, mesa)
    monkeypatch.setattr(actas, "ultima_version", lambda **_: leido)
    with pytest.raises(TransicionNoPermitida, match="Otra persona aprobó esta versión"):
        actas.aprobar(session=session, mesa=mesa, usuario_id=None, renderizar=_html)


def test_error_de_motivo():
    assert actas.error_de_motivo("Corrige un nombre.") is None
    assert (
        actas.error_de_motivo("x" * (actas.MAXIMO_MOTIVO + 1))
        == "El motivo admite hasta 2,000 caracteres."
    )


def test_la_mesa_sin_concluir_no_tiene_borrador(session):
    mesa = crear_mesa(session, estado="en_curso", fecha=date(2026, 12, 10))
    assert not actas.hay_borrador(session=session, mesa=mesa)


def test_la_base_misma_impide_cambiar_o_borrar_un_acta_aprobada(session):
    from sqlalchemy import text

    mesa = crear_mesa(session, estado="concluida")
    session.add(Acta(mesa_id=mesa.id, version=1, estado="aprobada", datos={}, html="<p>v1</p>"))
    session.commit()
    for sentencia in ("UPDATE acta SET html = 'otra'", "DELETE FROM acta"):
        with pytest.raises(Exception, match="un acta aprobada no se"):
            session.execute(text(sentencia))
        session.rollback()
    assert session.exec(select(Acta.html)).one() == "<p>v1</p>"

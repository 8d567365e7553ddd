"""Comparator runs: the engine's input from the register, a run's lifecycle, stored results."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from criterios.comparaciones import (
    crear_comparacion,
    ejecutar_comparacion,
    entrada_desde_registro,
    marcar_interrumpidas,
)
from criterios.models import (
    Ausencia,
    Comparacion,
    Divergencia,
    GrupoCriterio,
    GrupoTematico,
    ReporteComparacion,
)
from tests.criterios.comparador_falso import comparador_falso, comparador_que_falla
from tests.factories import crear_criterio, crear_garante, crear_procedimiento

TEXTO_20 = "El sujeto obligado debe responder la solicitud dentro de veinte días hábiles."
TEXTO_10 = "El sujeto obligado debe responder la solicitud dentro de diez días hábiles."


def _registro(session: Session) -> None:
    crear_criterio(session, "ags", "ags-01", texto=TEXTO_20, temas=["plazos"])
    crear_criterio(session, "nay", "nay-01", texto=TEXTO_10, temas=["plazos"])
    crear_criterio(session, "nay", "nay-02", texto=TEXTO_10, vigencia="superado")
    crear_garante(session, "col")


def test_entrada_lleva_solo_criterios_vigentes(session: Session) -> None:
    _registro(session)
    entrada = entrada_desde_registro(session=session)
    assert sorted(entrada.criterios) == ["ags-01", "nay-01"]
    assert [c["id"] for c in entrada.datos["criterios"]] == ["ags-01", "nay-01"]
    assert entrada.garantes == ["ags", "nay"]
    assert [g["id"] for g in entrada.datos["garantes"]] == ["ags", "nay"]


def test_entrada_con_no_vigentes_garantes_y_temas(session: Session) -> None:
    _registro(session)
    todos = entrada_desde_registro(session=session, incluir_no_vigentes=True)
    assert sorted(todos.criterios) == ["ags-01", "nay-01", "nay-02"]
    de_nay = entrada_desde_registro(session=session, garantes=["nay", "col"])
    assert sorted(de_nay.criterios) == ["nay-01"]
    assert de_nay.garantes == ["col", "nay"]
    con_tema = entrada_desde_registro(session=session, temas=["plazos"], incluir_no_vigentes=True)
    assert sorted(con_tema.criterios) == ["ags-01", "nay-01"]


def test_entrada_distingue_ids_repetidos_entre_garantes(session: Session) -> None:
    uno = crear_criterio(session, "ags", "crit-1", texto=TEXTO_20)
    otro = crear_criterio(session, "nay", "crit-1", texto=TEXTO_10)
    crear_criterio(session, "nay", "nay-07", texto=TEXTO_10)
    entrada = entrada_desde_registro(session=session)
    assert sorted(entrada.criterios) == ["ags/crit-1", "nay-07", "nay/crit-1"]
    assert entrada.criterios["ags/crit-1"].id == uno.id
    assert entrada.criterios["nay/crit-1"].id == otro.id


def test_entrada_incluye_procedimientos(session: Session) -> None:
    _registro(session)
    crear_procedimiento(session, "ags", "acceso")
    crear_procedimiento(session, "nay", "acceso")
    entrada = entrada_desde_registro(session=session)
    assert [p["id"] for p in entrada.datos["procedimientos"]] == ["ags/acceso", "nay/acceso"]
    assert entrada.datos["procedimientos"][0]["etapas"][0]["plazo"] == {
        "cantidad": 20,
        "unidad": "dias_habiles",
    }


def _contar(session: Session, tabla: type, comparacion_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(tabla).where(tabla.comparacion_id == comparacion_id)  # type: ignore[attr-defined]
    ).one()


def test_una_comparacion_pasa_de_pendiente_a_terminada(engine: Engine, session: Session) -> None:
    _registro(session)
    comparacion = crear_comparacion(
        session=session, iniciada_por="ana@ejemplo.mx", garantes=["ags", "nay", "col"]
    )
    assert (comparacion.estado, comparacion.progreso) == ("pendiente", 0)

    ejecutar_comparacion(engine, comparacion.id, comparador=comparador_falso)

    session.expire_all()
    terminada = session.get(Comparacion, comparacion.id)
    assert terminada is not None
    assert (terminada.estado, terminada.etapa, terminada.progreso) == (
        "terminada",
        "Terminada",
        100,
    )
    assert terminada.conteos == {
        "criterios": 2,
        "garantes": 3,
        "grupos": 1,
        "divergencias": 1,
        "ausencias": 1,
    }
    assert terminada.duracion_s is not None and terminada.terminada_en is not None
    assert terminada.parametros["garantes"] == ["ags", "col", "nay"]
    assert terminada.parametros["motor"] == {"falso": True}
    grupo = session.exec(select(GrupoTematico)).one()
    assert (grupo.clave, grupo.n_criterios, grupo.n_posturas, grupo.n_divergencias) == (
        "g-1",
        2,
        2,
        1,
    )
    assert grupo.garantes == ["ags", "nay"]
    assert _contar(session, Ausencia, comparacion.id) == 1
    divergencia = session.exec(select(Divergencia)).one()
    assert (divergencia.garante_a, divergencia.garante_b, divergencia.estado) == (
        "ags",
        "nay",
        "pendiente",
    )
    assert divergencia.evidencia_b == "diez días hábiles"
    posturas = session.exec(select(GrupoCriterio.postura).order_by(GrupoCriterio.id)).all()
    assert posturas == ["p-ags-01", "p-nay-01"]
    reporte = session.get(ReporteComparacion, comparacion.id)
    assert reporte is not None and reporte.contenido["grupos"][0]["id"] == "g-1"


def test_una_falla_del_motor_deja_la_comparacion_fallida(engine: Engine, session: Session) -> None:
    _registro(session)
    comparacion = crear_comparacion(session=session, iniciada_por="ana@ejemplo.mx")
    ejecutar_comparacion(engine, comparacion.id, comparador=comparador_que_falla)
    session.expire_all()
    fallida = session.get(Comparacion, comparacion.id)
    assert fallida is not None
    assert fallida.estado == "fallida"
    assert fallida.etapa == "Falló: Comparando textos"
    assert fallida.error == (
        "Falló un paso interno en la etapa «Comparando textos» (ValueError). "
        "El detalle quedó en el registro de la aplicación; puede intentar de nuevo."
    )
    assert _contar(session, GrupoTematico, comparacion.id) == 0


def test_sin_dos_garantes_no_hay_comparacion(engine: Engine, session: Session) -> None:
    crear_criterio(session, "ags", "ags-01", texto=TEXTO_20)
    comparacion = crear_comparacion(session=session, iniciada_por=None)
    ejecutar_comparacion(engine, comparacion.id, comparador=comparador_falso)
    session.expire_all()
    fallida = session.get(Comparacion, comparacion.id)
    assert fallida is not None
    assert (fallida.estado, fallida.error) == (
        "fallida",
        "Se necesitan criterios de al menos dos garantes para comparar; "
        "la selección tiene 1 garante.",
    )


def test_al_arrancar_se_cierran_las_comparaciones_a_medias(session: Session) -> None:
    pendiente = crear_comparacion(session=session, iniciada_por=None)
    en_curso = crear_comparacion(session=session, iniciada_por=None)
    en_curso.estado = "en_curso"
    terminada = crear_comparacion(session=session, iniciada_por=None)
    terminada.estado = "terminada"
    session.add_all([en_curso, terminada])
    session.commit()

    assert marcar_interrumpidas(session=session) == 2
    session.expire_all()
    estados = [session.get(Comparacion, c.id).estado for c in (pendiente, en_curso, terminada)]  # type: ignore[union-attr]
    assert estados == ["interrumpida", "interrumpida", "terminada"]


@pytest.mark.parametrize("incluir_no_vigentes", [False, True])
def test_el_motor_real_encuentra_la_divergencia_de_plazo(
    engine: Engine, session: Session, incluir_no_vigentes: bool
) -> None:
    _registro(session)
    comparacion = crear_comparacion(
        session=session, iniciada_por=None, incluir_no_vigentes=incluir_no_vigentes
    )
    ejecutar_comparacion(engine, comparacion.id)
    session.expire_all()
    terminada = session.get(Comparacion, comparacion.id)
    assert terminada is not None
    assert terminada.estado == "terminada", terminada.error
    assert terminada.conteos["criterios"] == (3 if incluir_no_vigentes else 2)
    divergencias = list(session.exec(select(Divergencia)))
    assert {(d.garante_a, d.garante_b, d.tipo) for d in divergencias} >= {("ags", "nay", "plazo")}

from datetime import date

from sqlmodel import Session, select

from criterios.models import CorreccionEtapa
from criterios.procedimientos import (
    construir_matriz,
    guardar_correccion,
    matriz_csv,
    quitar_correccion,
)
from tests.factories import crear_garante, crear_procedimiento, crear_procedimientos_de_acceso

ACCESO = "Solicitud de acceso a la información"


def _plazo(valor: dict | None) -> str:
    return f"{valor['cantidad']} {valor['unidad']}" if valor else ""


def _filas(session: Session, **filtros) -> list[tuple[str, dict[str, list[str]], bool]]:
    matriz = construir_matriz(session=session, **filtros)
    return [
        (f.etapa, {g: [c["etapa"] for c in cs] for g, cs in f.celdas.items()}, f.divergente)
        for grupo in matriz.grupos
        for f in grupo.filas
    ]


def test_etapas_con_nombres_distintos_forman_una_fila_divergente(session):
    crear_procedimientos_de_acceso(session)

    matriz = construir_matriz(session=session)

    assert [g.id for g in matriz.garantes] == ["ags", "col"]
    assert [g.nombre for g in matriz.grupos] == [ACCESO]
    [fila] = matriz.grupos[0].filas
    assert fila.etapa in ("Plazo de respuesta", "Término para responder")
    assert {g: [c["etapa"] for c in cs] for g, cs in fila.celdas.items()} == {
        "ags": ["Plazo de respuesta"],
        "col": ["Término para responder"],
    }
    assert fila.divergente
    assert fila.explicacion == "plazo: 15 días hábiles (col) frente a 20 días hábiles (ags)"
    assert fila.celdas["col"][0]["fundamento"] == "Art. 134"
    assert fila.celdas["col"][0]["procedimiento_pk"] is not None


def test_plazos_iguales_no_divergen_y_se_pueden_ocultar(session):
    crear_procedimiento(session, "ags", "ags-acceso")
    crear_procedimiento(session, "col", "col-acceso")

    assert _filas(session) == [
        (
            "Plazo de respuesta",
            {"ags": ["Plazo de respuesta"], "col": ["Plazo de respuesta"]},
            False,
        )
    ]
    assert construir_matriz(session=session, solo_divergentes=True).grupos == []


def test_correccion_mueve_la_etapa_a_otra_fila_y_se_conserva(engine, session):
    crear_procedimientos_de_acceso(session)

    guardar_correccion(
        session=session,
        garante_id="col",
        procedimiento_id_externo="col-acceso",
        etapa="Término para responder",
        fila="Ampliación del plazo",
    )
    session.commit()

    with Session(engine) as otra:  # a later run reads the stored correction
        filas = _filas(otra)
    assert sorted(filas) == [
        ("Ampliación del plazo", {"col": ["Término para responder"]}, False),
        ("Plazo de respuesta", {"ags": ["Plazo de respuesta"]}, False),
    ]
    matriz = construir_matriz(session=session)
    corregidas = [
        c["corregida"] for f in matriz.grupos[0].filas for cs in f.celdas.values() for c in cs
    ]
    assert sorted(corregidas) == [False, True]


def test_corregir_otra_vez_actualiza_y_quitar_devuelve_la_alineacion(session):
    crear_procedimientos_de_acceso(session)
    clave = {"garante_id": "col", "procedimiento_id_externo": "col-acceso",
             "etapa": "Término para responder"}  # fmt: skip

    guardar_correccion(session=session, fila="Primera", **clave)
    guardar_correccion(session=session, fila="Segunda", autor="ana", **clave)
    session.commit()

    assert [(c.fila, c.autor) for c in session.exec(select(CorreccionEtapa))] == [
        ("Segunda", "ana")
    ]
    assert quitar_correccion(session=session, **clave) is True
    assert quitar_correccion(session=session, **clave) is False
    session.commit()
    assert len(_filas(session)) == 1


def test_filtros_de_garantes_y_tipo(session):
    crear_procedimientos_de_acceso(session)
    crear_procedimiento(
        session, "ags", "ags-recurso", nombre="Recurso de revisión",
        etapas=[{"nombre": "Interposición", "plazo": {"cantidad": 15, "unidad": "dias_habiles"}}],
    )  # fmt: skip

    assert _filas(session, garantes=["col"]) == [
        ("Término para responder", {"col": ["Término para responder"]}, False)
    ]
    matriz = construir_matriz(session=session, tipo="Recurso de revisión")
    assert [g.nombre for g in matriz.grupos] == ["Recurso de revisión"]
    assert sorted(matriz.tipos) == ["Recurso de revisión", ACCESO]


def test_garantes_no_vigentes_solo_cuando_se_piden(session):
    crear_garante(session, "viejo", vigente_hasta="2025-03-20")
    crear_procedimiento(session, "viejo", "viejo-acceso")
    crear_procedimiento(session, "ags", "ags-acceso")
    hoy = date(2026, 1, 15)

    assert [g.id for g in construir_matriz(session=session, hoy=hoy).garantes] == ["ags"]
    todos = construir_matriz(session=session, incluir_no_vigentes=True, hoy=hoy)
    assert [g.id for g in todos.garantes] == ["ags", "viejo"]


def test_matriz_csv_tiene_tres_columnas_por_garante(session):
    crear_procedimientos_de_acceso(session)

    lineas = matriz_csv(construir_matriz(session=session), plazo_texto=_plazo).splitlines()

    assert lineas[0] == (
        "procedimiento,etapa,divergente,explicación,ags: etapa,ags: plazo,ags: ampliación,"
        "col: etapa,col: plazo,col: ampliación"
    )
    assert lineas[1].endswith(
        ",Plazo de respuesta,20 dias_habiles,10 dias_habiles,"
        "Término para responder,15 dias_habiles,10 dias_habiles"
    )
    assert len(lineas) == 2

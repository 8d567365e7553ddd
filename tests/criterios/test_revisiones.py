"""Reviews of divergences: validation, carry-over across runs, reset when a text changes."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from criterios.comparaciones import crear_comparacion, ejecutar_comparacion
from criterios.models import Divergencia, RevisionDivergencia
from criterios.registro import guardar_criterios
from criterios.revisiones import conteo_revisiones_por_garante, revisar, validar_revision
from tests.criterios.comparador_falso import comparador_falso
from tests.factories import crear_criterio

TEXTO_20 = "El sujeto obligado debe responder la solicitud dentro de veinte días hábiles."
TEXTO_10 = "El sujeto obligado debe responder la solicitud dentro de diez días hábiles."


def _correr(engine: Engine, session: Session, comparador=comparador_falso) -> list[Divergencia]:  # type: ignore[no-untyped-def]
    comparacion = crear_comparacion(session=session, iniciada_por="ana@ejemplo.mx")
    ejecutar_comparacion(engine, comparacion.id, comparador=comparador)
    session.expire_all()
    return list(
        session.exec(
            select(Divergencia)
            .where(Divergencia.comparacion_id == comparacion.id)
            .order_by(Divergencia.clave)
        )
    )


@pytest.fixture
def registro(session: Session) -> None:
    crear_criterio(session, "ags", "ags-01", texto=TEXTO_20)
    crear_criterio(session, "jal", "jal-07", texto=TEXTO_10)


@pytest.mark.parametrize(
    ("accion", "motivo", "errores"),
    [
        ("confirmar", "", {}),
        ("descartar", "Es una paráfrasis.", {}),
        ("reabrir", "", {}),
        ("descartar", "", {"motivo": "Escriba el motivo para descartar la divergencia."}),
        ("borrar", "", {"accion": "Elija si confirma, descarta o reabre la divergencia."}),
        ("confirmar", "x" * 2001, {"motivo": "El motivo admite hasta 2000 caracteres."}),
    ],
)
def test_validar_revision(accion: str, motivo: str, errores: dict[str, str]) -> None:
    assert validar_revision(accion=accion, motivo=motivo) == errores


def test_descartar_guarda_la_revision(engine: Engine, session: Session, registro: None) -> None:
    (divergencia,) = _correr(engine, session)
    revisar(
        session=session,
        divergencia=divergencia,
        accion="descartar",
        motivo="Ambos dicen lo mismo con otras palabras.",
        revisor="luis@ejemplo.mx",
    )
    session.commit()
    assert (divergencia.estado, divergencia.motivo, divergencia.revisado_por) == (
        "descartada",
        "Ambos dicen lo mismo con otras palabras.",
        "luis@ejemplo.mx",
    )
    revision = session.exec(select(RevisionDivergencia)).one()
    assert (revision.clave, revision.version_a, revision.version_b) == ("d-ags-01-jal-07", 1, 1)


def test_la_revision_sobrevive_a_otra_comparacion(
    engine: Engine, session: Session, registro: None
) -> None:
    (primera,) = _correr(engine, session)
    revisar(
        session=session,
        divergencia=primera,
        accion="descartar",
        motivo="Paráfrasis.",
        revisor="luis",
    )
    session.commit()

    (segunda,) = _correr(engine, session)
    assert segunda.id != primera.id
    assert (segunda.estado, segunda.motivo, segunda.revisado_por, segunda.nota_cambio) == (
        "descartada",
        "Paráfrasis.",
        "luis",
        None,
    )


def test_la_revision_vuelve_a_pendiente_cuando_cambia_un_texto(
    engine: Engine, session: Session, registro: None
) -> None:
    (primera,) = _correr(engine, session)
    revisar(session=session, divergencia=primera, accion="confirmar", motivo="", revisor="luis")
    session.commit()
    guardar_criterios(
        session=session,
        registros=[{"id": "jal-07", "garante": "jal", "rubro": "PLAZO.", "texto": TEXTO_20}],
        motivo="edicion",
    )
    guardar_criterios(
        session=session,
        registros=[{"id": "jal-07", "garante": "jal", "rubro": "PLAZO.", "texto": TEXTO_10}],
        motivo="edicion",
    )
    session.commit()

    (segunda,) = _correr(engine, session)
    assert (segunda.estado, segunda.revisado_por) == ("pendiente", None)
    assert segunda.nota_cambio == (
        "El criterio jal-07 cambió de la versión 1 a la 3. Antes de ese cambio estaba confirmada."
    )

    # Reviewed again on the new text, the next run carries the new review over.
    revisar(session=session, divergencia=segunda, accion="confirmar", motivo="", revisor="ana")
    session.commit()
    (tercera,) = _correr(engine, session)
    assert (tercera.estado, tercera.revisado_por, tercera.nota_cambio) == (
        "confirmada",
        "ana",
        None,
    )


def test_la_revision_se_encuentra_por_el_par_si_cambia_la_clave(
    engine: Engine, session: Session, registro: None
) -> None:
    (primera,) = _correr(engine, session)
    revisar(
        session=session, divergencia=primera, accion="descartar", motivo="No aplica.", revisor="l"
    )
    session.commit()

    def con_otra_clave(datos, garantes, incluir):  # type: ignore[no-untyped-def]
        reporte = comparador_falso(datos, garantes, incluir)
        for d in reporte["divergencias"]:
            d["id"] = "d-nueva"
        return reporte

    (segunda,) = _correr(engine, session, con_otra_clave)
    assert (segunda.clave, segunda.estado, segunda.motivo) == (
        "d-nueva",
        "descartada",
        "No aplica.",
    )


def test_reabrir_borra_el_motivo(engine: Engine, session: Session, registro: None) -> None:
    (divergencia,) = _correr(engine, session)
    revisar(session=session, divergencia=divergencia, accion="descartar", motivo="X", revisor="l")
    revisar(session=session, divergencia=divergencia, accion="reabrir", motivo="", revisor="m")
    session.commit()
    assert (divergencia.estado, divergencia.motivo, divergencia.revisado_por) == (
        "pendiente",
        None,
        "m",
    )
    (otra,) = _correr(engine, session)
    assert otra.estado == "pendiente"


def test_conteo_revisiones_por_garante(engine: Engine, session: Session, registro: None) -> None:
    assert conteo_revisiones_por_garante(session=session, garante_id="ags") is None
    crear_criterio(session, "nay", "nay-01", texto=TEXTO_10)
    divergencias = _correr(engine, session)
    assert len(divergencias) == 3  # ags–jal, ags–nay, jal–nay
    por_clave = {d.clave: d for d in divergencias}
    revisar(
        session=session,
        divergencia=por_clave["d-ags-01-jal-07"],
        accion="confirmar",
        motivo="",
        revisor="l",
    )
    revisar(
        session=session,
        divergencia=por_clave["d-jal-07-nay-01"],
        accion="descartar",
        motivo="Igual.",
        revisor="l",
    )
    session.commit()
    assert conteo_revisiones_por_garante(session=session, garante_id="ags") == {
        "pendiente": 1,
        "confirmada": 1,
        "descartada": 0,
    }
    assert conteo_revisiones_por_garante(session=session, garante_id="jal") == {
        "pendiente": 0,
        "confirmada": 1,
        "descartada": 1,
    }
    assert conteo_revisiones_por_garante(session=session, garante_id="col") == {
        "pendiente": 0,
        "confirmada": 0,
        "descartada": 0,
    }

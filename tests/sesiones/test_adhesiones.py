"""Adhesión: validation, recording a garante's decision, superseding its own criterios."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from criterios.comparaciones import entrada_desde_registro
from criterios.models import Criterio, CriterioVersion
from sesiones import adhesiones
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Adhesion, CriterioSuperado, Evidencia, FuenteCriterioHomologado
from tests.factories import crear_criterio
from tests.sesiones.homologados import aprobar, crear_region

HOY = date(2026, 12, 15)
FALTA_EVIDENCIA = (
    "Adjunte la evidencia de la adopción: el enlace a la publicación del garante o el archivo "
    "de su acta."
)


def _validar(**campos):
    datos = {
        "estado": "adoptado",
        "fecha": "2026-12-12",
        "nota": "",
        "evidencia_url": "https://itei.org.mx/actas/2026-12-12.pdf",
        "archivo_nuevo": False,
        "archivo_actual": False,
        "quitar_archivo": False,
        "hoy": HOY,
        "aprobado": date(2026, 12, 10),
    }
    datos.update(campos)
    return adhesiones.validar(**datos)


@pytest.mark.parametrize(
    ("campos", "errores"),
    [
        ({}, {}),
        ({"estado": "pendiente", "fecha": "", "evidencia_url": ""}, {}),
        ({"estado": "rechazado", "evidencia_url": ""}, {}),  # a rejection needs no evidence
        ({"estado": "aceptado"}, {"estado": "Elija el estado de la adhesión."}),
        ({"fecha": ""}, {"fecha": "Indique la fecha en que el garante resolvió (adoptado)."}),
        (
            {"estado": "rechazado", "fecha": " "},
            {"fecha": "Indique la fecha en que el garante resolvió (rechazado)."},
        ),
        ({"fecha": "12/12/2026"},
         {"fecha": "Escriba la fecha como AAAA-MM-DD (por ejemplo 2026-11-28)."}),
        ({"fecha": "2026-12-16"}, {"fecha": "La fecha no puede ser posterior a hoy."}),
        ({"fecha": "2026-12-15"}, {}),  # today is fine
        ({"fecha": "2026-12-10"}, {}),  # so is the day of the approval
        ({"fecha": "2026-12-09"},
         {"fecha": "La fecha no puede ser anterior a la aprobación del criterio homologado "
                   "(10 de diciembre de 2026)."}),
        ({"evidencia_url": ""}, {"evidencia_url": FALTA_EVIDENCIA}),
        ({"evidencia_url": "", "archivo_nuevo": True}, {}),
        ({"evidencia_url": "", "archivo_actual": True}, {}),
        ({"evidencia_url": "", "archivo_actual": True, "quitar_archivo": True},
         {"evidencia_url": FALTA_EVIDENCIA}),
        ({"evidencia_url": "javascript:alert(1)"},
         {"evidencia_url": "Escriba un enlace completo que empiece con https:// (o http://)."}),
        ({"evidencia_url": "ftp://itei.org.mx/acta.pdf"},
         {"evidencia_url": "Escriba un enlace completo que empiece con https:// (o http://)."}),
        ({"evidencia_url": "https://"},
         {"evidencia_url": "Escriba un enlace completo que empiece con https:// (o http://)."}),
        ({"evidencia_url": "https://itei.org.mx/mi acta.pdf"},
         {"evidencia_url": "El enlace no puede llevar espacios."}),
        ({"evidencia_url": "https://itei.org.mx/" + "a" * 500},
         {"evidencia_url": "El enlace admite hasta 500 caracteres."}),
        ({"estado": "parcial"},
         {"nota": "Explique qué partes del criterio homologado adoptó el garante."}),
        ({"estado": "parcial", "nota": "Adopta el plazo, no la ampliación."}, {}),
        ({"nota": "x" * 2001}, {"nota": "La nota admite hasta 2000 caracteres."}),
    ],
)  # fmt: skip
def test_validar(campos, errores):
    datos, encontrados = _validar(**campos)
    assert encontrados == errores
    assert (datos is None) is bool(errores)


def test_validar_limpia_y_deja_la_fecha_solo_a_quien_resolvio():
    datos, _ = _validar(estado="pendiente", fecha="2026-12-01", nota="  ", evidencia_url=" ")
    assert datos == adhesiones.DatosAdhesion("pendiente", None, None, None)
    datos, _ = _validar(nota="  Sesión ordinaria 45.  ")
    assert datos is not None
    assert (datos.fecha, datos.nota) == (date(2026, 12, 12), "Sesión ordinaria 45.")
    # A new file replaces the old one: "quitar" does not apply then.
    datos, _ = _validar(archivo_nuevo=True, archivo_actual=True, quitar_archivo=True)
    assert datos is not None and datos.quitar_archivo is False


@pytest.fixture
def region(session):
    return crear_region(session)


@pytest.fixture
def homologado(session, region):
    return aprobar(session, fuentes=[region["jal"], region["col"]])


@pytest.fixture
def secretaria(usuario):
    return usuario("secretaria")


def _adoptar(session, homologado, garante, secretaria, estado="adoptado"):
    adhesion = session.get(Adhesion, (homologado.id, garante))
    datos, errores = _validar(estado=estado, nota="Adopta el plazo." if estado == "parcial" else "")
    assert not errores
    cambio = adhesiones.actualizar_adhesion(
        session=session, criterio_homologado=homologado, adhesion=adhesion, datos=datos,
        evidencia=None, usuario=secretaria,
    )  # fmt: skip
    session.commit()
    return cambio


def test_actualizar_adhesion_devuelve_antes_y_despues(session, homologado, secretaria):
    cambio = _adoptar(session, homologado, "jal", secretaria)
    assert cambio.antes == {"estado": "pendiente", "evidencia_url": None, "fecha": None}
    assert cambio.despues == {
        "estado": "adoptado",
        "evidencia_url": "https://itei.org.mx/actas/2026-12-12.pdf",
        "fecha": "2026-12-12",
    }
    session.expire_all()
    adhesion = session.get(Adhesion, (homologado.id, "jal"))
    assert (adhesion.estado, adhesion.fecha, adhesion.actualizada_por_id) == (
        "adoptado", date(2026, 12, 12), secretaria.id,
    )  # fmt: skip
    # The same data again changes nothing.
    assert not _adoptar(session, homologado, "jal", secretaria).hubo


def test_un_archivo_nuevo_queda_como_evidencia_y_quitarlo_conserva_el_archivo(
    session, homologado, secretaria
):
    adhesion = session.get(Adhesion, (homologado.id, "jal"))
    archivo = Evidencia(
        nombre_archivo="acta.pdf", tipo_mime="application/pdf", tamano=4, sha256="0" * 64,
        contenido=b"%PDF",
    )  # fmt: skip
    session.add(archivo)
    datos, _ = _validar(evidencia_url="", archivo_nuevo=True)
    cambio = adhesiones.actualizar_adhesion(
        session=session, criterio_homologado=homologado, adhesion=adhesion, datos=datos,
        evidencia=archivo, usuario=secretaria,
    )  # fmt: skip
    session.commit()
    assert cambio.despues["evidencia_id"] == archivo.id
    datos, _ = _validar(estado="pendiente", archivo_actual=True, quitar_archivo=True)
    cambio = adhesiones.actualizar_adhesion(
        session=session, criterio_homologado=homologado, adhesion=adhesion, datos=datos,
        evidencia=None, usuario=secretaria,
    )  # fmt: skip
    session.commit()
    assert (cambio.antes["evidencia_id"], cambio.despues["evidencia_id"]) == (archivo.id, None)
    assert session.get(Evidencia, archivo.id) is not None  # the bitácora still names it


@pytest.mark.parametrize("estado", ["proyecto", "en_orden_del_dia", "rechazado"])
def test_sin_aprobacion_no_hay_adhesion(session, region, secretaria, estado):
    homologado = aprobar(session, estado=estado, clave=None)
    adhesion = session.get(Adhesion, (homologado.id, "jal"))
    datos, _ = _validar()
    with pytest.raises(TransicionNoPermitida) as error:
        adhesiones.actualizar_adhesion(
            session=session, criterio_homologado=homologado, adhesion=adhesion, datos=datos,
            evidencia=None, usuario=secretaria,
        )  # fmt: skip
    assert str(error.value) == (
        "La adhesión se registra solo en criterios homologados aprobados por una mesa."
    )


# --- Superseding the garante's criterios -------------------------------------------------


def _vigentes_en_el_comparador(session):
    return {c.id_externo for c in entrada_desde_registro(session=session).criterios.values()}


def test_marcar_fuentes_superadas(session, region, homologado, secretaria):
    otro_de_jal = crear_criterio(session, "jal", "jal-02", rubro="OTRO TEMA.", texto="Otro.")
    _adoptar(session, homologado, "jal", secretaria)
    assert _vigentes_en_el_comparador(session) == {"jal-01", "jal-02", "ags-01", "col-01"}

    marcados = adhesiones.marcar_fuentes_superadas(
        session=session, criterio_homologado=homologado, garante_id="jal", usuario=secretaria
    )
    session.commit()

    assert [c.id_externo for c in marcados] == ["jal-01"]
    session.expire_all()
    criterio = session.get(Criterio, region["jal"].id)
    assert (criterio.vigencia, criterio.version) == ("superado", 2)
    version = session.exec(
        select(CriterioVersion).where(
            CriterioVersion.criterio_id == criterio.id, CriterioVersion.numero == 2
        )
    ).one()
    assert (version.motivo, version.autor, version.datos["vigencia"]) == (
        "superado por CH-CO 01/2026", "secretaria", "superado",
    )  # fmt: skip
    superado = session.get(CriterioSuperado, criterio.id)
    assert (superado.criterio_homologado_id, superado.vigencia_anterior) == (
        homologado.id,
        "vigente",
    )
    assert superado.marcado_por_id == secretaria.id
    # Not a source, or another garante's source: untouched.
    assert session.get(Criterio, otro_de_jal.id).vigencia == "vigente"
    assert session.get(Criterio, region["col"].id).vigencia == "vigente"
    assert _vigentes_en_el_comparador(session) == {"jal-02", "ags-01", "col-01"}


@pytest.mark.parametrize("estado", ["pendiente", "parcial", "rechazado"])
def test_solo_una_adopcion_completa_supera_los_criterios_propios(
    session, region, homologado, secretaria, estado
):
    if estado != "pendiente":
        _adoptar(session, homologado, "jal", secretaria, estado=estado)
    with pytest.raises(TransicionNoPermitida) as error:
        adhesiones.marcar_fuentes_superadas(
            session=session, criterio_homologado=homologado, garante_id="jal", usuario=secretaria
        )
    assert str(error.value) == (
        "Solo se marcan como superados los criterios de un garante que adoptó el criterio "
        "homologado (adhesión «Adoptado»)."
    )
    assert session.get(Criterio, region["jal"].id).vigencia == "vigente"


def test_fuentes_del_garante_dicen_que_pasara(session, region, homologado, secretaria):
    abandonado = crear_criterio(session, "jal", "jal-03", vigencia="abandonado")
    anterior = aprobar(session, clave="CH-CO 09/2025", fuentes=[region["jal"]])
    _adoptar(session, anterior, "jal", secretaria)
    adhesiones.marcar_fuentes_superadas(
        session=session, criterio_homologado=anterior, garante_id="jal", usuario=secretaria
    )
    session.commit()
    homologado_b = aprobar(
        session, clave="CH-CO 02/2026", fuentes=[region["jal"], abandonado, region["col"]]
    )
    nuevo_jal = crear_criterio(session, "jal", "jal-04", rubro="R.", texto="T.")
    session.add(FuenteCriterioHomologado(criterio_homologado_id=homologado_b.id,
                                         criterio_id=nuevo_jal.id))  # fmt: skip
    session.commit()
    fuentes = adhesiones.fuentes_del_garante(
        session=session, criterio_homologado=homologado_b, garante_id="jal"
    )
    assert [(f.criterio.id_externo, f.marcable, f.situacion) for f in fuentes] == [
        ("jal-01", False, "Ya está superado por CH-CO 09/2025."),
        ("jal-03", False, "No está vigente (abandonado); no se cambia."),
        ("jal-04", True, "Pasará a «superado»."),
    ]
    fuentes_anterior = adhesiones.fuentes_del_garante(
        session=session, criterio_homologado=anterior, garante_id="jal"
    )
    assert [(f.marcable, f.situacion) for f in fuentes_anterior] == [
        (False, "Ya está superado por este criterio homologado.")
    ]


def test_sin_fuentes_vigentes_no_hay_nada_que_marcar(session, region, homologado, secretaria):
    _adoptar(session, homologado, "ags", secretaria)  # ags has no criterio among the sources
    with pytest.raises(TransicionNoPermitida) as error:
        adhesiones.marcar_fuentes_superadas(
            session=session, criterio_homologado=homologado, garante_id="ags", usuario=secretaria
        )
    assert "no tiene criterios vigentes entre las fuentes" in str(error.value)


def test_dejar_de_adoptar_exige_restituir_primero(session, region, homologado, secretaria):
    _adoptar(session, homologado, "jal", secretaria)
    adhesiones.marcar_fuentes_superadas(
        session=session, criterio_homologado=homologado, garante_id="jal", usuario=secretaria
    )
    session.commit()
    with pytest.raises(TransicionNoPermitida) as error:
        _adoptar(session, homologado, "jal", secretaria, estado="parcial")
    assert str(error.value) == (
        "Este garante tiene criterios marcados como superados por este criterio homologado. "
        "Primero devuélvales su vigencia; después cambie la adhesión."
    )
    session.rollback()

    restituidos = adhesiones.restituir_fuentes(
        session=session, criterio_homologado=homologado, garante_id="jal", usuario=secretaria
    )
    session.commit()
    assert [c.id_externo for c in restituidos] == ["jal-01"]
    session.expire_all()
    criterio = session.get(Criterio, region["jal"].id)
    assert (criterio.vigencia, criterio.version) == ("vigente", 3)
    assert session.get(CriterioSuperado, criterio.id) is None
    assert "jal-01" in _vigentes_en_el_comparador(session)
    assert _adoptar(session, homologado, "jal", secretaria, estado="parcial").hubo


def test_matriz_regional_y_progreso(session, region, secretaria):
    primero = aprobar(session, clave="CH-CO 01/2026", fuentes=[region["jal"]])
    segundo = aprobar(session, clave="CH-CO 02/2026", garantes=("jal", "ags"))
    aprobar(session, clave=None, estado="proyecto")  # not approved: not in the matrix
    _adoptar(session, primero, "jal", secretaria)
    _adoptar(session, primero, "col", secretaria, estado="rechazado")
    _adoptar(session, segundo, "jal", secretaria)

    matriz = adhesiones.matriz_regional(
        session=session, estados=("aprobado", "publicado"), pagina=1, por_pagina=1
    )
    assert [g.id for g in matriz.garantes] == ["ags", "col", "jal"]
    assert matriz.pagina.total == 2 and matriz.pagina.paginas == 2
    assert matriz.por_garante == {"jal": (2, 2), "ags": (0, 2), "col": (0, 1)}
    assert matriz.conteos == {"pendiente": 2, "adoptado": 2, "rechazado": 1, "parcial": 0}
    assert adhesiones.progreso(session=session, criterio_ids=[primero.id, segundo.id]) == {
        primero.id: (1, 3),
        segundo.id: (1, 2),
    }
    # Newest approval first; same day: the later one first.
    [fila] = matriz.pagina.elementos
    assert (fila.criterio.clave, fila.adoptados, fila.total) == ("CH-CO 02/2026", 1, 2)
    assert set(fila.por_garante) == {"jal", "ags"}

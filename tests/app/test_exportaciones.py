"""CSV exports of the lists: /propuestas.csv, /mesas.csv, /proyectos.csv and
/criterios-homologados/adhesion.csv — every row of the page's query (no pagination), with
the page's filters and visibility, Spanish headers, UTF-8 with BOM and formulas neutralized."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlmodel import Session

from app.settings import Settings, cargar_settings
from criterios.models import hoy
from sesiones.models import (
    Acta,
    Adhesion,
    ApoyoPropuesta,
    Evidencia,
    FuenteCriterioHomologado,
    Observacion,
)
from tests.conftest import URL_PRUEBAS
from tests.factories import (
    crear_acuerdo,
    crear_criterio,
    crear_garante,
    crear_mesa,
    crear_propuesta,
    crear_proyecto,
    crear_punto,
)
from tests.sesiones.homologados import aprobar, crear_region, publicar

FORMULA = '=HYPERLINK("http://x.example","clic")'
POR_PAGINA = 2  # the pages show two rows; the CSVs must still carry every row


@pytest.fixture
def settings() -> Settings:
    return cargar_settings(
        {
            "HOMOLOGA_ENTORNO": "pruebas",
            "DATABASE_URL": URL_PRUEBAS,
            "HOMOLOGA_SECRET_KEY": "clave-de-pruebas",
            "HOMOLOGA_POR_PAGINA": str(POR_PAGINA),
        }
    )


def _filas(respuesta: Any, nombre: str) -> list[list[str]]:
    """Return the CSV's rows after checking it is a UTF-8 download with BOM named ``nombre``."""
    assert respuesta.status_code == 200, respuesta.text
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["content-disposition"] == (
        f'attachment; filename="{nombre}-{hoy().isoformat()}.csv"'
    )
    assert respuesta.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))


def _columna(filas: list[list[str]], encabezado: str) -> list[str]:
    indice = filas[0].index(encabezado)
    return [fila[indice] for fila in filas[1:]]


# --- Propuestas --------------------------------------------------------------------------


@pytest.fixture
def propuestas(session: Session, usuario):
    """Four propuestas: one on mesa 3/2026's agenda with two apoyos, one not admitted (col),
    one whose título is a formula, one more; the newest is listed first."""
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col", siglas="INFOCOL")
    autora = usuario("comisionado", "jal")
    autora.nombre = "Ana Comisionada"
    session.add(autora)
    session.commit()
    en_mesa = crear_propuesta(
        session, titulo="Plazo de respuesta", garante_id="jal", autor_id=autora.id,
        estado="en_orden_del_dia", creada_en=datetime(2026, 11, 3, 3, 0, tzinfo=UTC),
    )  # fmt: skip
    for apoyo in (usuario("comisionado", "col"), usuario("comisionado", "jal")):
        session.add(ApoyoPropuesta(propuesta_id=en_mesa.id, usuario_id=apoyo.id))
    mesa = crear_mesa(session, numero=3, fecha=date(2026, 12, 10), estado="convocada")
    crear_punto(session, mesa, titulo="Lista de asistencia")
    crear_punto(session, mesa, titulo="Plazo de respuesta", propuesta_id=en_mesa.id)
    no_admitida = crear_propuesta(
        session, titulo="Costos de reproducción", garante_id="col", estado="no_admitida",
        motivo_no_admision="Ya se discutió en la mesa 1/2026.",
        creada_en=datetime(2026, 11, 4, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    formula = crear_propuesta(
        session, titulo=FORMULA, garante_id="jal", creada_en=datetime(2026, 11, 5, tzinfo=UTC)
    )
    otra = crear_propuesta(
        session, titulo="Versiones públicas", garante_id="jal", estado="admitida",
        creada_en=datetime(2026, 11, 6, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    return {"en_mesa": en_mesa, "no_admitida": no_admitida, "formula": formula, "otra": otra}


def test_propuestas_csv_con_todas_las_filas_y_sus_columnas(cliente_como, propuestas):
    filas = _filas(cliente_como("juridico", "col").get("/propuestas.csv"), "propuestas")
    assert filas[0] == [
        "Número", "Título", "Origen", "Estado", "Garante", "Autor", "Apoyos", "Presentada el",
        "Motivo de no admisión", "Mesa", "Punto del orden del día",
    ]  # fmt: skip
    assert _columna(filas, "Número") == [
        str(propuestas[n].id) for n in ("otra", "formula", "no_admitida", "en_mesa")
    ]
    # 03:00 UTC is still the 2nd in central Mexico: the date is the users' calendar day.
    assert filas[4] == [
        str(propuestas["en_mesa"].id), "Plazo de respuesta", "Tema libre", "En orden del día",
        "ITEI", "Ana Comisionada", "2", "2026-11-02", "", "3/2026", "2. Plazo de respuesta",
    ]  # fmt: skip
    assert filas[3][3:10] == [
        "No admitida", "INFOCOL", "", "0", "2026-11-04", "Ya se discutió en la mesa 1/2026.", "",
    ]  # fmt: skip


def test_propuestas_csv_con_los_filtros_de_la_lista(cliente_como, propuestas):
    cliente = cliente_como("secretaria")
    por_estado = _filas(cliente.get("/propuestas.csv?estado=no_admitida"), "propuestas")
    assert _columna(por_estado, "Título") == ["Costos de reproducción"]
    por_garante = _filas(cliente.get("/propuestas.csv?garante=jal"), "propuestas")
    assert _columna(por_garante, "Garante") == ["ITEI", "ITEI", "ITEI"]
    ambos = _filas(cliente.get("/propuestas.csv?estado=admitida&garante=jal"), "propuestas")
    assert _columna(ambos, "Título") == ["Versiones públicas"]


def test_la_lista_de_propuestas_enlaza_su_csv_con_los_filtros(cliente_como, propuestas):
    cliente = cliente_como("secretaria")
    assert 'href="/propuestas.csv" hx-boost="false">Descargar CSV</a>' in (
        cliente.get("/propuestas").text
    )
    fragmento = cliente.get(
        "/propuestas?estado=admitida&garante=jal", headers={"HX-Request": "true"}
    ).text
    assert 'href="/propuestas.csv?estado=admitida&amp;garante=jal"' in fragmento


def test_propuestas_csv_pide_cuenta(anonimo, propuestas):
    respuesta = anonimo.get("/propuestas.csv", follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/entrar?siguiente=/propuestas.csv"


def test_propuestas_csv_neutraliza_formulas(cliente_como, propuestas):
    filas = _filas(cliente_como("secretaria").get("/propuestas.csv"), "propuestas")
    assert filas[2][1] == "'" + FORMULA


# --- Mesas -------------------------------------------------------------------------------


@pytest.fixture
def mesas(session: Session):
    """Mesa 3/2026 convocada (sede ITEI, two puntos), 1/2026 concluida (two acuerdos, acta
    aprobada), 2/2026 cancelada (its convocatoria was public), a borrador, a borrador that
    was cancelled without being convened and a concluded mesa whose título is a formula."""
    crear_garante(session, "jal", siglas="ITEI")
    convocada = crear_mesa(
        session, numero=3, titulo="Plazos de respuesta", fecha=date(2026, 12, 10),
        hora=time(10, 30), modalidad="mixta", sede_garante_id="jal", estado="convocada",
        convocada_en=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip
    crear_punto(session, convocada, titulo="Lista de asistencia")
    crear_punto(session, convocada, titulo="Plazo de respuesta")
    concluida = crear_mesa(
        session, numero=1, titulo="Instalación", fecha=date(2026, 3, 5), hora=None,
        modalidad="presencial", estado="concluida", convocada_en=datetime(2026, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    crear_acuerdo(session, concluida)
    crear_acuerdo(session, concluida)
    session.add(Acta(mesa_id=concluida.id, version=1, estado="aprobada", datos={}, html="<p/>"))
    session.add(Acta(mesa_id=concluida.id, version=2, estado="borrador", datos={}, html="<p/>"))
    session.commit()
    cancelada = crear_mesa(
        session, numero=2, titulo="Ordinaria de junio", fecha=date(2026, 6, 4),
        estado="cancelada", convocada_en=datetime(2026, 5, 1, tzinfo=UTC),
        motivo_cancelacion="Sin quórum.",
    )  # fmt: skip
    borrador = crear_mesa(
        session, numero=4, titulo="Mesa en preparación", fecha=date(2026, 12, 17), estado="borrador"
    )
    nunca_convocada = crear_mesa(
        session, numero=5, titulo="Borrador descartado", fecha=date(2026, 7, 1), estado="cancelada"
    )
    formula = crear_mesa(
        session, numero=6, titulo=FORMULA, fecha=date(2026, 1, 15), estado="concluida",
        convocada_en=datetime(2026, 1, 2, tzinfo=UTC),
    )  # fmt: skip
    return {
        "convocada": convocada,
        "concluida": concluida,
        "cancelada": cancelada,
        "borrador": borrador,
        "nunca_convocada": nunca_convocada,
        "formula": formula,
    }


def test_mesas_csv_con_todas_las_filas_y_sus_columnas(anonimo, mesas):
    filas = _filas(anonimo.get("/mesas.csv"), "mesas")
    assert filas[0] == [
        "Número", "Título", "Fecha", "Hora", "Modalidad", "Sede", "Estado", "Puntos", "Acuerdos",
        "Acta aprobada",
    ]  # fmt: skip
    # As the page: próximas first, then every anterior (beyond the page's two), latest first.
    assert _columna(filas, "Número") == ["3/2026", "2/2026", "1/2026", "6/2026"]
    assert filas[1] == [
        "3/2026", "Plazos de respuesta", "2026-12-10", "10:30", "Mixta", "ITEI", "Convocada",
        "2", "0", "No",
    ]  # fmt: skip
    assert filas[3] == [
        "1/2026", "Instalación", "2026-03-05", "", "Presencial", "", "Concluida", "0", "2", "Sí",
    ]  # fmt: skip
    assert filas[2][6] == "Cancelada"


def test_el_publico_nunca_ve_borradores_en_el_csv_de_mesas(anonimo, cliente_como, mesas):
    publico = anonimo.get("/mesas.csv").text
    assert "Mesa en preparación" not in publico
    assert "Borrador descartado" not in publico
    for rol, garante in (("comisionado", "jal"), ("juridico", "jal")):
        assert "Mesa en preparación" not in cliente_como(rol, garante).get("/mesas.csv").text
    secretaria = _filas(cliente_como("secretaria").get("/mesas.csv"), "mesas")
    assert _columna(secretaria, "Número") == [
        "3/2026", "4/2026", "5/2026", "2/2026", "1/2026", "6/2026",
    ]  # fmt: skip
    assert _columna(secretaria, "Estado")[1] == "Borrador"


def test_la_lista_de_mesas_enlaza_su_csv(anonimo, mesas):
    assert '<a href="/mesas.csv">Descargar CSV</a>' in anonimo.get("/mesas").text


def test_mesas_csv_neutraliza_formulas(anonimo, mesas):
    filas = _filas(anonimo.get("/mesas.csv"), "mesas")
    assert filas[4][1] == "'" + FORMULA


# --- Proyectos -----------------------------------------------------------------------------


@pytest.fixture
def proyectos(session: Session):
    """Three proyectos: one with two sources and a pending observación (the latest change),
    a rejected one and one whose rubro is a formula."""
    fuentes = [crear_criterio(session, "jal", "jal-07"), crear_criterio(session, "col", "col-01")]
    observado = crear_proyecto(
        session, rubro="PLAZO PARA RESPONDER.", version=3,
        actualizado_en=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    for criterio in fuentes:
        session.add(
            FuenteCriterioHomologado(criterio_homologado_id=observado.id, criterio_id=criterio.id)
        )
    session.add(Observacion(criterio_homologado_id=observado.id, version=3, texto="Falta fuente."))
    session.add(
        Observacion(
            criterio_homologado_id=observado.id, version=2, texto="Ya se corrigió.",
            estado="atendida",
        )
    )  # fmt: skip
    session.commit()
    rechazado = crear_proyecto(
        session, rubro="RESERVA POR INVESTIGACIONES.", estado="rechazado",
        actualizado_en=datetime(2026, 11, 10, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    formula = crear_proyecto(
        session, rubro=FORMULA, actualizado_en=datetime(2026, 11, 1, 18, 0, tzinfo=UTC)
    )
    return {"observado": observado, "rechazado": rechazado, "formula": formula}


def test_proyectos_csv_con_todas_las_filas_y_sus_columnas(cliente_como, proyectos):
    filas = _filas(cliente_como("comisionado", "jal").get("/proyectos.csv"), "proyectos")
    assert filas[0] == [
        "Número", "Clave", "Rubro", "Estado", "Versión", "Fuentes", "Observaciones pendientes",
        "Último cambio",
    ]  # fmt: skip
    assert _columna(filas, "Número") == [
        str(proyectos[n].id) for n in ("observado", "rechazado", "formula")
    ]
    assert filas[1] == [
        str(proyectos["observado"].id), "", "PLAZO PARA RESPONDER.", "Proyecto", "3", "2", "1",
        "2026-11-19",
    ]  # fmt: skip


def test_proyectos_csv_con_el_filtro_de_la_lista(cliente_como, proyectos):
    cliente = cliente_como("secretaria")
    filas = _filas(cliente.get("/proyectos.csv?estado=rechazado"), "proyectos")
    assert _columna(filas, "Rubro") == ["RESERVA POR INVESTIGACIONES."]
    assert _columna(filas, "Estado") == ["Rechazado"]
    # An unknown estado is no filter, as on the page.
    assert len(_filas(cliente.get("/proyectos.csv?estado=otro"), "proyectos")) == 4
    fragmento = cliente.get("/proyectos?estado=rechazado", headers={"HX-Request": "true"}).text
    assert 'href="/proyectos.csv?estado=rechazado" hx-boost="false">Descargar CSV</a>' in (
        fragmento
    )


def test_proyectos_csv_pide_cuenta(anonimo, proyectos):
    respuesta = anonimo.get("/proyectos.csv", follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/entrar?siguiente=/proyectos.csv"


def test_proyectos_csv_neutraliza_formulas(cliente_como, proyectos):
    filas = _filas(cliente_como("secretaria").get("/proyectos.csv"), "proyectos")
    assert filas[3][2] == "'" + FORMULA


# --- Adhesión por garante ----------------------------------------------------------------


@pytest.fixture
def matriz(session: Session):
    """Three published criterios homologados (one adopted by JAL with a link and a file, one
    asked of JAL and AGS only, one whose rubro is a formula) and an unpublished one."""
    region = crear_region(session)
    adoptado = aprobar(
        session, clave="CH-CO 01/2026", fuentes=[region["jal"], region["col"]],
        aprobado_en=datetime(2026, 10, 20, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    publicar(session, adoptado, datetime(2026, 10, 22, 9, 0, tzinfo=UTC))
    archivo = Evidencia(
        nombre_archivo="acta-45.pdf",
        tipo_mime="application/pdf",
        tamano=4,
        sha256="0" * 64,
        contenido=b"%PDF",
    )
    session.add(archivo)
    session.flush()
    jal = session.get(Adhesion, (adoptado.id, "jal"))
    assert jal is not None
    jal.estado, jal.fecha = "adoptado", date(2026, 11, 2)
    jal.evidencia_url, jal.evidencia_id = "https://itei.org.mx/acta-45.pdf", archivo.id
    col = session.get(Adhesion, (adoptado.id, "col"))
    assert col is not None
    col.estado, col.fecha, col.evidencia_id = "parcial", date(2026, 11, 5), archivo.id
    session.add_all([jal, col])
    session.commit()
    sin_col = aprobar(
        session, clave="CH-CO 02/2026", rubro="VERSIONES PÚBLICAS.", garantes=("jal", "ags"),
        aprobado_en=datetime(2026, 10, 10, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    publicar(session, sin_col, datetime(2026, 10, 12, 9, 0, tzinfo=UTC))
    formula = aprobar(
        session, clave="CH-CO 03/2026", rubro=FORMULA,
        aprobado_en=datetime(2026, 9, 1, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    publicar(session, formula, datetime(2026, 9, 2, 9, 0, tzinfo=UTC))
    sin_publicar = aprobar(
        session, clave="CH-CO 04/2026", rubro="RESERVA POR INVESTIGACIONES.",
        aprobado_en=datetime(2026, 10, 30, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    return {
        "adoptado": adoptado,
        "sin_col": sin_col,
        "formula": formula,
        "sin_publicar": sin_publicar,
    }


def test_adhesion_csv_una_fila_por_criterio_y_garante(anonimo, matriz):
    respuesta = anonimo.get("/criterios-homologados/adhesion.csv")
    filas = _filas(respuesta, "adhesion")
    assert filas[0] == [
        "Clave", "Rubro", "Publicado", "Garante", "Estado de la adhesión", "Fecha", "Evidencia",
    ]  # fmt: skip
    # Every criterio (the page shows two) × every garante of the matrix (AGS, COL, JAL).
    assert [(f[0], f[3]) for f in filas[1:]] == [
        (clave, garante)
        for clave in ("CH-CO 01/2026", "CH-CO 02/2026", "CH-CO 03/2026")
        for garante in ("AGS", "COL", "JAL")
    ]
    archivo = (
        f"http://testserver/criterios-homologados/{matriz['adoptado'].id}/adhesiones/jal/evidencia"
    )
    assert filas[3] == [
        "CH-CO 01/2026", "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN.", "Sí",
        "JAL", "Adoptado", "2026-11-02", f"https://itei.org.mx/acta-45.pdf; {archivo}",
    ]  # fmt: skip
    assert filas[2][4:] == ["Adoptado en parte", "2026-11-05", archivo.replace("/jal/", "/col/")]
    assert filas[1][4:] == ["Pendiente", "", ""]
    assert filas[5][4:] == ["No participa", "", ""]  # CH-CO 02/2026 was not asked of COL


def test_adhesion_csv_sin_publicar_solo_para_cuentas(anonimo, cliente_como, matriz):
    assert "CH-CO 04/2026" not in anonimo.get("/criterios-homologados/adhesion.csv").text
    interna = _filas(
        cliente_como("comisionado", "ags").get("/criterios-homologados/adhesion.csv"), "adhesion"
    )
    assert [f[2] for f in interna[1:] if f[0] == "CH-CO 04/2026"] == ["No", "No", "No"]


def test_la_matriz_enlaza_su_csv(anonimo, matriz):
    html = anonimo.get("/criterios-homologados/adhesion").text
    assert '<a href="/criterios-homologados/adhesion.csv">Descargar CSV</a>' in html


def test_adhesion_csv_neutraliza_formulas(anonimo, matriz):
    filas = _filas(anonimo.get("/criterios-homologados/adhesion.csv"), "adhesion")
    assert {f[1] for f in filas[1:] if f[0] == "CH-CO 03/2026"} == {"'" + FORMULA}


def test_adhesion_csv_vacio_solo_encabezados(anonimo):
    filas = _filas(anonimo.get("/criterios-homologados/adhesion.csv"), "adhesion")
    assert len(filas) == 1


# --- Open data index ---------------------------------------------------------------------


def test_datos_abiertos_listan_las_exportaciones_publicas(anonimo):
    html = anonimo.get("/datos").text
    assert '<a href="/mesas.csv">mesas.csv</a>' in html
    assert '<a href="/criterios-homologados/adhesion.csv">adhesion.csv</a>' in html
    assert "/propuestas.csv" not in html and "/proyectos.csv" not in html

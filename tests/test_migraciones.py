"""Migrations: they build the schema the models describe and keep existing data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from app.db import aplicar_migraciones, claves_foraneas_suspendidas, crear_engine
from app.settings import BASE_DIR, MIGRATIONS_DIR
from tests.conftest import ES_POSTGRES, URL_PRUEBAS

# The revision before the search-term index, whose upgrade rebuilds the criterio table.
ANTES_DEL_INDICE = "86572b665cf9"


@pytest.fixture
def engine_vacio(tmp_path) -> Iterator[Engine]:
    """Return an engine on an empty database of the backend under test."""
    if not ES_POSTGRES:
        engine = crear_engine(f"sqlite:///{tmp_path / 'migraciones.db'}")
        yield engine
        engine.dispose()
        return
    # A scratch database beside the test one, so the suite's tables stay untouched.
    # Named after the test database, so each pytest-xdist process has its own.
    servidor, nombre = URL_PRUEBAS.rsplit("/", 1)
    borrador = f"{nombre}_migraciones"
    administracion = crear_engine(URL_PRUEBAS).execution_options(isolation_level="AUTOCOMMIT")
    with administracion.connect() as conexion:
        conexion.execute(text(f'DROP DATABASE IF EXISTS "{borrador}"'))
        conexion.execute(text(f'CREATE DATABASE "{borrador}"'))
    engine = crear_engine(f"{servidor}/{borrador}")
    yield engine
    engine.dispose()
    with administracion.connect() as conexion:
        conexion.execute(text(f'DROP DATABASE IF EXISTS "{borrador}"'))
    administracion.dispose()


def _actualizar(engine: Engine, revision: str) -> None:
    config = Config(str(BASE_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with (
        engine.connect() as conexion,
        claves_foraneas_suspendidas(conexion),
        conexion.begin(),
    ):
        config.attributes["connection"] = conexion
        command.upgrade(config, revision)


def test_las_migraciones_construyen_el_esquema_de_los_modelos(engine_vacio):
    aplicar_migraciones(engine_vacio)
    with engine_vacio.connect() as conexion:
        contexto = MigrationContext.configure(conexion, opts={"compare_type": True})
        diferencias = compare_metadata(contexto, SQLModel.metadata)
    assert diferencias == []


def test_el_indice_de_terminos_conserva_temas_y_versiones_existentes(engine_vacio):
    _actualizar(engine_vacio, ANTES_DEL_INDICE)
    with engine_vacio.begin() as conexion:
        conexion.execute(
            text("INSERT INTO garante (id, nombre, catalogo_publico) VALUES ('ags', 'A', true)")
        )
        conexion.execute(
            text(
                "INSERT INTO criterio (garante_id, id_externo, rubro, texto, vigencia, temas,"
                " precedentes, version, actualizado_en, busqueda) VALUES ('ags', 'ags-01',"
                " 'PLAZOS DE RESPUESTA.', 'La información pública', 'vigente', '[\"gratuidad\"]',"
                " '[]', 1, '2026-01-01 00:00:00', ' x ')"
            )
        )
        conexion.execute(
            text("INSERT INTO criterio_tema (criterio_id, tema) VALUES (1, 'gratuidad')")
        )
        conexion.execute(
            text(
                "INSERT INTO criterio_version (criterio_id, numero, creado_en, motivo, datos)"
                " VALUES (1, 1, '2026-01-01 00:00:00', 'alta', '{}')"
            )
        )

    aplicar_migraciones(engine_vacio)

    with engine_vacio.connect() as conexion:
        terminos = conexion.execute(text("SELECT termino FROM termino_criterio ORDER BY 1"))
        assert [t for (t,) in terminos] == ["gratuid", "inform", "plaz", "public", "respuest"]
        assert conexion.execute(text("SELECT tema FROM criterio_tema")).scalar_one() == "gratuidad"
        assert conexion.execute(text("SELECT count(*) FROM criterio_version")).scalar_one() == 1


def test_tras_migrar_un_acta_aprobada_no_se_modifica_ni_se_borra(engine_vacio):
    aplicar_migraciones(engine_vacio)
    with engine_vacio.begin() as conexion:
        conexion.execute(
            text(
                "INSERT INTO mesa (anio, numero, titulo, fecha, modalidad, estado, "
                "quorum_fraccion, quorum_estricto, creada_en, actualizada_en) VALUES "
                "(2026, 1, 'Mesa', '2026-09-17', 'virtual', 'concluida', 0.5, true, "
                "'2026-09-01', '2026-09-01')"
            )
        )
        conexion.execute(
            text(
                "INSERT INTO acta (mesa_id, version, estado, creada_en) VALUES "
                "(1, 1, 'aprobada', '2026-09-20'), (1, 2, 'borrador', '2026-09-21')"
            )
        )
    for sentencia in (
        "UPDATE acta SET html = 'otra' WHERE version = 1",
        "DELETE FROM acta WHERE version = 1",
    ):
        with pytest.raises(Exception, match="un acta aprobada no se"), engine_vacio.begin() as c:
            c.execute(text(sentencia))
    with engine_vacio.begin() as conexion:
        conexion.execute(text("UPDATE acta SET html = 'corregida' WHERE version = 2"))
        assert conexion.execute(text("SELECT count(*) FROM acta")).scalar_one() == 2

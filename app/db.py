"""Engine creation, per-request sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from app.settings import BASE_DIR, MIGRATIONS_DIR


def crear_engine(database_url: str, *, echo: bool = False) -> Engine:
    """Return an engine for ``database_url``; SQLite gets WAL, a busy timeout and FKs on."""
    if database_url.startswith("sqlite"):
        en_memoria = database_url in ("sqlite://", "sqlite:///:memory:")
        if not en_memoria:
            ruta = Path(database_url.split("///", 1)[1])
            ruta.parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 15}}
        if en_memoria:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(database_url, echo=echo, **kwargs)
        event.listen(engine, "connect", _pragmas_sqlite)
        return engine
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return create_engine(database_url, echo=echo, pool_pre_ping=True)


def _pragmas_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def sesion(engine: Engine) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def aplicar_migraciones(engine: Engine) -> None:
    """Upgrade the database behind ``engine`` to the latest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(BASE_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with (
        engine.connect() as connection,
        claves_foraneas_suspendidas(connection),
        connection.begin(),
    ):
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def claves_foraneas_suspendidas(connection: Connection) -> Iterator[None]:
    """Run the block with SQLite's foreign keys off, then check them and turn them on.

    Alembic's batch mode rebuilds a SQLite table by copying it and dropping the old one;
    with foreign keys on, that DROP cascades and empties every table that points to it.
    The pragma only takes effect outside a transaction, hence the commits around it.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
    rotas = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.commit()
    if rotas:
        raise RuntimeError(f"La migración dejó referencias rotas: {rotas[:5]}")

"""Settings read once from the environment (Starlette ``Config``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import Secret

BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = BASE_DIR / "templates"
STATIC_DIR = BASE_DIR / "static"
MIGRATIONS_DIR = BASE_DIR / "migrations"

ENTORNOS = ("desarrollo", "pruebas", "produccion")


def _directorio_datos_por_omision() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "homologa"


@dataclass(frozen=True)
class Settings:
    entorno: str
    database_url: str
    secret_key: str
    directorio_datos: Path
    max_subida_bytes: int
    max_cuerpo_bytes: int
    por_pagina: int
    https: bool
    # Sessions end after this much inactivity, and in any case after the absolute lifetime.
    sesion_inactividad_min: int = 30
    sesion_duracion_max_h: int = 12
    # Login throttling: failures within the window lock the account / the client address.
    acceso_ventana_min: int = 15
    acceso_fallos_por_cuenta: int = 5
    acceso_fallos_por_direccion: int = 20
    # A one-time password set by an administrator stops working after this long.
    contrasena_inicial_h: int = 72

    @property
    def es_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def cargar_settings(environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
    """Return the settings read from ``environ`` (the process environment by default)."""
    config = Config(environ=environ if environ is not None else os.environ)
    entorno = config("HOMOLOGA_ENTORNO", default="desarrollo")
    if entorno not in ENTORNOS:
        raise RuntimeError(
            f"HOMOLOGA_ENTORNO={entorno!r} no es válido; use uno de: {', '.join(ENTORNOS)}"
        )
    directorio_datos = Path(
        config("HOMOLOGA_DIR_DATOS", default=str(_directorio_datos_por_omision()))
    )
    database_url = config("DATABASE_URL", default="")
    if not database_url:
        database_url = f"sqlite:///{directorio_datos / 'homologa.db'}"
    secret = config("HOMOLOGA_SECRET_KEY", cast=Secret, default="")
    secret_key = str(secret)
    if not secret_key:
        if entorno == "produccion":
            raise RuntimeError(
                "Falta HOMOLOGA_SECRET_KEY: en producción debe definirse una clave secreta."
            )
        secret_key = "clave-de-desarrollo-no-usar-en-produccion"
    max_subida_mb = config("HOMOLOGA_MAX_SUBIDA_MB", cast=int, default=20)
    return Settings(
        entorno=entorno,
        database_url=database_url,
        secret_key=secret_key,
        directorio_datos=directorio_datos,
        max_subida_bytes=max_subida_mb * 1024 * 1024,
        # The whole body may carry a file plus the form around it.
        max_cuerpo_bytes=max_subida_mb * 1024 * 1024 + 1024 * 1024,
        por_pagina=config("HOMOLOGA_POR_PAGINA", cast=int, default=25),
        https=config("HOMOLOGA_HTTPS", cast=bool, default=False),
        sesion_inactividad_min=config("HOMOLOGA_SESION_INACTIVIDAD_MIN", cast=int, default=30),
        sesion_duracion_max_h=config("HOMOLOGA_SESION_DURACION_MAX_H", cast=int, default=12),
        acceso_ventana_min=config("HOMOLOGA_ACCESO_VENTANA_MIN", cast=int, default=15),
        acceso_fallos_por_cuenta=config("HOMOLOGA_ACCESO_FALLOS_CUENTA", cast=int, default=5),
        acceso_fallos_por_direccion=config(
            "HOMOLOGA_ACCESO_FALLOS_DIRECCION", cast=int, default=20
        ),
        contrasena_inicial_h=config("HOMOLOGA_CONTRASENA_INICIAL_H", cast=int, default=72),
    )

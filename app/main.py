"""The application factory and the whole URL map."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from app import errores
from app.db import crear_engine
from app.middleware import BodyLimitMiddleware, SessionCleanupMiddleware
from app.routes import criterios, datos, garantes, importacion, inicio, procedimientos, salud
from app.settings import STATIC_DIR, Settings, cargar_settings
from app.templating import crear_templates


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> Starlette:
    """Return the Starlette application wired to one engine and one Jinja environment."""
    settings = settings or cargar_settings()
    engine = engine or crear_engine(settings.database_url)
    routes = [
        # Each module lists its own paths; the comments give the map at a glance.
        *inicio.routes,  # /
        *salud.routes,  # /salud
        *garantes.routes,  # /garantes, /garantes/{id}
        *criterios.routes,  # /criterios, /criterios/nuevo, /criterios/{id}[/editar|/versiones]
        *procedimientos.routes,  # /procedimientos (matriz), /procedimientos/{id}[/editar]
        *importacion.routes,  # /importar
        *datos.routes,  # /datos, /datos/criterios.json, /datos/criterios.csv
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=[
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_cuerpo_bytes),
            Middleware(SessionCleanupMiddleware),
        ],
        exception_handlers={
            HTTPException: errores.http_exception,
            Exception: errores.server_error,
        },
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = crear_templates()
    return app

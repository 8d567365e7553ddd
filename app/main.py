"""The application factory and the whole URL map."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from app import errores
from app.autenticacion import AuthenticationMiddleware, usuario_actual
from app.csrf import CSRFMiddleware
from app.db import crear_engine
from app.middleware import BodyLimitMiddleware, SessionCleanupMiddleware
from app.permisos import EntradaRequerida, puede, url_de_entrada
from app.routes import (
    actas,
    acuerdos,
    adhesiones,
    administracion,
    bitacora,
    comparaciones,
    criterios,
    criterios_homologados,
    cuentas,
    datos,
    evidencias,
    garantes,
    importacion,
    inicio,
    mesas,
    procedimientos,
    propuestas,
    proyectos,
    resultados,
    salud,
    seguimiento,
    usuarios,
    votaciones,
)
from app.seguridad import SecurityHeadersMiddleware
from app.settings import STATIC_DIR, Settings, cargar_settings
from app.tareas import Tareas
from app.templating import crear_templates
from app.web import get_session
from criterios.demo import hay_datos_de_ejemplo
from criterios.models import Garante


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, tareas: Tareas | None = None
) -> Starlette:
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
        *comparaciones.routes,  # /comparaciones, /comparaciones/{id}
        # /grupos[/{clave}], /divergencias[/{id}[/revision]], /cobertura[.csv],
        # /datos/comparacion.json, /datos/divergencias.csv
        *resultados.routes,
        *datos.routes,  # /datos, /datos/criterios.json, /datos/criterios.csv
        # Mesas de análisis: propuestas → mesas y orden del día → sesión (asistencia,
        # quórum, votaciones) → acuerdos y seguimiento → acta.
        *propuestas.routes,  # /propuestas, /propuestas/nueva, /propuestas/{id}[/apoyo|/admision]
        *mesas.routes,  # /mesas, /mesas/nueva, /mesas/{id}[/editar|/convocar|/puntos…]
        *votaciones.routes,  # /mesas/{id}/sesion, asistencia, /puntos/{id}/votacion…
        *seguimiento.routes,  # /acuerdos, /acuerdos.csv
        # /puntos/{id}/acuerdos/nuevo, /acuerdos/{id}[/avances|/cumplido|/reabrir]
        *acuerdos.routes,
        *evidencias.routes,  # /evidencias/{id}
        *actas.routes,  # /mesas/{id}/acta[.pdf|/aprobar|/corregir], /mesas/feed.atom
        # Criterios homologados: redacción y aprobación, adhesión y publicación.
        *proyectos.routes,  # /proyectos, /proyectos/nuevo, /proyectos/{id}[/editar|/versiones]
        # /criterios-homologados[/{id}[.pdf]|/{id}/publicar|/{id}/superar|/feed.atom],
        # /datos/criterios-homologados.*
        *criterios_homologados.routes,
        # /criterios-homologados/adhesion, /criterios-homologados/{id}/adhesiones/{garante}
        # [/evidencia], /criterios-homologados/{id}/superados
        *adhesiones.routes,
        *cuentas.routes,  # /entrar, /salir, /cuenta/contrasena
        *usuarios.routes,  # /usuarios, /usuarios/nueva, /usuarios/{id}[/rol|/desactivar|…]
        *bitacora.routes,  # /bitacora, /bitacora.csv
        *administracion.routes,  # /administracion (catálogos públicos o privados)
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        lifespan=_ciclo_de_vida,
        # Outermost first: headers on every response, then the body limit, then the DB
        # session's cleanup, who is asking, and the CSRF check that depends on it.
        middleware=[
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_cuerpo_bytes),
            Middleware(SessionCleanupMiddleware),
            Middleware(AuthenticationMiddleware),
            Middleware(CSRFMiddleware),
        ],
        exception_handlers={
            EntradaRequerida: _a_entrar,
            HTTPException: errores.http_exception,
            Exception: errores.server_error,
        },
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = crear_templates()
    # Comparator runs go to a background worker owned by the app (tests pass an inline one).
    app.state.tareas = tareas or Tareas(engine)
    app.state.templates.env.globals.update(
        puede=puede,
        usuario_actual=_usuario_de_plantilla,
        datos_de_ejemplo=_datos_de_ejemplo,
        siglas_garante=_siglas_garante,
    )
    return app


async def _a_entrar(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EntradaRequerida)
    return RedirectResponse(url_de_entrada(exc.siguiente), status_code=303)


@pass_context
def _usuario_de_plantilla(contexto: Context) -> object:
    request = contexto.get("request")
    return usuario_actual(request) if request is not None else None


@pass_context
def _datos_de_ejemplo(contexto: Context) -> bool:
    """Return whether the demo data was loaded (asked once per request)."""
    request = contexto.get("request")
    if request is None:
        return False
    estado = request.scope.setdefault("state", {})
    if "hay_datos_de_ejemplo" not in estado:
        estado["hay_datos_de_ejemplo"] = hay_datos_de_ejemplo(get_session(request))
    return bool(estado["hay_datos_de_ejemplo"])


@pass_context
def _siglas_garante(contexto: Context, garante_id: str) -> str:
    """Return how the header names a garante: its siglas, else its id."""
    request = contexto.get("request")
    if request is None:
        return garante_id
    garante = get_session(request).get(Garante, garante_id)
    return (garante.siglas or garante.id) if garante else garante_id


@asynccontextmanager
async def _ciclo_de_vida(app: Starlette) -> AsyncIterator[None]:
    app.state.tareas.al_iniciar()
    yield
    app.state.tareas.cerrar()

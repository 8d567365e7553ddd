"""The one Jinja environment: templates, Spanish filters and fragment rendering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import Response

from app.settings import TEMPLATES_DIR
from criterios.models import ZONA_HORARIA, fecha_larga

UNIDADES = {
    "dias_habiles": ("día hábil", "días hábiles"),
    "dias_naturales": ("día natural", "días naturales"),
    "meses": ("mes", "meses"),
    "horas": ("hora", "horas"),
}


# The main menu: (url, label, sections it marks as current, action needed to see it).
MENU_PRINCIPAL = (
    ("/garantes", "Garantes", ("/garantes",), None),
    ("/criterios", "Criterios", ("/criterios",), None),
    ("/procedimientos", "Procedimientos", ("/procedimientos",), None),
    ("/grupos", "Comparación", ("/comparaciones", "/grupos", "/divergencias", "/cobertura"), None),
    ("/mesas", "Mesas", ("/mesas", "/propuestas", "/acuerdos", "/puntos"), None),
    ("/criterios-homologados", "Homologados", ("/criterios-homologados", "/proyectos"), None),
    ("/datos", "Datos abiertos", ("/datos",), None),
    ("/importar", "Importar", ("/importar",), "importar"),
    ("/bitacora", "Bitácora", ("/bitacora",), "bitacora.ver"),
    ("/administracion", "Administración", ("/administracion", "/usuarios"), "garante.administrar"),
)
# Second-level menus shown inside a section: (label, sections, [(url, label, action)]).
# Propuestas and proyectos are internal work: the links show to whoever may act on them.
SUBMENUS = (
    (
        "Mesas de análisis",
        ("/mesas", "/propuestas", "/acuerdos", "/puntos"),
        (
            ("/mesas", "Mesas", None),
            ("/propuestas", "Propuestas de tema", "acceso.interno"),
            ("/acuerdos", "Acuerdos y seguimiento", None),
        ),
    ),
    (
        "Criterios homologados",
        ("/criterios-homologados", "/proyectos"),
        (
            ("/criterios-homologados", "Publicados", None),
            ("/criterios-homologados/adhesion", "Adhesión por garante", None),
            ("/proyectos", "Proyectos", "acceso.interno"),
        ),
    ),
)


def fecha_hora(valor: datetime | None) -> str:
    """Return a stored moment as '28 de noviembre de 2026, 08:05 h' in central Mexico time."""
    if valor is None:
        return ""
    if valor.tzinfo is not None:
        valor = valor.astimezone(ZONA_HORARIA)
    return f"{fecha_larga(valor)}, {valor:%H:%M} h"


def plazo(cantidad: int | None, unidad: str | None) -> str:
    """Return a plazo as '15 días hábiles' (empty when there is none)."""
    if cantidad is None or not unidad:
        return ""
    singular, plural = UNIDADES.get(unidad, (unidad, unidad))
    return f"{cantidad} {singular if cantidad == 1 else plural}"


def plazo_dict(valor: dict[str, Any] | None) -> str:
    """Return an interchange plazo dict ({cantidad, unidad}) as text."""
    if not valor:
        return ""
    return plazo(valor.get("cantidad"), valor.get("unidad"))


def region(valor: str | None) -> str:
    """Return a región as people write it: 'centro-occidente' → 'Centro-Occidente'.

    The interchange format carries regions as lowercase ids; text already written with
    capitals is kept as it is.
    """
    texto = (valor or "").strip()
    if texto != texto.lower():
        return texto
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in texto.split())


def numero(valor: int | float) -> str:
    """Return a number with thousands separated by commas, as in es-MX."""
    return f"{valor:,}"


@pass_context
def csrf_token(contexto: Context) -> str:
    """Return the CSRF token of the request being rendered (set by the CSRF middleware)."""
    request = contexto.get("request")
    if request is None:
        return ""
    return str(request.scope.get("state", {}).get("csrf_token", ""))


def crear_templates() -> Jinja2Blocks:
    """Return the application's template renderer with its filters registered."""
    templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(
        fecha_larga=fecha_larga,
        fecha_hora=fecha_hora,
        plazo=plazo,
        plazo_dict=plazo_dict,
        numero=numero,
        region=region,
    )
    env.globals["csrf_token"] = csrf_token
    env.globals["menu_principal"] = MENU_PRINCIPAL
    env.globals["submenus"] = SUBMENUS
    return templates


def es_htmx(request: Request) -> bool:
    """Return whether the request wants a fragment (htmx, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    request: Request,
    nombre: str,
    contexto: dict[str, Any] | None = None,
    *,
    bloque: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Return the page ``nombre``; only its ``bloque`` when htmx asks for a fragment."""
    templates: Jinja2Blocks = request.app.state.templates
    contexto = dict(contexto or {})
    cabeceras = {"Vary": "HX-Request", **(headers or {})}
    if bloque and es_htmx(request):
        return templates.TemplateResponse(
            request,
            nombre,
            contexto,
            status_code=status_code,
            headers=cabeceras,
            block_name=bloque,
        )
    return templates.TemplateResponse(
        request, nombre, contexto, status_code=status_code, headers=cabeceras
    )

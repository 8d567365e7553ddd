"""Routes: the garantes, grouped by región and entidad, and each garante's page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.nombres import es_interno
from app.permisos import garantes_ocultos
from app.templating import render
from app.web import get_session, parametro_entero, url_de_pagina
from criterios import consultas
from criterios.demo import hay_datos_de_ejemplo
from criterios.models import Garante, hoy
from criterios.revisiones import conteo_revisiones_por_garante
from sesiones.seguimiento import pendientes_de_garante


def lista(request: Request) -> Response:
    """Render every garante grouped by región and entidad, with its counts and vigencia."""
    session = get_session(request)
    contexto = {
        "regiones": consultas.garantes_por_region(
            session=session, ocultos=garantes_ocultos(request)
        ),
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "garantes/lista.html", contexto)


def detalle(request: Request) -> Response:
    """Render one garante's data, a page of its criterios, its procedimientos and acuerdos.

    Who the garante is stays public; a private catalog's records are left out.
    """
    session = get_session(request)
    garante = session.get(Garante, request.path_params["id"])
    if garante is None:
        raise HTTPException(404, "No existe ningún garante con ese identificador.")
    visible = garante.id not in garantes_ocultos(request)
    criterios = consultas.buscar_criterios(
        session=session,
        garante=garante.id,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
        ocultos=() if visible else {garante.id},
    )

    contexto = {
        "garante": garante,
        "criterios": criterios,
        "url_pagina": url_de_pagina(f"/garantes/{garante.id}", {}),
        "visible": visible,
        "procedimientos": (
            consultas.procedimientos_de(session=session, garante_id=garante.id) if visible else []
        ),
        "hay_demo": hay_datos_de_ejemplo(session),
        "revisiones": (
            conteo_revisiones_por_garante(session=session, garante_id=garante.id)
            if visible
            else None
        ),
        # Acuerdos are public (those of mesas past borrador), whatever the catalog's status.
        "acuerdos_pendientes": pendientes_de_garante(
            session=session,
            garante_id=garante.id,
            hoy=hoy(),
            solo_publicos=not es_interno(request),
        ),
    }
    return render(request, "garantes/detalle.html", contexto)


routes = [
    Route("/garantes", lista, methods=["GET"]),
    Route("/garantes/{id}", detalle, methods=["GET"]),
]

"""Routes: the criterios list with active search, detail, forms and version history."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.autenticacion import usuario_actual
from app.permisos import autorizar, autorizar_lectura, garantes_ocultos, puede
from app.templating import fecha_larga, render
from app.web import (
    aviso,
    get_session,
    opciones,
    parametro_entero,
    parametro_texto,
    url_de_pagina,
)
from comparador.diferencias import diferencias_palabras
from criterios import consultas
from criterios.demo import hay_datos_de_ejemplo
from criterios.formulario_criterio import (
    ETIQUETAS,
    fecha_o_none,
    precedentes_como_texto,
    validar_formulario,
    valores_de,
)
from criterios.models import SENTIDOS_PRECEDENTE, TIPOS_CRITERIO, VIGENCIAS, Criterio, Garante
from criterios.registro import guardar_criterios
from sesiones.models import CriterioHomologado, CriterioSuperado

FILTROS = ("q", "garante", "tipo", "vigencia", "tema")
AVISOS = {
    "creado": "Criterio registrado como versión 1.",
    "editado": "Cambios guardados en una nueva versión.",
    "sin-cambios": "Sin cambios: los datos enviados eran idénticos; no se creó una versión nueva.",
}


def _autor(request: Request) -> str | None:
    """Return the name of the request's user (None for the public)."""
    usuario = usuario_actual(request)
    return (usuario.nombre or usuario.correo) if usuario else None


def _criterio_o_404(request: Request, criterio_id: int) -> tuple[Criterio, Garante]:
    """Return the criterio and its garante, once the reader may see that garante's catalog."""
    session = get_session(request)
    criterio = consultas.obtener_criterio(session=session, id=criterio_id)
    if criterio is None:
        raise HTTPException(404, "No existe ningún criterio con ese número.")
    garante = session.get(Garante, criterio.garante_id)
    assert garante is not None  # the foreign key guarantees it
    autorizar_lectura(request, garante)
    return criterio, garante


def lista(request: Request) -> Response:
    """Render the criterios list; only the ``resultados`` block for htmx."""
    session = get_session(request)
    ocultos = garantes_ocultos(request)
    filtros = {nombre: parametro_texto(request, nombre) for nombre in FILTROS}
    pagina = consultas.buscar_criterios(
        session=session,
        texto=filtros["q"],
        garante=filtros["garante"],
        tipo=filtros["tipo"],
        vigencia=filtros["vigencia"],
        tema=filtros["tema"],
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
        ocultos=ocultos,
    )
    contexto = {
        "pagina": pagina,
        "filtros": filtros,
        "hay_filtros": any(filtros.values()),
        "url_pagina": url_de_pagina("/criterios", filtros),
        "garantes": [
            (g.id, g.nombre) for g in consultas.garantes(session=session, ocultos=ocultos)
        ],
        "tipos": opciones(TIPOS_CRITERIO),
        "vigencias": opciones(VIGENCIAS),
        "temas": [(t, t) for t in consultas.temas_disponibles(session=session, ocultos=ocultos)],
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "criterios/lista.html", contexto, bloque="resultados")


def detalle(request: Request) -> Response:
    """Render one criterio with its precedentes, temas and version."""
    session = get_session(request)
    criterio, garante = _criterio_o_404(request, request.path_params["id"])
    precedentes = [{**p, "fecha_dia": fecha_o_none(p.get("fecha"))} for p in criterio.precedentes]
    contexto = {
        "criterio": criterio,
        "garante": garante,
        "precedentes": precedentes,
        "superado_por": _superado_por(request, criterio),
        "aviso": aviso(request, AVISOS),
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "criterios/detalle.html", contexto)


def _superado_por(request: Request, criterio: Criterio) -> CriterioHomologado | None:
    """Return the criterio homologado that supersedes ``criterio``, if its reader may see it."""
    session = get_session(request)
    superado = session.get(CriterioSuperado, criterio.id)
    if superado is None:
        return None
    homologado = session.get(CriterioHomologado, superado.criterio_homologado_id)
    if homologado is None or not (
        homologado.estado == "publicado" or puede(usuario_actual(request), "acceso.interno")
    ):
        return None
    return homologado


# --- Forms -----------------------------------------------------------------------------


def _formulario(
    request: Request,
    *,
    criterio: Criterio | None,
    garante: Garante | None,
    valores: dict[str, str],
    errores: dict[str, str],
) -> Response:
    session = get_session(request)
    contexto = {
        "criterio": criterio,
        "garante": garante,
        "valores": valores,
        "errores": errores,
        # A new criterio may only go to a garante the user may write for.
        "garantes": [
            (g.id, g.nombre)
            for g in consultas.garantes(session=session)
            if puede(usuario_actual(request), "criterio.crear", garante_id=g.id)
        ]
        if criterio is None
        else [],
        "tipos": opciones(TIPOS_CRITERIO),
        "vigencias": opciones(VIGENCIAS),
        "sentidos": SENTIDOS_PRECEDENTE,
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(
        request, "criterios/formulario.html", contexto, status_code=400 if errores else 200
    )


async def nuevo(request: Request) -> Response:
    """Show the form for a new criterio; on POST validate, save version 1 and redirect."""
    if request.method == "GET":
        autorizar(request, "criterio.crear")
        valores = {"garante": request.query_params.get("garante", ""), "vigencia": "vigente"}
        return _formulario(request, criterio=None, garante=None, valores=valores, errores={})
    formulario = await request.form()
    autorizar(request, "criterio.crear", garante_id=str(formulario.get("garante", "")) or None)
    session = get_session(request)
    registro, errores = validar_formulario(formulario, session=session, criterio=None)
    if errores:
        valores = {k: str(v) for k, v in formulario.items()}
        return _formulario(request, criterio=None, garante=None, valores=valores, errores=errores)
    guardar_criterios(session=session, registros=[registro], motivo="alta", autor=_autor(request))
    session.commit()
    criterio = consultas.criterio_por_id_externo(
        session=session, garante=registro["garante"], id=registro["id"]
    )
    assert criterio is not None
    return RedirectResponse(f"/criterios/{criterio.id}?aviso=creado", status_code=303)


async def editar(request: Request) -> Response:
    """Show the edit form; on POST validate and save a new version (none if unchanged)."""
    session = get_session(request)
    criterio, garante = _criterio_o_404(request, request.path_params["id"])
    autorizar(request, "criterio.editar", garante_id=criterio.garante_id)
    if request.method == "GET":
        valores = valores_de(criterio)
        return _formulario(request, criterio=criterio, garante=garante, valores=valores, errores={})
    formulario = await request.form()
    registro, errores = validar_formulario(formulario, session=session, criterio=criterio)
    if errores:
        valores = {k: str(v) for k, v in formulario.items()}
        return _formulario(
            request, criterio=criterio, garante=garante, valores=valores, errores=errores
        )
    resumen = guardar_criterios(
        session=session, registros=[registro], motivo="edición", autor=_autor(request)
    )
    session.commit()
    aviso = "sin-cambios" if resumen.de("criterios", "sin cambios") else "editado"
    return RedirectResponse(f"/criterios/{criterio.id}?aviso={aviso}", status_code=303)


# --- Version history -------------------------------------------------------------------


def _como_texto(campo: str, valor: Any) -> str:
    if campo == "temas":
        return ", ".join(valor or [])
    if campo == "precedentes":
        return "; ".join(precedentes_como_texto(valor or []).splitlines())
    if campo == "fecha_aprobacion":
        return fecha_larga(fecha_o_none(valor))
    return "" if valor is None else str(valor)


def cambios_entre(de: dict[str, Any], a: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (etiqueta, antes, después) for each field other than rubro and texto that changed."""
    return [
        (etiqueta, _como_texto(campo, de.get(campo)), _como_texto(campo, a.get(campo)))
        for campo, etiqueta in ETIQUETAS.items()
        if campo not in ("rubro", "texto") and de.get(campo) != a.get(campo)
    ]


def historial(request: Request) -> Response:
    """Render a criterio's versions and the word diff between two of them."""
    session = get_session(request)
    criterio, garante = _criterio_o_404(request, request.path_params["id"])
    lista_versiones = consultas.versiones(session=session, criterio_id=criterio.id)  # type: ignore[arg-type]
    por_numero = {v.numero: v for v in lista_versiones}
    actual = lista_versiones[-1].numero if lista_versiones else criterio.version
    numero_a = _numero_de_version(request, "a", por_omision=actual)
    numero_de = _numero_de_version(request, "de", por_omision=max(numero_a - 1, 1))
    if lista_versiones and (numero_de not in por_numero or numero_a not in por_numero):
        raise HTTPException(404, "Ese criterio no tiene la versión pedida.")
    comparacion = None
    if lista_versiones and len(lista_versiones) > 1:
        datos_de, datos_a = por_numero[numero_de].datos, por_numero[numero_a].datos
        comparacion = {
            "rubro": diferencias_palabras(datos_de.get("rubro", ""), datos_a.get("rubro", "")),
            "texto": diferencias_palabras(datos_de.get("texto", ""), datos_a.get("texto", "")),
            "otros": cambios_entre(datos_de, datos_a),
        }
    contexto = {
        "criterio": criterio,
        "garante": garante,
        "versiones": list(reversed(lista_versiones)),
        "numero_de": numero_de,
        "numero_a": numero_a,
        "comparacion": comparacion,
        "hay_demo": hay_datos_de_ejemplo(session),
    }
    return render(request, "criterios/versiones.html", contexto)


def _numero_de_version(request: Request, nombre: str, *, por_omision: int) -> int:
    valor = request.query_params.get(nombre, "").strip()
    if not valor:
        return por_omision
    numero = consultas.numero_de_registro(valor)
    if numero is None:
        raise HTTPException(404, "Ese criterio no tiene la versión pedida.")
    return numero


routes = [
    Route("/criterios", lista, methods=["GET"]),
    Route("/criterios/nuevo", nuevo, methods=["GET", "POST"]),
    Route("/criterios/{id:int}", detalle, methods=["GET"]),
    Route("/criterios/{id:int}/editar", editar, methods=["GET", "POST"]),
    Route("/criterios/{id:int}/versiones", historial, methods=["GET"]),
]

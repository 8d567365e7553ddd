"""Routes: the results of a comparator run and their open data.

/grupos[/{clave}], /divergencias[/{id}[/revision]], /cobertura[.csv] show the latest finished
run, or the one named by ``?comparacion=N``; /datos/comparacion.json and
/datos/divergencias.csv publish the latest one. The runs themselves are in
``app.routes.comparaciones``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual
from app.permisos import autorizar, garantes_ocultos, puede
from app.templating import render
from app.web import (
    aviso,
    get_session,
    opciones,
    parametro_entero,
    parametro_texto,
    respuesta_csv,
    url_de_pagina,
)
from comparador.diferencias import diferencias_palabras
from criterios import consultas, resultados
from criterios.csv_seguro import texto_csv
from criterios.demo import hay_datos_de_ejemplo
from criterios.models import (
    ESTADOS_DIVERGENCIA,
    TIPOS_DIVERGENCIA,
    Comparacion,
)
from criterios.revisiones import revisar, validar_revision
from sesiones import propuestas

AVISOS = {"revisada": "Revisión guardada; quedó en la bitácora."}


def _comparacion_o_404(request: Request, session: Session) -> Comparacion | None:
    """Return the run the page shows (``?comparacion=N`` or the latest finished), or None."""
    pedida = parametro_texto(request, "comparacion")
    if pedida is None:
        return resultados.comparacion_elegida(session=session)
    comparacion = resultados.comparacion_elegida(
        session=session, comparacion_id=consultas.numero_de_registro(pedida) or -1
    )
    if comparacion is None:
        raise HTTPException(404, "No hay una comparación terminada con ese número.")
    return comparacion


def _base(request: Request, session: Session, **contexto: Any) -> dict[str, Any]:
    return {
        "hay_demo": hay_datos_de_ejemplo(session),
        "puede_iniciar": puede(usuario_actual(request), "comparacion.iniciar"),
        # The run the user pinned with ?comparacion=N; links keep it.
        "fija": request.query_params.get("comparacion"),
        "etiquetas_propuesta": propuestas.ETIQUETAS_ESTADO,
        **contexto,
    }


def _url_pagina(
    request: Request, ruta: str, filtros: dict[str, str | None]
) -> Callable[[int], str]:
    # Page links keep the filters and the pinned run.
    return url_de_pagina(ruta, {**filtros, "comparacion": request.query_params.get("comparacion")})


def grupos(request: Request) -> Response:
    """Render the grupos temáticos of a run, the most divergent first."""
    session = get_session(request)
    comparacion = _comparacion_o_404(request, session)
    filtros = {n: parametro_texto(request, n) for n in ("garante", "tipo")}
    ocultos = garantes_ocultos(request)
    garantes = [g for g in consultas.garantes(session=session) if g.id not in ocultos]
    pagina = None
    if comparacion is not None:
        assert comparacion.id is not None
        pagina = resultados.buscar_grupos(
            session=session,
            comparacion_id=comparacion.id,
            garante=filtros["garante"],
            tipo=filtros["tipo"],
            pagina=parametro_entero(request, "pagina", por_omision=1),
            por_pagina=request.app.state.settings.por_pagina,
        )
    contexto = _base(
        request,
        session,
        comparacion=comparacion,
        pagina=pagina,
        filtros=filtros,
        hay_filtros=any(filtros.values()),
        url_pagina=_url_pagina(request, "/grupos", filtros),
        garantes=[(g.id, g.nombre) for g in garantes],
        por_id={g.id: g for g in garantes},
        ocultos=ocultos,
        tipos=opciones(TIPOS_DIVERGENCIA),
    )
    return render(request, "comparaciones/grupos.html", contexto, bloque="resultados")


def grupo(request: Request) -> Response:
    """Render one group side by side, by garante and postura, with a word-level diff."""
    session = get_session(request)
    comparacion = _comparacion_o_404(request, session)
    if comparacion is None or comparacion.id is None:
        raise HTTPException(404, "Aún no hay comparaciones terminadas.")
    encontrado = resultados.grupo_por_clave(
        session=session, comparacion_id=comparacion.id, clave=request.path_params["clave"]
    )
    if encontrado is None or encontrado.grupo.id is None:
        raise HTTPException(404, "Ese grupo temático no está en la comparación.")
    ocultos = garantes_ocultos(request)
    miembros = resultados.criterios_del_grupo(session=session, grupo_id=encontrado.grupo.id)
    resumenes = {p["id"]: p["resumen"] for p in encontrado.grupo.posturas}
    numeros = {p["id"]: n for n, p in enumerate(encontrado.grupo.posturas, start=1)}
    columnas: dict[str, list[dict[str, Any]]] = {}
    for miembro, criterio in miembros:
        columnas.setdefault(miembro.garante_id, []).append(
            {
                "criterio": criterio,
                "postura": numeros.get(miembro.postura or ""),
                "resumen": resumenes.get(miembro.postura or "", ""),
                "cambio": criterio.version != miembro.version,
            }
        )
    visibles = [c for m, c in miembros if m.garante_id not in ocultos]
    por_id = {c.id: c for c in visibles}
    a = por_id.get(parametro_entero(request, "a", por_omision=0, minimo=0))
    b = por_id.get(parametro_entero(request, "b", por_omision=0, minimo=0))
    nombres = consultas.garantes_por_id(session=session)
    contexto = _base(
        request,
        session,
        comparacion=comparacion,
        grupo=encontrado.grupo,
        ausentes=[g for g in encontrado.ausentes if g not in ocultos],
        columnas=sorted(columnas.items()),
        ocultos=ocultos,
        nombres=nombres,
        opciones=[
            (c.id, f"{consultas.nombre_corto(c.garante_id, nombres)} · {c.id_externo}")
            for c in visibles
        ],
        a=a,
        b=b,
        diferencias=diferencias_palabras(a.texto, b.texto) if a and b else None,
        propuestas_de_tema=propuestas.de_origen(
            session=session, grupo_clave=encontrado.grupo.clave
        ),
    )
    return render(request, "comparaciones/grupo.html", contexto)


def divergencias(request: Request) -> Response:
    """Render the filterable list of divergences with their evidence marked."""
    session = get_session(request)
    comparacion = _comparacion_o_404(request, session)
    filtros = {n: parametro_texto(request, n) for n in ("tipo", "garante", "estado", "grupo")}
    ocultos = garantes_ocultos(request)
    garantes = [g for g in consultas.garantes(session=session) if g.id not in ocultos]
    pagina = None
    if comparacion is not None:
        assert comparacion.id is not None
        pagina = resultados.buscar_divergencias(
            session=session,
            comparacion_id=comparacion.id,
            ocultos=ocultos,
            pagina=parametro_entero(request, "pagina", por_omision=1),
            por_pagina=request.app.state.settings.por_pagina,
            **filtros,
        )
    contexto = _base(
        request,
        session,
        comparacion=comparacion,
        pagina=pagina,
        filtros=filtros,
        hay_filtros=any(filtros.values()),
        url_pagina=_url_pagina(request, "/divergencias", filtros),
        garantes=[(g.id, g.nombre) for g in garantes],
        por_id={g.id: g for g in garantes},
        tipos=opciones(TIPOS_DIVERGENCIA),
        estados=opciones(ESTADOS_DIVERGENCIA),
        resaltar=resultados.resaltar,
    )
    return render(request, "comparaciones/divergencias.html", contexto, bloque="resultados")


def _divergencia_o_404(request: Request, session: Session) -> resultados.DivergenciaVista:
    vista = resultados.divergencia_vista(session=session, divergencia_id=request.path_params["id"])
    if vista is None or {vista.divergencia.garante_a, vista.divergencia.garante_b} & (
        garantes_ocultos(request)
    ):
        raise HTTPException(404, "No existe ninguna divergencia con ese número.")
    return vista


def _puede_revisar(request: Request, vista: resultados.DivergenciaVista) -> str | None:
    """Return the garante through which the user may review, or None."""
    usuario = usuario_actual(request)
    for garante in (vista.divergencia.garante_a, vista.divergencia.garante_b):
        if puede(usuario, "divergencia.revisar", garante_id=garante):
            return garante
    return None


def _contexto_divergencia(
    request: Request, session: Session, vista: resultados.DivergenciaVista, **extra: Any
) -> dict[str, Any]:
    return _base(
        request,
        session,
        vista=vista,
        comparacion=session.get(Comparacion, vista.divergencia.comparacion_id),
        por_id=consultas.garantes_por_id(session=session),
        puede_revisar=_puede_revisar(request, vista) is not None,
        diferencias=diferencias_palabras(vista.criterio_a.texto, vista.criterio_b.texto),
        resaltar=resultados.resaltar,
        aviso=aviso(request, AVISOS),
        propuestas_de_tema=propuestas.de_origen(
            session=session, divergencia_clave=vista.divergencia.clave
        ),
        **{"errores": {}, "valores": {"accion": "", "motivo": ""}, **extra},
    )


def divergencia(request: Request) -> Response:
    """Render one divergence: both texts, the evidence, the diff and the review form."""
    session = get_session(request)
    vista = _divergencia_o_404(request, session)
    contexto = _contexto_divergencia(request, session, vista)
    return render(request, "comparaciones/divergencia.html", contexto)


async def revision(request: Request) -> Response:
    """Confirm, dismiss (with a reason) or reopen a divergence; log it in the bitácora."""
    session = get_session(request)
    vista = _divergencia_o_404(request, session)
    div = vista.divergencia
    autorizar(
        request, "divergencia.revisar", garante_id=_puede_revisar(request, vista) or div.garante_a
    )
    formulario = await request.form()
    accion = str(formulario.get("accion") or "")
    motivo = str(formulario.get("motivo") or "").strip()
    errores = validar_revision(accion=accion, motivo=motivo)
    if errores:
        contexto = _contexto_divergencia(
            request, session, vista, errores=errores, valores={"accion": accion, "motivo": motivo}
        )
        return render(request, "comparaciones/divergencia.html", contexto, status_code=400)
    antes = {"estado": div.estado, "motivo": div.motivo}
    usuario = usuario_actual(request)
    revisar(
        session=session,
        divergencia=div,
        accion=accion,
        motivo=motivo,
        revisor=usuario.correo if usuario else "anónimo",
    )
    bitacora.registrar(
        session=session,
        accion="divergencia.revisar",
        objeto_tipo="divergencia",
        objeto_id=div.clave,
        resumen=(
            f"Divergencia {div.clave} ({vista.criterio_a.id_externo} de {div.garante_a} frente a "
            f"{vista.criterio_b.id_externo} de {div.garante_b}): {div.estado}."
        ),
        detalles={"antes": antes, "despues": {"estado": div.estado, "motivo": div.motivo}},
    )
    session.commit()
    return RedirectResponse(f"/divergencias/{div.id}?aviso=revisada", status_code=303)


def cobertura(request: Request) -> Response:
    """Render the topics × garantes matrix of a run, ausencias marked."""
    session = get_session(request)
    comparacion = _comparacion_o_404(request, session)
    pagina, columnas = None, []
    if comparacion is not None and comparacion.id is not None:
        ocultos = garantes_ocultos(request)
        columnas = [
            g
            for g in resultados.garantes_comparados(session=session, comparacion=comparacion)
            if g not in ocultos
        ]
        pagina = resultados.cobertura(
            session=session,
            comparacion_id=comparacion.id,
            pagina=parametro_entero(request, "pagina", por_omision=1),
        )
    contexto = _base(
        request,
        session,
        comparacion=comparacion,
        pagina=pagina,
        columnas=columnas,
        por_id=consultas.garantes_por_id(session=session),
        url_pagina=_url_pagina(request, "/cobertura", {}),
    )
    return render(request, "comparaciones/cobertura.html", contexto)


def cobertura_csv(request: Request) -> Response:
    """Return the coverage matrix as CSV: one row per topic, one column per garante."""
    session = get_session(request)
    comparacion = _comparacion_o_404(request, session)
    if comparacion is None or comparacion.id is None:
        raise HTTPException(404, "Aún no hay comparaciones terminadas.")
    ocultos = garantes_ocultos(request)
    columnas = [
        g
        for g in resultados.garantes_comparados(session=session, comparacion=comparacion)
        if g not in ocultos
    ]
    pagina = resultados.cobertura(session=session, comparacion_id=comparacion.id, por_pagina=None)
    filas: list[list[Any]] = [["grupo", "tema", *columnas]]
    for fila in pagina.elementos:
        celdas = [fila.por_garante.get(g) or "ausente" for g in columnas]
        filas.append([fila.grupo.clave, fila.grupo.tema, *celdas])
    return respuesta_csv(texto_csv(filas), f"cobertura-{comparacion.id}.csv", bom=True)


# --- Open data -------------------------------------------------------------------------


def datos_comparacion(request: Request) -> Response:
    """Return the latest run's report (comparacion.schema.json), public catalogs only."""
    session = get_session(request)
    comparacion = resultados.comparacion_elegida(session=session)
    if comparacion is None or comparacion.id is None:
        raise HTTPException(404, "Aún no hay comparaciones terminadas.")
    guardado = resultados.reporte_guardado(session=session, comparacion_id=comparacion.id)
    if guardado is None:
        raise HTTPException(404, "Esa comparación no guardó su reporte.")
    reporte = resultados.reporte_sin_ocultos(
        guardado.contenido, guardado.criterios, garantes_ocultos(request)
    )
    return Response(
        json.dumps(reporte, ensure_ascii=False, indent=1),
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="comparacion-{comparacion.id}.json"'},
    )


COLUMNAS_DIVERGENCIAS = [
    "id", "grupo", "tema", "tipo", "puntaje", "garante_a", "criterio_a", "garante_b",
    "criterio_b", "explicacion", "evidencia_a", "evidencia_b", "estado", "motivo",
]  # fmt: skip


def datos_divergencias(request: Request) -> Response:
    """Return the latest run's divergences as CSV, public catalogs only."""
    session = get_session(request)
    comparacion = resultados.comparacion_elegida(session=session)
    if comparacion is None or comparacion.id is None:
        raise HTTPException(404, "Aún no hay comparaciones terminadas.")
    ocultos = garantes_ocultos(request)
    filas: list[list[Any]] = [COLUMNAS_DIVERGENCIAS]
    for vista in resultados.todas_las_divergencias(session=session, comparacion_id=comparacion.id):
        d = vista.divergencia
        if {d.garante_a, d.garante_b} & ocultos:
            continue
        filas.append(
            [
                d.clave, vista.grupo.clave, vista.grupo.tema, d.tipo, d.puntaje,
                d.garante_a, vista.criterio_a.id_externo, d.garante_b, vista.criterio_b.id_externo,
                d.explicacion, d.evidencia_a, d.evidencia_b, d.estado, d.motivo,
            ]
        )  # fmt: skip
    return respuesta_csv(texto_csv(filas), f"divergencias-{comparacion.id}.csv", bom=True)


routes = [
    Route("/grupos", grupos),
    Route("/grupos/{clave}", grupo),
    Route("/divergencias", divergencias),
    Route("/divergencias/{id:int}", divergencia),
    Route("/divergencias/{id:int}/revision", revision, methods=["POST"]),
    Route("/cobertura", cobertura),
    Route("/cobertura.csv", cobertura_csv),
    Route("/datos/comparacion.json", datos_comparacion),
    Route("/datos/divergencias.csv", datos_divergencias),
]

"""Routes: the orden del día of a mesa — add a punto, move it (htmx swaps the agenda), edit
it, remove it (after confirmation). Mounted with ``app.routes.mesas``.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.templating import es_htmx, render
from app.vista_mesa import (
    ETIQUETAS_TIPO,
    REGLAS,
    autorizar_mesa,
    confirmacion,
    contexto_convocatoria,
    mesa_o_404,
    nombre_mesa,
    pagina_mesa,
    punto_o_404,
    registrar,
    valores_de_formulario,
)
from app.web import get_session
from sesiones import mesas, orden_del_dia
from sesiones.errores import TransicionNoPermitida
from sesiones.models import Mesa, PuntoOrden


async def agregar_punto(request: Request) -> Response:
    """Add a punto (libre, propuesta, grupo, divergencia or proyecto) before asuntos generales."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    formulario = await request.form()
    try:
        punto, errores = orden_del_dia.agregar_desde_formulario(
            session=session, mesa=mesa, formulario=formulario
        )
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    if punto is None:
        session.rollback()  # taking the mesa wrote its timestamp; nothing else changed
        return pagina_mesa(
            request,
            session,
            mesa,
            errores=errores,
            valores=valores_de_formulario(formulario),
            status_code=400,
        )
    registrar(
        session,
        mesa,
        "agregar_punto",
        f"Punto {punto.orden} «{punto.titulo}» agregado al orden del día de la "
        f"{nombre_mesa(mesa)}.",
        {
            "punto": punto.id,
            "tipo": punto.tipo,
            "propuesta": punto.propuesta_id,
            "proyecto": punto.proyecto_id,
            "grupo": punto.grupo_clave,
            "divergencia": punto.divergencia_clave,
        },
    )
    session.commit()
    return RedirectResponse(
        f"/mesas/{mesa.id}?aviso=punto-agregado#punto-{punto.id}", status_code=303
    )


async def mover_punto(request: Request) -> Response:
    """Move a punto up or down; htmx gets the orden del día back, a browser the page."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    punto = punto_o_404(request, session, mesa)
    formulario = await request.form()
    direccion = str(formulario.get("direccion") or "")
    antes = punto.orden
    try:
        orden_del_dia.mover(session=session, mesa=mesa, punto=punto, direccion=direccion)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    registrar(
        session,
        mesa,
        "mover_punto",
        f"Punto «{punto.titulo}» de la {nombre_mesa(mesa)} movido del lugar {antes} al "
        f"{punto.orden}.",
        {"punto": punto.id, "antes": antes, "despues": punto.orden},
    )
    session.commit()
    if es_htmx(request):
        contexto = {**contexto_convocatoria(request, session, mesa), "movido": punto}
        return render(request, "mesas/_convocatoria.html", contexto, bloque="orden_del_dia")
    return RedirectResponse(
        f"/mesas/{mesa.id}?aviso=punto-movido#punto-{punto.id}", status_code=303
    )


async def quitar_punto(request: Request) -> Response:
    """Remove a punto after confirmation; what it carried is given back."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    punto = punto_o_404(request, session, mesa)
    impedimento = mesas.no_editable(mesa) or (
        "Los puntos de trámite no se pueden quitar del orden del día."
        if punto.clave_estandar
        else None
    )
    if request.method == "GET":
        return confirmacion(request, mesa, "quitar", punto=punto, impedimento=impedimento)
    datos = {"punto": punto.id, "orden": punto.orden, "titulo": punto.titulo, "tipo": punto.tipo}
    try:
        devueltos = orden_del_dia.quitar(session=session, mesa=mesa, punto=punto)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    registrar(
        session,
        mesa,
        "quitar_punto",
        f"Punto «{datos['titulo']}» quitado del orden del día de la {nombre_mesa(mesa)}."
        + "".join(f" {d}" for d in devueltos),
        {**datos, "devueltos": devueltos},
    )
    session.commit()
    return RedirectResponse(f"/mesas/{mesa.id}?aviso=punto-quitado#orden-del-dia", status_code=303)


def _formulario_punto(
    request: Request,
    mesa: Mesa,
    punto: PuntoOrden,
    *,
    valores: dict[str, str],
    errores: dict[str, str],
) -> Response:
    contexto = {
        "mesa": mesa,
        "nombre_mesa": nombre_mesa(mesa),
        "punto": punto,
        "valores": valores,
        "errores": errores,
        "reglas": REGLAS,
        "etiquetas_tipo": ETIQUETAS_TIPO,
    }
    return render(request, "mesas/punto.html", contexto, status_code=400 if errores else 200)


async def editar_punto(request: Request) -> Response:
    """Edit a punto's título, descripción and regla de votación."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    punto = punto_o_404(request, session, mesa)
    motivo = mesas.no_editable(mesa)
    if motivo:
        raise HTTPException(409, motivo)
    if request.method == "GET":
        valores = {"titulo": punto.titulo, "descripcion": punto.descripcion or "",
                   "regla": punto.regla_votacion}  # fmt: skip
        return _formulario_punto(request, mesa, punto, valores=valores, errores={})
    formulario = await request.form()
    datos, errores = orden_del_dia.validar_punto(formulario)
    if datos is None:
        return _formulario_punto(
            request, mesa, punto, valores=valores_de_formulario(formulario), errores=errores
        )
    try:
        cambios = orden_del_dia.editar_punto(session=session, mesa=mesa, punto=punto, datos=datos)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    if not cambios:
        return RedirectResponse(f"/mesas/{mesa.id}?aviso=sin-cambios", status_code=303)
    registrar(
        session,
        mesa,
        "editar_punto",
        f"Punto {punto.orden} «{punto.titulo}» de la {nombre_mesa(mesa)} editado: "
        f"{', '.join(cambios)}.",
        {
            "punto": punto.id,
            "antes": {c: a for c, (a, _) in cambios.items()},
            "despues": {c: d for c, (_, d) in cambios.items()},
        },
    )
    session.commit()
    return RedirectResponse(
        f"/mesas/{mesa.id}?aviso=punto-editado#punto-{punto.id}", status_code=303
    )


routes = [
    Route("/mesas/{id:int}/puntos", agregar_punto, methods=["POST"]),
    Route("/mesas/{id:int}/puntos/{punto:int}/mover", mover_punto, methods=["POST"]),
    Route("/mesas/{id:int}/puntos/{punto:int}/quitar", quitar_punto, methods=["GET", "POST"]),
    Route("/mesas/{id:int}/puntos/{punto:int}/editar", editar_punto, methods=["GET", "POST"]),
]

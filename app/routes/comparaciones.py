"""Routes: comparator runs (/comparaciones), the form that starts one and their progress.

Their results (grupos, divergencias, cobertura, open data) are in ``app.routes.resultados``.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual
from app.models import Usuario
from app.permisos import autorizar, puede
from app.templating import render
from app.web import aviso, get_session
from criterios import consultas, resultados
from criterios.comparaciones import crear_comparacion
from criterios.demo import hay_datos_de_ejemplo
from criterios.models import Comparacion, CriterioTema

ACTIVAS = ("pendiente", "en_curso")
AVISOS = {
    "en-curso": "Ya había una comparación en curso; se muestra esa en lugar de iniciar otra.",
}


def _base(request: Request, session: Session, **contexto: Any) -> dict[str, Any]:
    return {
        "hay_demo": hay_datos_de_ejemplo(session),
        "puede_iniciar": puede(usuario_actual(request), "comparacion.iniciar"),
        **contexto,
    }


def _correo(request: Request) -> str | None:
    usuario = usuario_actual(request)
    return usuario.correo if usuario else None


def _nombres_de_usuarios(session: Session, correos: list[str]) -> dict[str, str]:
    """Return the name of each account among ``correos`` that has one (one query).

    A run stores the e-mail of who started it; people know each other by name.
    """
    consulta = select(Usuario.correo, Usuario.nombre).where(col(Usuario.correo).in_(correos))
    return {correo: nombre for correo, nombre in session.exec(consulta) if nombre}


def _formulario_contexto(session: Session) -> dict[str, Any]:
    return {
        "garantes": [(g.id, g.nombre) for g in consultas.garantes(session=session)],
        "temas": list(
            session.exec(select(CriterioTema.tema).distinct().order_by(col(CriterioTema.tema)))
        ),
    }


def lista(request: Request) -> Response:
    """Render the runs, newest first, and the form that starts one."""
    session = get_session(request)
    comparaciones = resultados.ultimas_comparaciones(session=session)
    contexto = _base(
        request,
        session,
        comparaciones=comparaciones,
        usuarios=_nombres_de_usuarios(session, [c.iniciada_por or "" for c in comparaciones]),
        valores={"alcance": "todo", "garantes": [], "temas": [], "incluir_no_vigentes": False},
        errores={},
        **_formulario_contexto(session),
    )
    return render(request, "comparaciones/lista.html", contexto)


async def iniciar(request: Request) -> Response:
    """Store a pending run, queue it in the background and go to its progress page."""
    autorizar(request, "comparacion.iniciar")
    formulario = await request.form()
    session = get_session(request)
    alcance = str(formulario.get("alcance") or "todo")
    garantes = [str(g) for g in formulario.getlist("garantes")] if alcance != "todo" else []
    temas = [str(t) for t in formulario.getlist("temas")] if alcance != "todo" else []
    incluir = formulario.get("incluir_no_vigentes") == "si"
    opciones = _formulario_contexto(session)
    errores = {}
    conocidos = {g for g, _ in opciones["garantes"]}
    if alcance == "seleccion" and not garantes and not temas:
        errores["garantes"] = "Elija garantes o temas, o compare todo el registro."
    elif len(garantes) == 1:
        errores["garantes"] = "Elija al menos dos garantes para comparar (o ninguno: todos)."
    elif set(garantes) - conocidos:
        errores["garantes"] = "Uno de los garantes elegidos no existe; vuelva a cargar la página."
    if set(temas) - set(opciones["temas"]):
        errores["temas"] = "Uno de los temas elegidos no existe; vuelva a cargar la página."
    if errores:
        comparaciones = resultados.ultimas_comparaciones(session=session)
        contexto = _base(
            request,
            session,
            comparaciones=comparaciones,
            usuarios=_nombres_de_usuarios(session, [c.iniciada_por or "" for c in comparaciones]),
            valores={
                "alcance": alcance,
                "garantes": garantes,
                "temas": temas,
                "incluir_no_vigentes": incluir,
            },
            errores=errores,
            **opciones,
        )
        return render(request, "comparaciones/lista.html", contexto, status_code=400)

    activa = session.exec(
        select(Comparacion).where(col(Comparacion.estado).in_(ACTIVAS)).limit(1)
    ).first()
    if activa is not None:
        return RedirectResponse(f"/comparaciones/{activa.id}?aviso=en-curso", status_code=303)
    comparacion = crear_comparacion(
        session=session,
        iniciada_por=_correo(request),
        garantes=garantes,
        temas=temas,
        incluir_no_vigentes=incluir,
    )
    bitacora.registrar(
        session=session,
        accion="comparacion.iniciar",
        objeto_tipo="comparacion",
        objeto_id=str(comparacion.id),
        resumen=f"Inicio de la comparación {comparacion.id}.",
        detalles=comparacion.parametros,
    )
    session.commit()
    request.app.state.tareas.enviar_comparacion(comparacion.id)
    return RedirectResponse(f"/comparaciones/{comparacion.id}", status_code=303)


def detalle(request: Request) -> Response:
    """Render a run; only its ``progreso`` block for htmx polling."""
    session = get_session(request)
    comparacion = session.get(Comparacion, request.path_params["id"])
    if comparacion is None:
        raise HTTPException(404, "No existe ninguna comparación con ese número.")
    contexto = _base(
        request,
        session,
        comparacion=comparacion,
        usuarios=_nombres_de_usuarios(session, [comparacion.iniciada_por or ""]),
        por_id=consultas.garantes_por_id(session=session),
        activa=comparacion.estado in ACTIVAS,
        aviso=aviso(request, AVISOS),
    )
    return render(request, "comparaciones/detalle.html", contexto, bloque="progreso")


routes = [
    Route("/comparaciones", lista, methods=["GET"]),
    Route("/comparaciones", iniciar, methods=["POST"]),
    Route("/comparaciones/{id:int}", detalle),
]

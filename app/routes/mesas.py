"""Routes: mesas de análisis — the public list, the convocatoria (page and PDF), the mesa's
data and its states (convocar, iniciar, concluir, cancelar, each confirmed first).

Once convocada, a mesa and its orden del día are public; a borrador exists only for those
who may ``mesa.administrar`` (anyone else gets a 404). Every write asks that permission,
takes the mesa (``sesiones.mesas``), logs itself in the bitácora and commits once. The
orden del día's routes are in ``app.routes.orden_del_dia`` and mounted with these.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.autenticacion import usuario_actual
from app.pdf import html_de_plantilla, pdf_de_html, respuesta_pdf
from app.routes import orden_del_dia as rutas_orden_del_dia
from app.templating import render
from app.vista_mesa import (
    ACCIONES,
    autorizar_mesa,
    confirmacion,
    contexto_convocatoria,
    mesa_o_404,
    nombre_mesa,
    pagina_mesa,
    puede_administrar,
    registrar,
    valores_de_formulario,
)
from app.web import get_session, parametro_entero, respuesta_csv, url_de_pagina
from criterios import consultas
from criterios.csv_seguro import texto_csv
from criterios.models import hoy
from sesiones import exportaciones, mesas, orden_del_dia
from sesiones.errores import TransicionNoPermitida
from sesiones.models import MODALIDADES, Mesa
from sesiones.votaciones import ETIQUETAS_ESTADO_MESA

# Attempts at taking the next número when several mesas are created at once.
INTENTOS_NUMERO = 3

PASADOS = {"convocar": "convocada", "iniciar": "iniciada", "concluir": "concluida",
           "cancelar": "cancelada"}  # fmt: skip


# --- List ------------------------------------------------------------------------------


def lista(request: Request) -> Response:
    """Render the mesas to come and, by pages, the past ones; borradores for the secretaría."""
    session = get_session(request)
    administra = puede_administrar(request)
    anteriores = mesas.anteriores(
        session=session,
        con_borradores=administra,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
    )
    contexto = {
        "proximas": mesas.proximas(session=session, con_borradores=administra),
        "anteriores": anteriores,
        "url_pagina": url_de_pagina("/mesas", {}),
        "garantes": consultas.garantes_por_id(session=session),
        "etiquetas_estado": ETIQUETAS_ESTADO_MESA,
        "modalidades": mesas.NOMBRES_MODALIDAD,
        "administra": administra,
    }
    return render(request, "mesas/lista.html", contexto)


COLUMNAS_CSV = [
    "Número", "Título", "Fecha", "Hora", "Modalidad", "Sede", "Estado", "Puntos", "Acuerdos",
    "Acta aprobada",
]  # fmt: skip


def lista_csv(request: Request) -> Response:
    """Return the list's mesas (próximas, then every anterior) as CSV for spreadsheets."""
    session = get_session(request)
    administra = puede_administrar(request)
    todas = [
        *mesas.proximas(session=session, con_borradores=administra),
        *mesas.anteriores(session=session, con_borradores=administra, por_pagina=None).elementos,
    ]
    resumen = exportaciones.resumen_de_mesas(
        session=session, mesa_ids=[m.id for m in todas if m.id]
    )
    garantes = consultas.garantes_por_id(session=session)
    salida: list[list[Any]] = [COLUMNAS_CSV]
    for mesa in todas:
        datos = resumen[mesa.id or 0]
        salida.append(
            [
                f"{mesa.numero}/{mesa.anio}",
                mesa.titulo,
                mesa.fecha.isoformat(),
                mesa.hora.strftime("%H:%M") if mesa.hora else "",
                mesas.NOMBRES_MODALIDAD.get(mesa.modalidad, mesa.modalidad),
                consultas.nombre_corto(mesa.sede_garante_id, garantes)
                if mesa.sede_garante_id
                else "",
                ETIQUETAS_ESTADO_MESA.get(mesa.estado, mesa.estado),
                datos.puntos,
                datos.acuerdos,
                "Sí" if datos.acta_aprobada else "No",
            ]
        )
    return respuesta_csv(texto_csv(salida), f"mesas-{hoy().isoformat()}.csv", bom=True)


# --- Convocatoria: the page and the PDF ----------------------------------------------------


def detalle(request: Request) -> Response:
    """Render a mesa's convocatoria and orden del día (and the secretaría's forms)."""
    session = get_session(request)
    return pagina_mesa(request, session, mesa_o_404(request, session))


def convocatoria_pdf(request: Request) -> Response:
    """Return the convocatoria as a PDF, from the same partial as the page."""
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    contexto = contexto_convocatoria(request, session, mesa, documento=True)
    html = html_de_plantilla(request, "mesas/convocatoria_pdf.html", contexto)
    nombre = f"convocatoria-mesa-{mesa.anio}-{mesa.numero:02d}.pdf"
    return respuesta_pdf(pdf_de_html(html), nombre)


# --- The mesa's data -------------------------------------------------------------------


def _formulario(
    request: Request,
    session: Session,
    *,
    mesa: Mesa | None,
    valores: dict[str, str],
    errores: dict[str, str],
) -> Response:
    garantes = consultas.garantes(session=session)
    regiones = sorted({g.region for g in garantes if g.region})
    contexto = {
        "mesa": mesa,
        "nombre_mesa": nombre_mesa(mesa) if mesa else None,
        "valores": valores,
        "errores": errores,
        "garantes": [(g.id, g.nombre) for g in garantes],
        "regiones": regiones,
        "modalidades": [(m, mesas.NOMBRES_MODALIDAD[m]) for m in MODALIDADES],
    }
    return render(request, "mesas/formulario.html", contexto, status_code=400 if errores else 200)


async def nueva(request: Request) -> Response:
    """Show the form for a new mesa; on POST create it in borrador and go to it."""
    autorizar_mesa(request)
    session = get_session(request)
    if request.method == "GET":
        valores = {"modalidad": "virtual", "hora": "10:00"}
        return _formulario(request, session, mesa=None, valores=valores, errores={})
    formulario = await request.form()
    datos, errores = mesas.validar_mesa(session=session, formulario=formulario)
    if datos is None:
        return _formulario(
            request, session, mesa=None, valores=valores_de_formulario(formulario), errores=errores
        )
    usuario = usuario_actual(request)
    # Two mesas of the same year saved at the same moment would take the same número; the
    # unique (año, número) refuses the second, which then takes the next one.
    for intento in range(INTENTOS_NUMERO):
        try:
            mesa = mesas.crear_mesa(
                session=session, datos=datos, usuario_id=usuario.id if usuario else None
            )
            registrar(
                session,
                mesa,
                "crear",
                f"Alta de la {nombre_mesa(mesa)} «{mesa.titulo}» ({mesa.fecha.isoformat()}), "
                "en borrador.",
                {
                    "titulo": mesa.titulo,
                    "fecha": mesa.fecha.isoformat(),
                    "modalidad": mesa.modalidad,
                    "sede": mesa.sede_garante_id,
                },
            )
            session.commit()
        except IntegrityError:
            session.rollback()
            if intento + 1 == INTENTOS_NUMERO:
                raise HTTPException(
                    409,
                    "Otras mesas del mismo año se registraron al mismo tiempo y no se pudo "
                    "asignar el número. No se guardó nada; intente de nuevo.",
                ) from None
            continue
        return RedirectResponse(f"/mesas/{mesa.id}?aviso=creada", status_code=303)
    raise AssertionError("unreachable")


def _valores_de(mesa: Mesa) -> dict[str, str]:
    return {
        "titulo": mesa.titulo,
        "fecha": mesa.fecha.isoformat(),
        "hora": mesa.hora.strftime("%H:%M") if mesa.hora else "",
        "modalidad": mesa.modalidad,
        "sede": mesa.sede_garante_id or "",
        "region": mesa.region or "",
        "enlace": mesa.enlace or "",
        "direccion": mesa.direccion or "",
    }


async def editar(request: Request) -> Response:
    """Show the form with the mesa's data; on POST save the changes (borrador or convocada)."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    if request.method == "GET":
        motivo = mesas.no_editable(mesa)
        if motivo:
            raise HTTPException(409, motivo)
        return _formulario(request, session, mesa=mesa, valores=_valores_de(mesa), errores={})
    formulario = await request.form()
    datos, errores = mesas.validar_mesa(session=session, formulario=formulario, mesa=mesa)
    if datos is None:
        return _formulario(
            request, session, mesa=mesa, valores=valores_de_formulario(formulario), errores=errores
        )
    try:
        cambios = mesas.editar_mesa(session=session, mesa=mesa, datos=datos)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    if not cambios:
        return RedirectResponse(f"/mesas/{mesa.id}?aviso=sin-cambios", status_code=303)
    registrar(
        session,
        mesa,
        "editar",
        f"Edición de la {nombre_mesa(mesa)}: {', '.join(cambios)}.",
        {
            "antes": {c: a for c, (a, _) in cambios.items()},
            "despues": {c: d for c, (_, d) in cambios.items()},
        },
    )
    session.commit()
    return RedirectResponse(f"/mesas/{mesa.id}?aviso=editada", status_code=303)


# --- States ----------------------------------------------------------------------------


RESUMENES = {
    "convocar": "Convocatoria de la {mesa}: la mesa y su orden del día son públicos.",
    "iniciar": "Inicio de la sesión de la {mesa}.",
    "concluir": "Conclusión de la {mesa}.",
    "cancelar": "Cancelación de la {mesa}. Motivo: {motivo}",
}


async def transicion(request: Request) -> Response:
    """Convocar, iniciar, concluir or cancelar a mesa; GET asks for confirmation first."""
    autorizar_mesa(request)
    session = get_session(request)
    mesa = mesa_o_404(request, session)
    accion = request.url.path.rsplit("/", 1)[1]
    impedimento = mesas.impedimento(session=session, mesa=mesa, accion=accion)
    if request.method == "GET":
        return confirmacion(request, mesa, accion, impedimento=impedimento)
    formulario = await request.form()
    motivo = str(formulario.get("motivo") or "").strip()
    if accion == "cancelar" and impedimento is None:
        error = mesas.error_de_motivo(motivo)
        if error:
            return confirmacion(
                request, mesa, accion, errores={"motivo": error}, valores={"motivo": motivo},
                status_code=400,
            )  # fmt: skip
    antes = mesa.estado
    devueltos: list[str] = []
    try:
        if accion == "cancelar":
            mesas.cancelar(session=session, mesa=mesa, motivo=motivo)
            devueltos = orden_del_dia.liberar_orden_del_dia(session=session, mesa=mesa)
        else:
            getattr(mesas, accion)(session=session, mesa=mesa)
    except TransicionNoPermitida as exc:
        raise HTTPException(409, str(exc)) from exc
    detalles: dict[str, Any] = {"antes": antes, "despues": mesa.estado}
    if accion == "cancelar":
        detalles.update(motivo=motivo, devueltos=devueltos)
    registrar(
        session,
        mesa,
        accion,
        RESUMENES[accion].format(mesa=f"{nombre_mesa(mesa)} «{mesa.titulo}»", motivo=motivo),
        detalles,
    )
    session.commit()
    return RedirectResponse(f"/mesas/{mesa.id}?aviso={PASADOS[accion]}", status_code=303)


routes = [
    Route("/mesas", lista, methods=["GET"]),
    Route("/mesas.csv", lista_csv, methods=["GET"]),
    Route("/mesas/nueva", nueva, methods=["GET", "POST"]),
    Route("/mesas/{id:int}", detalle, methods=["GET"]),
    Route("/mesas/{id:int}/convocatoria.pdf", convocatoria_pdf, methods=["GET"]),
    Route("/mesas/{id:int}/editar", editar, methods=["GET", "POST"]),
    *(
        Route(f"/mesas/{{id:int}}/{accion}", transicion, methods=["GET", "POST"])
        for accion in ACCIONES
    ),
    *rutas_orden_del_dia.routes,
]

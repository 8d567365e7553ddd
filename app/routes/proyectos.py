"""Routes: proyectos de criterio homologado — the list, a new proyecto (blank or from a
divergencia, a grupo or a punto), the editor with its sources and word diff, versions,
sources and observaciones.

Proyectos are internal work: every page needs an account (``acceso.interno``). Writing
asks for ``proyecto.redactar`` (the secretaría, or a jurídico for their garante),
commenting for ``proyecto.observar`` (the jurídico or comisionado of a garante) and
marking observaciones for ``observacion.resolver`` (the secretaría). Approval is not
here: the vote of the punto that carries a proyecto decides it (``sesiones.votaciones``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.autenticacion import usuario_actual, usuario_autorizado
from app.nombres import nombres_para
from app.permisos import autorizar, garantes_ocultos, puede
from app.templating import render
from app.web import (
    aviso,
    get_session,
    parametro_entero,
    parametro_texto,
    respuesta_csv,
    url_de_pagina,
)
from comparador.diferencias import diferencias_palabras
from criterios import consultas, resultados
from criterios.csv_seguro import texto_csv
from criterios.models import ZONA_HORARIA, Criterio, Divergencia, hoy
from sesiones import observaciones, proyectos
from sesiones.errores import TransicionNoPermitida
from sesiones.models import CriterioHomologado, Mesa, Observacion, PuntoOrden
from sesiones.proyectos import Borrador, Contenido

AVISOS = {
    "creado": "Proyecto creado como versión 1. Ya pueden leerlo y observarlo los garantes.",
    "guardado": "Cambios guardados en una nueva versión.",
    "fuente-agregada": "Criterio agregado a las fuentes del proyecto.",
    "fuente-quitada": "Criterio quitado de las fuentes del proyecto.",
    "observacion": "Observación registrada; la secretaría técnica la marcará como atendida o no.",
    "resuelta": "Observación marcada.",
}
CAMPOS = ("rubro", "texto", "precedentes", "marco_normativo")
ETIQUETAS_OTROS = {"precedentes": "Precedentes", "marco_normativo": "Marco normativo"}


def _garante(request: Request) -> str | None:
    usuario = usuario_actual(request)
    return usuario.garante_id if usuario else None


def _proyecto_o_404(session: Session, proyecto_id: int) -> CriterioHomologado:
    proyecto = session.get(CriterioHomologado, proyecto_id)
    if proyecto is None:
        raise HTTPException(404, "No existe ningún proyecto de criterio homologado con ese número.")
    return proyecto


def _nombre(proyecto: CriterioHomologado) -> str:
    return proyecto.clave or f"Proyecto n.º {proyecto.id}"


# --- List ------------------------------------------------------------------------------


def lista(request: Request) -> Response:
    """Render the proyectos, the most recently changed first, filterable by estado."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    estado = _estado(request)
    pagina = proyectos.buscar_proyectos(
        session=session,
        estado=estado,
        pagina=parametro_entero(request, "pagina", por_omision=1),
        por_pagina=request.app.state.settings.por_pagina,
    )
    contexto = {
        "pagina": pagina,
        "estado": estado,
        "estados": list(proyectos.ETIQUETAS_ESTADO.items()),
        "etiquetas": proyectos.ETIQUETAS_ESTADO,
        "url_pagina": url_de_pagina("/proyectos", {"estado": estado}),
        "url_csv": "/proyectos.csv" + (f"?estado={estado}" if estado else ""),
        "puede_redactar": puede(usuario_actual(request), "proyecto.redactar"),
    }
    return render(request, "proyectos/lista.html", contexto, bloque="resultados")


def _estado(request: Request) -> str | None:
    """Return the ``?estado=`` filter when it names an estado (else no filter)."""
    estado = parametro_texto(request, "estado")
    return estado if estado in proyectos.ETIQUETAS_ESTADO else None


COLUMNAS_CSV = [
    "Número", "Clave", "Rubro", "Estado", "Versión", "Fuentes", "Observaciones pendientes",
    "Último cambio",
]  # fmt: skip


def lista_csv(request: Request) -> Response:
    """Return the list's proyectos (same filter, every page) as CSV for spreadsheets."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    filas = proyectos.buscar_proyectos(
        session=session, estado=_estado(request), por_pagina=None
    ).elementos
    salida: list[list[Any]] = [COLUMNAS_CSV]
    for fila in filas:
        p = fila.proyecto
        salida.append(
            [
                p.id,
                p.clave,
                p.rubro,
                proyectos.etiqueta_estado(p.estado),
                p.version,
                fila.fuentes,
                fila.pendientes,
                p.actualizado_en.astimezone(ZONA_HORARIA).date().isoformat(),
            ]
        )
    return respuesta_csv(texto_csv(salida), f"proyectos-{hoy().isoformat()}.csv", bom=True)


# --- New -------------------------------------------------------------------------------


@dataclass
class Origen:
    """Where a new proyecto starts, as the form shows it and names it again when posted."""

    borrador: Borrador = field(default_factory=Borrador)
    descripcion: str = ""
    enlace: str | None = None
    campos: dict[str, str] = field(default_factory=dict)
    anteriores: list[CriterioHomologado] = field(default_factory=list)


def _anteriores(session: Session, **origen: Any) -> list[CriterioHomologado]:
    """Return the proyectos already started from the same origin (to avoid duplicates)."""
    campo, valor = next(iter(origen.items()))
    if valor is None:
        return []
    consulta = select(CriterioHomologado).where(getattr(CriterioHomologado, campo) == valor)
    return list(session.exec(consulta.order_by(col(CriterioHomologado.id))))


def _origen(request: Request, session: Session, datos: Mapping[str, Any]) -> Origen:
    """Return the origin named by ``divergencia=ID``, ``grupo=CLAVE[&comparacion=ID]`` or
    ``punto=ID`` (a blank proyecto when none)."""
    ocultos = garantes_ocultos(request)
    divergencia_id = str(datos.get("divergencia") or "").strip()
    grupo_clave = str(datos.get("grupo") or "").strip()
    punto_id = str(datos.get("punto") or "").strip()
    if divergencia_id:
        numero = consultas.numero_de_registro(divergencia_id)
        vista = (
            resultados.divergencia_vista(session=session, divergencia_id=numero)
            if numero is not None
            else None
        )
        if vista is None or {vista.divergencia.garante_a, vista.divergencia.garante_b} & ocultos:
            raise HTTPException(404, "No existe ninguna divergencia con ese número.")
        d = vista.divergencia
        return Origen(
            borrador=proyectos.borrador_de_divergencia(
                session=session, divergencia=d, ocultos=ocultos
            ),
            descripcion=f"Divergencia «{d.explicacion}» del grupo «{vista.grupo.tema}»",
            enlace=f"/divergencias/{d.id}",
            campos={"divergencia": str(d.id)},
            anteriores=_anteriores(session, divergencia_clave=d.clave),
        )
    if grupo_clave:
        pedida = str(datos.get("comparacion") or "").strip()
        comparacion = resultados.comparacion_elegida(
            session=session,
            comparacion_id=(consultas.numero_de_registro(pedida) or -1) if pedida else None,
        )
        if comparacion is None or comparacion.id is None:
            raise HTTPException(404, "No hay una comparación terminada con ese número.")
        encontrado = resultados.grupo_por_clave(
            session=session, comparacion_id=comparacion.id, clave=grupo_clave
        )
        if encontrado is None:
            raise HTTPException(404, "Ese grupo temático no está en la comparación.")
        return Origen(
            borrador=proyectos.borrador_de_grupo(
                session=session, grupo=encontrado.grupo, ocultos=ocultos
            ),
            descripcion=f"Grupo temático «{encontrado.grupo.tema}»",
            enlace=f"/grupos/{grupo_clave}?comparacion={comparacion.id}",
            campos={"grupo": grupo_clave, "comparacion": str(comparacion.id)},
            anteriores=_anteriores(session, grupo_clave=grupo_clave),
        )
    if punto_id:
        numero = consultas.numero_de_registro(punto_id)
        punto = session.get(PuntoOrden, numero) if numero is not None else None
        if punto is None:
            raise HTTPException(404, "No existe ningún punto del orden del día con ese número.")
        mesa = session.get(Mesa, punto.mesa_id)
        assert mesa is not None
        return Origen(
            borrador=proyectos.borrador_de_punto(session=session, punto=punto, ocultos=ocultos),
            descripcion=(
                f"Punto {punto.orden} «{punto.titulo}» de la mesa {mesa.numero}/{mesa.anio}"
            ),
            enlace=f"/mesas/{mesa.id}",
            campos={"punto": str(punto.id)},
            anteriores=_anteriores(session, punto_origen_id=punto.id),
        )
    return Origen()


def _fuentes_visibles(
    session: Session, ids: list[int], ocultos: set[str]
) -> tuple[list[Criterio], int]:
    """Return the criterios of ``ids`` the reader may see (in order) and how many are hidden."""
    if not ids:
        return [], 0
    por_id = {c.id: c for c in session.exec(select(Criterio).where(col(Criterio.id).in_(ids)))}
    encontrados = [por_id[i] for i in ids if i in por_id]
    visibles = [c for c in encontrados if c.garante_id not in ocultos]
    return visibles, len(encontrados) - len(visibles)


def _formulario_nuevo(
    request: Request,
    origen: Origen,
    *,
    valores: Mapping[str, str],
    errores: dict[str, str],
    status_code: int = 200,
) -> Response:
    session = get_session(request)
    visibles, escondidos = _fuentes_visibles(
        session, origen.borrador.criterio_ids, garantes_ocultos(request)
    )
    contexto = {
        "origen": origen,
        "valores": valores,
        "errores": errores,
        "fuentes": visibles,
        "escondidos": escondidos,
        "texto_de": next((c for c in visibles if c.id == origen.borrador.texto_de), None),
        "nombres": consultas.garantes_por_id(session=session),
        "etiquetas": proyectos.ETIQUETAS_ESTADO,
    }
    return render(request, "proyectos/nuevo.html", contexto, status_code=status_code)


def _contenido(formulario: Mapping[str, Any]) -> Contenido:
    return Contenido.de(**{c: str(formulario.get(c) or "") for c in CAMPOS})


async def nuevo(request: Request) -> Response:
    """Show the draft (prefilled from its origin); on POST create the proyecto's version 1."""
    autorizar(request, "proyecto.redactar", garante_id=_garante(request))
    session = get_session(request)
    if request.method == "GET":
        origen = _origen(request, session, request.query_params)
        valores = {c: getattr(origen.borrador, c) for c in CAMPOS}
        return _formulario_nuevo(request, origen, valores=valores, errores={})
    formulario = await request.form()
    origen = _origen(request, session, formulario)
    contenido = _contenido(formulario)
    errores = proyectos.validar(contenido)
    if errores:
        valores = {c: str(formulario.get(c) or "") for c in CAMPOS}
        return _formulario_nuevo(request, origen, valores=valores, errores=errores, status_code=400)
    usuario = usuario_autorizado(request)
    proyecto = proyectos.crear_proyecto(
        session=session, borrador=origen.borrador, contenido=contenido, autor=usuario
    )
    bitacora.registrar(
        session=session,
        accion="proyecto.crear",
        objeto_tipo="criterio_homologado",
        objeto_id=str(proyecto.id),
        resumen=(
            f"{usuario.nombre_visible} inició el proyecto de criterio homologado {proyecto.id} "
            f"«{proyecto.rubro[:200]}»"
            + (f" ({origen.descripcion[:200]})." if origen.descripcion else " (en blanco).")
        ),
        detalles={
            "divergencia": proyecto.divergencia_clave,
            "grupo": proyecto.grupo_clave,
            "punto": proyecto.punto_origen_id,
            "fuentes": origen.borrador.criterio_ids,
        },
    )
    session.commit()
    return RedirectResponse(f"/proyectos/{proyecto.id}?aviso=creado", status_code=303)


# --- Editor ----------------------------------------------------------------------------


def _enlace_divergencia(session: Session, clave: str | None, ocultos: set[str]) -> str | None:
    """Return the URL of the divergence ``clave`` in the latest run, if it is still there."""
    comparacion = resultados.comparacion_elegida(session=session)
    if clave is None or comparacion is None:
        return None
    divergencia = session.exec(
        select(Divergencia).where(
            Divergencia.comparacion_id == comparacion.id, Divergencia.clave == clave
        )
    ).first()
    if divergencia is None or {divergencia.garante_a, divergencia.garante_b} & ocultos:
        return None
    return f"/divergencias/{divergencia.id}"


def _contexto_editor(
    request: Request, session: Session, proyecto: CriterioHomologado, **extra: Any
) -> dict[str, Any]:
    assert proyecto.id is not None
    usuario = usuario_actual(request)
    ocultos = garantes_ocultos(request)
    fuentes = proyectos.fuentes(session=session, proyecto_id=proyecto.id)
    visibles = [c for c in fuentes if c.garante_id not in ocultos]
    elegida = next(
        (c for c in visibles if c.id == parametro_entero(request, "fuente", por_omision=0)),
        visibles[0] if visibles else None,
    )
    lista_obs = observaciones.del_proyecto(session=session, proyecto_id=proyecto.id)
    personas = nombres_para(request, session, (o.autor_id for o in lista_obs if o.autor_id))
    nombres = personas.garantes
    buscar = parametro_texto(request, "buscar")
    editable = proyecto.estado in proyectos.ESTADOS_EDITABLES
    garante = usuario.garante_id if usuario else None
    punto_origen = (
        session.get(PuntoOrden, proyecto.punto_origen_id) if proyecto.punto_origen_id else None
    )
    return {
        "proyecto": proyecto,
        "titulo": _nombre(proyecto),
        "estado": proyectos.etiqueta_estado(proyecto.estado),
        "fuentes": fuentes,
        "ocultos": ocultos,
        "elegida": elegida,
        "diferencias": {
            "rubro": diferencias_palabras(elegida.rubro, proyecto.rubro),
            "texto": diferencias_palabras(elegida.texto, proyecto.texto),
        }
        if elegida
        else None,
        "opciones_fuente": [
            (c.id, f"{consultas.nombre_corto(c.garante_id, nombres)} · {c.clave or c.id_externo}")
            for c in visibles
        ],
        "nombres": nombres,
        "personas": personas,
        "observaciones": lista_obs,
        "etiquetas_observacion": observaciones.ETIQUETAS_ESTADO,
        "acepta_observaciones": proyecto.estado in observaciones.ESTADOS_CON_OBSERVACIONES,
        "puntos": proyectos.puntos_del_proyecto(session=session, proyecto_id=proyecto.id),
        "punto_origen": punto_origen,
        "mesa_origen": session.get(Mesa, punto_origen.mesa_id) if punto_origen else None,
        "enlace_divergencia": _enlace_divergencia(session, proyecto.divergencia_clave, ocultos),
        "editable": editable,
        "puede_redactar": editable and puede(usuario, "proyecto.redactar", garante_id=garante),
        "puede_observar": puede(usuario, "proyecto.observar", garante_id=garante),
        "puede_resolver": puede(usuario, "observacion.resolver"),
        "buscar": buscar,
        "encontrados": consultas.buscar_criterios(
            session=session, texto=buscar, por_pagina=10, ocultos=ocultos
        )
        if buscar
        else None,
        "aviso": aviso(request, AVISOS),
        **{
            "valores": {c: getattr(proyecto, c) or "" for c in CAMPOS},
            "version_base": proyecto.version,
            "errores": {},
            "mensaje": None,
            "errores_fuente": {},
            "valor_fuente": "",
            "errores_observacion": {},
            "valores_observacion": {},
            **extra,
        },
    }


def _editor(
    request: Request, proyecto: CriterioHomologado, *, status_code: int = 200, **extra: Any
) -> Response:
    session = get_session(request)
    contexto = _contexto_editor(request, session, proyecto, **extra)
    # htmx asks for the diff (a source picked) or for the source search results.
    bloque = "busqueda" if request.headers.get("HX-Target") == "busqueda" else "diferencias"
    return render(
        request, "proyectos/editor.html", contexto, bloque=bloque, status_code=status_code
    )


async def editor(request: Request) -> Response:
    """Render the editor; on POST save the draft as a new version."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    proyecto = _proyecto_o_404(session, request.path_params["id"])
    if request.method == "GET":
        return _editor(request, proyecto)
    autorizar(request, "proyecto.redactar", garante_id=_garante(request))
    usuario = usuario_autorizado(request)
    formulario = await request.form()
    contenido = _contenido(formulario)
    valores = {c: str(formulario.get(c) or "") for c in CAMPOS}
    base = str(formulario.get("version_base") or "")
    version_base = consultas.numero_de_registro(base)
    errores = proyectos.validar(contenido)
    if errores:
        return _editor(
            request, proyecto, status_code=400, valores=valores, errores=errores,
            version_base=version_base,
        )  # fmt: skip
    anterior = proyecto.version
    try:
        version = proyectos.guardar_version(
            session=session,
            proyecto=proyecto,
            contenido=contenido,
            autor=usuario,
            version_base=version_base,
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        session.refresh(proyecto)
        # The text stays in the form; saving it again (after reading the message) now
        # starts from the version the user was told about.
        return _editor(
            request, proyecto, status_code=409, valores=valores, mensaje=str(exc),
            version_base=proyecto.version,
        )  # fmt: skip
    bitacora.registrar(
        session=session,
        accion="proyecto.guardar_version",
        objeto_tipo="criterio_homologado",
        objeto_id=str(proyecto.id),
        resumen=(
            f"{usuario.nombre_visible} guardó la versión {version.numero} del proyecto de "
            f"criterio homologado {proyecto.id}."
        ),
        detalles={"version_anterior": anterior, "version": version.numero},
    )
    session.commit()
    return RedirectResponse(f"/proyectos/{proyecto.id}?aviso=guardado", status_code=303)


# --- Versions --------------------------------------------------------------------------


def historial(request: Request) -> Response:
    """Render a proyecto's versions and the word diff between any two (``?a=1&b=3``)."""
    autorizar(request, "acceso.interno")
    session = get_session(request)
    proyecto = _proyecto_o_404(session, request.path_params["id"])
    assert proyecto.id is not None
    lista_versiones = proyectos.versiones(session=session, proyecto_id=proyecto.id)
    por_numero = {v.numero: v for v in lista_versiones}
    actual = lista_versiones[-1].numero if lista_versiones else proyecto.version
    numero_b = parametro_entero(request, "b", por_omision=actual)
    numero_a = parametro_entero(request, "a", por_omision=max(numero_b - 1, 1))
    if lista_versiones and (numero_a not in por_numero or numero_b not in por_numero):
        raise HTTPException(404, "Ese proyecto no tiene la versión pedida.")
    comparacion = None
    if len(lista_versiones) > 1:
        a, b = por_numero[numero_a], por_numero[numero_b]
        comparacion = {
            "rubro": diferencias_palabras(a.rubro, b.rubro),
            "texto": diferencias_palabras(a.texto, b.texto),
            "otros": [
                (etiqueta, getattr(a, c) or "", getattr(b, c) or "")
                for c, etiqueta in ETIQUETAS_OTROS.items()
                if getattr(a, c) != getattr(b, c)
            ],
        }
    contexto = {
        "proyecto": proyecto,
        "titulo": _nombre(proyecto),
        "versiones": list(reversed(lista_versiones)),
        "numero_a": numero_a,
        "numero_b": numero_b,
        "comparacion": comparacion,
    }
    return render(request, "proyectos/versiones.html", contexto)


# --- Sources and observaciones ---------------------------------------------------------


async def fuentes(request: Request) -> Response:
    """Add a criterio (by number, clave or identifier) to the sources, or remove one."""
    autorizar(request, "proyecto.redactar", garante_id=_garante(request))
    usuario = usuario_autorizado(request)
    session = get_session(request)
    proyecto = _proyecto_o_404(session, request.path_params["id"])
    formulario = await request.form()
    accion = str(formulario.get("accion") or "")
    referencia = str(formulario.get("criterio") or "").strip()
    ocultos = garantes_ocultos(request)
    try:
        if accion == "agregar":
            try:
                criterio = proyectos.buscar_criterio(
                    session=session, referencia=referencia, ocultos=ocultos
                )
            except LookupError as exc:
                return _editor(
                    request, proyecto, status_code=400,
                    errores_fuente={"criterio": str(exc)}, valor_fuente=referencia,
                )  # fmt: skip
            proyectos.agregar_fuente(session=session, proyecto=proyecto, criterio=criterio)
        elif (
            accion == "quitar"
            and (criterio_id := consultas.numero_de_registro(referencia)) is not None
        ):
            quitado = session.get(Criterio, criterio_id)
            if quitado is None:
                raise HTTPException(404, "No existe ningún criterio con ese número.")
            criterio = quitado
            proyectos.quitar_fuente(session=session, proyecto=proyecto, criterio_id=criterio_id)
        else:
            raise HTTPException(400, "Elija si agrega o quita un criterio de las fuentes.")
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    verbo = "agregó a" if accion == "agregar" else "quitó de"
    bitacora.registrar(
        session=session,
        accion=f"proyecto.fuente_{'agregar' if accion == 'agregar' else 'quitar'}",
        objeto_tipo="criterio_homologado",
        objeto_id=str(proyecto.id),
        resumen=(
            f"{usuario.nombre_visible} {verbo} las fuentes del proyecto {proyecto.id} el "
            f"criterio {criterio.garante_id}/{criterio.id_externo}."
        ),
        detalles={"criterio": criterio.id, "garante": criterio.garante_id},
    )
    session.commit()
    aviso_ = "fuente-agregada" if accion == "agregar" else "fuente-quitada"
    return RedirectResponse(f"/proyectos/{proyecto.id}?aviso={aviso_}#fuentes", status_code=303)


async def observar(request: Request) -> Response:
    """Leave an observación of the user's garante on the current version."""
    autorizar(request, "proyecto.observar", garante_id=_garante(request))
    usuario = usuario_autorizado(request)
    session = get_session(request)
    proyecto = _proyecto_o_404(session, request.path_params["id"])
    formulario = await request.form()
    texto = str(formulario.get("observacion") or "")
    errores = observaciones.validar(texto)
    if errores:
        return _editor(
            request, proyecto, status_code=400, errores_observacion=errores,
            valores_observacion={"observacion": texto},
        )  # fmt: skip
    try:
        observacion = observaciones.observar(
            session=session, proyecto=proyecto, texto=texto, autor=usuario
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="observacion.crear",
        objeto_tipo="criterio_homologado",
        objeto_id=str(proyecto.id),
        resumen=(
            f"{usuario.nombre_visible} ({usuario.garante_id}) hizo una observación a la "
            f"versión {observacion.version} del proyecto {proyecto.id}."
        ),
        detalles={"observacion": observacion.id, "texto": observacion.texto[:1000]},
    )
    session.commit()
    return RedirectResponse(
        f"/proyectos/{proyecto.id}?aviso=observacion#observaciones", status_code=303
    )


async def resolver(request: Request) -> Response:
    """Mark an observación atendida or no atendida, with an optional answer."""
    # The secretaría resolves observaciones of every garante: the garante does not matter.
    autorizar(request, "observacion.resolver")
    usuario = usuario_autorizado(request)
    session = get_session(request)
    proyecto = _proyecto_o_404(session, request.path_params["id"])
    observacion = session.get(Observacion, request.path_params["obs"])
    if observacion is None or observacion.criterio_homologado_id != proyecto.id:
        raise HTTPException(404, "Ese proyecto no tiene ninguna observación con ese número.")
    formulario = await request.form()
    estado = str(formulario.get("estado") or "")
    if estado not in ("atendida", "no_atendida"):
        raise HTTPException(400, "Elija si la observación fue atendida o no atendida.")
    antes = {"estado": observacion.estado, "respuesta": observacion.respuesta}
    try:
        observaciones.resolver(
            session=session,
            proyecto=proyecto,
            observacion=observacion,
            estado=estado,
            respuesta=str(formulario.get("respuesta") or ""),
            autor=usuario,
        )
    except TransicionNoPermitida as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from exc
    bitacora.registrar(
        session=session,
        accion="observacion.resolver",
        objeto_tipo="criterio_homologado",
        objeto_id=str(proyecto.id),
        resumen=(
            f"{usuario.nombre_visible} marcó la observación {observacion.id} del proyecto "
            f"{proyecto.id} como {observaciones.ETIQUETAS_ESTADO[estado].lower()}."
        ),
        detalles={
            "observacion": observacion.id,
            "antes": antes,
            "despues": {"estado": observacion.estado, "respuesta": observacion.respuesta},
        },
    )
    session.commit()
    return RedirectResponse(
        f"/proyectos/{proyecto.id}?aviso=resuelta#observacion-{observacion.id}", status_code=303
    )


routes = [
    Route("/proyectos", lista, methods=["GET"]),
    Route("/proyectos.csv", lista_csv, methods=["GET"]),
    Route("/proyectos/nuevo", nuevo, methods=["GET", "POST"]),
    Route("/proyectos/{id:int}", editor, methods=["GET", "POST"]),
    Route("/proyectos/{id:int}/versiones", historial, methods=["GET"]),
    Route("/proyectos/{id:int}/fuentes", fuentes, methods=["POST"]),
    Route("/proyectos/{id:int}/observaciones", observar, methods=["POST"]),
    Route("/proyectos/{id:int}/observaciones/{obs:int}", resolver, methods=["POST"]),
]

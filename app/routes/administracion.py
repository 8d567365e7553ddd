"""Routes: /administracion — settings of the administración (public or private catalogs)."""

from __future__ import annotations

from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app import bitacora
from app.permisos import autorizar
from app.templating import render
from app.web import aviso, get_session
from criterios.models import Garante
from sesiones import ajustes

# The quórum rules offered: (value in the form, fracción, estricto, label).
REGLAS_QUORUM = (
    ("mitad", 0.5, True, "Más de la mitad de los garantes con derecho"),
    ("dos_tercios", 2 / 3, False, "Al menos dos terceras partes"),
    ("tres_cuartos", 0.75, False, "Al menos tres cuartas partes"),
    ("todos", 1.0, False, "Todos los garantes con derecho"),
)
# The numbering patterns of the form: its field and the pattern's definition.
PATRONES = {
    "patron_acuerdo": ajustes.PATRON_ACUERDO,
    "patron_criterio_homologado": ajustes.PATRON_CRITERIO_HOMOLOGADO,
}
AVISOS = {
    "reglas": "Se guardaron las reglas. Valen para las mesas y acuerdos que se creen desde ahora."
}


def _valores_reglas(session: Session) -> dict[str, str]:
    fraccion, estricto = ajustes.regla_quorum(session)
    quorum = next(
        (v for v, f, e, _ in REGLAS_QUORUM if abs(f - fraccion) < 1e-6 and e == estricto), "mitad"
    )
    return {
        **{campo: ajustes.patron(session, definicion) for campo, definicion in PATRONES.items()},
        "quorum": quorum,
    }


def _pagina(
    request: Request,
    *,
    valores: dict[str, str] | None = None,
    errores: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    session = get_session(request)
    garantes = session.exec(
        select(Garante).order_by(col(Garante.region), col(Garante.entidad), col(Garante.nombre))
    )
    valores = valores or _valores_reglas(session)
    contexto = {
        "garantes": list(garantes),
        "valores": valores,
        "errores": errores or {},
        "reglas_quorum": [(v, etiqueta) for v, _, _, etiqueta in REGLAS_QUORUM],
        "ejemplos": _ejemplos(valores),
        "aviso": aviso(request, AVISOS),
    }
    return render(request, "administracion/inicio.html", contexto, status_code=status_code)


def _ejemplos(valores: dict[str, str]) -> dict[str, str]:
    ejemplos = {}
    for campo, definicion in PATRONES.items():
        texto = valores.get(campo, "")
        if ajustes.error_de_patron(texto, definicion) is None:
            ejemplos[campo] = ajustes.formatear(texto.strip(), **definicion.ejemplo)
    return ejemplos


def inicio(request: Request) -> Response:
    """Show every garante with whether its catalog is public, and the rules of the mesas."""
    autorizar(request, "garante.administrar")
    return _pagina(request)


async def reglas(request: Request) -> Response:
    """Save the quórum rule and the numbering patterns (checked before they are saved)."""
    autorizar(request, "ajustes.administrar")
    session = get_session(request)
    formulario = await request.form()
    valores = {campo: str(formulario.get(campo) or "").strip() for campo in (*PATRONES, "quorum")}
    errores = {}
    for campo, definicion in PATRONES.items():
        error = ajustes.error_de_patron(valores[campo], definicion)
        if error:
            errores[campo] = error
    regla = next((r for r in REGLAS_QUORUM if r[0] == valores["quorum"]), None)
    if regla is None:
        errores["quorum"] = "Elija una de las reglas de quórum de la lista."
    if errores or regla is None:
        return _pagina(request, valores=valores, errores=errores, status_code=400)
    antes = _valores_reglas(session)
    for campo, definicion in PATRONES.items():
        ajustes.guardar(session, definicion.clave, valores[campo])
    ajustes.guardar(session, ajustes.AJUSTE_QUORUM, {"fraccion": regla[1], "estricto": regla[2]})
    bitacora.registrar(
        session=session,
        accion="ajustes.reglas",
        objeto_tipo="ajustes",
        objeto_id="mesas",
        resumen=(
            f"Reglas de las mesas: quórum «{regla[3]}», acuerdos «{valores['patron_acuerdo']}», "
            f"criterios homologados «{valores['patron_criterio_homologado']}»."
        ),
        detalles={"antes": antes, "despues": valores},
    )
    session.commit()
    return RedirectResponse("/administracion?aviso=reglas#reglas", status_code=303)


async def catalogo(request: Request) -> Response:
    """Make a garante's catalog public or private (the change goes to the bitácora)."""
    autorizar(request, "garante.administrar")
    formulario = await request.form()
    session = get_session(request)
    garante = session.get(Garante, request.path_params["id"])
    if garante is None:
        raise HTTPException(404)
    garante.catalogo_publico = formulario.get("publico") == "si"
    session.add(garante)
    session.commit()
    return RedirectResponse("/administracion", status_code=303)


routes = [
    Route("/administracion", inicio, methods=["GET"]),
    Route("/administracion/garantes/{id}/catalogo", catalogo, methods=["POST"]),
    Route("/administracion/reglas", reglas, methods=["POST"]),
]

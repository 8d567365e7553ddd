"""Every write route run as every role (after OpenSlides' ``base_permission_test``).

Each case posts a valid request as: the public, the administración, the secretaría, a
comisionado of garante X (jal), a jurídico of X, and a jurídico of another garante Y
(ags). Where the policy says no, the answer is 403 (or, for the public, a 403 or a trip
to /entrar), nothing is written, and the refusal of a signed-in user is in the bitácora;
where it says yes, the handler does its work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select
from starlette.applications import Starlette

from app.main import create_app
from app.models import EventoBitacora, Usuario
from app.settings import Settings
from app.tareas import EjecutorEnLinea, Tareas
from criterios.models import (
    Comparacion,
    CorreccionEtapa,
    Criterio,
    Divergencia,
    Garante,
    Procedimiento,
)
from tests.factories import contar, crear_criterio, crear_garante, crear_procedimiento

ROLES = {
    "anónimo": (None, None),
    "administrador": ("administrador", None),
    "secretaria": ("secretaria", None),
    "comisionado de X": ("comisionado", "jal"),
    "jurídico de X": ("juridico", "jal"),
    "jurídico de Y": ("juridico", "ags"),
}
CATALOGO_DE_X = {"administrador", "jurídico de X"}
SOLO_ADMINISTRACION = {"administrador"}
CON_CUENTA = set(ROLES) - {"anónimo"}

RUBRO = "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN."


@dataclass
class Caso:
    """A write route: how to call it, who may, and what success looks like."""

    url: str
    datos: Callable[[Session], dict[str, Any]] | dict[str, Any]
    permitidos: set[str]
    exito: int
    archivos: dict[str, Any] | None = None
    # How many rows of this model a success adds (None: not counted).
    cuenta: tuple[type, int] | None = None


def _id(session: Session, modelo: type, **filtros: Any) -> int:
    consulta = select(modelo.id)  # type: ignore[attr-defined]
    for campo, valor in filtros.items():
        consulta = consulta.where(getattr(modelo, campo) == valor)
    return session.exec(consulta).one()


def _objetivo(session: Session) -> int:
    return _id(session, Usuario, correo="objetivo@region.mx")


CASOS = {
    "criterio.crear": Caso(
        "/criterios/nuevo",
        {"garante": "jal", "id": "jal-99", "rubro": "RUBRO NUEVO.", "texto": "Texto nuevo.",
         "vigencia": "vigente"},
        CATALOGO_DE_X, 303, cuenta=(Criterio, 1),
    ),
    "criterio.editar": Caso(
        "/criterios/{criterio}/editar",
        {"rubro": "RUBRO CAMBIADO.", "texto": "Texto cambiado.", "vigencia": "vigente"},
        CATALOGO_DE_X, 303,
    ),
    "procedimiento.crear": Caso(
        "/procedimientos/nuevo",
        {"garante": "jal", "id_externo": "jal-recurso", "nombre": "Recurso de revisión",
         "etapa-1-nombre": "Interposición", "etapa-1-plazo_cantidad": "15",
         "etapa-1-plazo_unidad": "dias_habiles"},
        CATALOGO_DE_X, 303, cuenta=(Procedimiento, 1),
    ),
    "procedimiento.editar": Caso(
        "/procedimientos/{procedimiento}/editar",
        {"garante": "jal", "id_externo": "jal-acceso", "nombre": "Acceso (cambiado)",
         "etapa-1-nombre": "Plazo de respuesta", "etapa-1-plazo_cantidad": "20",
         "etapa-1-plazo_unidad": "dias_habiles"},
        CATALOGO_DE_X, 303,
    ),
    "procedimiento.corregir_alineacion": Caso(
        "/procedimientos/alineacion",
        {"garante": "jal", "procedimiento": "jal-acceso", "etapa": "Plazo de respuesta",
         "fila": "Plazo de respuesta", "fila_nueva": "Ampliación del plazo", "accion": "guardar",
         "volver": "/procedimientos"},
        CATALOGO_DE_X, 303, cuenta=(CorreccionEtapa, 1),
    ),
    "importar": Caso(
        "/importar", {}, CATALOGO_DE_X, 200,
        archivos={"archivo": ("jal.csv", b"id,garante,rubro,texto\njal-50,jal,RUBRO.,Texto.\n",
                              "text/csv")},
        cuenta=(Criterio, 1),
    ),
    "comparacion.iniciar": Caso(
        "/comparaciones", {}, {"secretaria", "jurídico de X", "jurídico de Y"}, 303,
        cuenta=(Comparacion, 1),
    ),
    "divergencia.revisar": Caso(
        "/divergencias/{divergencia}/revision", {"accion": "confirmar", "motivo": ""},
        {"secretaria", "jurídico de X"}, 303,
    ),
    "usuario.crear": Caso(
        "/usuarios/nueva", {"correo": "otra@region.mx", "rol": "secretaria"},
        SOLO_ADMINISTRACION, 200, cuenta=(Usuario, 1),
    ),
    "usuario.cambiar_rol": Caso(
        "/usuarios/{objetivo}/rol", {"rol": "comisionado", "garante": "jal"},
        SOLO_ADMINISTRACION, 303,
    ),
    "usuario.desactivar": Caso("/usuarios/{objetivo}/desactivar", {}, SOLO_ADMINISTRACION, 303),
    "usuario.reactivar": Caso("/usuarios/{objetivo}/reactivar", {}, SOLO_ADMINISTRACION, 303),
    "usuario.restablecer": Caso("/usuarios/{objetivo}/restablecer", {}, SOLO_ADMINISTRACION, 200),
    "garante.catalogo": Caso(
        "/administracion/garantes/jal/catalogo", {"publico": "no"}, SOLO_ADMINISTRACION, 303
    ),
    "ajustes.reglas": Caso(
        "/administracion/reglas",
        {"quorum": "dos_tercios", "patron_acuerdo": "CRCO/{anio}/{mesa:02d}-{n:02d}",
         "patron_criterio_homologado": "CH-CO {n:02d}/{anio}"},
        SOLO_ADMINISTRACION, 303,
    ),
    # One's own account: any signed-in user (a wrong current password still reaches the form).
    "cuenta.contrasena": Caso(
        "/cuenta/contrasena", {"actual": "no es", "nueva": "otra frase bastante larga",
                               "confirmacion": "otra frase bastante larga"},
        CON_CUENTA, 400,
    ),
    "cuenta.cerrar_sesiones": Caso(
        "/cuenta/sesiones/cerrar", {"contrasena": "no es"}, CON_CUENTA, 400
    ),
    "salir": Caso("/salir", {}, set(ROLES), 303),
}  # fmt: skip


@pytest.fixture
def app_web(engine: Engine, settings: Settings) -> Starlette:
    """The app with comparator runs executed inline (they end before the POST returns)."""
    tareas = Tareas(engine, ejecutor=EjecutorEnLinea(), en_proceso_aparte=False)
    return create_app(settings, engine=engine, tareas=tareas)


@pytest.fixture
def registro(session: Session, usuario: Callable[..., Usuario]) -> dict[str, int]:
    """Garantes X (jal), Y (ags) and col; X's criterio and procedimiento, a criterio of col
    that diverges from X's (Y takes no part); and a secretaría account to administer."""
    for garante in ("jal", "ags", "col"):
        crear_garante(session, garante)
    crear_criterio(
        session,
        "jal",
        "jal-07",
        rubro=RUBRO,
        temas=["plazos"],
        texto="El sujeto obligado debe responder dentro de diez días hábiles.",
    )
    crear_criterio(
        session,
        "col",
        "col-01",
        rubro=RUBRO,
        temas=["plazos"],
        texto="El sujeto obligado debe responder dentro de veinte días hábiles.",
    )
    crear_procedimiento(session, "jal", "jal-acceso")
    usuario("secretaria", correo="objetivo@region.mx")
    ids = {
        "criterio": _id(session, Criterio, id_externo="jal-07"),
        "procedimiento": _id(session, Procedimiento, id_externo="jal-acceso"),
        "objetivo": _objetivo(session),
    }
    return ids  # fmt: skip


def _negaciones(session: Session) -> int:
    session.expire_all()
    consulta = select(func.count()).where(EventoBitacora.accion == "autorizacion.denegada")
    return session.exec(consulta).one()


@pytest.mark.parametrize("rol", list(ROLES))
@pytest.mark.parametrize("accion", list(CASOS))
def test_ruta_de_escritura_por_rol(cliente_como, session, registro, accion, rol):
    caso = CASOS[accion]
    if "{divergencia}" in caso.url:
        # A comparator run (inline) finds the divergencia between X and col.
        assert cliente_como("secretaria").post("/comparaciones").status_code == 200
        registro["divergencia"] = session.exec(select(Divergencia.id)).one()
    cliente = cliente_como(*ROLES[rol])
    url = caso.url.format(**registro)
    antes = contar(session, caso.cuenta[0]) if caso.cuenta else None
    negaciones = _negaciones(session)
    respuesta = cliente.post(url, data=caso.datos, files=caso.archivos, follow_redirects=False)

    if rol in caso.permitidos:
        assert respuesta.status_code == caso.exito, respuesta.text[:2000]
        if caso.cuenta:
            assert contar(session, caso.cuenta[0]) == antes + caso.cuenta[1]
        return
    if rol == "anónimo":
        assert respuesta.status_code == 403 or (
            respuesta.status_code == 303 and respuesta.headers["location"].startswith("/entrar")
        )
    else:
        assert respuesta.status_code == 403
        assert "<h1>Acceso denegado</h1>" in respuesta.text
        assert _negaciones(session) == negaciones + 1
    if caso.cuenta:
        assert contar(session, caso.cuenta[0]) == antes


def test_las_escrituras_del_registro_quedan_en_la_tabla(app_web):
    """Every POST route of the application has its row above (a new one must be added)."""
    from starlette.routing import Route

    rutas = {
        r.path.replace(":int", "")
        for r in app_web.routes
        if isinstance(r, Route) and "POST" in (r.methods or ())
    }
    cubiertas = {c.url for c in CASOS.values()} | {"/entrar"}  # /entrar: tests/app/test_cuentas
    normalizar = {
        "/criterios/{criterio}/editar": "/criterios/{id}/editar",
        "/procedimientos/{procedimiento}/editar": "/procedimientos/{id}/editar",
        "/divergencias/{divergencia}/revision": "/divergencias/{id}/revision",
        "/usuarios/{objetivo}/rol": "/usuarios/{id}/rol",
        "/usuarios/{objetivo}/desactivar": "/usuarios/{id}/desactivar",
        "/usuarios/{objetivo}/reactivar": "/usuarios/{id}/reactivar",
        "/usuarios/{objetivo}/restablecer": "/usuarios/{id}/restablecer",
        "/administracion/garantes/jal/catalogo": "/administracion/garantes/{id}/catalogo",
    }
    assert rutas == {normalizar.get(u, u) for u in cubiertas} | _rutas_de_otros_modulos()


def _rutas_de_otros_modulos() -> set[str]:
    """Return the POST routes whose role tests live in other ``test_permisos_*`` modules.

    Each such module lists the paths it covers in ``RUTAS_CUBIERTAS`` (as in the URL map,
    without ``:int``), so that every workflow keeps its own table of cases.
    """
    import importlib
    import pkgutil

    import tests.app

    cubiertas: set[str] = set()
    for modulo in pkgutil.iter_modules(tests.app.__path__):
        if modulo.name.startswith("test_permisos_") and modulo.name != "test_permisos_rutas":
            cubiertas |= set(importlib.import_module(f"tests.app.{modulo.name}").RUTAS_CUBIERTAS)
    return cubiertas


def test_importar_registros_de_otro_garante_nombra_cuales(cliente_como, session, registro):
    cliente = cliente_como("juridico", "ags")
    archivo = b"id,garante,rubro,texto\njal-51,jal,R.,T.\ncol-51,col,R.,T.\nags-51,ags,R.,T.\n"
    respuesta = cliente.post("/importar", files={"archivo": ("x.csv", archivo, "text/csv")})
    assert respuesta.status_code == 403
    assert (
        "Su cuenta no puede importar registros de: Órgano Garante COL (col), "
        "Órgano Garante JAL (jal). No se guardó nada." in respuesta.text
    )
    assert contar(session, Criterio) == 2  # neither ags-51 was written


@pytest.mark.parametrize(
    ("rol", "ve"),
    [("anónimo", False), ("comisionado de X", True), ("jurídico de X", True),
     ("jurídico de Y", False), ("secretaria", True), ("administrador", True)],
)  # fmt: skip
def test_catalogo_privado_solo_para_quien_corresponde(cliente_como, session, registro, rol, ve):
    garante = session.get(Garante, "jal")
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    cliente = cliente_como(*ROLES[rol])
    lista = cliente.get("/criterios").text
    assert (f'href="/criterios/{registro["criterio"]}"' in lista) is ve
    assert 'href="/garantes/col"' in lista
    ficha = cliente.get(f"/criterios/{registro['criterio']}", follow_redirects=False)
    if ve:
        assert ficha.status_code == 200
    elif rol == "anónimo":
        assert ficha.status_code == 303 and ficha.headers["location"].startswith("/entrar")
    else:
        assert ficha.status_code == 403
    datos = cliente.get("/datos/criterios.json").json()
    assert any(c["garante"] == "jal" for c in datos["criterios"]) is ve
    csv = cliente.get("/datos/criterios.csv").text
    assert ("jal-07" in csv) is ve
    assert ("col-01" in csv) is True
    versiones = cliente.get(f"/criterios/{registro['criterio']}/versiones", follow_redirects=False)
    assert (versiones.status_code == 200) is ve
    procedimiento = cliente.get(
        f"/procedimientos/{registro['procedimiento']}", follow_redirects=False
    )
    assert (procedimiento.status_code == 200) is ve
    ficha_garante = cliente.get("/garantes/jal")
    assert ficha_garante.status_code == 200  # who the garante is stays public
    assert (f'href="/criterios/{registro["criterio"]}"' in ficha_garante.text) is ve

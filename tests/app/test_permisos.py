"""The policy table: each role × each action, on its own garante and on another one."""

import pytest

from app.models import Usuario
from app.permisos import REGLAS, puede, puede_ver_catalogo
from criterios.models import Garante


def _cuenta(rol, garante=None):
    return Usuario(
        id=1, correo="x@x.mx", rol=rol, garante_id=garante, debe_cambiar_contrasena=False
    )


ROLES = {
    "administrador": _cuenta("administrador"),
    "secretaria": _cuenta("secretaria"),
    "comisionado de jal": _cuenta("comisionado", "jal"),
    "juridico de jal": _cuenta("juridico", "jal"),
}
ESCRITURAS = (
    "criterio.crear", "criterio.editar", "procedimiento.crear", "procedimiento.editar",
    "procedimiento.corregir_alineacion", "importar",
)  # fmt: skip

# (rol, acción, garante) → permitido. "jal" is the juridico's own garante, "ags" another one.
CASOS = [
    *[("administrador", a, g, True) for a in ESCRITURAS for g in ("jal", "ags")],
    *[("secretaria", a, g, False) for a in ESCRITURAS for g in ("jal", "ags")],
    *[("comisionado de jal", a, g, False) for a in ESCRITURAS for g in ("jal", "ags")],
    *[("juridico de jal", a, "jal", True) for a in ESCRITURAS],
    *[("juridico de jal", a, "ags", False) for a in ESCRITURAS],
    *[(None, a, "jal", False) for a in ESCRITURAS],
    ("administrador", "catalogo.ver_privado", "ags", True),
    ("secretaria", "catalogo.ver_privado", "ags", True),
    ("comisionado de jal", "catalogo.ver_privado", "jal", True),
    ("comisionado de jal", "catalogo.ver_privado", "ags", False),
    ("juridico de jal", "catalogo.ver_privado", "jal", True),
    ("juridico de jal", "catalogo.ver_privado", "ags", False),
    (None, "catalogo.ver_privado", "jal", False),
    ("administrador", "usuarios.administrar", None, True),
    ("secretaria", "usuarios.administrar", None, False),
    ("juridico de jal", "usuarios.administrar", None, False),
    ("administrador", "garante.administrar", None, True),
    ("secretaria", "garante.administrar", None, False),
    ("administrador", "bitacora.ver", None, True),
    ("secretaria", "bitacora.ver", None, True),
    ("comisionado de jal", "bitacora.ver", None, False),
    ("juridico de jal", "bitacora.ver", None, False),
    (None, "bitacora.ver", None, False),
    ("juridico de jal", "divergencia.revisar", "jal", True),
    ("juridico de jal", "divergencia.revisar", "ags", False),
    ("comisionado de jal", "divergencia.revisar", "jal", False),
]


@pytest.mark.parametrize(("rol", "accion", "garante", "permitido"), CASOS)
def test_tabla_de_permisos(rol, accion, garante, permitido):
    assert puede(ROLES.get(rol), accion, garante_id=garante) is permitido


def test_sin_garante_pregunta_si_puede_en_alguno():
    # Used to decide whether to show a form; the write asks again with its garante.
    assert puede(ROLES["juridico de jal"], "criterio.crear") is True
    assert puede(ROLES["comisionado de jal"], "criterio.crear") is False


def test_juridico_sin_garante_no_escribe_nada():
    huerfano = _cuenta("juridico")
    assert not any(puede(huerfano, a, garante_id=g) for a in ESCRITURAS for g in ("jal", None))


@pytest.mark.parametrize("campo", ["activo", "debe_cambiar_contrasena"])
def test_cuenta_desactivada_o_con_contrasena_pendiente_no_puede_nada(campo):
    cuenta = _cuenta("administrador")
    setattr(cuenta, campo, campo != "activo")
    assert not any(puede(cuenta, accion, garante_id="jal") for accion in REGLAS)


def test_accion_desconocida_es_un_error_no_un_permiso():
    with pytest.raises(KeyError):
        puede(ROLES["administrador"], "criterio.borrar_todo")


@pytest.mark.parametrize(
    ("rol", "publico", "visible"),
    [
        (None, True, True),
        (None, False, False),
        ("juridico de jal", False, True),
        ("secretaria", False, True),
    ],
)
def test_catalogo_publico_o_privado(rol, publico, visible):
    garante = Garante(id="jal", nombre="ITEI", catalogo_publico=publico)
    assert puede_ver_catalogo(ROLES.get(rol), garante) is visible
    otro = Garante(id="ags", nombre="ITEA", catalogo_publico=publico)
    assert puede_ver_catalogo(ROLES["juridico de jal"], otro) is publico

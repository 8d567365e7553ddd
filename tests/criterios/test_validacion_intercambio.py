import json
from pathlib import Path

import pytest

from criterios import validacion_intercambio
from criterios.validacion_intercambio import ErrorDeFormato, validar
from tests.factories import crear_garante

DATOS = Path(__file__).resolve().parents[1] / "datos_importacion"


def _errores(funcion, *args, **kwargs):
    with pytest.raises(ErrorDeFormato) as exc:
        funcion(*args, **kwargs)
    return exc.value.errores


def _criterio(**campos):
    datos = {"id": "ags-01", "garante": "ags", "rubro": "RUBRO.", "texto": "Texto."}
    datos.update(campos)
    return datos


def _documento(*criterios, garantes=({"id": "ags", "nombre": "Órgano Garante AGS"},)):
    return {"version": "1", "garantes": list(garantes), "criterios": list(criterios)}


# ------------------------------------------------------------------ bad input, one case each


CASOS_JSON = [
    pytest.param(
        _documento(_criterio(), _criterio(id="ags-02", colorido="rojo")),
        ['criterio 2 (ags-02): el campo "colorido" no está permitido'],
        id="campo-desconocido",
    ),
    pytest.param(
        _documento(_criterio(id="xx-01", garante="xx")),
        ['criterio 1 (xx-01): el garante "xx" no existe ni está en el archivo'],
        id="garante-desconocido",
    ),
    pytest.param(
        _documento(_criterio(), _criterio(rubro="OTRO.")),
        [
            'criterio 2 (ags-01): el id "ags-01" del garante "ags" está repetido '
            "(primera aparición: criterio 1)"
        ],
        id="criterio-repetido",
    ),
    pytest.param(
        _documento(
            _criterio(), garantes=[{"id": "ags", "nombre": "A"}, {"id": "ags", "nombre": "B"}]
        ),
        ['garante 2 (ags): el id "ags" está repetido (primera aparición: garante 1)'],
        id="garante-repetido",
    ),
    pytest.param(
        _documento(_criterio(fecha_aprobacion="2020-02-30")),
        [
            'criterio 1 (ags-01): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): '
            '"2020-02-30"'
        ],
        id="fecha-imposible",
    ),
    pytest.param(
        _documento(_criterio(fecha_aprobacion="14/02/2020")),
        [
            'criterio 1 (ags-01): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): '
            '"14/02/2020"'
        ],
        id="fecha-en-otro-orden",
    ),
    pytest.param(
        _documento(_criterio(precedentes=[{"expediente": "RR-1/2020", "fecha": "2020-13-01"}])),
        [
            'criterio 1 (ags-01), precedente 1: "fecha" no es una fecha válida (AAAA-MM-DD): '
            '"2020-13-01"'
        ],
        id="fecha-de-precedente",
    ),
    pytest.param(
        _documento({"id": "ags-01", "garante": "ags", "rubro": "RUBRO."}),
        ['criterio 1 (ags-01): falta el campo "texto"'],
        id="falta-texto",
    ),
    pytest.param(
        _documento(_criterio(texto="")),
        ['criterio 1 (ags-01): "texto" no puede estar vacío'],
        id="texto-vacio",
    ),
    pytest.param(
        _documento(_criterio(tipo="importante")),
        [
            'criterio 1 (ags-01): "tipo" debe ser uno de: reiterado, relevante, orientador, '
            'obligatorio, otro (dice "importante")'
        ],
        id="tipo-fuera-de-lista",
    ),
    pytest.param(
        _documento(_criterio(temas="plazos")),
        ['criterio 1 (ags-01): "temas" debe ser una lista'],
        id="temas-no-lista",
    ),
    pytest.param(
        {"version": "1", "criterios": []},
        ["el archivo no contiene criterios"],
        id="sin-registros",
    ),
    pytest.param(
        {"garantes": []},
        ['falta la lista "criterios"'],
        id="sin-lista-de-criterios",
    ),
    pytest.param(
        {"criterios": [_criterio()], "garantes": [{"id": "ags", "nombre": "A"}], "notas": "x"},
        ['el campo "notas" no está permitido en el archivo'],
        id="campo-desconocido-en-la-raiz",
    ),
    pytest.param(
        [_criterio()],
        ['el archivo debe ser un objeto JSON con la lista "criterios"'],
        id="lista-en-vez-de-objeto",
    ),
    pytest.param(
        _documento(_criterio(), garantes=[{"id": "Jal 1", "nombre": "Jalisco"}]),
        [
            'garante 1 (Jal 1): "id" no es un identificador válido: "Jal 1" (use de 1 a 40 '
            'minúsculas sin acentos, dígitos, "-" o "_", empezando por letra o dígito)',
            'criterio 1 (ags-01): el garante "ags" no existe ni está en el archivo',
        ],
        id="id-de-garante-no-valido",
    ),
    pytest.param(
        _documento(
            _criterio(),
            garantes=[
                {
                    "id": "ags",
                    "nombre": "A",
                    "vigente_desde": "2025-03-21",
                    "vigente_hasta": "2020-01-01",
                }
            ],
        ),
        [
            'garante 1 (ags): "vigente_hasta" (2020-01-01) es anterior a '
            '"vigente_desde" (2025-03-21)'
        ],
        id="vigencia-al-reves",
    ),
    pytest.param(
        {
            **_documento(_criterio()),
            "procedimientos": [
                {
                    "id": "ags-acceso",
                    "garante": "ags",
                    "nombre": "Solicitud de acceso",
                    "etapas": [
                        {
                            "nombre": "Respuesta",
                            "plazo": {"cantidad": 20, "unidad": "dias_habiles"},
                        },
                        {"plazo": {"cantidad": -1, "unidad": "semanas"}},
                    ],
                }
            ],
        },
        [
            'procedimiento 1 (ags-acceso), etapa 2: falta el campo "nombre"',
            'procedimiento 1 (ags-acceso), etapa 2: "plazo.cantidad" debe ser mayor o igual que 0',
            'procedimiento 1 (ags-acceso), etapa 2: "plazo.unidad" debe ser uno de: dias_habiles, '
            'dias_naturales, meses, horas (dice "semanas")',
        ],
        id="etapa-de-procedimiento",
    ),
]


@pytest.mark.parametrize(("datos", "esperados"), CASOS_JSON)
def test_validar_rechaza_con_el_lugar_de_cada_problema(datos, esperados):
    assert _errores(validar, datos) == esperados


def test_validar_devuelve_los_datos_validos():
    datos = json.loads((DATOS / "valido.json").read_text("utf-8"))
    assert validar(datos) is datos


def test_garante_ya_registrado_vale_con_sesion(session):
    crear_garante(session, "jal")
    datos = _documento(_criterio(id="jal-07", garante="jal"), garantes=[])
    assert validar(datos, session=session) is datos
    assert _errores(validar, datos) == [
        'criterio 1 (jal-07): el garante "jal" no existe ni está en el archivo'
    ]


def test_sin_exigir_garantes_conocidos_no_se_revisan():
    datos = _documento(_criterio(id="xx-01", garante="xx"), garantes=[])
    assert validar(datos, exigir_garantes_conocidos=False) is datos


# ------------------------------------------------------------------ the two validators agree

_VALIDO = json.loads((DATOS / "valido.json").read_text("utf-8"))

ACUERDO = [
    pytest.param(_VALIDO, True, id="archivo-valido"),
    pytest.param(_documento(_criterio(fecha_aprobacion="2020-02-29")), True, id="bisiesto"),
    pytest.param(_documento(_criterio(fecha_aprobacion="2020-02-30")), False, id="30-de-febrero"),
    pytest.param(_documento(_criterio(fecha_aprobacion="2021-02-29")), False, id="no-bisiesto"),
    pytest.param(_documento(_criterio(fecha_aprobacion="2020-1-05")), False, id="fecha-corta"),
    pytest.param(
        _documento(_criterio(fecha_aprobacion="2020-01-05T10:00:00Z")), False, id="con-hora"
    ),
    pytest.param(
        _documento(_criterio(precedentes=[{"expediente": "RR-1/2020", "fecha": "2020-13-01"}])),
        False,
        id="mes-13-en-precedente",
    ),
    pytest.param(
        _documento(garantes=[{"id": "ags", "nombre": "AGS", "vigente_desde": "2020-04-31"}]),
        False,
        id="31-de-abril-en-garante",
    ),
    pytest.param(_documento(garantes=[{"id": "Ags", "nombre": "AGS"}]), False, id="mayuscula"),
    pytest.param(_documento(garantes=[{"id": "a" * 41, "nombre": "A"}]), False, id="id-de-41"),
    pytest.param(_documento(garantes=[{"id": "a" * 40, "nombre": "A"}]), True, id="id-de-40"),
    pytest.param(_documento(_criterio(id="a" * 121)), False, id="id-de-criterio-largo"),
    pytest.param(_documento(_criterio(rubro="")), False, id="rubro-vacio"),
    pytest.param(_documento(_criterio(rubro=7)), False, id="rubro-numero"),
    pytest.param(_documento(_criterio(vigencia="eterna")), False, id="vigencia-desconocida"),
    pytest.param(_documento(_criterio(colorido="rojo")), False, id="campo-desconocido"),
    pytest.param({"version": "1", "garantes": []}, False, id="sin-criterios"),
    pytest.param([], False, id="lista"),
]


@pytest.mark.parametrize(("datos", "valido"), ACUERDO)
def test_el_validador_compilado_coincide_con_jsonschema(datos, valido):
    # validar() trusts the compiled validator's "valid": it must never accept what
    # jsonschema (whose errors become the Spanish messages) rejects, nor the other way.
    assert validacion_intercambio._RAPIDO.is_valid(datos) is valido
    assert validacion_intercambio._validador().is_valid(datos) is valido


def test_un_documento_que_el_compilado_rechaza_se_explica_en_espanol():
    datos = _documento(_criterio(fecha_aprobacion="2020-02-30"))
    assert _errores(validar, datos) == [
        'criterio 1 (ags-01): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): "2020-02-30"'
    ]

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import select

from criterios.csv_intercambio import COLUMNAS
from criterios.intercambio import (
    exportar,
    exportar_csv,
    importar,
    leer_archivo,
    leer_bytes,
)
from criterios.models import Criterio, CriterioVersion, Etapa, Garante, Procedimiento
from criterios.validacion_intercambio import ESQUEMA, ErrorDeFormato
from tests.factories import contar, crear_garante

DATOS = Path(__file__).resolve().parents[1] / "datos_importacion"
MB = 1024 * 1024


def _leer(nombre, session=None):
    return leer_archivo(DATOS / nombre, max_bytes=20 * MB, session=session)


def _errores(funcion, *args, **kwargs):
    with pytest.raises(ErrorDeFormato) as exc:
        funcion(*args, **kwargs)
    return exc.value.errores


# ------------------------------------------------------------------ reading files


def test_validar_junta_todos_los_problemas_del_archivo_en_orden():
    assert _errores(_leer, "varios_errores.json") == [
        'garante 2 (ags): el id "ags" está repetido (primera aparición: garante 1)',
        'criterio 1 (ags-01): el campo "colorido" no está permitido',
        'criterio 2 (ags-02): falta el campo "texto"',
        'criterio 3 (xx-01): el garante "xx" no existe ni está en el archivo',
        'criterio 3 (xx-01): "tipo" debe ser uno de: reiterado, relevante, orientador, '
        'obligatorio, otro (dice "importante")',
        'criterio 4 (ags-01): el id "ags-01" del garante "ags" está repetido '
        "(primera aparición: criterio 1)",
        'criterio 4 (ags-01): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): "2020-02-30"',
        'procedimiento 1 (ags-acceso), etapa 2: "plazo.unidad" debe ser uno de: dias_habiles, '
        'dias_naturales, meses, horas (dice "semanas")',
    ]


CASOS_ARCHIVO = [
    pytest.param("vacio.json", ["el archivo está vacío"], id="archivo-vacio"),
    pytest.param(
        "latin1.csv",
        [
            "el archivo no está en UTF-8 (byte no válido en la línea 2); guárdelo con codificación "
            "UTF-8 (en Excel: «CSV UTF-8») e inténtelo de nuevo"
        ],
        id="codificacion-latin1",
    ),
    pytest.param(
        "no_es_intercambio.txt",
        [
            "el archivo no es JSON ni CSV de intercambio: se esperaba un objeto JSON o un CSV cuyo "
            "encabezado tenga las columnas " + ", ".join(COLUMNAS)
        ],
        id="ni-json-ni-csv",
    ),
    pytest.param(
        "json_roto.json",
        ["el archivo JSON no es válido: falta una coma (línea 4, columna 6)"],
        id="json-con-error-de-sintaxis",
    ),
    pytest.param(
        "columnas_malas.csv",
        [
            'la columna "colorido" no es del formato de intercambio (se admiten: '
            + ", ".join(COLUMNAS)
            + ")",
            'falta la columna obligatoria "texto"',
        ],
        id="csv-columna-desconocida-y-faltante",
    ),
    pytest.param(
        "un_registro_invalido.json",
        [
            'criterio 3 (ags-03): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): '
            '"2020-13-01"'
        ],
        id="un-registro-invalido",
    ),
    pytest.param(
        "no-existe.json", [f"no existe el archivo {DATOS / 'no-existe.json'}"], id="sin-archivo"
    ),
]


@pytest.mark.parametrize(("nombre", "esperados"), CASOS_ARCHIVO)
def test_leer_archivo_rechaza(nombre, esperados):
    assert _errores(_leer, nombre) == esperados


@pytest.mark.parametrize(
    ("contenido", "esperado"),
    [
        pytest.param(b"   \n", "el archivo está vacío", id="solo-espacios"),
        pytest.param(b"\xef\xbb\xbf", "el archivo está vacío", id="solo-bom"),
        pytest.param(
            b'{"criterios": [}',
            "el archivo JSON no es válido: se esperaba un valor (línea 1, columna 16)",
            id="json-incompleto",
        ),
        pytest.param(
            b"id;garante;rubro;texto\nags-01;ags;R;T\n",
            "el CSV usa punto y coma como separador; el formato de intercambio separa las columnas "
            "con comas (en Excel: guardar como «CSV UTF-8 (delimitado por comas)»)",
            id="csv-con-punto-y-coma",
        ),
        pytest.param(
            b"id,garante,rubro,texto,texto\n",
            'la columna "texto" está repetida',
            id="csv-columna-repetida",
        ),
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2",
            "el archivo no está en UTF-8 (byte no válido en la línea 1); guárdelo con codificación "
            "UTF-8 (en Excel: «CSV UTF-8») e inténtelo de nuevo",
            id="hoja-de-calculo-binaria",
        ),
    ],
)
def test_leer_bytes_rechaza(contenido, esperado):
    assert _errores(leer_bytes, contenido, "subido", max_bytes=MB) == [esperado]


def test_archivo_demasiado_grande():
    contenido = b" " * (MB + 300 * 1024)
    assert _errores(leer_bytes, contenido, "grande.json", max_bytes=MB) == [
        "el archivo pesa 1.3 MB; el límite es 1 MB"
    ]


def test_archivo_en_disco_demasiado_grande_no_se_lee(tmp_path):
    ruta = tmp_path / "grande.json"
    ruta.write_bytes(b"{" + b" " * (3 * MB))
    assert _errores(leer_archivo, ruta, max_bytes=2 * MB) == [
        "el archivo pesa 3 MB; el límite es 2 MB"
    ]


def test_json_con_bom_se_lee():
    contenido = "\ufeff".encode() + (DATOS / "valido.json").read_bytes()
    assert len(leer_bytes(contenido, "con-bom.json", max_bytes=MB)["criterios"]) == 3


# ------------------------------------------------------------------ CSV


def test_csv_valido_con_garantes_registrados(session):
    crear_garante(session, "ags")
    crear_garante(session, "col")
    datos = _leer("valido.csv", session=session)
    assert datos["criterios"] == [
        {
            "id": "ags-10",
            "garante": "ags",
            "clave": "CRITERIO 10/2022",
            "rubro": "PRUEBA DE INTERÉS PÚBLICO.",
            "texto": "El órgano garante aplica la prueba de interés público con idoneidad, "
            "necesidad y proporcionalidad.",
            "tipo": "relevante",
            "vigencia": "vigente",
            "fecha_aprobacion": "2022-03-01",
            "fuente": "Gaceta",
            "marco_normativo": "LGTAIP-2015",
            "temas": ["prueba de interés público", "reserva"],
            "precedentes": [
                {"expediente": "RR-10/2021", "fecha": "2021-05-02", "sentido": "revoca"},
                {"expediente": "RR-11/2021", "sentido": "confirma"},
            ],
        },
        {
            "id": "col-10",
            "garante": "col",
            "rubro": "INFORMACIÓN YA PUBLICADA.",
            "texto": "Basta indicar dónde se consulta, dentro de cinco días.",
        },
    ]


def test_csv_no_crea_garantes():
    assert _errores(_leer, "valido.csv") == [
        'fila 2 (ags-10): el garante "ags" no existe (un CSV no puede crear garantes: '
        "regístrelos antes o use JSON)",
        'fila 3 (col-10): el garante "col" no existe (un CSV no puede crear garantes: '
        "regístrelos antes o use JSON)",
    ]


def test_csv_nombra_la_fila_de_la_hoja_de_calculo(session):
    crear_garante(session, "ags")
    contenido = (
        "id,garante,rubro,texto,fecha_aprobacion,precedentes\n"
        "ags-01,ags,UNO,Texto uno,2020-02-14,\n"
        "\n"
        'ags-02,ags,DOS,"Texto en\ndos líneas",2020-13-01,RR-1 | 2020-01-01 | revoca | extra\n'
        "ags-03,ags,TRES,,,\n"
        "ags-04,ags,CUATRO\n"
    ).encode()
    assert _errores(leer_bytes, contenido, "a.csv", session=session, max_bytes=MB) == [
        'fila 4 (ags-02): precedente 1 ("RR-1 | 2020-01-01 | revoca | extra") no tiene la forma '
        '"EXPEDIENTE | AAAA-MM-DD | sentido"',
        'fila 4 (ags-02): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): "2020-13-01"',
        'fila 5 (ags-03): falta el campo "texto"',
        "fila 6 (ags-04): tiene 3 celdas y el encabezado 6",
        'fila 6 (ags-04): falta el campo "texto"',
    ]


def test_exportar_csv_neutraliza_formulas(session):
    importar(session=session, datos=_leer("valido.json"))
    filas = list(csv.DictReader(io.StringIO(exportar_csv(session=session))))
    ags_02 = next(f for f in filas if f["id"] == "ags-02")
    assert ags_02["rubro"] == "'=SUMA(A1:A2) NO ES UNA FÓRMULA."
    assert ags_02["texto"] == "'-Un texto que empieza con guion y otro con @arroba."
    # No cell reaches a spreadsheet able to run as a formula.
    assert not [c for f in filas for c in f.values() if c[:1] in ("=", "+", "-", "@")]


def test_exportar_csv_encabezado_y_filas(session):
    importar(session=session, datos=_leer("valido.json"))
    texto = exportar_csv(session=session)
    assert texto.splitlines()[0] == ",".join(COLUMNAS)
    filas = list(csv.DictReader(io.StringIO(texto)))
    assert [f["id"] for f in filas] == ["ags-01", "ags-02", "col-01"]
    assert filas[0]["temas"] == "plazo de respuesta; ampliación"
    assert filas[0]["precedentes"] == "RR-100/2019 | 2019-06-10 | modifica"
    assert [
        f["id"] for f in csv.DictReader(io.StringIO(exportar_csv(session=session, garante="col")))
    ] == ["col-01"]


# ------------------------------------------------------------------ import


def test_importar_crea_todo(session):
    resumen = importar(session=session, datos=_leer("valido.json"), autor="prueba")
    session.commit()
    assert resumen.lineas() == [
        "garantes: 2 creados, 0 actualizados, 0 sin cambios",
        "criterios: 3 creados, 0 actualizados, 0 sin cambios",
        "procedimientos: 1 creados, 0 actualizados, 0 sin cambios",
    ]
    assert contar(session, Garante) == 2
    assert contar(session, Criterio) == 3
    assert contar(session, Etapa) == 2
    version = session.exec(select(CriterioVersion)).first()
    assert (version.numero, version.motivo, version.autor) == (1, "importación", "prueba")


def test_reimportar_el_mismo_archivo_no_cambia_nada(session):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    resumen = importar(session=session, datos=_leer("valido.json", session=session))
    session.commit()
    assert resumen.lineas() == [
        "garantes: 0 creados, 0 actualizados, 2 sin cambios",
        "criterios: 0 creados, 0 actualizados, 3 sin cambios",
        "procedimientos: 0 creados, 0 actualizados, 1 sin cambios",
    ]
    assert contar(session, CriterioVersion) == 3


@pytest.mark.parametrize("campo", ["texto", "rubro"])
def test_cambiar_texto_o_rubro_crea_la_version_2(session, campo):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    datos = _leer("valido.json")
    datos["criterios"][0][campo] = "NUEVA REDACCIÓN DEL CRITERIO."
    resumen = importar(session=session, datos=datos)
    session.commit()
    assert resumen.de("criterios", "actualizado") == 1
    assert resumen.de("criterios", "sin cambios") == 2
    criterio = session.exec(select(Criterio).where(Criterio.id_externo == "ags-01")).one()
    assert (criterio.version, getattr(criterio, campo)) == (2, "NUEVA REDACCIÓN DEL CRITERIO.")
    versiones = session.exec(
        select(CriterioVersion)
        .where(CriterioVersion.criterio_id == criterio.id)
        .order_by(CriterioVersion.numero)
    ).all()
    assert [v.numero for v in versiones] == [1, 2]
    assert versiones[0].datos[campo] != "NUEVA REDACCIÓN DEL CRITERIO."


def test_un_registro_invalido_no_escribe_nada(engine, session):
    from app.db import sesion

    with pytest.raises(ErrorDeFormato), sesion(engine) as otra:
        # The same path as the CLI and the web: read and validate, then import.
        datos = leer_archivo(DATOS / "un_registro_invalido.json", max_bytes=MB, session=otra)
        importar(session=otra, datos=datos)
    assert contar(session, Garante) == 0
    assert contar(session, Criterio) == 0


# ------------------------------------------------------------------ export and round trips


def test_exportar_valida_contra_el_esquema(session):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    datos = exportar(session=session)
    Draft202012Validator(ESQUEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        datos
    )
    assert datos["version"] == "1"
    assert [g["id"] for g in datos["garantes"]] == ["ags", "col"]
    assert [c["id"] for c in datos["criterios"]] == ["ags-01", "ags-02", "col-01"]
    assert datos["procedimientos"][0]["etapas"][1] == {
        "nombre": "Resolución",
        "plazo": {"cantidad": 40, "unidad": "dias_habiles"},
        "ampliacion": {"cantidad": 20, "unidad": "dias_habiles"},
    }


def test_exportar_un_garante_o_sin_los_ocultos(session):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    de_col = exportar(session=session, garante="col")
    assert ([g["id"] for g in de_col["garantes"]], [c["id"] for c in de_col["criterios"]]) == (
        ["col"],
        ["col-01"],
    )
    assert de_col["procedimientos"] == []
    sin_ags = exportar(session=session, ocultos={"ags"})
    assert [c["id"] for c in sin_ags["criterios"]] == ["col-01"]
    assert sin_ags["procedimientos"] == []


def test_ida_y_vuelta_json_sin_cambios(session):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    contenido = json.dumps(exportar(session=session), ensure_ascii=False).encode()
    resumen = importar(
        session=session, datos=leer_bytes(contenido, "x.json", session=session, max_bytes=MB)
    )
    assert resumen.lineas() == [
        "garantes: 0 creados, 0 actualizados, 2 sin cambios",
        "criterios: 0 creados, 0 actualizados, 3 sin cambios",
        "procedimientos: 0 creados, 0 actualizados, 1 sin cambios",
    ]


def test_ida_y_vuelta_csv_sin_cambios(session):
    importar(session=session, datos=_leer("valido.json"))
    importar(session=session, datos=_leer("valido.csv", session=session))
    session.commit()
    contenido = exportar_csv(session=session).encode()
    datos = leer_bytes(contenido, "x.csv", session=session, max_bytes=MB)
    assert [c["id"] for c in datos["criterios"]] == [
        "ags-01",
        "ags-02",
        "ags-10",
        "col-01",
        "col-10",
    ]
    resumen = importar(session=session, datos=datos)
    assert resumen.lineas() == ["criterios: 0 creados, 0 actualizados, 5 sin cambios"]
    assert contar(session, CriterioVersion) == 5


def test_procedimiento_cambiado_se_actualiza(session):
    importar(session=session, datos=_leer("valido.json"))
    session.commit()
    datos = _leer("valido.json")
    datos["procedimientos"][0]["etapas"][0]["plazo"]["cantidad"] = 10
    resumen = importar(session=session, datos=datos)
    session.commit()
    assert resumen.de("procedimientos", "actualizado") == 1
    etapa = session.exec(select(Etapa).where(Etapa.nombre == "Interposición")).one()
    assert etapa.plazo_cantidad == 10
    assert contar(session, Procedimiento) == 1

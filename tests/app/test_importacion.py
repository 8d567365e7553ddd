import html
import re
from pathlib import Path

import pytest

import app.routes.importacion as rutas_importacion
from criterios.models import Criterio, CriterioVersion, Garante
from tests.factories import contar, crear_garante

DATOS = Path(__file__).resolve().parents[1] / "datos_importacion"


@pytest.fixture
def permisos(monkeypatch):
    """Allow every action and record what the handler asked the policy (tested elsewhere)."""
    preguntas = []

    def autorizar(request, accion, *, garante_id=None):
        preguntas.append((accion, garante_id))

    monkeypatch.setattr(rutas_importacion, "autorizar", autorizar)
    return preguntas


def _subir(client, nombre, contenido, tipo="application/octet-stream"):
    """Post the upload form the way a browser does, with the page's CSRF token."""
    pagina = client.get("/importar")
    ficha = re.search(r'name="csrf_token" value="([^"]*)"', pagina.text)
    return client.post(
        "/importar",
        data={"csrf_token": ficha.group(1) if ficha else ""},
        files={"archivo": (nombre, contenido, tipo)},
    )


def _errores(respuesta):
    bloque = re.search(r'<ul class="lista-errores">(.*?)</ul>', respuesta.text, re.S)
    assert bloque, "la página no muestra la lista de errores"
    return [html.unescape(e) for e in re.findall(r"<li>(.*?)</li>", bloque.group(1), re.S)]


def test_formulario_explica_formatos_y_limite(client):
    respuesta = client.get("/importar")
    assert respuesta.status_code == 200
    texto = respuesta.text
    assert "<h1>Importar criterios y procedimientos</h1>" in texto
    assert 'enctype="multipart/form-data"' in texto
    assert 'accept=".json,.csv,application/json,text/csv"' in texto
    assert '<label for="campo-archivo">' in texto
    assert 'href="/datos/esquema-intercambio.json"' in texto
    assert "Hasta 1 MB" in texto  # the test settings' limit
    assert 'name="csrf_token"' in texto
    assert "<code>precedentes</code>" in texto


def test_importar_json_muestra_los_conteos(client, session, permisos):
    respuesta = _subir(client, "valido.json", (DATOS / "valido.json").read_bytes())
    assert respuesta.status_code == 200
    assert "<h1>Importación terminada</h1>" in respuesta.text
    filas = re.findall(
        r'<tr><th scope="row">(\w+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>',
        respuesta.text,
    )
    assert filas == [
        ("Garantes", "2", "0", "0"),
        ("Criterios", "3", "0", "0"),
        ("Procedimientos", "1", "0", "0"),
    ]
    assert contar(session, Criterio) == 3
    # The form (GET) and the upload (POST) ask the policy; the per-garante check
    # (autorizar_garantes) is covered by tests/app/test_permisos_rutas.py.
    assert permisos == [("importar", None), ("importar", None)]


def test_reimportar_dice_sin_cambios(client, session, permisos):
    _subir(client, "valido.json", (DATOS / "valido.json").read_bytes())
    respuesta = _subir(client, "valido.json", (DATOS / "valido.json").read_bytes())
    assert respuesta.status_code == 200
    assert "Sin cambios: el registro ya tenía exactamente estos datos." in respuesta.text
    assert ("Criterios", "0", "0", "3") in re.findall(
        r'<tr><th scope="row">(\w+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>',
        respuesta.text,
    )
    assert contar(session, CriterioVersion) == 3


def test_importar_csv_con_garantes_registrados(client, session, permisos):
    crear_garante(session, "ags")
    crear_garante(session, "col")
    respuesta = _subir(client, "valido.csv", (DATOS / "valido.csv").read_bytes(), "text/csv")
    assert respuesta.status_code == 200
    assert contar(session, Criterio) == 2


def test_archivo_con_errores_da_400_con_todos_y_no_escribe_nada(client, session, permisos):
    respuesta = _subir(client, "varios_errores.json", (DATOS / "varios_errores.json").read_bytes())
    assert respuesta.status_code == 400
    assert "No se importó nada de «varios_errores.json»" in respuesta.text
    assert _errores(respuesta) == [
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
    assert 'aria-invalid="true"' in respuesta.text
    assert contar(session, Garante) == 0
    assert contar(session, Criterio) == 0


def test_un_registro_invalido_entre_validos_no_escribe_nada(client, session, permisos):
    contenido = (DATOS / "un_registro_invalido.json").read_bytes()
    respuesta = _subir(client, "un_registro_invalido.json", contenido)
    assert respuesta.status_code == 400
    assert _errores(respuesta) == [
        'criterio 3 (ags-03): "fecha_aprobacion" no es una fecha válida (AAAA-MM-DD): "2020-13-01"'
    ]
    assert contar(session, Garante) == 0
    assert contar(session, Criterio) == 0


@pytest.mark.parametrize(
    ("nombre", "esperado"),
    [
        ("latin1.csv", "el archivo no está en UTF-8 (byte no válido en la línea 2)"),
        ("no_es_intercambio.txt", "el archivo no es JSON ni CSV de intercambio"),
        ("vacio.json", "el archivo está vacío"),
    ],
)
def test_archivos_que_no_se_pueden_leer(client, session, permisos, nombre, esperado):
    respuesta = _subir(client, nombre, (DATOS / nombre).read_bytes())
    assert respuesta.status_code == 400
    [error] = _errores(respuesta)
    assert error.startswith(esperado)


def test_archivo_demasiado_grande(client, session, permisos):
    contenido = b" " * (1024 * 1024 + 512 * 1024)
    respuesta = _subir(client, "grande.json", contenido)
    assert respuesta.status_code == 400
    assert _errores(respuesta) == ["el archivo pesa 1.5 MB; el límite es 1 MB"]


def test_cuerpo_mayor_que_el_limite_da_413(client, permisos):
    respuesta = _subir(client, "enorme.json", b" " * (3 * 1024 * 1024))
    assert respuesta.status_code == 413
    assert "Solicitud demasiado grande" in respuesta.text


def test_sin_archivo(client, permisos):
    respuesta = _subir(client, "", b"")
    assert respuesta.status_code == 400
    assert _errores(respuesta) == ["elija un archivo JSON o CSV para importar"]


def test_sin_ficha_csrf_no_importa(client, session, permisos):
    client.headers.pop("X-CSRF-Token", None)
    respuesta = client.post(
        "/importar", files={"archivo": ("valido.json", (DATOS / "valido.json").read_bytes())}
    )
    assert respuesta.status_code == 403
    assert contar(session, Criterio) == 0


def test_juridico_no_importa_registros_de_otro_garante(cliente_como, session):
    crear_garante(session, "ags")
    cliente = cliente_como("juridico", "ags")
    respuesta = _subir(cliente, "valido.json", (DATOS / "valido.json").read_bytes())
    assert respuesta.status_code == 403
    assert contar(session, Criterio) == 0


def test_juridico_importa_los_de_su_garante(cliente_como, session):
    crear_garante(session, "ags")
    cliente = cliente_como("juridico", "ags")
    contenido = b"id,garante,rubro,texto\nags-50,ags,RUBRO.,Texto.\n"
    respuesta = _subir(cliente, "propio.csv", contenido, "text/csv")
    assert respuesta.status_code == 200
    assert contar(session, Criterio) == 1

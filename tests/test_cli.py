import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from app.cli import main
from criterios.csv_intercambio import COLUMNAS

RAIZ = Path(__file__).resolve().parents[1]
DATOS = RAIZ / "tests/datos_importacion"


@pytest.fixture
def base(tmp_path, monkeypatch):
    """Point the CLI at a fresh SQLite file (migrated on first use)."""
    ruta = tmp_path / "homologa.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{ruta}")
    monkeypatch.setenv("HOMOLOGA_DIR_DATOS", str(tmp_path))
    return ruta


def test_importar_imprime_los_conteos(base, capsys):
    assert main(["importar", str(DATOS / "valido.json")]) == 0
    salida = capsys.readouterr().out
    assert salida == (
        f"{DATOS / 'valido.json'}:\n"
        "  garantes: 2 creados, 0 actualizados, 0 sin cambios\n"
        "  criterios: 3 creados, 0 actualizados, 0 sin cambios\n"
        "  procedimientos: 1 creados, 0 actualizados, 0 sin cambios\n"
    )
    assert main(["importar", str(DATOS / "valido.json"), str(DATOS / "valido.csv")]) == 0
    salida = capsys.readouterr().out
    assert "  criterios: 0 creados, 0 actualizados, 3 sin cambios\n" in salida
    # The CSV's garantes came with the JSON file, so it imports.
    assert salida.endswith(
        f"{DATOS / 'valido.csv'}:\n  criterios: 2 creados, 0 actualizados, 0 sin cambios\n"
    )


def test_importar_archivo_malo_sale_con_1_y_la_lista(base, capsys):
    assert main(["importar", str(DATOS / "varios_errores.json")]) == 1
    salidas = capsys.readouterr()
    assert salidas.out == ""
    lineas = salidas.err.splitlines()
    assert (
        lineas[0] == f"{DATOS / 'varios_errores.json'}: no se importó nada. Problemas encontrados:"
    )
    assert lineas[1:4] == [
        '  - garante 2 (ags): el id "ags" está repetido (primera aparición: garante 1)',
        '  - criterio 1 (ags-01): el campo "colorido" no está permitido',
        '  - criterio 2 (ags-02): falta el campo "texto"',
    ]
    assert len(lineas) == 9
    # Nothing was written: exporting gives an empty register.
    assert main(["exportar", "--salida", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["criterios"] == []


def test_importar_archivo_inexistente(base, tmp_path, capsys):
    assert main(["importar", str(tmp_path / "no-hay.json")]) == 1
    assert f"  - no existe el archivo {tmp_path / 'no-hay.json'}" in capsys.readouterr().err


def test_exportar_json_a_archivo_y_a_pantalla(base, tmp_path, capsys):
    main(["importar", str(DATOS / "valido.json")])
    capsys.readouterr()
    destino = tmp_path / "salida.json"
    assert main(["exportar", "--formato", "json", "--salida", str(destino)]) == 0
    datos = json.loads(destino.read_text("utf-8"))
    assert [c["id"] for c in datos["criterios"]] == ["ags-01", "ags-02", "col-01"]
    assert main(["exportar", "--salida", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == datos
    # Exported data imports back without changes.
    assert main(["importar", str(destino)]) == 0
    assert "criterios: 0 creados, 0 actualizados, 3 sin cambios" in capsys.readouterr().out


def test_exportar_csv_a_archivo_y_a_pantalla(base, tmp_path, capsys):
    main(["importar", str(DATOS / "valido.json")])
    capsys.readouterr()
    destino = tmp_path / "salida.csv"
    assert main(["exportar", "--formato", "csv", "--salida", str(destino)]) == 0
    contenido = destino.read_text("utf-8")
    assert contenido.splitlines()[0] == ",".join(COLUMNAS)
    assert [f["id"] for f in csv.DictReader(io.StringIO(contenido))] == [
        "ags-01",
        "ags-02",
        "col-01",
    ]
    assert main(["exportar", "--formato", "csv", "--salida", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == contenido.splitlines()


def test_exportar_a_una_carpeta_inexistente(base, tmp_path, capsys):
    assert main(["exportar", "--salida", str(tmp_path / "no-hay" / "x.json")]) == 1
    assert capsys.readouterr().err.startswith("homologa: no se pudo escribir")


def test_comparar_dos_garantes(tmp_path, capsys):
    destino = tmp_path / "reporte.json"
    assert (
        main(["comparar", str(DATOS / "dos_garantes_comparar.json"), "--salida", str(destino)]) == 0
    )
    reporte = json.loads(destino.read_text("utf-8"))
    esquema = json.loads((RAIZ / "comparador/esquemas/comparacion.schema.json").read_text("utf-8"))
    Draft202012Validator(esquema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        reporte
    )
    assert main(["comparar", str(DATOS / "dos_garantes_comparar.json"), "--salida", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == reporte


def test_comparar_un_archivo_no_carga_la_base_de_datos(tmp_path):
    # Importing SQLAlchemy, SQLModel and the models cost a second of every comparison.
    programa = (
        "import sys; from app.cli import main; "
        f"estado = main(['comparar', {str(DATOS / 'dos_garantes_comparar.json')!r}, "
        f"'--salida', {str(tmp_path / 'reporte.json')!r}]); "
        "print(estado, sorted(m for m in ('sqlalchemy', 'sqlmodel', 'criterios.models', "
        "'jsonschema') if m in sys.modules))"
    )
    resultado = subprocess.run(
        [sys.executable, "-c", programa], cwd=RAIZ, capture_output=True, text=True, check=True
    )
    assert resultado.stdout == "0 []\n"
    assert json.loads((tmp_path / "reporte.json").read_text("utf-8"))["grupos"]


def test_comparar_con_un_solo_garante(tmp_path, capsys):
    entrada = tmp_path / "uno.json"
    entrada.write_text(
        json.dumps(
            {"criterios": [{"id": "a-1", "garante": "a", "rubro": "R.", "texto": "Texto."}]}
        ),
        encoding="utf-8",
    )
    assert main(["comparar", str(entrada), "--salida", "-"]) == 1
    salidas = capsys.readouterr()
    assert salidas.out == ""
    assert salidas.err == (
        f"homologa: {entrada}: se necesitan criterios o procedimientos de al menos dos garantes "
        "para comparar (el archivo tiene 1).\n"
    )


def test_comparar_entrada_no_valida(capsys):
    assert main(["comparar", str(DATOS / "json_roto.json"), "--salida", "-"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{DATOS / 'json_roto.json'}: no se puede comparar. Problemas encontrados:",
        "  - el archivo JSON no es válido: falta una coma (línea 4, columna 6)",
    ]


def test_la_ayuda_esta_en_espanol(capsys):
    with pytest.raises(SystemExit) as salida:
        main(["--help"])
    assert salida.value.code == 0
    ayuda = capsys.readouterr().out
    assert ayuda.startswith("uso: homologa [-h] ORDEN ...\n")
    assert "opciones:\n  -h, --help  muestra esta ayuda y termina\n" in ayuda
    for ingles in ("usage", "options", "show this help", "positional arguments"):
        assert ingles not in ayuda
    # argparse itself is left as it was for anyone else in the process.
    assert argparse._("usage: ") == "usage: "


@pytest.mark.parametrize(
    ("argumentos", "error"),
    [
        (
            ["serve", "--port", "x"],
            "homologa serve: error: argumento --port: valor no válido: 'x'\n",
        ),
        (["exportar"], "homologa exportar: error: faltan los argumentos obligatorios: --salida\n"),
        (["importar", "a.json", "--zzz"], "homologa: error: argumentos no reconocidos: --zzz\n"),
    ],
)
def test_los_errores_de_la_linea_de_ordenes_estan_en_espanol(capsys, argumentos, error):
    with pytest.raises(SystemExit) as salida:
        main(argumentos)
    assert salida.value.code == 2
    mensajes = capsys.readouterr().err
    assert mensajes.startswith("uso: homologa")
    assert mensajes.endswith(error)


def test_una_orden_sin_suborden_muestra_su_propia_ayuda(capsys):
    assert main(["usuarios"]) == 2
    ayuda = capsys.readouterr().out
    assert ayuda.startswith("uso: homologa usuarios [-h] ORDEN ...\n")
    assert "restablecer" in ayuda


def test_serve_carga_la_demostracion_completa_solo_en_una_base_vacia(base, capsys, monkeypatch):
    from sqlmodel import Session, select

    from app.db import crear_engine
    from sesiones.models import Mesa

    servidas = []
    monkeypatch.setattr("uvicorn.run", lambda app, **opciones: servidas.append(opciones))
    assert main(["serve", "--port", "8765"]) == 0
    lineas = capsys.readouterr().out.splitlines()
    assert lineas[0] == "Base de datos vacía: se cargaron los datos de ejemplo (ilustrativos)."
    assert lineas[1].startswith("Cuentas de ejemplo")
    assert lineas[-2] == (
        "Mesas de ejemplo: una concluida con su acta, otra convocada; criterios homologados."
    )
    assert lineas[-1].startswith("Homologa en http://127.0.0.1:8765/")
    assert servidas == [{"host": "127.0.0.1", "port": 8765}]
    engine = crear_engine(f"sqlite:///{base}")
    with Session(engine) as session:
        assert sorted(m.estado for m in session.exec(select(Mesa))) == ["concluida", "convocada"]
    engine.dispose()

    # The next start finds the register in use: no demo again, no new accounts.
    assert main(["serve"]) == 0
    assert capsys.readouterr().out.startswith("Homologa en http://127.0.0.1:8000/")


def test_serve_sin_demo_deja_la_base_vacia(base, capsys, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda app, **opciones: None)
    assert main(["serve", "--sin-demo"]) == 0
    assert capsys.readouterr().out.startswith("Homologa en http://127.0.0.1:8000/")

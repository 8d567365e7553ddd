"""HTTP tests of comparator runs, their result views, reviews and open data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.main import create_app
from app.models import EventoBitacora
from app.settings import Settings
from app.tareas import EjecutorEnLinea, Tareas
from criterios.comparaciones import crear_comparacion
from criterios.models import Comparacion, Divergencia, Garante, GrupoTematico
from criterios.registro import guardar_criterios
from tests.factories import crear_criterio, crear_garante

ESQUEMA = (
    Path(__file__).resolve().parents[2] / "comparador" / "esquemas" / "comparacion.schema.json"
)
RUBRO = "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN."
TEXTO_AGS = "El sujeto obligado debe responder la solicitud dentro de veinte días hábiles."
TEXTO_JAL = "El sujeto obligado debe responder la solicitud dentro de diez días hábiles."
# How the pages show the two garantes with siglas (see ``registro``).
ITEA = '<abbr title="Órgano Garante AGS">ITEA</abbr>'
ITEI = '<abbr title="Órgano Garante JAL">ITEI</abbr>'

Cliente = Callable[..., TestClient]


@pytest.fixture
def app_web(engine: Engine, settings: Settings) -> Starlette:
    """The app with runs executed inline: a run ends before the POST that starts it returns."""
    tareas = Tareas(engine, ejecutor=EjecutorEnLinea(), en_proceso_aparte=False)
    return create_app(settings, engine=engine, tareas=tareas)


@pytest.fixture
def registro(session: Session) -> None:
    # ags and jal have siglas, nay does not: pages show siglas, else the nombre.
    crear_garante(session, "ags", siglas="ITEA")
    crear_garante(session, "jal", siglas="ITEI")
    crear_criterio(session, "ags", "ags-01", rubro=RUBRO, texto=TEXTO_AGS, temas=["plazos"])
    crear_criterio(session, "jal", "jal-07", rubro=RUBRO, texto=TEXTO_JAL, temas=["plazos"])
    crear_criterio(
        session,
        "nay",
        "nay-01",
        rubro="VERSIONES PÚBLICAS. DEBEN TESTAR LOS DATOS PERSONALES.",
        texto="Las versiones públicas omiten nombres, domicilios y firmas de particulares.",
        temas=["datos personales"],
    )


def _comparar(cliente: TestClient, **campos: str | list[str]) -> int:
    respuesta = cliente.post("/comparaciones", data=campos, follow_redirects=False)
    assert respuesta.status_code == 303, respuesta.text
    return int(respuesta.headers["location"].rsplit("/", 1)[1].split("?")[0])


@pytest.fixture
def comparada(registro: None, cliente_como: Cliente) -> TestClient:
    """Return a secretaría client after one finished run over the register."""
    cliente = cliente_como("secretaria")
    _comparar(cliente)
    return cliente


def _divergencia(session: Session) -> Divergencia:
    session.expire_all()
    ultima = session.exec(select(Comparacion).order_by(Comparacion.id.desc())).first()  # type: ignore[union-attr]
    assert ultima is not None
    return session.exec(select(Divergencia).where(Divergencia.comparacion_id == ultima.id)).one()


# --- Empty states and runs -------------------------------------------------------------


@pytest.mark.parametrize("ruta", ["/grupos", "/divergencias", "/cobertura"])
def test_sin_comparaciones_las_vistas_invitan_a_iniciar_una(
    cliente_como: Cliente, ruta: str
) -> None:
    respuesta = cliente_como("secretaria").get(ruta)
    assert respuesta.status_code == 200
    assert "Aún no hay comparaciones terminadas." in respuesta.text
    assert '<a href="/comparaciones">Inicie una</a>' in respuesta.text


def test_lista_vacia_y_datos_abiertos_sin_comparacion(cliente_como: Cliente) -> None:
    publico = cliente_como(None)
    respuesta = publico.get("/comparaciones")
    assert respuesta.status_code == 200
    assert "Aún no hay comparaciones." in respuesta.text
    assert 'action="/comparaciones"' not in respuesta.text  # the public cannot start one
    assert publico.get("/datos/comparacion.json").status_code == 404
    assert publico.get("/datos/divergencias.csv").status_code == 404


@pytest.mark.parametrize(
    ("rol", "garante", "esperado"),
    [
        (None, None, 403),
        ("comisionado", "ags", 403),
        ("administrador", None, 403),
        ("juridico", "ags", 303),
        ("secretaria", None, 303),
    ],
)
def test_iniciar_una_comparacion_segun_el_rol(
    registro: None, cliente_como: Cliente, rol: str | None, garante: str | None, esperado: int
) -> None:
    respuesta = cliente_como(rol, garante).post("/comparaciones", follow_redirects=False)
    assert respuesta.status_code == esperado


def test_una_comparacion_termina_con_sus_conteos(
    registro: None, cliente_como: Cliente, session: Session
) -> None:
    cliente = cliente_como("juridico", "ags")
    numero = _comparar(cliente)
    pagina = cliente.get(f"/comparaciones/{numero}")
    assert pagina.status_code == 200
    assert '<h2 id="titulo-progreso">Estado: Terminada</h2>' in pagina.text
    assert '<progress id="barra-progreso" max="100" value="100">' in pagina.text
    assert "<strong>1</strong> divergencias" in pagina.text
    comparacion = session.get(Comparacion, numero)
    assert comparacion is not None
    assert comparacion.iniciada_por is not None and comparacion.iniciada_por.startswith("juridico")
    assert comparacion.conteos["criterios"] == 3
    # Who started it is shown by the account's name, the e-mail on hover.
    quien = f'<span title="{comparacion.iniciada_por}">juridico ags</span>'
    assert f"por {quien}</dd>" in pagina.text
    assert f"<td>{quien}</td>" in cliente.get("/comparaciones").text
    evento = session.exec(
        select(EventoBitacora).where(EventoBitacora.accion == "comparacion.iniciar")
    ).one()
    assert evento.objeto_id == str(numero)


def test_el_progreso_se_consulta_cada_segundo_mientras_corre(
    cliente_como: Cliente, session: Session
) -> None:
    cliente = cliente_como("secretaria")  # started first: its startup closes unfinished runs
    pendiente = crear_comparacion(session=session, iniciada_por="ana@pruebas.mx")
    completa = cliente.get(f"/comparaciones/{pendiente.id}")
    assert "<title>Comparación 1 · Homologa</title>" in completa.text
    assert 'hx-trigger="every 1s"' in completa.text
    assert f'<a href="/comparaciones/{pendiente.id}">Actualizar</a>' in completa.text
    # Without JavaScript the page reloads itself.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in completa.text

    fragmento = cliente.get(f"/comparaciones/{pendiente.id}", headers={"HX-Request": "true"})
    assert fragmento.text.lstrip().startswith('<section id="progreso"')
    assert "<html" not in fragmento.text
    assert 'hx-trigger="every 1s"' in fragmento.text
    assert "En espera · 0 %" in fragmento.text

    pendiente.estado, pendiente.etapa, pendiente.progreso = "terminada", "Terminada", 100
    session.add(pendiente)
    session.commit()
    terminado = cliente.get(f"/comparaciones/{pendiente.id}", headers={"HX-Request": "true"})
    assert "hx-trigger" not in terminado.text
    assert "Terminada · 100 %" in terminado.text
    assert 'http-equiv="refresh"' not in cliente.get(f"/comparaciones/{pendiente.id}").text


def test_no_se_inicia_otra_mientras_una_corre(
    registro: None, cliente_como: Cliente, session: Session
) -> None:
    cliente = cliente_como("secretaria")
    en_curso = crear_comparacion(session=session, iniciada_por=None)
    respuesta = cliente.post("/comparaciones", follow_redirects=False)
    assert respuesta.headers["location"] == f"/comparaciones/{en_curso.id}?aviso=en-curso"


def test_una_comparacion_fallida_muestra_su_error(cliente_como: Cliente) -> None:
    cliente = cliente_como("secretaria")
    numero = _comparar(cliente)  # an empty register: fewer than two garantes
    pagina = cliente.get(f"/comparaciones/{numero}")
    assert "Estado: Fallida" in pagina.text
    assert (
        "Se necesitan criterios de al menos dos garantes para comparar; la selección tiene "
        "0 garantes." in pagina.text
    )


@pytest.mark.parametrize(
    ("campos", "campo", "mensaje"),
    [
        (
            {"alcance": "seleccion"},
            "garantes",
            "Elija garantes o temas, o compare todo el registro.",
        ),
        (
            {"alcance": "seleccion", "garantes": ["ags"]},
            "garantes",
            "Elija al menos dos garantes para comparar (o ninguno: todos).",
        ),
        (
            {"alcance": "seleccion", "garantes": ["ags", "xyz"]},
            "garantes",
            "Uno de los garantes elegidos no existe; vuelva a cargar la página.",
        ),
        (
            {"alcance": "seleccion", "temas": ["inventado"]},
            "temas",
            "Uno de los temas elegidos no existe; vuelva a cargar la página.",
        ),
    ],
)
def test_el_formulario_valida_la_seleccion(
    registro: None,
    cliente_como: Cliente,
    session: Session,
    campos: dict[str, str | list[str]],
    campo: str,
    mensaje: str,
) -> None:
    respuesta = cliente_como("secretaria").post("/comparaciones", data=campos)
    assert respuesta.status_code == 400
    assert f'<p class="error" id="error-{campo}">{mensaje}</p>' in respuesta.text
    assert session.exec(select(Comparacion)).first() is None


def test_una_seleccion_de_garantes_se_guarda_y_se_respeta(
    registro: None, cliente_como: Cliente, session: Session
) -> None:
    cliente = cliente_como("secretaria")
    numero = _comparar(cliente, alcance="seleccion", garantes=["ags", "jal"])
    detalle = cliente.get(f"/comparaciones/{numero}")
    assert f"<dt>Garantes</dt><dd>{ITEA}, {ITEI}</dd>" in detalle.text
    comparacion = session.get(Comparacion, numero)
    assert comparacion is not None
    assert comparacion.parametros["garantes"] == ["ags", "jal"]
    assert comparacion.conteos["criterios"] == 2


# --- Result views ----------------------------------------------------------------------


def test_grupos_con_garantes_posturas_divergencias_y_ausencias(comparada: TestClient) -> None:
    pagina = comparada.get("/grupos")
    assert pagina.status_code == 200
    assert "1 grupo, los que más divergen primero" in pagina.text
    assert f"<td>{ITEA}, {ITEI}</td>" in pagina.text
    assert "<td>2</td>" in pagina.text  # posturas
    assert "<td>Órgano Garante NAY</td>" in pagina.text  # ausencia, a garante without siglas
    assert "<td>ags, jal</td>" not in pagina.text


@pytest.mark.parametrize(
    ("consulta", "grupos"),
    [("garante=jal", 1), ("garante=nay", 0), ("tipo=plazo", 1), ("tipo=sentido", 0)],
)
def test_grupos_se_filtran_por_garante_y_tipo(
    comparada: TestClient, consulta: str, grupos: int
) -> None:
    pagina = comparada.get(f"/grupos?{consulta}")
    if grupos:
        assert "1 grupo, los que más divergen primero" in pagina.text
    else:
        assert "Ningún grupo coincide con los filtros elegidos." in pagina.text


def test_grupos_fragmento_htmx(comparada: TestClient) -> None:
    fragmento = comparada.get("/grupos?tipo=plazo", headers={"HX-Request": "true"})
    assert "<html" not in fragmento.text
    assert '<table class="tabla-grupos">' in fragmento.text


def test_un_grupo_lado_a_lado_con_diferencias(comparada: TestClient, session: Session) -> None:
    grupo = session.exec(select(GrupoTematico)).one()
    pagina = comparada.get(f"/grupos/{grupo.clave}")
    assert pagina.status_code == 200
    assert pagina.text.count('<section class="columna-garante"') == 2
    assert f'<h3 id="col-ags">{ITEA}</h3>' in pagina.text
    assert f'<h3 id="col-jal">{ITEI}</h3>' in pagina.text
    assert '<h3 id="col-nay">Órgano Garante NAY</h3>' in pagina.text
    assert "Sin criterio sobre este tema: Órgano Garante NAY." in pagina.text
    assert '<section class="columna-garante columna-ausente"' in pagina.text
    assert "<strong>Ausencia:</strong> no tiene criterio sobre este tema." in pagina.text
    assert "Postura 1" in pagina.text and "Postura 2" in pagina.text
    assert "Elija dos criterios del grupo" in pagina.text

    a, b = sorted(d for d in [_divergencia(session)] for d in (d.criterio_a_id, d.criterio_b_id))
    con_diff = comparada.get(f"/grupos/{grupo.clave}?a={a}&b={b}")
    assert f'<option value="{a}" selected>ITEA · ags-01</option>' in con_diff.text
    assert f'<option value="{b}" >ITEI · jal-07</option>' in con_diff.text
    assert f"Texto de {ITEA} · ags-01 frente a {ITEI} · jal-07" in con_diff.text
    assert '<del><span class="lector">[eliminado: </span>veinte' in con_diff.text
    assert '<ins><span class="lector">[insertado: </span>diez' in con_diff.text


def test_un_grupo_que_no_existe_da_404(comparada: TestClient) -> None:
    assert comparada.get("/grupos/g-inexistente").status_code == 404
    assert comparada.get("/grupos?comparacion=999").status_code == 404


def test_divergencias_con_explicacion_y_evidencia_marcada(comparada: TestClient) -> None:
    pagina = comparada.get("/divergencias")
    assert pagina.status_code == 200
    assert "1 divergencia" in pagina.text
    assert "plazo: 20 días hábiles (ags) frente a 10 días hábiles (jal)" in pagina.text
    assert f"<h3>{ITEA} · <a href=" in pagina.text and f"<h3>{ITEI} · <a href=" in pagina.text
    assert pagina.text.count("<mark>") >= 2


@pytest.mark.parametrize(
    ("consulta", "hay"),
    [
        ("tipo=plazo", True),
        ("tipo=sentido", False),
        ("garante=ags", True),
        ("garante=nay", False),
        ("estado=pendiente", True),
        ("estado=descartada", False),
        ("grupo=g-inexistente", False),
    ],
)
def test_divergencias_se_filtran(comparada: TestClient, consulta: str, hay: bool) -> None:
    pagina = comparada.get(f"/divergencias?{consulta}")
    assert ("1 divergencia" in pagina.text) is hay
    assert ("Ninguna divergencia coincide con los filtros elegidos." in pagina.text) is not hay


def test_divergencias_de_un_grupo(comparada: TestClient, session: Session) -> None:
    grupo = session.exec(select(GrupoTematico)).one()
    pagina = comparada.get(f"/divergencias?grupo={grupo.clave}")
    assert f'1 divergencia del grupo <a href="/grupos/{grupo.clave}">' in pagina.text


def test_cobertura_muestra_ausencias_y_se_exporta(comparada: TestClient, session: Session) -> None:
    pagina = comparada.get("/cobertura")
    assert pagina.status_code == 200
    assert (
        f'<th scope="col">{ITEA}</th><th scope="col">{ITEI}</th>'
        '<th scope="col">Órgano Garante NAY</th>' in pagina.text
    )
    assert (
        '<td class="ausente" title="Ausente"><span aria-hidden="true">✕</span>'
        '<span class="lector">Ausente</span></td>' in pagina.text
    )
    assert pagina.text.count('<td class="cubre">1</td>') == 2

    grupo = session.exec(select(GrupoTematico)).one()
    grupo.tema = '=HYPERLINK("http://malo")'
    session.add(grupo)
    session.commit()
    exportada = comparada.get("/cobertura.csv")
    assert exportada.headers["content-type"] == "text/csv; charset=utf-8"
    filas = list(csv.reader(io.StringIO(exportada.text.lstrip("\ufeff"))))
    assert filas == [
        ["grupo", "tema", "ags", "jal", "nay"],
        [grupo.clave, '\'=HYPERLINK("http://malo")', "1", "1", "ausente"],
    ]


# --- Reviews ---------------------------------------------------------------------------


def test_detalle_de_una_divergencia(comparada: TestClient, session: Session) -> None:
    divergencia = _divergencia(session)
    pagina = comparada.get(f"/divergencias/{divergencia.id}")
    assert pagina.status_code == 200
    assert "<h1>plazo: 20 días hábiles (ags) frente a 10 días hábiles (jal)</h1>" in pagina.text
    assert f'<h2 id="lado-1">{ITEA} · <a href=' in pagina.text
    assert f"solo está en {ITEA} y lo <ins>subrayado</ins> solo en {ITEI}." in pagina.text
    assert f'action="/divergencias/{divergencia.id}/revision"' in pagina.text
    assert "<del>" in pagina.text and "<ins>" in pagina.text
    assert comparada.get("/divergencias/999").status_code == 404


@pytest.mark.parametrize(
    ("rol", "garante", "ve_formulario"),
    [(None, None, False), ("juridico", "nay", False), ("juridico", "jal", True)],
)
def test_el_formulario_de_revision_solo_a_quien_puede(
    comparada: TestClient,
    session: Session,
    cliente_como: Cliente,
    rol: str | None,
    garante: str | None,
    ve_formulario: bool,
) -> None:
    divergencia = _divergencia(session)
    pagina = cliente_como(rol, garante).get(f"/divergencias/{divergencia.id}")
    assert pagina.status_code == 200
    assert ("Guardar revisión" in pagina.text) is ve_formulario


@pytest.mark.parametrize(
    ("rol", "garante", "esperado"),
    [
        (None, None, 403),
        ("juridico", "nay", 403),
        ("comisionado", "ags", 403),
        ("juridico", "ags", 303),
        ("juridico", "jal", 303),
        ("secretaria", None, 303),
    ],
)
def test_revisar_segun_el_rol_y_el_garante(
    comparada: TestClient,
    session: Session,
    cliente_como: Cliente,
    rol: str | None,
    garante: str | None,
    esperado: int,
) -> None:
    divergencia = _divergencia(session)
    respuesta = cliente_como(rol, garante).post(
        f"/divergencias/{divergencia.id}/revision",
        data={"accion": "confirmar", "motivo": ""},
        follow_redirects=False,
    )
    assert respuesta.status_code == esperado
    assert _divergencia(session).estado == ("confirmada" if esperado == 303 else "pendiente")


def test_descartar_exige_motivo(comparada: TestClient, session: Session) -> None:
    divergencia = _divergencia(session)
    respuesta = comparada.post(
        f"/divergencias/{divergencia.id}/revision", data={"accion": "descartar", "motivo": " "}
    )
    assert respuesta.status_code == 400
    assert (
        '<p class="error" id="error-motivo">Escriba el motivo para descartar la divergencia.</p>'
        in respuesta.text
    )
    assert _divergencia(session).estado == "pendiente"


def test_descartar_queda_en_la_bitacora_y_se_puede_reabrir(
    comparada: TestClient, session: Session
) -> None:
    divergencia = _divergencia(session)
    url = f"/divergencias/{divergencia.id}/revision"
    respuesta = comparada.post(url, data={"accion": "descartar", "motivo": "Es una paráfrasis."})
    assert respuesta.status_code == 200  # after the redirect
    assert "Revisión guardada; quedó en la bitácora." in respuesta.text
    assert "Motivo: Es una paráfrasis." in respuesta.text
    assert "1 divergencia" in comparada.get("/divergencias?estado=descartada").text

    comparada.post(url, data={"accion": "reabrir", "motivo": ""})
    assert _divergencia(session).estado == "pendiente"
    eventos = session.exec(
        select(EventoBitacora.resumen)
        .where(EventoBitacora.accion == "divergencia.revisar")
        .order_by(EventoBitacora.id)
    ).all()
    assert [e.rsplit(": ", 1)[1] for e in eventos] == ["descartada.", "pendiente."]
    assert eventos[0].startswith(f"Divergencia {divergencia.clave} (ags-01 de ags frente a jal-07")


def test_la_revision_sobrevive_a_otra_comparacion_y_vuelve_si_cambia_un_texto(
    comparada: TestClient, session: Session
) -> None:
    divergencia = _divergencia(session)
    comparada.post(
        f"/divergencias/{divergencia.id}/revision",
        data={"accion": "descartar", "motivo": "Ambos plazos rigen en leyes distintas."},
    )
    segunda = _comparar(comparada)
    assert segunda == 2
    otra = _divergencia(session)
    assert (otra.comparacion_id, otra.estado, otra.motivo) == (
        2,
        "descartada",
        "Ambos plazos rigen en leyes distintas.",
    )

    guardar_criterios(
        session=session,
        registros=[{"id": "jal-07", "garante": "jal", "rubro": RUBRO, "texto": TEXTO_JAL + " "}],
        motivo="edicion",
    )
    guardar_criterios(
        session=session,
        registros=[
            {
                "id": "jal-07",
                "garante": "jal",
                "rubro": RUBRO,
                "texto": TEXTO_JAL + " Sin prórroga.",
            }
        ],
        motivo="edicion",
    )
    session.commit()
    _comparar(comparada)
    tercera = _divergencia(session)
    assert tercera.estado == "pendiente"
    pagina = comparada.get(f"/divergencias/{tercera.id}")
    assert "El criterio jal-07 cambió de la versión 1 a la 3." in pagina.text


def test_una_comparacion_anterior_se_consulta_por_numero(
    comparada: TestClient, session: Session
) -> None:
    _comparar(comparada)
    pagina = comparada.get("/divergencias?comparacion=1")
    assert 'Resultados de la <a href="/comparaciones/1">comparación 1</a>' in pagina.text
    assert "1 divergencia" in pagina.text
    assert "comparación 2</a>" in comparada.get("/divergencias").text


# --- Private catalogs and open data ----------------------------------------------------


def _privatizar(session: Session, garante_id: str) -> None:
    garante = session.get(Garante, garante_id)
    assert garante is not None
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()


def test_datos_abiertos_del_reporte(comparada: TestClient, cliente_como: Cliente) -> None:
    respuesta = cliente_como(None).get("/datos/comparacion.json")
    assert respuesta.status_code == 200
    reporte = respuesta.json()
    jsonschema.validate(reporte, json.loads(ESQUEMA.read_text(encoding="utf-8")))
    assert [(d["a"], d["b"], d["tipo"]) for d in reporte["divergencias"]] == [
        ("ags-01", "jal-07", "plazo")
    ]
    assert reporte["ausencias"][0]["garantes"] == ["nay"]


def test_datos_abiertos_de_divergencias(comparada: TestClient, cliente_como: Cliente) -> None:
    respuesta = cliente_como(None).get("/datos/divergencias.csv")
    assert respuesta.status_code == 200
    filas = list(csv.DictReader(io.StringIO(respuesta.text.lstrip("\ufeff"))))
    assert [(f["garante_a"], f["criterio_a"], f["garante_b"], f["criterio_b"]) for f in filas] == [
        ("ags", "ags-01", "jal", "jal-07")
    ]
    assert filas[0]["estado"] == "pendiente"


def test_un_catalogo_privado_no_se_ve_en_los_resultados(
    comparada: TestClient, session: Session, cliente_como: Cliente
) -> None:
    _privatizar(session, "jal")
    divergencia = _divergencia(session)
    publico = cliente_como(None)
    assert "La comparación no encontró divergencias." in publico.get("/divergencias").text
    assert publico.get(f"/divergencias/{divergencia.id}").status_code == 404
    reporte = publico.get("/datos/comparacion.json").json()
    assert reporte["grupos"] == [] and reporte["divergencias"] == []
    assert len(list(csv.reader(io.StringIO(publico.get("/datos/divergencias.csv").text)))) == 1
    cobertura = publico.get("/cobertura").text
    assert "ITEA</abbr></th>" in cobertura and "ITEI</abbr></th>" not in cobertura
    grupos = publico.get("/grupos").text
    assert "ITEA</abbr>" in grupos and "ITEI" not in grupos

    propio = cliente_como("juridico", "jal")
    assert "1 divergencia" in propio.get("/divergencias").text
    assert len(propio.get("/datos/comparacion.json").json()["divergencias"]) == 1


def test_al_arrancar_la_app_cierra_las_comparaciones_a_medias(
    session: Session, cliente_como: Cliente
) -> None:
    a_medias = crear_comparacion(session=session, iniciada_por=None)
    pagina = cliente_como("secretaria").get(f"/comparaciones/{a_medias.id}")
    assert "Estado: Interrumpida" in pagina.text
    assert "La aplicación se detuvo antes de terminar esta comparación; inicie otra." in pagina.text


# --- Command line ----------------------------------------------------------------------

DATOS_CLI = Path(__file__).resolve().parents[1] / "datos_importacion"


@pytest.mark.filterwarnings("ignore:No path_separator found:DeprecationWarning")
def test_homologa_comparar_sin_archivo_compara_el_registro(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'homologa.db'}")
    monkeypatch.setenv("HOMOLOGA_DIR_DATOS", str(tmp_path))
    assert main(["importar", str(DATOS_CLI / "dos_garantes_comparar.json")]) == 0
    capsys.readouterr()

    destino = tmp_path / "reporte.json"
    assert main(["comparar", "--salida", str(destino)]) == 0
    salida = capsys.readouterr().out
    assert salida.startswith("Comparación 1 terminada en ")
    assert "4 criterios de 2 garantes" in salida
    reporte = json.loads(destino.read_text(encoding="utf-8"))
    jsonschema.validate(reporte, json.loads(ESQUEMA.read_text(encoding="utf-8")))

    assert main(["comparar", "--garante", "uno"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "homologa: la comparación 2 falló: Se necesitan criterios de al menos dos garantes "
        "para comparar; la selección tiene 1 garante."
    )


def test_homologa_comparar_con_archivo_exige_salida(capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    assert main(["comparar", str(DATOS_CLI / "dos_garantes_comparar.json")]) == 1
    assert capsys.readouterr().err == (
        "homologa: con un archivo de entrada hace falta --salida (un archivo, o -).\n"
    )


def test_la_pagina_del_garante_cuenta_sus_divergencias_por_estado(
    registro: None, cliente_como: Cliente, session: Session
) -> None:
    cliente = cliente_como("secretaria")
    assert "Divergencias de la última comparación" not in cliente.get("/garantes/ags").text
    _comparar(cliente)
    cliente.post(
        f"/divergencias/{_divergencia(session).id}/revision",
        data={"accion": "descartar", "motivo": "Paráfrasis."},
    )
    pagina = cliente.get("/garantes/ags").text
    assert "Divergencias de la última comparación" in pagina
    assert "<strong>0</strong> pendientes" in pagina
    assert "<strong>1</strong> descartadas" in pagina
    assert '<a href="/divergencias?garante=ags&amp;estado=descartada">' in pagina
    assert "<strong>0</strong> pendientes" in cliente.get("/garantes/nay").text


def test_las_tareas_de_la_app_corren_en_otro_hilo_y_otro_proceso(
    registro: None, engine: Engine, session: Session
) -> None:
    tareas = Tareas(engine)  # what create_app builds: a worker thread, the engine spawned
    comparacion = crear_comparacion(session=session, iniciada_por=None)
    assert comparacion.id is not None
    try:
        tareas.enviar_comparacion(comparacion.id).result(timeout=120)
    finally:
        tareas.cerrar()
    session.expire_all()
    terminada = session.get(Comparacion, comparacion.id)
    assert terminada is not None
    assert (terminada.estado, terminada.conteos["divergencias"]) == ("terminada", 1)

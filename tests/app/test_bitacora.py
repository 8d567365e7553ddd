"""The bitácora: what gets written, who may read it, filters, CSV, and that it is append-only."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from app import bitacora
from app.models import EventoBitacora
from criterios.models import ahora
from criterios.registro import guardar_criterios
from tests.conftest import crear_cuenta, ficha_csrf
from tests.factories import crear_criterio, crear_garante


def _eventos(session, accion=None):
    session.expire_all()
    consulta = select(EventoBitacora).order_by(EventoBitacora.id)
    if accion:
        consulta = consulta.where(EventoBitacora.accion == accion)
    return session.exec(consulta).all()


def _valores_del_formulario(pagina: str, accion: str) -> dict[str, str]:
    """Return the fields of the page's form that posts to ``accion``, as a browser sends them."""
    patron = r'<form method="post"[^>]*action="' + re.escape(accion) + '".*?</form>'
    formulario = re.search(patron, pagina, re.S).group(0)
    valores = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulario))
    valores.update(
        re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', formulario, re.S)
    )
    for nombre, opciones in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', formulario, re.S
    ):
        elegida = re.search(r'<option value="([^"]*)"\s*selected', opciones)
        valores[nombre] = elegida.group(1) if elegida else ""
    return {k: html.unescape(v) for k, v in valores.items()}


def test_entrar_y_salir_quedan_registrados(anonimo, engine, session):
    crear_cuenta(
        engine, rol="secretaria", correo="sec@region.mx", contrasena="frase de la secretaria"
    )
    datos = {"correo": "sec@region.mx", "contrasena": "frase de la secretaria"}
    anonimo.post("/entrar", data=datos)
    anonimo.post("/salir", headers={"X-CSRF-Token": ficha_csrf(anonimo)})
    assert [(e.accion, e.usuario_correo) for e in _eventos(session)] == [
        ("acceso.entrar", "sec@region.mx"),
        ("acceso.salir", "sec@region.mx"),
    ]


def test_autorizacion_negada_queda_registrada(cliente_como, session):
    juridico = cliente_como("juridico", "jal")
    respuesta = juridico.post("/usuarios/nueva", data={"correo": "x@y.mx", "rol": "administrador"})
    assert respuesta.status_code == 403
    assert "Su cuenta no tiene permiso para realizar esta acción." in respuesta.text
    (evento,) = _eventos(session, "autorizacion.denegada")
    assert evento.usuario_correo.startswith("juridico-jal-")
    assert evento.objeto_id == "usuarios.administrar"
    assert evento.resumen == "Sin permiso para usuarios.administrar (POST /usuarios/nueva)."


def test_editar_un_criterio_guarda_antes_y_despues(client, session):
    criterio = crear_criterio(session, "ags", "ags-01")
    url = f"/criterios/{criterio.id}/editar"
    valores = _valores_del_formulario(client.get(url).text, url)
    valores["rubro"] = "PLAZO DE RESPUESTA EN DÍAS HÁBILES."
    respuesta = client.post(url, data=valores, follow_redirects=False)
    assert respuesta.status_code == 303
    (evento,) = _eventos(session, "criterio.editar")
    assert evento.usuario_correo == "admin@pruebas.mx"
    assert (evento.objeto_tipo, evento.objeto_id) == ("criterio", "ags/ags-01")
    assert evento.resumen == "Edición de criterio ags/ags-01; campos: rubro."
    assert evento.detalles == {
        "antes": {"rubro": "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO."},
        "despues": {"rubro": "PLAZO DE RESPUESTA EN DÍAS HÁBILES."},
    }
    pagina = client.get("/bitacora").text
    assert "Edición de criterio ags/ags-01; campos: rubro." in pagina
    assert "PLAZO DE RESPUESTA EN DÍAS HÁBILES." in pagina


def test_una_escritura_en_lote_es_una_sola_entrada(session):
    crear_garante(session, "jal")
    session.info[bitacora.CLAVE_ACTOR] = bitacora.Actor(7, "juridica@jal.mx")
    bitacora.marcar_lote(session, "importar")
    registros = [
        {"id": f"jal-{n:02}", "garante": "jal", "rubro": f"RUBRO {n}", "texto": "Texto."}
        for n in range(30)
    ]
    guardar_criterios(session=session, registros=registros, motivo="importación")
    session.commit()
    (evento,) = _eventos(session)
    assert evento.accion == "importar"
    assert evento.usuario_correo == "juridica@jal.mx"
    assert evento.resumen == "Cambios en lote: 30 criterios (alta)."
    assert evento.detalles["conteos"] == {"criterio.crear": 30}


def test_sin_actor_no_se_audita_y_un_rollback_no_deja_entradas(session):
    crear_garante(session, "jal")  # no actor in session.info: tests and internal work
    assert _eventos(session) == []
    session.info[bitacora.CLAVE_ACTOR] = bitacora.Actor(7, "juridica@jal.mx")
    guardar_criterios(
        session=session, registros=[{"id": "jal-1", "garante": "jal", "rubro": "R", "texto": "T"}],
        motivo="alta",
    )  # fmt: skip
    session.flush()
    session.rollback()
    session.commit()
    assert _eventos(session) == []


@pytest.fixture
def varios_eventos(session):
    hace_dias = ahora() - timedelta(days=10)
    for accion, correo, tipo, id_ in [
        ("criterio.editar", "ana@jal.mx", "criterio", "jal/jal-01"),
        ("criterio.crear", "ana@jal.mx", "criterio", "jal/jal-02"),
        ("acceso.entrar", "beto@ags.mx", "usuario", "2"),
    ]:
        bitacora.registrar(
            session=session, accion=accion, usuario_correo=correo, objeto_tipo=tipo,
            objeto_id=id_, resumen=f"{accion} por {correo}",
        )  # fmt: skip
    viejo = bitacora.registrar(session=session, accion="acceso.entrar", usuario_correo="ana@jal.mx",
                               resumen="entrada antigua")  # fmt: skip
    viejo.creado_en = hace_dias
    session.commit()


def _resumenes(pagina: str) -> list[str]:
    cuerpo = pagina.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        html.unescape(r).strip()
        for r in re.findall(
            r'<td data-etiqueta="Resumen">([^<]*?)\s*(?:<details>|</td>\s*</tr>)', cuerpo
        )
    ]


@pytest.mark.parametrize(
    ("consulta", "esperados"),
    [
        ("", ["acceso.entrar por beto@ags.mx", "criterio.crear por ana@jal.mx",
              "criterio.editar por ana@jal.mx", "entrada antigua"]),
        ("usuario=ANA", ["criterio.crear por ana@jal.mx", "criterio.editar por ana@jal.mx",
                         "entrada antigua"]),
        ("accion=criterio", ["criterio.crear por ana@jal.mx", "criterio.editar por ana@jal.mx"]),
        ("accion=criterio.editar", ["criterio.editar por ana@jal.mx"]),
        ("objeto=criterio:jal/jal-02", ["criterio.crear por ana@jal.mx"]),
        ("objeto=usuario", ["acceso.entrar por beto@ags.mx"]),
        ("hasta=" + (ahora() - timedelta(days=5)).date().isoformat(), ["entrada antigua"]),
        ("desde=" + (ahora() - timedelta(days=1)).date().isoformat() + "&usuario=ana",
         ["criterio.crear por ana@jal.mx", "criterio.editar por ana@jal.mx"]),
        ("desde=no-es-fecha&accion=acceso", ["acceso.entrar por beto@ags.mx", "entrada antigua"]),
    ],
)  # fmt: skip
def test_filtros(cliente_como, varios_eventos, consulta, esperados):
    pagina = cliente_como("secretaria").get("/bitacora?" + consulta)
    assert pagina.status_code == 200
    # The secretaria's own sign-in is not an entry (sessions in tests are opened directly).
    assert sorted(_resumenes(pagina.text)) == esperados


def test_paginacion(client, session):
    for numero in range(60):
        bitacora.registrar(session=session, accion="prueba", resumen=f"evento {numero}")
    session.commit()
    primera = client.get("/bitacora").text  # 50 per page (twice the lists' page size)
    assert "Página 1 de 2" in primera and "evento 59" in primera and "evento 9<" not in primera
    segunda = client.get("/bitacora?pagina=2").text
    assert "evento 9" in segunda and "evento 10" not in segunda


def test_texto_del_usuario_se_escapa(client, session):
    bitacora.registrar(session=session, accion="prueba", resumen='<script>alert("x")</script>')
    session.commit()
    pagina = client.get("/bitacora").text
    assert "<script>alert" not in pagina
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pagina


def test_csv_neutraliza_formulas(client, session):
    for resumen in ('=HYPERLINK("http://malo")', "+1", "-2", "@SUM(A1)", "normal"):
        bitacora.registrar(
            session=session, accion="prueba", usuario_correo="a@b.mx", resumen=resumen
        )
    session.commit()
    respuesta = client.get("/bitacora.csv?accion=prueba")
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in respuesta.headers["content-disposition"]
    filas = list(csv.DictReader(io.StringIO(respuesta.text)))
    assert [f["resumen"] for f in filas] == [
        "normal",
        "'@SUM(A1)",
        "'-2",
        "'+1",
        '\'=HYPERLINK("http://malo")',
    ]
    assert {f["usuario"] for f in filas} == {"a@b.mx"}


@pytest.mark.parametrize(
    ("rol", "garante", "estado"),
    [("administrador", None, 200), ("secretaria", None, 200), ("juridico", "jal", 403),
     ("comisionado", "jal", 403)],
)  # fmt: skip
def test_quien_puede_ver_la_bitacora(cliente_como, rol, garante, estado):
    cliente = cliente_como(rol, garante)
    assert cliente.get("/bitacora").status_code == estado
    assert cliente.get("/bitacora.csv").status_code == estado


def test_el_publico_va_a_entrar(anonimo):
    respuesta = anonimo.get("/bitacora?accion=x", follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == "/entrar?siguiente=/bitacora%3Faccion%3Dx"


@pytest.mark.parametrize("metodo", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "ruta", ["/bitacora", "/bitacora/1", "/bitacora/1/editar", "/bitacora.csv"]
)
def test_ninguna_ruta_edita_ni_borra(client, session, metodo, ruta):
    evento = bitacora.registrar(session=session, accion="prueba", resumen="original")
    session.commit()
    respuesta = client.request(metodo, ruta, headers={"X-CSRF-Token": ficha_csrf(client)})
    assert respuesta.status_code in (404, 405)
    session.expire_all()
    assert session.get(EventoBitacora, evento.id).resumen == "original"


def test_la_base_de_datos_tampoco_deja_editar_ni_borrar(session):
    evento = bitacora.registrar(session=session, accion="prueba", resumen="original")
    session.commit()
    evento.resumen = "alterado"
    session.add(evento)
    with pytest.raises(DBAPIError, match="solo admite agregar"):
        session.commit()
    session.rollback()
    session.delete(session.get(EventoBitacora, evento.id))
    with pytest.raises(DBAPIError, match="solo admite agregar"):
        session.commit()


def test_antes_y_despues_de_un_solo_valor_se_muestran(client, session):
    # Some writes keep one value, not one per field (a mesa's estado, a punto's place).
    bitacora.registrar(session=session, accion="mesa.convocar", resumen="Se convocó la mesa.",
                       detalles={"antes": "borrador", "despues": "convocada"})  # fmt: skip
    bitacora.registrar(session=session, accion="punto.mover", resumen="Se movió el punto.",
                       detalles={"punto": 3, "antes": 2, "despues": 3})  # fmt: skip
    session.commit()
    respuesta = client.get("/bitacora")
    assert respuesta.status_code == 200
    texto = _sin_lector(respuesta.text)
    assert "<p><del>borrador</del> <ins>convocada</ins></p>" in texto
    assert "<p><del>2</del> <ins>3</ins></p>" in texto


def _sin_lector(texto: str) -> str:
    return re.sub(r'<span class="lector">[^<]*</span>', "", texto)

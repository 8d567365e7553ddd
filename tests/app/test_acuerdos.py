"""Acuerdos on the web: registering one, avances with evidence, cumplido, reapertura,
the seguimiento dashboard and its CSV, evidence downloads and each garante's pending ones."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from app.models import EventoBitacora, Usuario
from sesiones import ajustes
from sesiones.models import Acuerdo, AvanceAcuerdo, Evidencia, PuntoOrden, ResponsableAcuerdo
from tests.factories import contar, crear_acuerdo, crear_garante, crear_mesa, crear_punto

HOY = date.today()
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture
def mesa(session):
    """Mesa 3 (en curso, 60 days ago) with one punto; garantes jal (ITEI) and col."""
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col", siglas="INFOCOL")
    mesa = crear_mesa(session, numero=3, fecha=HOY - timedelta(days=60), estado="en_curso")
    crear_punto(session, mesa, titulo="Plazos de respuesta")
    return mesa


def _primer_punto(session, mesa):
    return session.exec(select(PuntoOrden).where(PuntoOrden.mesa_id == mesa.id)).first()


def _acuerdo(session, mesa, garantes=("jal",), usuarios=(), **campos):
    """Return an acuerdo of ``mesa`` with its responsables (a plain row, for reading tests)."""
    acuerdo = crear_acuerdo(session, mesa, punto_id=_primer_punto(session, mesa).id, **campos)
    for garante in garantes:
        session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, garante_id=garante))
    for usuario_id in usuarios:
        session.add(ResponsableAcuerdo(acuerdo_id=acuerdo.id, usuario_id=usuario_id))
    session.commit()
    return acuerdo


def _con_nombre(session, persona, nombre):
    persona.nombre = nombre
    session.add(persona)
    session.commit()
    return persona


def _eventos(session, accion):
    session.expire_all()
    return session.exec(select(EventoBitacora).where(EventoBitacora.accion == accion)).all()


def _alerta(texto):
    encontrado = re.search(r'<p class="error" id="error-\w+">([^<]+)</p>', texto)
    return encontrado.group(1) if encontrado else None


# --- Registering an acuerdo --------------------------------------------------------------


def test_registrar_un_acuerdo_desde_un_punto(cliente_como, session, mesa, usuario):
    persona = _con_nombre(session, usuario("juridico", "col"), "Ana Pérez")
    punto = _primer_punto(session, mesa)
    secretaria = cliente_como("secretaria")
    formulario = secretaria.get(f"/puntos/{punto.id}/acuerdos/nuevo")
    assert formulario.status_code == 200
    assert f"<strong>CRCO/{mesa.anio}/03-01</strong>" in formulario.text
    assert f'min="{mesa.fecha.isoformat()}"' in formulario.text

    fecha = HOY + timedelta(days=30)
    respuesta = secretaria.post(
        f"/puntos/{punto.id}/acuerdos/nuevo",
        data={
            "texto": "Cada garante publicará su plazo de respuesta.",
            "fecha_limite": fecha.isoformat(),
            "garantes": ["jal", "col"],
            "usuarios": [str(persona.id)],
        },
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    acuerdo = session.exec(select(Acuerdo)).one()
    assert respuesta.headers["location"] == f"/acuerdos/{acuerdo.id}?aviso=creado"
    assert (acuerdo.numero, acuerdo.punto_id, acuerdo.fecha_limite, acuerdo.estado) == (
        f"CRCO/{mesa.anio}/03-01",
        punto.id,
        fecha,
        "pendiente",
    )
    responsables = session.exec(
        select(ResponsableAcuerdo.garante_id, ResponsableAcuerdo.usuario_id).where(
            ResponsableAcuerdo.acuerdo_id == acuerdo.id
        )
    ).all()
    assert sorted(responsables, key=str) == sorted(
        [("col", None), ("jal", None), (None, persona.id)], key=str
    )
    (evento,) = _eventos(session, "acuerdo.crear")
    assert evento.objeto_id == str(acuerdo.id)
    assert evento.resumen.startswith(f"Acuerdo CRCO/{mesa.anio}/03-01 de la mesa 3/")
    assert "responsables: INFOCOL, ITEI, Ana Pérez" in evento.resumen

    pagina = secretaria.get(respuesta.headers["location"]).text
    assert "<h1>Acuerdo CRCO/" in pagina
    assert "Acuerdo registrado; quedó en la bitácora." in pagina
    assert f'<a href="/mesas/{mesa.id}/sesion#punto-{punto.id}">Volver a la sesión' in pagina
    assert f'<a href="/mesas/{mesa.id}">' in pagina
    assert f'<a href="/mesas/{mesa.id}#punto-{punto.id}">1. Plazos de respuesta</a>' in pagina
    assert '<a href="/garantes/jal">ITEI</a>' in pagina
    assert "Ana Pérez" in pagina
    assert 'class="insignia estado-acuerdo estado-pendiente">Pendiente<' in pagina


def test_el_numero_sigue_el_patron_configurado(cliente_como, session, mesa):
    ajustes.guardar(session, ajustes.PATRON_ACUERDO.clave, "ACU-{mesa}-{n:03d}/{anio}")
    session.commit()
    crear_acuerdo(session, mesa, consecutivo=1, numero="ACU-3-001/x")
    punto = _primer_punto(session, mesa)
    secretaria = cliente_como("secretaria")
    assert (
        f"<strong>ACU-3-002/{mesa.anio}</strong>"
        in secretaria.get(f"/puntos/{punto.id}/acuerdos/nuevo").text
    )
    respuesta = secretaria.post(
        f"/puntos/{punto.id}/acuerdos/nuevo",
        data={"texto": "Texto.", "fecha_limite": HOY.isoformat(), "garantes": "jal"},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert session.exec(select(Acuerdo.numero).where(Acuerdo.consecutivo == 2)).one() == (
        f"ACU-3-002/{mesa.anio}"
    )


@pytest.mark.parametrize(
    ("datos", "campo", "mensaje"),
    [
        ({"texto": " ", "garantes": "jal"}, "texto", "Escriba el texto del acuerdo."),
        ({"texto": "T.", "garantes": "jal", "fecha_limite": ""}, "fecha_limite",
         "Indique la fecha límite para cumplir el acuerdo."),
        ({"texto": "T.", "garantes": "jal", "fecha_limite": "31/12/2026"}, "fecha_limite",
         "Escriba la fecha límite como aaaa-mm-dd."),
        ({"texto": "T.", "garantes": "jal", "fecha_limite": "antes"}, "fecha_limite",
         "La fecha límite no puede ser anterior a la fecha de la mesa."),
        ({"texto": "T."}, "responsables",
         "Elija al menos un responsable: un garante o una persona."),
        ({"texto": "T.", "usuarios": "9999"}, "responsables",
         "Una de las personas elegidas no tiene una cuenta activa."),
    ],
)  # fmt: skip
def test_registrar_con_errores_vuelve_al_formulario(
    cliente_como, session, mesa, datos, campo, mensaje
):
    datos = {"fecha_limite": HOY.isoformat(), **datos}
    if datos["fecha_limite"] == "antes":
        datos["fecha_limite"] = (mesa.fecha - timedelta(days=1)).isoformat()
    punto = _primer_punto(session, mesa)
    respuesta = cliente_como("secretaria").post(f"/puntos/{punto.id}/acuerdos/nuevo", data=datos)
    assert respuesta.status_code == 400
    assert f'<p class="error" id="error-{campo}">{mensaje}</p>' in respuesta.text
    if campo != "texto":
        assert ">T.</textarea>" in respuesta.text  # what was typed comes back
    assert contar(session, Acuerdo) == 0


@pytest.mark.parametrize("estado", ["borrador", "convocada", "cancelada"])
def test_una_mesa_que_no_sesiona_no_registra_acuerdos(cliente_como, session, mesa, estado):
    mesa.estado = estado
    session.add(mesa)
    session.commit()
    punto = _primer_punto(session, mesa)
    secretaria = cliente_como("secretaria")
    formulario = secretaria.get(f"/puntos/{punto.id}/acuerdos/nuevo")
    assert formulario.status_code == 409
    assert "Solo se registran acuerdos de una mesa en curso o concluida" in formulario.text
    respuesta = secretaria.post(
        f"/puntos/{punto.id}/acuerdos/nuevo",
        data={"texto": "T.", "fecha_limite": HOY.isoformat(), "garantes": "jal"},
    )
    assert respuesta.status_code == 409
    assert contar(session, Acuerdo) == 0


def test_punto_inexistente(cliente_como):
    assert cliente_como("secretaria").get("/puntos/999/acuerdos/nuevo").status_code == 404


# --- Avances -----------------------------------------------------------------------------


def test_avance_con_evidencias_del_garante_responsable(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa)
    comisionado = cliente_como("comisionado", "jal")
    respuesta = comisionado.post(
        f"/acuerdos/{acuerdo.id}/avances",
        data={"nota": "Se publicó el plazo en el portal."},
        files=[
            ("evidencias", ("oficio.pdf", PDF, "application/pdf")),
            ("evidencias", ("captura.png", PNG, "image/png")),
        ],
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/acuerdos/{acuerdo.id}?aviso=avance#historial"
    session.refresh(acuerdo)
    assert acuerdo.estado == "en_proceso"
    avance = session.exec(select(AvanceAcuerdo)).one()
    assert (avance.garante_id, avance.nota) == ("jal", "Se publicó el plazo en el portal.")
    evidencias = session.exec(select(Evidencia).order_by(Evidencia.id)).all()
    assert [(e.nombre_archivo, e.tipo_mime, e.avance_id) for e in evidencias] == [
        ("oficio.pdf", "application/pdf", avance.id),
        ("captura.png", "image/png", avance.id),
    ]
    (evento,) = _eventos(session, "acuerdo.avance")
    assert evento.resumen == f"Avance de jal en el acuerdo {acuerdo.numero} (2 evidencias)."
    assert evento.detalles["antes"] == {"estado": "pendiente"}
    assert evento.detalles["despues"] == {"estado": "en_proceso"}

    pagina = comisionado.get(f"/acuerdos/{acuerdo.id}").text
    assert "<h3>Avance de ITEI, informado por comisionado jal</h3>" in pagina
    assert f'<a href="/evidencias/{evidencias[0].id}" download>oficio.pdf</a>' in pagina
    assert 'estado-en_proceso">En proceso<' in pagina


def test_avance_sin_archivos(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa)
    respuesta = cliente_como("juridico", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances", data={"nota": "Avance sin archivos."}
    )
    assert respuesta.status_code == 200
    assert contar(session, AvanceAcuerdo) == 1
    assert contar(session, Evidencia) == 0


@pytest.mark.parametrize(
    ("archivos", "mensaje"),
    [
        ([("falso.pdf", PNG)],
         "El archivo «falso.pdf» dice ser PDF, pero su contenido es PNG. "
         "Corrija la extensión o adjunte el archivo correcto."),
        ([("oficio.pdf", PDF), ("vacio.pdf", b"")], "El archivo «vacio.pdf» está vacío."),
        # (the tests' limit is 1 MB; a body over 2 MB is refused earlier, with 413)
        ([("grande.pdf", PDF + b"0" * (1536 * 1024))],
         "El archivo «grande.pdf» pesa 1.5 MB; el límite es 1 MB por archivo."),
        ([("programa.exe", b"MZ\x90\x00")],
         "El archivo «programa.exe» no es de un tipo permitido: "
         "adjunte archivos PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS."),
    ],
)  # fmt: skip
def test_evidencia_rechazada_por_su_contenido(cliente_como, session, mesa, archivos, mensaje):
    acuerdo = _acuerdo(session, mesa)
    respuesta = cliente_como("comisionado", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances",
        data={"nota": "Avance con archivo."},
        files=[("evidencias", (n, c, "application/pdf")) for n, c in archivos],
    )
    assert respuesta.status_code == 400
    assert _alerta(respuesta.text) == mensaje
    assert "Avance con archivo.</textarea>" in respuesta.text  # the note is kept
    assert (contar(session, AvanceAcuerdo), contar(session, Evidencia)) == (0, 0)
    session.refresh(acuerdo)
    assert acuerdo.estado == "pendiente"


@pytest.mark.parametrize(
    ("cuantos", "estado", "mensaje"),
    [
        (11, 400, "Se pueden adjuntar hasta 10 archivos por avance."),
        (12, 400, "El envío tiene demasiados archivos o campos: se pueden adjuntar hasta 10 "
                  "archivos por avance."),
    ],
)  # fmt: skip
def test_demasiados_archivos(cliente_como, session, mesa, cuantos, estado, mensaje):
    acuerdo = _acuerdo(session, mesa)
    respuesta = cliente_como("comisionado", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances",
        data={"nota": "Muchos."},
        files=[("evidencias", (f"{n}.pdf", PDF, "application/pdf")) for n in range(cuantos)],
    )
    assert respuesta.status_code == estado
    assert mensaje in respuesta.text
    assert contar(session, AvanceAcuerdo) == 0


def test_avance_sin_nota(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa)
    respuesta = cliente_como("comisionado", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances", data={"nota": "  "}
    )
    assert respuesta.status_code == 400
    assert _alerta(respuesta.text) == "Escriba qué se avanzó en el cumplimiento del acuerdo."
    assert contar(session, AvanceAcuerdo) == 0


def test_sin_nota_y_con_archivo_falso_se_dicen_ambos_errores(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa)
    respuesta = cliente_como("comisionado", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances",
        data={"nota": ""},
        files=[("evidencias", ("grande.pdf", PDF + b"0" * (1536 * 1024), "application/pdf"))],
    )
    assert respuesta.status_code == 400
    errores = re.findall(r'<p class="error" id="error-(\w+)">([^<]+)</p>', respuesta.text)
    assert errores == [
        ("nota", "Escriba qué se avanzó en el cumplimiento del acuerdo."),
        ("evidencias", "El archivo «grande.pdf» pesa 1.5 MB; el límite es 1 MB por archivo."),
    ]


def test_una_persona_responsable_informa_avances(cliente_como, session, mesa):
    cliente = cliente_como("comisionado", "col")
    persona = session.exec(select(Usuario).order_by(Usuario.id.desc())).first()
    acuerdo = _acuerdo(session, mesa, garantes=(), usuarios=(persona.id,))
    assert f'action="/acuerdos/{acuerdo.id}/avances"' in cliente.get(f"/acuerdos/{acuerdo.id}").text
    respuesta = cliente.post(f"/acuerdos/{acuerdo.id}/avances", data={"nota": "Hecho."})
    assert respuesta.status_code == 200
    avance = session.exec(select(AvanceAcuerdo)).one()
    assert (avance.garante_id, avance.autor_id) == (None, persona.id)
    # Another comisionado of the same garante is not responsable.
    otro = cliente_como("comisionado", "col")
    assert (
        f'action="/acuerdos/{acuerdo.id}/avances"' not in otro.get(f"/acuerdos/{acuerdo.id}").text
    )
    assert otro.post(f"/acuerdos/{acuerdo.id}/avances", data={"nota": "Yo."}).status_code == 403
    assert contar(session, AvanceAcuerdo) == 1


def test_un_acuerdo_cumplido_no_recibe_avances(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa, estado="cumplido")
    comisionado = cliente_como("comisionado", "jal")
    assert "Informar un avance" not in comisionado.get(f"/acuerdos/{acuerdo.id}").text
    respuesta = comisionado.post(f"/acuerdos/{acuerdo.id}/avances", data={"nota": "Tarde."})
    assert respuesta.status_code == 409
    assert "Este acuerdo ya está cumplido." in respuesta.text


# --- Cumplido and reapertura -------------------------------------------------------------


def test_marcar_cumplido_pide_confirmacion(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa)
    secretaria = cliente_como("secretaria")
    sin_confirmar = secretaria.post(f"/acuerdos/{acuerdo.id}/cumplido", data={})
    assert sin_confirmar.status_code == 400
    assert (
        _alerta(sin_confirmar.text) == "Marque la casilla para confirmar que el acuerdo se cumplió."
    )
    session.refresh(acuerdo)
    assert acuerdo.estado == "pendiente"

    respuesta = secretaria.post(
        f"/acuerdos/{acuerdo.id}/cumplido", data={"confirmacion": "si"}, follow_redirects=False
    )
    assert respuesta.status_code == 303
    session.refresh(acuerdo)
    assert acuerdo.estado == "cumplido"
    assert acuerdo.cumplido_por_id is not None
    (evento,) = _eventos(session, "acuerdo.cumplido")
    assert evento.resumen == f"Acuerdo {acuerdo.numero} marcado como cumplido (estaba pendiente)."
    pagina = secretaria.get(respuesta.headers["location"]).text
    assert "El acuerdo quedó marcado como cumplido." in pagina
    assert "<h3>La secretaría técnica lo dio por cumplido</h3>" in pagina
    assert f'action="/acuerdos/{acuerdo.id}/reabrir"' in pagina

    otra_vez = secretaria.post(f"/acuerdos/{acuerdo.id}/cumplido", data={"confirmacion": "si"})
    assert otra_vez.status_code == 409
    assert "Este acuerdo ya está marcado como cumplido." in otra_vez.text


def test_reabrir_exige_motivo_y_lo_muestra(cliente_como, session, mesa):
    acuerdo = _acuerdo(session, mesa, estado="cumplido")
    secretaria = cliente_como("secretaria")
    sin_motivo = secretaria.post(f"/acuerdos/{acuerdo.id}/reabrir", data={"motivo": " "})
    assert sin_motivo.status_code == 400
    assert _alerta(sin_motivo.text) == "Escriba por qué se reabre el acuerdo."

    respuesta = secretaria.post(
        f"/acuerdos/{acuerdo.id}/reabrir",
        data={"motivo": "Colima no publicó el plazo."},
        follow_redirects=False,
    )
    assert respuesta.status_code == 303
    session.refresh(acuerdo)
    assert acuerdo.estado == "pendiente"
    (evento,) = _eventos(session, "acuerdo.reabrir")
    assert evento.detalles["motivo"] == "Colima no publicó el plazo."
    pagina = cliente_como(None).get(f"/acuerdos/{acuerdo.id}").text
    assert "<h3>La secretaría técnica lo reabrió</h3>" in pagina
    assert "Motivo: Colima no publicó el plazo." in pagina

    otra_vez = secretaria.post(f"/acuerdos/{acuerdo.id}/reabrir", data={"motivo": "Otra."})
    assert otra_vez.status_code == 409
    assert "Solo se puede reabrir un acuerdo cumplido." in otra_vez.text


# --- Dashboard and CSV -------------------------------------------------------------------


@pytest.fixture
def tablero(session, mesa):
    """Acuerdos of mesa 3 (en curso) and of mesa 4 (borrador), in every visible estado."""
    borrador = crear_mesa(session, numero=4, fecha=HOY - timedelta(days=10), estado="borrador")
    crear_punto(session, borrador)
    casos = [
        ("al_dia", mesa, ("jal",), 40, "pendiente"),
        ("vencido_reciente", mesa, ("jal", "col"), -1, "pendiente"),
        ("en_proceso", mesa, ("col",), 5, "en_proceso"),
        ("vencido_antiguo", mesa, ("jal",), -20, "en_proceso"),
        ("cumplido", mesa, ("col",), -30, "cumplido"),
        ("de_borrador", borrador, ("jal",), 1, "pendiente"),
    ]
    filas = {
        clave: _acuerdo(
            session, de, garantes, fecha_limite=HOY + timedelta(days=dias), estado=estado
        )
        for clave, de, garantes, dias, estado in casos
    }
    return {clave: a.numero for clave, a in filas.items()} | {"borrador": borrador.id}


def _numeros(texto):
    return re.findall(r'<td class="celda-numero"><a href="/acuerdos/\d+">([^<]+)</a>', texto)


def test_tablero_vencidos_primero_y_por_fecha(anonimo, tablero):
    pagina = anonimo.get("/acuerdos")
    assert pagina.status_code == 200
    assert _numeros(pagina.text) == [
        tablero["vencido_antiguo"],
        tablero["vencido_reciente"],
        tablero["cumplido"],
        tablero["en_proceso"],
        tablero["al_dia"],
    ]
    assert '<p class="conteo" role="status">5 acuerdos' in pagina.text


def test_el_publico_no_ve_acuerdos_de_mesas_en_borrador(anonimo, cliente_como, session, tablero):
    assert tablero["de_borrador"] not in anonimo.get("/acuerdos").text
    assert tablero["de_borrador"] not in anonimo.get("/acuerdos.csv").text
    acuerdo = session.exec(select(Acuerdo).where(Acuerdo.numero == tablero["de_borrador"])).one()
    assert anonimo.get(f"/acuerdos/{acuerdo.id}").status_code == 404
    interno = cliente_como("juridico", "col")
    assert tablero["de_borrador"] in interno.get("/acuerdos").text
    assert interno.get(f"/acuerdos/{acuerdo.id}").status_code == 200


@pytest.mark.parametrize(
    ("consulta", "esperados"),
    [
        ("estado=vencido", ["vencido_antiguo", "vencido_reciente"]),
        ("estado=pendiente", ["al_dia"]),
        ("estado=en_proceso", ["en_proceso"]),
        ("estado=cumplido", ["cumplido"]),
        ("garante=col", ["vencido_reciente", "cumplido", "en_proceso"]),
        ("garante=jal&estado=vencido", ["vencido_antiguo", "vencido_reciente"]),
        ("estado=inventado", ["vencido_antiguo", "vencido_reciente", "cumplido", "en_proceso",
                              "al_dia"]),
    ],
)  # fmt: skip
def test_filtros_del_tablero(anonimo, tablero, consulta, esperados):
    assert _numeros(anonimo.get(f"/acuerdos?{consulta}").text) == [tablero[e] for e in esperados]


def test_filtro_por_mesa_y_sin_resultados(anonimo, session, tablero, mesa):
    assert len(_numeros(anonimo.get(f"/acuerdos?mesa={mesa.id}").text)) == 5
    vacio = anonimo.get(f"/acuerdos?mesa={mesa.id}&garante=col&estado=pendiente").text
    assert "Ningún acuerdo coincide con los filtros elegidos." in vacio


def test_tablero_vacio(anonimo):
    assert "Aún no hay acuerdos registrados." in anonimo.get("/acuerdos").text


def test_el_tablero_responde_fragmento_a_htmx(anonimo, tablero):
    fragmento = anonimo.get("/acuerdos?estado=vencido", headers={"HX-Request": "true"})
    assert "<html" not in fragmento.text
    assert len(_numeros(fragmento.text)) == 2
    assert 'href="/acuerdos.csv?estado=vencido"' in fragmento.text


def test_paginacion_del_tablero(anonimo, session, mesa):
    for n in range(27):
        _acuerdo(session, mesa, fecha_limite=HOY + timedelta(days=n))
    primera = anonimo.get("/acuerdos").text
    assert "página 1 de 2" in primera
    assert 'href="/acuerdos?pagina=2" rel="next"' in primera
    assert len(_numeros(anonimo.get("/acuerdos?pagina=2").text)) == 2


def test_csv_con_encabezados_en_espanol_bom_y_formulas_neutralizadas(anonimo, session, mesa):
    _acuerdo(session, mesa, texto='=HYPERLINK("http://x.example","clic")', fecha_limite=HOY)
    respuesta = anonimo.get("/acuerdos.csv")
    assert respuesta.status_code == 200
    assert respuesta.headers["content-type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["content-disposition"] == (
        f'attachment; filename="acuerdos-{HOY.isoformat()}.csv"'
    )
    assert respuesta.content.startswith("\ufeff".encode())
    filas = list(csv.reader(io.StringIO(respuesta.text.lstrip("\ufeff"))))
    assert filas[0] == [
        "Número", "Mesa", "Fecha de la mesa", "Punto", "Acuerdo", "Garantes responsables",
        "Personas responsables", "Fecha límite", "Estado", "Avances", "Último avance",
        "Cumplido el",
    ]  # fmt: skip
    assert filas[1][0] == f"CRCO/{mesa.anio}/03-01"
    assert filas[1][3] == "1. Plazos de respuesta"
    assert filas[1][4] == '\'=HYPERLINK("http://x.example","clic")'
    assert filas[1][5:9] == ["ITEI", "", HOY.isoformat(), "Pendiente"]


def test_csv_con_los_mismos_filtros(anonimo, tablero):
    filas = list(csv.reader(io.StringIO(anonimo.get("/acuerdos.csv?estado=vencido").text)))
    assert [f[0] for f in filas[1:]] == [tablero["vencido_antiguo"], tablero["vencido_reciente"]]
    assert [f[8] for f in filas[1:]] == ["Vencido", "Vencido"]


def test_el_publico_no_ve_correos_de_personas_responsables(
    anonimo, cliente_como, session, mesa, usuario
):
    persona = _con_nombre(
        session, usuario("juridico", "col", correo="sin.nombre@col.example.mx"), ""
    )
    acuerdo = _acuerdo(session, mesa, garantes=(), usuarios=(persona.id,))
    publico = anonimo.get(f"/acuerdos/{acuerdo.id}").text
    assert "sin.nombre@col.example.mx" not in publico
    assert "<dt>Responsables</dt><dd>Personal jurídico (col)" in publico
    csv_publico = anonimo.get("/acuerdos.csv").text
    assert "sin.nombre@col.example.mx" not in csv_publico
    assert "Personal jurídico (col)" in csv_publico
    interno = cliente_como("secretaria").get(f"/acuerdos/{acuerdo.id}").text
    assert "<dt>Responsables</dt><dd>sin.nombre@col.example.mx" in interno


# --- Evidence downloads ------------------------------------------------------------------


def _con_evidencia(cliente_como, session, mesa, nombre="Oficio núm. 12.pdf"):
    acuerdo = _acuerdo(session, mesa)
    cliente_como("comisionado", "jal").post(
        f"/acuerdos/{acuerdo.id}/avances",
        data={"nota": "Oficio enviado."},
        files=[("evidencias", (nombre, PDF, "application/pdf"))],
    )
    return acuerdo, session.exec(select(Evidencia)).one()


def test_descargar_evidencia_con_cuenta(cliente_como, session, mesa):
    _, evidencia = _con_evidencia(cliente_como, session, mesa)
    respuesta = cliente_como("juridico", "col").get(f"/evidencias/{evidencia.id}")
    assert respuesta.status_code == 200
    assert respuesta.content == PDF
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.headers["content-disposition"] == (
        "attachment; filename=\"Oficio num. 12.pdf\"; filename*=UTF-8''Oficio%20n%C3%BAm.%2012.pdf"
    )
    assert respuesta.headers["x-content-type-options"] == "nosniff"


def test_el_publico_ve_que_hay_evidencia_pero_no_la_descarga(anonimo, cliente_como, session, mesa):
    acuerdo, evidencia = _con_evidencia(cliente_como, session, mesa)
    pagina = anonimo.get(f"/acuerdos/{acuerdo.id}").text
    assert "Oficio núm. 12.pdf" in pagina
    assert f'href="/evidencias/{evidencia.id}"' not in pagina
    assert "Las evidencias se descargan con una cuenta de la red." in pagina
    descarga = anonimo.get(f"/evidencias/{evidencia.id}", follow_redirects=False)
    assert descarga.status_code == 303
    assert descarga.headers["location"] == f"/entrar?siguiente=/evidencias/{evidencia.id}"


def test_evidencia_inexistente(cliente_como):
    assert cliente_como("secretaria").get("/evidencias/999").status_code == 404


# --- The garante's page ------------------------------------------------------------------


def test_la_pagina_del_garante_lista_sus_acuerdos_pendientes(anonimo, tablero):
    pagina = anonimo.get("/garantes/jal").text
    seccion = pagina[pagina.index('<h2 id="titulo-acuerdos">Acuerdos pendientes</h2>') :]
    numeros = re.findall(r'<a href="/acuerdos/\d+">([^<]+)</a>', seccion)
    assert numeros == [tablero["vencido_antiguo"], tablero["vencido_reciente"], tablero["al_dia"]]
    assert "3 acuerdos pendientes de cumplir; los vencidos primero." in seccion
    # col's cumplido acuerdo is not pending.
    col = anonimo.get("/garantes/col").text
    assert tablero["cumplido"] not in col
    assert tablero["en_proceso"] in col


def test_garante_sin_acuerdos_pendientes(anonimo, mesa):
    assert (
        "Este garante no tiene acuerdos pendientes de cumplir." in anonimo.get("/garantes/jal").text
    )


# --- A fixed number of queries per page --------------------------------------------------


@pytest.mark.parametrize("url", ["/acuerdos", "/acuerdos.csv", "/garantes/jal"])
def test_las_listas_no_hacen_una_consulta_por_acuerdo(cliente_como, session, engine, mesa, url):
    cliente = cliente_como("secretaria")
    persona = session.exec(select(Usuario)).first()

    def sentencias():
        vistas = []

        def anotar(conn, cursor, statement, parameters, context, executemany):
            vistas.append(statement)

        event.listen(engine, "before_cursor_execute", anotar)
        try:
            assert cliente.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", anotar)
        return len(vistas)

    def agregar(cuantos):
        for _ in range(cuantos):
            acuerdo = _acuerdo(session, mesa, ("jal", "col"), (persona.id,))
            session.add(AvanceAcuerdo(acuerdo_id=acuerdo.id, garante_id="jal", nota="Avance."))
        session.commit()

    agregar(2)
    con_pocos = sentencias()
    agregar(10)
    assert sentencias() == con_pocos

"""HTTP tests of propuestas de tema: the list, the form (free and from a comparator result),
the detail with apoyos and history, the admission, and the section on the result pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.main import create_app
from app.models import EventoBitacora, Usuario
from app.settings import Settings
from app.tareas import EjecutorEnLinea, Tareas
from criterios.models import Comparacion, Criterio, Divergencia, Garante, GrupoTematico
from sesiones.models import ApoyoPropuesta, PropuestaTema
from tests.factories import (
    contar,
    crear_criterio,
    crear_garante,
    crear_mesa,
    crear_propuesta,
    crear_punto,
)

RUBRO = "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO A LA INFORMACIÓN."
TEXTO_COL = "El sujeto obligado debe responder la solicitud dentro de veinte días hábiles."
TEXTO_JAL = "El sujeto obligado debe responder la solicitud dentro de diez días hábiles."
ITEI = '<abbr title="Órgano Garante JAL">ITEI</abbr>'
INFOCOL = '<abbr title="Órgano Garante COL">INFOCOL</abbr>'

Cliente = Callable[..., TestClient]


@pytest.fixture
def app_web(engine: Engine, settings: Settings) -> Starlette:
    """The app with comparator runs executed inline (a run ends before its POST returns)."""
    tareas = Tareas(engine, ejecutor=EjecutorEnLinea(), en_proceso_aparte=False)
    return create_app(settings, engine=engine, tareas=tareas)


@pytest.fixture
def registro(session: Session) -> None:
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col", siglas="INFOCOL")
    crear_criterio(session, "jal", "jal-07", rubro=RUBRO, texto=TEXTO_JAL, temas=["plazos"])
    crear_criterio(session, "col", "col-01", rubro=RUBRO, texto=TEXTO_COL, temas=["plazos"])


@pytest.fixture
def comparada(registro: None, cliente_como: Cliente, session: Session) -> Divergencia:
    """Run the comparator once (as the secretaría); return the divergencia jal–col."""
    respuesta = cliente_como("secretaria").post("/comparaciones", follow_redirects=False)
    assert respuesta.status_code == 303
    session.expire_all()
    return session.exec(select(Divergencia)).one()


def _grupo(session: Session) -> GrupoTematico:
    return session.exec(select(GrupoTematico)).one()


def _cuenta(session: Session, rol: str, garante: str | None = None) -> Usuario:
    session.expire_all()
    consulta = select(Usuario).where(Usuario.rol == rol, Usuario.garante_id == garante)
    return session.exec(consulta.order_by(Usuario.id.desc())).first()  # type: ignore[union-attr]


def _presentar(cliente: TestClient, **datos: str) -> int:
    datos = {"titulo": "Plazos de respuesta", "justificacion": "Difieren en la región.", **datos}
    respuesta = cliente.post("/propuestas/nueva", data=datos, follow_redirects=False)
    assert respuesta.status_code == 303, respuesta.text[:2000]
    encontrado = re.fullmatch(r"/propuestas/(\d+)\?aviso=creada", respuesta.headers["location"])
    assert encontrado
    return int(encontrado.group(1))


def _sin_espacios(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _bitacora(session: Session, accion: str) -> list[EventoBitacora]:
    session.expire_all()
    return list(session.exec(select(EventoBitacora).where(EventoBitacora.accion == accion)))


# --- Access and the list -----------------------------------------------------------------


@pytest.mark.parametrize("ruta", ["/propuestas", "/propuestas/1", "/propuestas/nueva"])
def test_el_publico_va_a_entrar(anonimo: TestClient, session: Session, ruta: str) -> None:
    crear_propuesta(session)
    respuesta = anonimo.get(ruta, follow_redirects=False)
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/entrar?siguiente={ruta}"


def test_lista_vacia_invita_a_proponer_a_quien_puede(cliente_como: Cliente) -> None:
    comisionado = cliente_como("comisionado", "jal").get("/propuestas")
    assert comisionado.status_code == 200
    assert "<h1>Propuestas de tema</h1>" in comisionado.text
    assert "Todavía no hay propuestas de tema. Puede" in comisionado.text
    assert 'href="/propuestas/nueva"' in comisionado.text
    juridico = cliente_como("juridico", "jal").get("/propuestas")
    assert "Todavía no hay propuestas de tema. Los comisionados las presentan" in juridico.text
    assert 'href="/propuestas/nueva"' not in juridico.text


def test_lista_con_estado_garante_y_apoyos_las_mas_recientes_primero(
    cliente_como: Cliente, session: Session, usuario: Callable[..., Usuario]
) -> None:
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col", siglas="INFOCOL")
    apoyo = usuario("comisionado", "col")
    vieja = crear_propuesta(session, titulo="Tema viejo", garante_id="jal", estado="admitida")
    crear_propuesta(session, titulo="Tema nuevo", garante_id="col")
    session.add(ApoyoPropuesta(propuesta_id=vieja.id, usuario_id=apoyo.id))
    session.commit()
    pagina = _sin_espacios(cliente_como("secretaria").get("/propuestas").text)
    assert "2 propuestas" in pagina
    assert pagina.index("Tema nuevo") < pagina.index("Tema viejo")
    fila = pagina[pagina.index("Tema viejo") :].split("</tr>")[0]
    assert ITEI in fila
    assert '<span class="insignia estado-propuesta-admitida">Admitida</span>' in fila
    assert '<td data-etiqueta="Apoyos">1</td>' in fila

    filtrada = cliente_como("secretaria").get("/propuestas?estado=admitida&garante=jal").text
    assert "1 propuesta" in filtrada and "Tema viejo" in filtrada
    assert "Tema nuevo" not in filtrada
    vacia = cliente_como("secretaria").get("/propuestas?estado=discutida").text
    assert "Ninguna propuesta coincide con los filtros elegidos." in vacia


def test_lista_paginada_y_fragmento_htmx(
    cliente_como: Cliente, session: Session, settings: Settings
) -> None:
    for n in range(settings.por_pagina + 1):
        crear_propuesta(session, titulo=f"Tema {n:02d}")
    cliente = cliente_como("secretaria")
    primera = cliente.get("/propuestas").text
    assert f"{settings.por_pagina + 1} propuestas · página 1 de 2" in primera
    assert f"Tema {settings.por_pagina:02d}" in primera and "Tema 00" not in primera
    segunda = cliente.get("/propuestas?pagina=2", headers={"HX-Request": "true"})
    assert "<html" not in segunda.text and "<h1>" not in segunda.text
    assert "Tema 00" in segunda.text and 'href="/propuestas?pagina=1"' in segunda.text


# --- Presenting ----------------------------------------------------------------------------


def test_proponer_un_tema_libre(cliente_como: Cliente, session: Session) -> None:
    crear_garante(session, "jal", siglas="ITEI")
    cliente = cliente_como("comisionado", "jal")
    formulario = cliente.get("/propuestas/nueva")
    assert formulario.status_code == 200
    assert "<h1>Proponer un tema</h1>" in formulario.text
    assert "Se presentará a nombre de Órgano Garante JAL." in formulario.text
    assert 'name="divergencia"' not in formulario.text
    assert 'maxlength="300"' in formulario.text and "&#34;" not in formulario.text

    propuesta_id = _presentar(cliente)
    session.expire_all()
    propuesta = session.get(PropuestaTema, propuesta_id)
    assert propuesta is not None
    assert (propuesta.origen, propuesta.garante_id, propuesta.estado) == (
        "libre",
        "jal",
        "propuesta",
    )
    detalle = _sin_espacios(cliente.get(f"/propuestas/{propuesta_id}?aviso=creada").text)
    assert "Propuesta presentada. Otros comisionados ya pueden apoyarla." in detalle
    assert '<h1 id="titulo-propuesta">Plazos de respuesta</h1>' in detalle
    assert "Difieren en la región." in detalle
    assert "Tema libre" in detalle and "Origen:" not in detalle
    assert (
        "<strong>Presentada</strong> el" in detalle and f"por comisionado jal ({ITEI})" in detalle
    )
    assert "En espera de que la secretaría técnica decida si la admite." in detalle
    assert "Usted presentó esta propuesta; los demás comisionados pueden apoyarla." in detalle
    [evento] = _bitacora(session, "propuesta.crear")
    assert evento.objeto_id == str(propuesta_id)
    assert (
        evento.resumen
        == "comisionado jal (jal) propuso el tema «Plazos de respuesta» (tema libre)."
    )


def test_el_formulario_valida_sin_guardar(cliente_como: Cliente, session: Session) -> None:
    cliente = cliente_como("comisionado", "jal")
    respuesta = cliente.post("/propuestas/nueva", data={"titulo": " ", "justificacion": ""})
    assert respuesta.status_code == 400
    assert "Escriba el título del tema que propone." in respuesta.text
    assert "Explique por qué conviene discutir este tema en una mesa." in respuesta.text
    assert contar(session, PropuestaTema) == 0


def test_proponer_desde_una_divergencia(
    cliente_como: Cliente, session: Session, comparada: Divergencia
) -> None:
    cliente = cliente_como("comisionado", "jal")
    formulario = _sin_espacios(cliente.get(f"/propuestas/nueva?divergencia={comparada.id}").text)
    grupo = _grupo(session)
    assert "A partir de una divergencia" in formulario
    assert f'<a href="/divergencias/{comparada.id}">{comparada.explicacion}</a>' in formulario
    assert f'value="{grupo.tema}: {comparada.explicacion}"' in formulario
    assert f'<input type="hidden" name="divergencia" value="{comparada.id}">' in formulario
    for criterio in session.exec(select(Criterio)):
        assert f'<a href="/criterios/{criterio.id}">{criterio.id_externo}</a>' in formulario
    assert RUBRO in formulario and TEXTO_JAL in formulario

    propuesta_id = _presentar(cliente, divergencia=str(comparada.id))
    session.expire_all()
    propuesta = session.get(PropuestaTema, propuesta_id)
    assert propuesta is not None
    assert (propuesta.origen, propuesta.divergencia_clave, propuesta.grupo_clave) == (
        "divergencia",
        comparada.clave,
        grupo.clave,
    )
    assert propuesta.criterio_ids == [comparada.criterio_a_id, comparada.criterio_b_id]
    detalle = _sin_espacios(cliente.get(f"/propuestas/{propuesta_id}").text)
    assert "Origen: divergencia" in detalle
    assert f"Lo que señaló la comparación: «{comparada.explicacion}»" in detalle
    assert (
        f'<a href="/divergencias/{comparada.id}">Ver la divergencia en la comparación más '
        "reciente</a>" in detalle
    )
    assert f'href="/criterios/{comparada.criterio_a_id}"' in detalle

    # A second look at the same divergencia names the propuesta already made.
    otra_vez = _sin_espacios(
        cliente_como("comisionado", "col").get(f"/propuestas/nueva?divergencia={comparada.id}").text
    )
    assert "Ya hay una propuesta sobre esta divergencia:" in otra_vez
    assert f'<a href="/propuestas/{propuesta_id}">Plazos de respuesta</a> (Propuesta)' in otra_vez


def test_proponer_desde_un_grupo(
    cliente_como: Cliente, session: Session, comparada: Divergencia
) -> None:
    grupo = _grupo(session)
    cliente = cliente_como("comisionado", "col")
    url = f"/propuestas/nueva?grupo={grupo.clave}&comparacion={grupo.comparacion_id}"
    formulario = _sin_espacios(cliente.get(url).text)
    assert "A partir de un grupo temático" in formulario
    assert f'value="{grupo.tema}"' in formulario
    assert f'<input type="hidden" name="grupo" value="{grupo.clave}">' in formulario
    assert "2 criterios de 2 garantes en 2 posturas; 1 divergencia" in formulario

    propuesta_id = _presentar(cliente, grupo=grupo.clave, comparacion=str(grupo.comparacion_id))
    session.expire_all()
    propuesta = session.get(PropuestaTema, propuesta_id)
    assert propuesta is not None
    assert (propuesta.origen, propuesta.grupo_clave, propuesta.divergencia_clave) == (
        "grupo",
        grupo.clave,
        None,
    )
    assert propuesta.resumen_origen == grupo.tema
    assert sorted(propuesta.criterio_ids) == sorted(session.exec(select(Criterio.id)).all())
    detalle = _sin_espacios(cliente.get(f"/propuestas/{propuesta_id}").text)
    assert "Origen: grupo temático" in detalle
    assert (
        f'<a href="/grupos/{grupo.clave}">Ver el grupo temático en la comparación más reciente</a>'
        in detalle
    )
    # Without a run number the latest run is used.
    sin_corrida = cliente.get(f"/propuestas/nueva?grupo={grupo.clave}")
    assert sin_corrida.status_code == 200 and "A partir de un grupo temático" in sin_corrida.text


@pytest.mark.parametrize(
    ("consulta", "mensaje"),
    [
        ("divergencia=999", "No existe ninguna divergencia con ese número."),
        ("divergencia=abc", "No existe ninguna divergencia con ese número."),
        ("grupo=g-no-existe", "Ese grupo temático no está en la comparación."),
        ("grupo={grupo}&comparacion=99", "No hay una comparación terminada con ese número."),
    ],
)
def test_un_origen_que_no_existe_da_404(
    cliente_como: Cliente, session: Session, comparada: Divergencia, consulta: str, mensaje: str
) -> None:
    url = "/propuestas/nueva?" + consulta.format(grupo=_grupo(session).clave)
    respuesta = cliente_como("comisionado", "jal").get(url)
    assert respuesta.status_code == 404
    assert mensaje in respuesta.text


def test_criterios_de_catalogos_no_publicos(
    cliente_como: Cliente, session: Session, comparada: Divergencia
) -> None:
    """jal's catalog is private: col's comisionado sees neither its criterio nor the
    divergence (which quotes it), only that the topic includes it."""
    grupo = _grupo(session)
    autor = cliente_como("comisionado", "jal")
    propuesta_id = _presentar(autor, divergencia=str(comparada.id))
    garante = session.get(Garante, "jal")
    assert garante is not None
    garante.catalogo_publico = False
    session.add(garante)
    session.commit()
    criterio_jal = session.exec(select(Criterio).where(Criterio.garante_id == "jal")).one()

    otro = cliente_como("comisionado", "col")
    assert otro.get(f"/propuestas/nueva?divergencia={comparada.id}").status_code == 404
    del_grupo = _sin_espacios(otro.get(f"/propuestas/nueva?grupo={grupo.clave}").text)
    assert "También incluye criterios de " + ITEI + ", cuyo catálogo no es público." in del_grupo
    assert f'href="/criterios/{criterio_jal.id}"' not in del_grupo
    detalle = _sin_espacios(otro.get(f"/propuestas/{propuesta_id}").text)
    assert f'href="/criterios/{criterio_jal.id}"' not in detalle and TEXTO_JAL not in detalle
    assert comparada.explicacion not in detalle
    assert f'href="/divergencias/{comparada.id}"' not in detalle
    # The author's own garante still sees everything.
    propio = autor.get(f"/propuestas/{propuesta_id}").text
    assert f'href="/criterios/{criterio_jal.id}"' in propio and comparada.explicacion in propio


def test_si_la_divergencia_ya_no_esta_en_la_ultima_comparacion(
    cliente_como: Cliente, session: Session
) -> None:
    crear_propuesta(session, origen="divergencia", divergencia_clave="d-vieja", grupo_clave="g")
    session.add(Comparacion(estado="terminada", parametros={}))
    session.commit()
    pagina = _sin_espacios(cliente_como("secretaria").get("/propuestas/1").text)
    assert "La divergencia ya no aparece en la comparación más reciente" in pagina
    assert "Los criterios de origen ya no están en el registro." in pagina


# --- The section on the result pages -----------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "garante", "propone", "redacta"),
    [
        (None, None, False, False),
        ("comisionado", "jal", True, False),
        ("juridico", "jal", False, True),
        ("secretaria", None, False, True),
    ],
)
def test_llevar_a_una_mesa_desde_divergencia_y_grupo(
    cliente_como: Cliente,
    session: Session,
    comparada: Divergencia,
    rol: str | None,
    garante: str | None,
    propone: bool,
    redacta: bool,
) -> None:
    grupo = _grupo(session)
    cliente = cliente_como(rol, garante)
    divergencia = cliente.get(f"/divergencias/{comparada.id}").text
    del_grupo = cliente.get(f"/grupos/{grupo.clave}").text
    consulta_grupo = f"grupo={grupo.clave}&amp;comparacion={grupo.comparacion_id}"
    for pagina in (divergencia, del_grupo):
        assert ('<h2 id="titulo-llevar-a-mesa">Llevar a una mesa de análisis</h2>' in pagina) is (
            rol is not None
        )
    assert (f'href="/propuestas/nueva?divergencia={comparada.id}"' in divergencia) is propone
    assert (f'href="/propuestas/nueva?{consulta_grupo}"' in del_grupo) is propone
    assert (f'href="/proyectos/nuevo?divergencia={comparada.id}"' in divergencia) is redacta
    assert (f'href="/proyectos/nuevo?{consulta_grupo}"' in del_grupo) is redacta


def test_las_paginas_de_resultados_nombran_sus_propuestas(
    cliente_como: Cliente, anonimo: TestClient, session: Session, comparada: Divergencia
) -> None:
    grupo = _grupo(session)
    propuesta_id = _presentar(cliente_como("comisionado", "jal"), divergencia=str(comparada.id))
    enlace = f'<a href="/propuestas/{propuesta_id}">Plazos de respuesta</a>'
    juridico = cliente_como("juridico", "col")
    assert enlace in juridico.get(f"/divergencias/{comparada.id}").text
    assert enlace in juridico.get(f"/grupos/{grupo.clave}").text
    # Propuestas are internal work: the public reads the results without them.
    assert enlace not in anonimo.get(f"/divergencias/{comparada.id}").text
    assert enlace not in anonimo.get(f"/grupos/{grupo.clave}").text


# --- Apoyos -------------------------------------------------------------------------------


@pytest.fixture
def propuesta_de_jal(cliente_como: Cliente, session: Session) -> tuple[TestClient, int]:
    """Return jal's comisionado (the author) and the id of a free propuesta."""
    crear_garante(session, "jal", siglas="ITEI")
    crear_garante(session, "col", siglas="INFOCOL")
    autor = cliente_como("comisionado", "jal")
    return autor, _presentar(autor)


def test_apoyar_y_retirar_sin_javascript(
    cliente_como: Cliente, session: Session, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    cliente = cliente_como("comisionado", "col")
    antes = _sin_espacios(cliente.get(f"/propuestas/{propuesta_id}").text)
    assert "Aún no la apoya ningún otro comisionado." in antes
    assert '<input type="hidden" name="accion" value="apoyar">' in antes
    assert ">Apoyar esta propuesta</button>" in antes

    respuesta = cliente.post(f"/propuestas/{propuesta_id}/apoyo", data={"accion": "apoyar"},
                             follow_redirects=False)  # fmt: skip
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/propuestas/{propuesta_id}?aviso=apoyada#apoyos"
    despues = _sin_espacios(cliente.get(f"/propuestas/{propuesta_id}?aviso=apoyada").text)
    assert "Su apoyo quedó registrado." in despues
    assert '<h2 id="titulo-apoyos">Apoyos (1)</h2>' in despues
    assert f"<li>comisionado col · {INFOCOL}</li>" in despues
    assert "Usted apoya esta propuesta." in despues and ">Retirar mi apoyo</button>" in despues

    # The same request again changes nothing (a double click).
    cliente.post(f"/propuestas/{propuesta_id}/apoyo", data={"accion": "apoyar"})
    assert contar(session, ApoyoPropuesta) == 1
    assert len(_bitacora(session, "propuesta.apoyar")) == 1

    cliente.post(f"/propuestas/{propuesta_id}/apoyo", data={"accion": "retirar"})
    assert contar(session, ApoyoPropuesta) == 0
    [evento] = _bitacora(session, "propuesta.retirar_apoyo")
    assert evento.resumen == (
        f"comisionado col (col) retiró su apoyo a la propuesta {propuesta_id} "
        "«Plazos de respuesta»."
    )


def test_apoyar_con_htmx_cambia_solo_el_bloque(
    cliente_como: Cliente, session: Session, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    cliente = cliente_como("comisionado", "col")
    pagina = cliente.get(f"/propuestas/{propuesta_id}").text
    assert 'hx-target="#apoyos" hx-swap="outerHTML"' in pagina
    respuesta = cliente.post(
        f"/propuestas/{propuesta_id}/apoyo",
        data={"accion": "apoyar"},
        headers={"HX-Request": "true"},
    )
    assert respuesta.status_code == 200
    fragmento = respuesta.text.strip()
    assert fragmento.startswith('<section id="apoyos"') and fragmento.endswith("</section>")
    assert "Su apoyo quedó registrado." in fragmento and ">Retirar mi apoyo</button>" in fragmento
    assert contar(session, ApoyoPropuesta) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_quien_la_presenta_no_puede_apoyarla(
    session: Session, propuesta_de_jal: tuple[TestClient, int], htmx: bool
) -> None:
    autor, propuesta_id = propuesta_de_jal
    assert ">Apoyar esta propuesta</button>" not in autor.get(f"/propuestas/{propuesta_id}").text
    respuesta = autor.post(
        f"/propuestas/{propuesta_id}/apoyo",
        data={"accion": "apoyar"},
        headers={"HX-Request": "true"} if htmx else {},
    )
    # htmx swaps only successful answers, so its fragment carries the refusal.
    assert respuesta.status_code == (200 if htmx else 409)
    assert "Quien presenta una propuesta no puede apoyarla." in respuesta.text
    assert contar(session, ApoyoPropuesta) == 0


def test_una_propuesta_decidida_no_recibe_apoyos(
    cliente_como: Cliente, session: Session, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    propuesta = session.get(PropuestaTema, propuesta_id)
    assert propuesta is not None
    propuesta.estado = "no_admitida"
    session.add(propuesta)
    session.commit()
    cliente = cliente_como("comisionado", "col")
    pagina = cliente.get(f"/propuestas/{propuesta_id}").text
    assert "La propuesta ya no recibe apoyos: está «No admitida»." in pagina
    respuesta = cliente.post(f"/propuestas/{propuesta_id}/apoyo", data={"accion": "apoyar"})
    assert respuesta.status_code == 409
    assert (
        "La propuesta está «No admitida»; solo se pueden dar o retirar apoyos mientras está "
        "propuesta o admitida." in respuesta.text
    )


def test_apoyo_con_accion_desconocida(
    cliente_como: Cliente, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    cliente = cliente_como("comisionado", "col")
    respuesta = cliente.post(f"/propuestas/{propuesta_id}/apoyo", data={"accion": "otra"})
    assert respuesta.status_code == 400
    assert "Elija si apoya la propuesta o retira su apoyo." in respuesta.text
    assert cliente.post("/propuestas/999/apoyo", data={"accion": "apoyar"}).status_code == 404


# --- Admission ----------------------------------------------------------------------------


def test_solo_la_secretaria_ve_el_formulario_de_admision(
    cliente_como: Cliente, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    autor, propuesta_id = propuesta_de_jal
    accion = f'action="/propuestas/{propuesta_id}/admision"'
    assert accion in cliente_como("secretaria").get(f"/propuestas/{propuesta_id}").text
    assert accion not in autor.get(f"/propuestas/{propuesta_id}").text
    assert accion not in cliente_como("administrador").get(f"/propuestas/{propuesta_id}").text


@pytest.mark.parametrize(
    ("datos", "errores"),
    [
        ({"accion": "admitir"}, ["Confirme la decisión: después no se puede cambiar."]),
        ({"accion": "no_admitir", "confirmacion": "si"},
         ["Escriba el motivo por el que no se admite la propuesta."]),
        ({"confirmacion": "si"}, ["Elija si admite o no admite la propuesta."]),
    ],
)  # fmt: skip
def test_la_admision_valida_y_pide_confirmar(
    cliente_como: Cliente,
    session: Session,
    propuesta_de_jal: tuple[TestClient, int],
    datos: dict[str, str],
    errores: list[str],
) -> None:
    _, propuesta_id = propuesta_de_jal
    respuesta = cliente_como("secretaria").post(f"/propuestas/{propuesta_id}/admision", data=datos)
    assert respuesta.status_code == 400
    for error in errores:
        assert error in respuesta.text
    session.expire_all()
    assert session.get(PropuestaTema, propuesta_id).estado == "propuesta"  # type: ignore[union-attr]


def test_admitir(
    cliente_como: Cliente, session: Session, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    secretaria = cliente_como("secretaria")
    url = f"/propuestas/{propuesta_id}/admision"
    respuesta = secretaria.post(url, data={"accion": "admitir", "confirmacion": "si"},
                                follow_redirects=False)  # fmt: skip
    assert respuesta.status_code == 303
    assert respuesta.headers["location"] == f"/propuestas/{propuesta_id}?aviso=admitida"
    pagina = _sin_espacios(secretaria.get(respuesta.headers["location"]).text)
    assert "Propuesta admitida: ya puede llevarse al orden del día de una mesa." in pagina
    assert '<span class="insignia estado-propuesta-admitida">Admitida</span>' in pagina
    assert re.search(r"<strong>Admitida</strong> el [^<]+ por secretaria\.", pagina)
    assert "Disponible para el orden del día de una mesa." in pagina
    assert f'action="{url}"' not in pagina
    [evento] = _bitacora(session, "propuesta.admitir")
    assert (
        evento.resumen == f"secretaria admitió la propuesta {propuesta_id} «Plazos de respuesta»."
    )
    assert evento.detalles == {
        "antes": {"estado": "propuesta"},
        "despues": {"estado": "admitida", "motivo": None},
    }

    otra_vez = secretaria.post(url, data={"accion": "no_admitir", "motivo": "No.",
                                          "confirmacion": "si"})  # fmt: skip
    assert otra_vez.status_code == 409
    assert (
        "No se puede decidir sobre su admisión: la propuesta está «Admitida» y tendría que "
        "estar «Propuesta»." in otra_vez.text
    )


def test_no_admitir_con_motivo(
    cliente_como: Cliente, session: Session, propuesta_de_jal: tuple[TestClient, int]
) -> None:
    _, propuesta_id = propuesta_de_jal
    secretaria = cliente_como("secretaria")
    secretaria.post(
        f"/propuestas/{propuesta_id}/admision",
        data={"accion": "no_admitir", "motivo": "Ya se acordó en 2025.", "confirmacion": "si"},
    )
    session.expire_all()
    propuesta = session.get(PropuestaTema, propuesta_id)
    assert propuesta is not None
    assert (propuesta.estado, propuesta.motivo_no_admision) == (
        "no_admitida",
        "Ya se acordó en 2025.",
    )
    assert propuesta.resuelta_por_id == _cuenta(session, "secretaria").id
    pagina = _sin_espacios(secretaria.get(f"/propuestas/{propuesta_id}?aviso=no-admitida").text)
    assert "La propuesta quedó como no admitida, con el motivo indicado." in pagina
    assert re.search(
        r"<strong>No admitida</strong> el [^<]+ por secretaria\. Motivo: Ya se acordó en 2025\.",
        pagina,
    )
    [evento] = _bitacora(session, "propuesta.no_admitir")
    assert evento.resumen == (
        f"secretaria no admitió la propuesta {propuesta_id} «Plazos de respuesta». "
        "Motivo: Ya se acordó en 2025."
    )


def test_el_historial_nombra_la_mesa_y_el_punto(cliente_como: Cliente, session: Session) -> None:
    propuesta = crear_propuesta(session, estado="discutida")
    mesa = crear_mesa(session)
    crear_punto(session, mesa, titulo="Plazos de respuesta", tipo="propuesta",
                propuesta_id=propuesta.id, estado="votado", resultado="aprobado")  # fmt: skip
    pagina = _sin_espacios(cliente_como("juridico", "jal").get(f"/propuestas/{propuesta.id}").text)
    assert (
        f'<strong>En el orden del día</strong> de la mesa «<a href="/mesas/{mesa.id}">'
        f"{mesa.titulo}</a>» del 10 de diciembre de 2026, punto 1: «Plazos de respuesta». "
        "<strong>Discutida</strong>; resultado de la votación: Aprobado." in pagina
    )
    assert '<span class="insignia estado-propuesta-discutida">Discutida</span>' in pagina


def test_una_propuesta_que_no_existe_da_404(cliente_como: Cliente) -> None:
    respuesta = cliente_como("secretaria").get("/propuestas/999")
    assert respuesta.status_code == 404
    assert "No existe ninguna propuesta con ese número." in respuesta.text

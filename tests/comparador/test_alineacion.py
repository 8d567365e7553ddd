from comparador import comparar


def _criterio(id_, garante, rubro, texto):
    return {"id": id_, "garante": garante, "rubro": rubro, "texto": texto}


# Three questions that share most of their vocabulary (plazo, días hábiles,
# recurso, solicitud), each answered by three garantes in their own words.
DISTRACTORES = [
    _criterio("a-1", "a", "RECURSO DE REVISIÓN. PLAZO PARA SU INTERPOSICIÓN.",
              "El solicitante cuenta con quince días hábiles para interponer el recurso de "
              "revisión, contados a partir de la notificación de la respuesta."),
    _criterio("b-1", "b", "PLAZO PARA INTERPONER EL RECURSO DE REVISIÓN.",
              "El recurso de revisión debe interponerse dentro de los 15 días hábiles "
              "siguientes a la notificación de la respuesta a la solicitud."),
    _criterio("c-1", "c", "MEDIO DE IMPUGNACIÓN. TÉRMINO PARA PROMOVERLO.",
              "El particular puede interponer el recurso dentro de los diez días hábiles "
              "posteriores a que se le notificó la respuesta."),
    _criterio("a-2", "a", "PLAZO PARA RESPONDER LA SOLICITUD DE ACCESO.",
              "El sujeto obligado debe responder la solicitud en un plazo de veinte días "
              "hábiles contados desde su presentación, ampliable por diez días más."),
    _criterio("b-2", "b", "RESPUESTA A LA SOLICITUD. PLAZO PARA EMITIRLA.",
              "La respuesta a la solicitud de información se notifica en un plazo máximo de "
              "20 días hábiles, que el Comité puede ampliar por 10 días."),
    _criterio("c-2", "c", "TÉRMINO PARA CONTESTAR LAS PETICIONES DE INFORMACIÓN.",
              "La dependencia tiene quince días hábiles para contestar la petición de "
              "información, prorrogables por diez días hábiles."),
    _criterio("a-3", "a", "CUMPLIMIENTO DE LAS RESOLUCIONES. PLAZO.",
              "El sujeto obligado debe cumplir la resolución del recurso de revisión dentro de "
              "los diez días hábiles siguientes a su notificación."),
    _criterio("b-3", "b", "PLAZO PARA CUMPLIR LA RESOLUCIÓN DEL INSTITUTO.",
              "Las resoluciones que recaigan al recurso deben cumplirse en un plazo de 10 días "
              "hábiles contados desde su notificación al sujeto obligado."),
    _criterio("c-3", "c", "ACATAMIENTO DE LOS FALLOS. TÉRMINO.",
              "La autoridad debe acatar el fallo dentro de los cinco días hábiles siguientes "
              "a que se le notifique y acreditar el cumplimiento."),
    _criterio("a-9", "a", "DATOS PERSONALES EN EXPEDIENTES CLÍNICOS.",
              "Los expedientes clínicos de los hospitales públicos contienen datos sensibles "
              "que sólo su titular puede consultar."),
]  # fmt: skip


def _grupos(reporte):
    return sorted(sorted(g["criterios"]) for g in reporte["grupos"])


def test_preguntas_distintas_con_vocabulario_compartido_no_se_mezclan():
    assert _grupos(comparar({"criterios": DISTRACTORES})) == [
        ["a-1", "b-1", "c-1"],
        ["a-2", "b-2", "c-2"],
        ["a-3", "b-3", "c-3"],
    ]


def test_un_criterio_sin_par_no_entra_en_ningun_grupo():
    reporte = comparar({"criterios": DISTRACTORES})
    assert all("a-9" not in g["criterios"] for g in reporte["grupos"])


def test_un_garante_no_forma_grupo_consigo_mismo():
    solos = [dict(c, garante="a", id=c["id"] + "x") for c in DISTRACTORES[:3]]
    assert comparar({"criterios": solos}, garantes=["a", "b"])["grupos"] == []


def test_tema_corto_y_legible():
    reporte = comparar({"criterios": DISTRACTORES})
    temas = {tuple(g["criterios"]): g["tema"] for g in reporte["grupos"]}
    tema = temas[("a-3", "b-3", "c-3")]
    assert tema[0].isupper() and tema[1:] == tema[1:].lower()
    assert "resoluci" in tema.lower() or "cumpl" in tema.lower()
    assert len(tema) <= 91

from comparador.procedimientos import alinear_etapas


def _plazo(cantidad, unidad="dias_habiles"):
    return {"cantidad": cantidad, "unidad": unidad}


PROCEDIMIENTOS = [
    {
        "id": "ags-acceso",
        "garante": "ags",
        "nombre": "Solicitud de acceso a la información",
        "etapas": [
            {"nombre": "Prevención", "plazo": _plazo(5)},
            {"nombre": "Plazo de respuesta", "plazo": _plazo(20), "ampliacion": _plazo(10)},
        ],
    },
    {
        "id": "nay-acceso",
        "garante": "nay",
        "nombre": "Acceso a la información pública",
        "etapas": [
            {"nombre": "Requerimiento de aclaración", "plazo": _plazo(5)},
            {"nombre": "Término para responder", "plazo": _plazo(15), "ampliacion": _plazo(10)},
        ],
    },
    {
        "id": "col-acceso",
        "garante": "col",
        "nombre": "Solicitud de información",
        "etapas": [{"nombre": "Respuesta a la solicitud", "plazo": _plazo(20)}],
    },
    {
        "id": "ags-recurso",
        "garante": "ags",
        "nombre": "Recurso de revisión",
        "etapas": [
            {"nombre": "Interposición", "plazo": _plazo(15)},
            {"nombre": "Resolución", "plazo": _plazo(40), "ampliacion": _plazo(20)},
        ],
    },
    {
        "id": "nay-recurso",
        "garante": "nay",
        "nombre": "Recurso de Revisión ante el Instituto",
        "etapas": [
            {"nombre": "Presentación del recurso", "plazo": _plazo(15)},
            {"nombre": "Plazo para resolver", "plazo": _plazo(40)},
        ],
    },
]


def _fila(filas, garante, etapa):
    return next(
        f for f in filas for c in f["celdas"] if (c["garante"], c["etapa"]) == (garante, etapa)
    )


def test_alinea_etapas_con_nombres_distintos():
    filas = alinear_etapas(PROCEDIMIENTOS)
    respuesta = _fila(filas, "ags", "Plazo de respuesta")
    assert [(c["garante"], c["etapa"]) for c in respuesta["celdas"]] == [
        ("ags", "Plazo de respuesta"),
        ("col", "Respuesta a la solicitud"),
        ("nay", "Término para responder"),
    ]
    assert respuesta["procedimiento"] == "Solicitud de información"
    prevencion = _fila(filas, "ags", "Prevención")
    assert {c["etapa"] for c in prevencion["celdas"]} == {
        "Prevención",
        "Requerimiento de aclaración",
    }


def test_plazos_distintos_hacen_divergente_la_fila():
    respuesta = _fila(alinear_etapas(PROCEDIMIENTOS), "ags", "Plazo de respuesta")
    assert respuesta["divergente"] is True
    assert respuesta["explicacion"].startswith(
        "plazo: 15 días hábiles (nay) frente a 20 días hábiles (ags, col)"
    )


def test_plazos_iguales_no_divergen():
    prevencion = _fila(alinear_etapas(PROCEDIMIENTOS), "ags", "Prevención")
    assert prevencion["divergente"] is False
    assert prevencion["explicacion"] == ""


def test_la_ampliacion_distinta_tambien_diverge():
    resolucion = _fila(alinear_etapas(PROCEDIMIENTOS), "ags", "Resolución")
    assert {c["garante"] for c in resolucion["celdas"]} == {"ags", "nay"}
    assert resolucion["divergente"] is True
    assert resolucion["explicacion"] == (
        "ampliación: 20 días hábiles (ags) frente a sin ampliación (nay)"
    )


def test_procedimientos_de_otra_clase_no_se_mezclan():
    filas = alinear_etapas(PROCEDIMIENTOS)
    for fila in filas:
        ids = {c["procedimiento"] for c in fila["celdas"]}
        assert all(i.endswith("acceso") for i in ids) or all(i.endswith("recurso") for i in ids)


def test_filas_en_el_orden_usual_de_las_etapas():
    filas = [
        f for f in alinear_etapas(PROCEDIMIENTOS) if f["procedimiento"] == "Recurso de revisión"
    ]
    assert filas[-1]["etapa"] in ("Resolución", "Plazo para resolver")


def test_correccion_fuerza_una_etapa_en_una_fila():
    correcciones = {("nay", "nay-recurso", "Presentación del recurso"): "Interposición"}
    filas = alinear_etapas(PROCEDIMIENTOS, correcciones=correcciones)
    interposicion = next(f for f in filas if f["etapa"] == "Interposición")
    assert [(c["garante"], c["etapa"]) for c in interposicion["celdas"]] == [
        ("ags", "Interposición"),
        ("nay", "Presentación del recurso"),
    ]
    assert interposicion["divergente"] is False


def test_unidades_distintas_divergen():
    procedimientos = [
        {"id": f"{g}-r", "garante": g, "nombre": "Recurso de revisión",
         "etapas": [{"nombre": "Interposición", "plazo": _plazo(15, unidad)}]}
        for g, unidad in (("ags", "dias_habiles"), ("mich", "dias_naturales"))
    ]  # fmt: skip
    (fila,) = alinear_etapas(procedimientos)
    assert fila["divergente"] is True
    assert fila["explicacion"] == "plazo: 15 días hábiles (ags) frente a 15 días naturales (mich)"


def test_sin_procedimientos():
    assert alinear_etapas([]) == []


def _recurso(garante: str, *etapas: str) -> dict:
    return {
        "id": f"{garante}-recurso",
        "garante": garante,
        "nombre": "Recurso de revisión",
        "etapas": [{"nombre": e} for e in etapas],
    }


def test_una_palabra_compartida_no_arrastra_una_etapa_a_otra_fila():
    # "Cumplimiento de la resolución" shares a word with "Resolución": once it sat in the
    # cumplimiento row, other garantes' "Resolución" followed it there.
    filas = alinear_etapas(
        [
            _recurso("ags", "Interposición", "Prevención al recurrente", "Admisión", "Alegatos",
                     "Resolución", "Cumplimiento", "Informe de cumplimiento"),
            _recurso("col", "Interposición del recurso", "Acuerdo de admisión",
                     "Manifestaciones y alegatos", "Plazo para resolver",
                     "Cumplimiento de la resolución", "Informe de cumplimiento"),
            _recurso("gto", "Presentación del recurso", "Prevención", "Admisión", "Alegatos",
                     "Resolución", "Cumplimiento"),
            _recurso("jal", "Interposición", "Admisión", "Informe del sujeto obligado",
                     "Resolución", "Cumplimiento de la resolución"),
        ]
    )  # fmt: skip
    etiquetas = [f["etapa"] for f in filas]
    assert len(etiquetas) == len(set(etiquetas))
    por_fila = {f["etapa"]: sorted((c["garante"], c["etapa"]) for c in f["celdas"]) for f in filas}
    assert por_fila["Resolución"] == [
        ("ags", "Resolución"),
        ("col", "Plazo para resolver"),
        ("gto", "Resolución"),
        ("jal", "Resolución"),
    ]
    assert por_fila["Cumplimiento"] == [
        ("ags", "Cumplimiento"),
        ("col", "Cumplimiento de la resolución"),
        ("gto", "Cumplimiento"),
        ("jal", "Cumplimiento de la resolución"),
    ]
    assert ("gto", "Presentación del recurso") in por_fila["Interposición"]

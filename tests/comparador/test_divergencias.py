import pytest

from comparador.contraste import contrastar
from comparador.posturas import Miembro, analizar_grupo
from comparador.rasgos import leer_rasgos


def _senales(a, b):
    return contrastar(leer_rasgos(a), leer_rasgos(b))


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("dentro de los quince días hábiles siguientes", [(15, "dias_habiles")]),
        ("en un plazo de 15 (quince) días naturales", [(15, "dias_naturales")]),
        ("cuenta con diez días para ello", [(10, "dias")]),
        ("no exceda de veinte hojas simples", [(20, "hojas")]),
        ("un plazo de tres meses o de un año", [(3, "meses"), (12, "meses")]),
        ("el artículo 134 de la ley de 2015", []),
    ],
)
def test_cantidades_con_unidad(texto, esperado):
    assert [(c.valor, c.unidad) for c in leer_rasgos(texto).cantidades] == esperado


@pytest.mark.parametrize(
    ("texto", "clave"),
    [
        ("No es necesario que el Comité de Transparencia confirme la inexistencia.", "DEBER"),
        ("El sujeto obligado no está obligado a orientar al solicitante.", "DEBER"),
        ("El recurso es improcedente cuando se amplía la solicitud.", "PROCEDER"),
        ("No procede el sobreseimiento.", "PROCEDER"),
        ("La prórroga decidida por otra área carece de validez.", "VALER"),
    ],
)
def test_negacion_del_predicado(texto, clave):
    assert clave in [p.clave for p in leer_rasgos(texto).negados]


@pytest.mark.parametrize(
    "texto",
    [
        "No obstante, el Comité debe confirmar la inexistencia.",
        "Con independencia de que exista o no la obligación de generarla.",
        "El sujeto obligado debe entregar la información sin que medie solicitud.",
    ],
)
def test_no_son_negaciones_de_postura(texto):
    assert "DEBER" not in [p.clave for p in leer_rasgos(texto).negados]


def test_plazo_distinto():
    (senal,) = _senales(
        "El recurso se interpone dentro de los quince días hábiles siguientes.",
        "El recurso se interpone dentro de los 10 días hábiles siguientes.",
    )
    assert (senal.tipo, senal.dice_a, senal.dice_b) == (
        "plazo",
        "15 días hábiles",
        "10 días hábiles",
    )
    assert "quince días hábiles" in senal.evidencia_a


def test_misma_cifra_en_otra_unidad_es_plazo_distinto():
    (senal,) = _senales(
        "Cuenta con quince días hábiles para inconformarse.",
        "Cuenta con quince días naturales para inconformarse.",
    )
    assert (senal.dice_a, senal.dice_b) == ("15 días hábiles", "15 días naturales")


def test_plazo_en_letra_y_en_cifra_coinciden():
    assert (
        _senales(
            "Tiene quince días hábiles para interponer el recurso.",
            "Tiene 15 días para interponer el recurso de revisión.",
        )
        == []
    )


def test_sentido_opuesto():
    senales = _senales(
        "Cuando la información no existe, el Comité de Transparencia debe confirmar la "
        "inexistencia.",
        "Cuando la información no existe, no es necesario que el Comité de Transparencia "
        "confirme la inexistencia.",
    )
    assert senales and senales[0].tipo in ("sentido", "requisito")
    assert "necesario" in senales[0].dice_b


def test_requisito():
    (senal,) = _senales(
        "La ampliación del plazo sólo es válida si la aprueba el Comité de Transparencia.",
        "La ampliación del plazo no requiere que la apruebe el Comité de Transparencia.",
    )
    assert senal.tipo == "requisito"


def test_alcance():
    senales = _senales(
        "La gratuidad de las primeras veinte hojas no comprende las copias certificadas.",
        "La gratuidad de las primeras veinte hojas comprende las copias certificadas.",
    )
    assert [s.tipo for s in senales] == ["alcance"]


def test_parafrasis_sin_senales():
    assert (
        _senales(
            "El sujeto obligado debe notificar la incompetencia dentro de los tres días hábiles "
            "y orientar al solicitante.",
            "La dependencia que carezca de facultades tiene tres días hábiles para hacerlo saber "
            "al peticionario y orientarlo.",
        )
        == []
    )


def _miembro(id_, garante, texto):
    return Miembro(id_, garante, f"RUBRO {id_}. POSTURA {id_}.", leer_rasgos(texto))


def test_posturas_y_divergencias_del_grupo():
    quince = "El recurso se interpone dentro de los quince días hábiles siguientes."
    miembros = [
        _miembro("a-1", "a", quince),
        _miembro("b-1", "b", quince.replace("quince", "15")),
        _miembro("c-1", "c", quince.replace("quince", "diez")),
    ]
    posturas, divergencias = analizar_grupo("g-1", miembros)
    assert [p["criterios"] for p in posturas] == [["a-1", "b-1"], ["c-1"]]
    assert [(d["a"], d["b"], d["tipo"]) for d in divergencias] == [
        ("a-1", "c-1", "plazo"),
        ("b-1", "c-1", "plazo"),
    ]
    assert (
        divergencias[0]["explicacion"] == "plazo: 15 días hábiles (a) frente a 10 días hábiles (c)"
    )
    assert divergencias[0]["evidencia"]["b"] == quince.replace("quince", "diez")
    assert 0 < divergencias[0]["puntaje"] <= 1


def test_ids_estables():
    miembros = [
        _miembro("a-1", "a", "Plazo de quince días hábiles."),
        _miembro("b-1", "b", "Plazo de diez días hábiles."),
    ]
    assert analizar_grupo("g-1", miembros) == analizar_grupo("g-1", miembros)
    _, divergencias = analizar_grupo("g-1", miembros)
    assert divergencias[0]["id"].startswith("d-")

import itertools

import pytest

from comparador.diferencias import diferencias_palabras


def _reconstruir(fragmentos, omitir):
    return "".join(texto for op, texto in fragmentos if op != omitir)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("El plazo de diez días, hábiles.", "El término de quince días hábiles."),
        ("uno dos tres", "cuatro cinco seis"),
        ("  a  b ", "a b"),
        ("", ""),
        ("", "hola"),
        ("texto", ""),
        ("Procede la entrega.\nNo procede", "No procede la entrega.\n\nProcede"),
    ],
)
def test_reconstruye_ambos_textos(a, b):
    fragmentos = diferencias_palabras(a, b)
    assert _reconstruir(fragmentos, "insertado") == a
    assert _reconstruir(fragmentos, "eliminado") == b
    assert all(texto for _, texto in fragmentos)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(fragmentos))


def test_marca_palabras_cambiadas():
    assert diferencias_palabras("El plazo de diez días", "El plazo de quince días") == [
        ("igual", "El plazo de "),
        ("eliminado", "diez "),
        ("insertado", "quince "),
        ("igual", "días"),
    ]


def test_un_cambio_completo_es_un_solo_bloque():
    assert diferencias_palabras("uno dos tres", "cuatro cinco seis") == [
        ("eliminado", "uno dos tres"),
        ("insertado", "cuatro cinco seis"),
    ]


def test_textos_iguales():
    assert diferencias_palabras("Sin cambios.", "Sin cambios.") == [("igual", "Sin cambios.")]

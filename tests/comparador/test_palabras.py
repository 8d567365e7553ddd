import random
import re

import pytest

from comparador._palabras import partir
from comparador.rasgos import palabras

_SEPARACION = re.compile(r"(\W+)")


def _partir_con_re(texto: str) -> tuple[list[str], list[int], list[int], list[int], list[int]]:
    """What `partir` must return, written with Python's `re` (the words of `\\w+`)."""
    partes = _SEPARACION.split(texto)
    crudas, inicios, fines, oracion, inciso = [], [], [], [], []
    posicion = 0
    antes = ""
    for numero, parte in enumerate(partes):
        if numero % 2 == 0 and parte:
            crudas.append(parte)
            inicios.append(posicion)
            fines.append(posicion + len(parte))
            fin = 1 if re.search(r"[.;?!\n]", antes) else 0
            oracion.append(fin)
            inciso.append(1 if fin or re.search(r"[,()]", antes) else 0)
        elif numero % 2 == 1:
            antes = parte
        posicion += len(parte)
    return crudas, inicios, fines, oracion, inciso


@pytest.mark.parametrize(
    "texto",
    [
        "",
        "...",
        "plazo",
        ".\nEl sujeto obligado: a) entregará; b) no (salvo excepción), ¿procede? ¡sí!",
        "Artículo 132, fracc. II: quince (15) días hábiles",
        "m² y ³ no son letras; ½ tampoco, pero sí los dígitos ٣ y las letras ñ, é, ü",
        "snake_case y __doble__ son una palabra",
        "emoji 🙂 en medio,🙂\ty tabuladores\r\nfin.",
        "acento combinante: é (e + U+0301)",
    ],
)
def test_partir_como_la_expresion_regular(texto):
    assert partir(texto) == _partir_con_re(texto)


def test_partir_como_la_expresion_regular_en_textos_al_azar():
    letras = "aáeéiíoóuúñNZ09_²½٣ \n\t.,;:()¿?¡!-–«»\"'/🙂\u0301"
    rng = random.Random(20261128)
    for _ in range(2000):
        texto = "".join(rng.choice(letras) for _ in range(rng.randrange(0, 60)))
        assert partir(texto) == _partir_con_re(texto), texto


def test_palabras_cuenta_oraciones_e_incisos_con_los_cortes():
    ps = palabras(
        "El plazo, en general, es de treinta y cinco días. No procede; salvo (caso) previsto"
    )
    # «treinta y cinco» is one number word, with its value and the run's offsets.
    assert ps.formas == [
        "el", "plazo", "en", "general", "es", "de", "35", "dias",
        "no", "procede", "salvo", "caso", "previsto",
    ]  # fmt: skip
    assert ps.valores[6] == 35
    assert (ps.inicios[6], ps.fines[6]) == (28, 43)
    # Sentences end at «.» and «;»; clauses also at «,», «(» and «)».
    assert ps.oraciones == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2]
    assert ps.incisos == [0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6]

import pytest

from comparador.normalizacion import normalizar, terminos


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("Quince días hábiles", "15 dias habiles"),
        ("veinte hojas", "20 hojas"),
        ("treinta y cinco", "35"),
        ("diez", "10"),
        ("ciento cincuenta y seis", "156"),
        ("dos mil veinticinco", "2025"),
        ("cuarenta y un días naturales", "41 dias naturales"),
        ("un mes y una hoja", "1 mes y 1 hoja"),
        ("uno de los sujetos obligados", "uno de los sujetos obligados"),
        ("una solicitud", "una solicitud"),
        ("de 15 a 20 días", "de 15 a 20 dias"),
        ("seis tres", "6 3"),
        ("Art. 134, fracc. III de la LGTAIP", "articulo 134 fraccion iii de la lgtaip"),
        ("arts. 5 y 6", "articulo 5 y 6"),
        ("art 5", "articulo 5"),
        ("72 hrs.", "72 horas"),
        ("1,000 hojas y 4o. párrafo", "1000 hojas y 4 parrafo"),
        ("la Ley General de Transparencia y Acceso a la Información Pública", "la lgtaip"),
        ("LTAIPEJM y LTAIPSLP", "ltaip y ltaip"),
        ("¿Procede?  Niño,\tAÑO", "procede nino ano"),
    ],
)
def test_normalizar(texto, esperado):
    assert normalizar(texto) == esperado


@pytest.mark.parametrize(
    ("a", "b"),
    [("información", "informacion"), ("plazos", "plazo"), ("Resoluciones", "resolución")],
)
def test_terminos_comparten_raiz(a, b):
    assert terminos(a) == terminos(b)
    assert len(terminos(a)) == 1


def test_terminos_quita_stopwords_y_conserva_digitos():
    esperado = ["plaz", "15", "dias", "respuest"]
    assert terminos("El plazo de quince días para la respuesta") == esperado


def test_terminos_es_determinista():
    texto = "Los sujetos obligados deberán responder en un plazo de veinte días hábiles."
    assert terminos(texto) == terminos(texto)

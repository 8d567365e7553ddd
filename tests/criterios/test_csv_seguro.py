import pytest

from criterios.csv_seguro import neutralizar, restaurar, texto_csv


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUMA(A1)", "'@SUMA(A1)"),
        ("\tx", "'\tx"),
        ("Plazo de respuesta", "Plazo de respuesta"),
        ("", ""),
    ],
)
def test_neutralizar_celdas_que_parecen_formulas(valor, esperado):
    assert neutralizar(valor) == esperado


@pytest.mark.parametrize(
    ("valor", "celda"),
    [
        ("=SUMA(A1:A2)", "'=SUMA(A1:A2)"),
        ("+52 33 1234", "'+52 33 1234"),
        ("-5 días", "'-5 días"),
        ("@usuario", "'@usuario"),
        ("\tTabulador", "'\tTabulador"),
        ("'=ya con apóstrofo", "''=ya con apóstrofo"),
        ("Texto normal", "Texto normal"),
        ("'comillas sin fórmula", "'comillas sin fórmula"),
    ],
)
def test_neutralizar_formulas_y_restaurar(valor, celda):
    assert neutralizar(valor) == celda
    assert restaurar(celda) == valor


def test_texto_csv_neutraliza_cada_celda_y_deja_vacio_lo_nulo():
    texto = texto_csv([["id", "resumen"], [1, '=HYPERLINK("x")'], [2, None]])
    assert texto == 'id,resumen\r\n1,"\'=HYPERLINK(""x"")"\r\n2,\r\n'

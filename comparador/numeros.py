"""Spanish cardinal numbers written in words, turned into digits.

Works on the accent-free, lowercase words that `normalizacion` produces, so
that "quince días hábiles" and "15 días hábiles" compare equal.
"""

from __future__ import annotations

# fmt: off
_VALORES: dict[str, int] = {
    "cero": 0, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400,
    "quinientos": 500, "quinientas": 500, "seiscientos": 600,
    "seiscientas": 600, "setecientos": 700, "setecientas": 700,
    "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
    "novecientas": 900, "mil": 1000, "millon": 1_000_000,
    "millones": 1_000_000,
}

# "un", "una" and "uno" are usually articles or pronouns; they are the number
# one only before a unit ("un mes", "una hoja") or inside a number
# ("treinta y un días", "un mil").
_UNO = frozenset({"un", "una", "uno"})
_UNIDADES_MEDIDA = frozenset({
    "dia", "dias", "mes", "meses", "hora", "horas", "ano", "anos", "semana",
    "semanas", "hoja", "hojas", "foja", "fojas", "copia", "copias", "minuto",
    "minutos", "mil", "millon", "ocasion", "vez",
})
# fmt: on
_DECENAS = frozenset({30, 40, 50, 60, 70, 80, 90})
_NUMEROS = frozenset(_VALORES)
_NUMERALES = _NUMEROS | _UNO


def _valor(palabras: list[str], i: int) -> int | None:
    """Return the value of the number word at `palabras[i]`, or None if it is not one there."""
    palabra = palabras[i]
    if palabra in _UNO:
        siguiente = palabras[i + 1] if i + 1 < len(palabras) else ""
        return 1 if siguiente in _UNIDADES_MEDIDA else None
    return _VALORES.get(palabra)


def _cabe(actual: int, valor: int) -> bool:
    """Return whether `valor` can follow the partial number `actual` ("ciento" + "diez")."""
    if actual == 0 or valor >= 1000:
        return True
    resto = actual % 1000
    if resto == 0:
        return True
    if valor < 100 and resto % 100 == 0:
        return True
    return valor < 10 and resto % 100 in _DECENAS


def segmentos_numericos(palabras: list[str]) -> list[tuple[int, int, int]]:
    """Return (start, end, value) for each run of Spanish number words in `palabras`."""
    # Most texts have no number word, and those that do have few: look only
    # where a run can start instead of at every word.
    if _NUMEROS.isdisjoint(palabras) and (
        _UNO.isdisjoint(palabras) or _UNIDADES_MEDIDA.isdisjoint(palabras)
    ):
        return []
    segmentos: list[tuple[int, int, int]] = []
    n = len(palabras)
    i = 0
    for inicio in [k for k, palabra in enumerate(palabras) if palabra in _NUMERALES]:
        if inicio < i:
            continue  # inside the previous run
        valor = _valor(palabras, inicio)
        if valor is None:
            continue
        i = inicio
        total, actual = 0, 0
        while True:
            if valor == 1000:
                total += max(actual, 1) * 1000
                actual = 0
            elif valor == 1_000_000:
                total = max(total + actual, 1) * 1_000_000
                actual = 0
            else:
                actual += valor
            i += 1
            if i >= n:
                break
            # "treinta y cinco": the "y" belongs to the number only between
            # tens and units.
            if palabras[i] == "y" and actual % 100 in _DECENAS and i + 1 < n:
                siguiente = _valor(palabras, i + 1)
                if siguiente is not None and 0 < siguiente < 10:
                    i += 1
                    valor = siguiente
                    continue
                break
            siguiente = _valor(palabras, i)
            if siguiente is None or siguiente == 0 or not _cabe(actual, siguiente):
                break
            valor = siguiente
        segmentos.append((inicio, i, total + actual))
    return segmentos


def numeros_a_digitos(palabras: list[str]) -> list[str]:
    """Return `palabras` with each run of Spanish number words replaced by its digits."""
    segmentos = segmentos_numericos(palabras)
    if not segmentos:
        return palabras
    resultado: list[str] = []
    anterior = 0
    for inicio, fin, valor in segmentos:
        resultado += palabras[anterior:inicio]
        resultado.append(str(valor))
        anterior = fin
    resultado += palabras[anterior:]
    return resultado

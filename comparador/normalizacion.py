"""Normalization of Spanish legal text: accents, abbreviations, numbers, stems.

`normalizar` gives comparable text that a person can still read (no stemming,
stopwords kept); `terminos` gives the stemmed content words used for TF-IDF
and for the web app's full-text search, so both must stay fast and
deterministic.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from comparador.numeros import numeros_a_digitos

# Accent stripping through a translate table covers nearly all input; the
# NFKD fallback only runs for the rare other non-ASCII characters.
_ACENTOS = str.maketrans(
    "áéíóúüñàèìòùâêîôûäëïöçº",
    "aeiouunaeiouaeiouaeiouo",
)
_COMBINANTES = re.compile(r"[\u0300-\u036f]")

# Abbreviations are expanded before punctuation is removed, since the period
# is what tells "art." from a word.  Applied to lowercase, accent-free text.
_ABREVIATURAS: tuple[tuple[str, str], ...] = (
    (r"arts?\s*\.", " articulo "),
    (r"(?:fracc?s?|fr)\s*\.", " fraccion "),
    (r"incs?\s*\.", " inciso "),
    (r"parrs?\s*\.", " parrafo "),
    (r"nums?\s*\.", " numero "),
    (r"pags?\s*\.", " pagina "),
    (r"sigs?\s*\.", " siguientes "),
    (r"hab\s*\.", " habiles "),
    (r"nat\s*\.", " naturales "),
    (r"p\s*\.\s*ej\s*\.", " por ejemplo "),
    (r"u\s*\.\s*t\s*\.", " unidad de transparencia "),
    (r"s\s*\.\s*o\s*\.", " sujeto obligado "),
)

# Names of laws collapse to one canonical token so that "LGTAIP", "Ley
# General de Transparencia..." and "la LGT" index the same way; the state
# laws ("LTAIPEJM", "LTAIPSLP", ...) share the token "ltaip".  Applied after
# punctuation became spaces.
_LEYES: tuple[tuple[str, str], ...] = (
    (r"ley general de transparencia y acceso a la informacion publica", "lgtaip"),
    (r"ley federal de transparencia y acceso a la informacion publica", "lftaip"),
    (r"ley de transparencia y acceso a la informacion publica", "ltaip"),
    (r"ley general de proteccion de datos personales en posesion de sujetos obligados",
     "lgpdppso"),
    (r"constitucion politica de los estados unidos mexicanos", "cpeum"),
    (r"lgtaip\w*|lgt", "lgtaip"),
    (r"lftaip\w*", "lftaip"),
    (r"ltai\w*", "ltaip"),
    (r"lgpdp\w*", "lgpdppso"),
)  # fmt: skip


def _una_pasada(
    tabla: tuple[tuple[str, str], ...], fin: str = ""
) -> tuple[re.Pattern[str], list[str]]:
    """Return one regex for a table of (pattern, replacement) and the replacements by group.

    One pass over the text instead of one per pattern: normalization runs
    on every criterion of large corpora.
    """
    patron = "|".join(f"({p})" for p, _ in tabla)
    return re.compile(rf"\b(?:{patron}){fin}"), [r for _, r in tabla]


_PATRON_ABREVIATURAS, _REEMPLAZOS_ABREVIATURAS = _una_pasada(_ABREVIATURAS)
_PATRON_LEYES, _REEMPLAZOS_LEYES = _una_pasada(_LEYES, r"(?!\w)")
_PISTAS_LEYES = ("ley", "lgt", "lft", "ltai", "lgpdp", "constitucion")
_DIGITO = re.compile(r"\d")
# Ordinals glued to digits ("4o.", "1°") are the number itself.
_ORDINAL = re.compile(r"\b(\d+)(?:o|a|er|°)(?=[\s.,;:)]|$)")
# Thousands separators: "1,000" and "1.000" are one number.
_MILLARES = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")


# The same abbreviations written without their period, as whole words.
# fmt: off
_PALABRAS_ABREVIADAS: dict[str, str] = {
    "art": "articulo", "arts": "articulo", "fracc": "fraccion", "frac": "fraccion",
    "fraccs": "fraccion", "inc": "inciso", "parr": "parrafo", "hr": "horas",
    "hrs": "horas", "hab": "habiles",
}
# fmt: on

_NO_ALFANUMERICO = re.compile(r"[^a-z0-9]+")

# Spanish stopwords (the usual Snowball/NLTK list, accent-free).  Negations
# and modal verbs are stopwords for indexing; stance detection reads them
# from `normalizar`'s output instead.
_TEXTO_STOPWORDS = """
    a al algo algunas algunos ante antes como con contra cual cuando de del desde
    donde durante e el ella ellas ellos en entre era erais eramos eran eras eres es
    esa esas ese eso esos esta estaba estabais estabamos estaban estabas estad
    estada estadas estado estados estamos estando estar estaremos estara estaran
    estaras estare estareis estaria estariais estariamos estarian estarias estas
    este esteis estemos esten estes esto estos estoy estuve estuviera estuvierais
    estuvieramos estuvieran estuvieras estuvieron estuviese estuvieseis
    estuviesemos estuviesen estuvieses estuvimos estuviste estuvisteis estuvo
    fue fuera fuerais fueramos fueran fueras fueron fuese fueseis fuesemos fuesen
    fueses fui fuimos fuiste fuisteis ha habeis habia habiais habiamos habian
    habias han has hasta hay haya hayais hayamos hayan hayas he hemos hube hubiera
    hubierais hubieramos hubieran hubieras hubieron hubiese hubieseis hubiesemos
    hubiesen hubieses hubimos hubiste hubisteis hubo la las le les lo los mas me mi
    mia mias mio mios mis mucho muchos muy nada ni no nos nosotras nosotros nuestra
    nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque
    que quien quienes se sea seais seamos sean seas sera seran seras sere sereis
    seria seriais seriamos serian serias si sido siendo sin sobre sois somos son
    soy su sus suya suyas suyo suyos tambien tanto te tendra tendran tendras
    tendre tendreis tendremos tendria tendriais tendriamos tendrian tendrias tened
    tenemos tenga tengais tengamos tengan tengas tengo tenia teniais teniamos tenian
    tenias tenida tenidas tenido tenidos teniendo tenias tiene tienen tienes todo
    todos tu tus tuve tuviera tuvierais tuvieramos tuvieran tuvieras tuvieron
    tuviese tuvieseis tuviesemos tuviesen tuvieses tuvimos tuviste tuvisteis tuvo
    tuya tuyas tuyo tuyos un una uno unos vosotras vosotros vuestra vuestras
    vuestro vuestros y ya yo
"""
STOPWORDS: frozenset[str] = frozenset(_TEXTO_STOPWORDS.split())

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """Return this thread's Spanish Snowball stemmer (PyStemmer objects are not thread-safe)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("spanish")
        stemmer.maxCacheSize = 50_000
        _local.stemmer = stemmer
    return stemmer


def sin_acentos(texto: str) -> str:
    """Return `texto` lowercased without diacritics (ñ becomes n)."""
    texto = texto.lower().translate(_ACENTOS)
    if not texto.isascii():
        texto = _COMBINANTES.sub("", unicodedata.normalize("NFKD", texto))
    return texto


def normalizar(texto: str) -> str:
    """Return lowercase, accent-free text with abbreviations expanded and numbers as digits."""
    texto = sin_acentos(texto)
    if "." in texto:
        texto = _PATRON_ABREVIATURAS.sub(
            lambda m: _REEMPLAZOS_ABREVIATURAS[m.lastindex - 1],  # type: ignore[operator]
            texto,
        )
    if _DIGITO.search(texto):
        texto = _MILLARES.sub("", _ORDINAL.sub(r" \1 ", texto))
    texto = _NO_ALFANUMERICO.sub(" ", texto)
    if any(pista in texto for pista in _PISTAS_LEYES):
        texto = _PATRON_LEYES.sub(
            lambda m: _REEMPLAZOS_LEYES[m.lastindex - 1],  # type: ignore[operator]
            texto,
        )
    palabras = [_PALABRAS_ABREVIADAS.get(p, p) for p in texto.split()]
    palabras = numeros_a_digitos(palabras)
    return " ".join(palabras)


def terminos(texto: str) -> list[str]:
    """Return the stemmed content words of `texto`, in order (digits kept as they are)."""
    palabras = [p for p in normalizar(texto).split() if p not in STOPWORDS]
    return _stemmer().stemWords(palabras)

"""Normalization of Spanish legal text: accents, abbreviations, numbers, stems.

`normalizar` gives comparable text that a person can still read (no stemming,
stopwords kept); `terminos` gives the stemmed content words used for TF-IDF
and for the web app's full-text search, so both must stay fast and
deterministic: they run on every criterion of corpora of tens of thousands.
Regexes only handle what needs the text's punctuation (abbreviations with
their period, ordinals, thousands separators, multi-word law names); the
rest works on words, and each distinct word is stemmed once.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from comparador.numeros import numeros_a_digitos

_DE = "áéíóúüñàèìòùâêîôûäëïöçº"
_A = "aeiouunaeiouaeiouaeiouo"
_ACENTOS = str.maketrans(_DE, _A)
# The same table on Latin-1 bytes: bytes.translate is an order of magnitude
# faster than str.translate with a dict, and Spanish text is nearly always
# Latin-1.
_ACENTOS_LATIN1 = bytes.maketrans(_DE.encode("latin-1"), _A.encode("latin-1"))
_COMBINANTES = re.compile(r"[\u0300-\u036f]")

# Abbreviations are expanded before punctuation is removed, since the period
# is what tells "art." from a word.  Applied to lowercase, accent-free text.
_ABREVIATURAS: tuple[tuple[str, str], ...] = (
    (r"arts?\s*\.", " articulo "),
    (r"fr(?:acc?s?)?\s*\.", " fraccion "),
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


def _una_pasada(
    tabla: tuple[tuple[str, str], ...], fin: str = ""
) -> tuple[re.Pattern[str], list[str]]:
    """Return one regex for a table of (pattern, replacement) and the replacements by group.

    Every pattern starts with a letter.  The regex starts with the class of
    those letters, so the engine jumps between candidate letters instead
    of trying each alternative at each position; a lookbehind right after
    that letter checks the word boundary before it.  Alternatives keep the
    table's order, which decides between patterns of one first letter.
    """
    iniciales = "".join(sorted({p[0] for p, _ in tabla}))
    alternativas = "|".join(f"(?<={p[0]})({p[1:]})" for p, _ in tabla)
    patron = rf"[{iniciales}](?<!\w.)(?:{alternativas}){fin}"
    return re.compile(patron), [r for _, r in tabla]


# Names of laws collapse to one canonical token so that "LGTAIP", "Ley
# General de Transparencia..." and "la LGT" index the same way; the state
# laws ("LTAIPEJM", "LTAIPSLP", ...) share the token "ltaip".  The names are
# matched on the words joined by single spaces; the acronyms are words.
_LEYES: tuple[tuple[str, str], ...] = (
    ("ley general de transparencia y acceso a la informacion publica", "lgtaip"),
    ("ley federal de transparencia y acceso a la informacion publica", "lftaip"),
    ("ley de transparencia y acceso a la informacion publica", "ltaip"),
    ("ley general de proteccion de datos personales en posesion de sujetos obligados",
     "lgpdppso"),
    ("constitucion politica de los estados unidos mexicanos", "cpeum"),
)  # fmt: skip
_SIGLAS: tuple[tuple[str, str], ...] = (
    ("lgtaip", "lgtaip"),
    ("lftaip", "lftaip"),
    ("ltai", "ltaip"),
    ("lgpdp", "lgpdppso"),
)
_PATRON_LEYES, _REEMPLAZOS_LEYES = _una_pasada(_LEYES, r"(?![a-z0-9])")
_DIGITO = re.compile(r"\d")

_PATRON_ABREVIATURAS, _REEMPLAZOS_ABREVIATURAS = _una_pasada(_ABREVIATURAS)
# Every abbreviation ends in a period after one of these words.  On the
# reversed text a detector starts with the period, a literal the engine
# finds at memchr speed, so texts without abbreviations (most) skip the
# full pattern, which must try its letters at nearly every word.
# fmt: off
_FINALES_ABREVIATURA = [
    "art", "arts", "fr", "frac", "fracc", "fracs", "fraccs", "inc", "incs", "parr", "parrs",
    "num", "nums", "pag", "pags", "sig", "sigs", "hab", "nat", "ej", "t", "o",
]
# fmt: on
_ABREVIATURA_INVERTIDA = re.compile(
    r"\.\s*(?:" + "|".join(f[::-1] for f in _FINALES_ABREVIATURA) + r")(?!\w)"
)
# Ordinals glued to digits ("4o.", "1°") are the number itself.
# (Starting with the digit, not with `\b`, lets the engine skip to digits.)
_ORDINAL = re.compile(r"(\d(?<!\w.)\d*)(?:o|a|er|°)(?=[\s.,;:)]|$)")
# Thousands separators: "1,000" and "1.000" are one number.
_MILLARES = re.compile(r"(\d)[,.](?=\d{3}\b)")

# The same abbreviations written without their period, as whole words.
# fmt: off
_PALABRAS_ABREVIADAS: dict[str, str] = {
    "art": "articulo", "arts": "articulo", "fracc": "fraccion", "frac": "fraccion",
    "fraccs": "fraccion", "inc": "inciso", "parr": "parrafo", "hr": "horas",
    "hrs": "horas", "hab": "habiles",
}
# fmt: on
_ABREVIADAS = frozenset(_PALABRAS_ABREVIADAS)

_NO_ALFANUMERICO = re.compile(r"[^a-z0-9]+")
# ASCII bytes that are not [a-z0-9] become spaces (what `_NO_ALFANUMERICO`
# does, at bytes.translate speed); `split` then drops the runs.
_SEPARADORES_ASCII = bytes.maketrans(
    bytes(b for b in range(128) if not chr(b).isalnum() or chr(b).isupper()),
    b" " * sum(1 for b in range(128) if not chr(b).isalnum() or chr(b).isupper()),
)

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

# Stem of each word seen so far.  A corpus has far
# fewer distinct words than words, so each is stemmed once; the bound only
# keeps a long-running web process from growing without limit.
_RAICES: dict[str, str] = {}
_MAX_RAICES = 500_000


def _stemmer() -> Stemmer.Stemmer:
    """Return this thread's Spanish Snowball stemmer (PyStemmer objects are not thread-safe)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("spanish")
        stemmer.maxCacheSize = 0  # `raices` keeps its own cache
        _local.stemmer = stemmer
    return stemmer


def raices(palabras: list[str]) -> list[str]:
    """Return the Snowball stem of each word (stopwords included), in order."""
    try:
        return list(map(_RAICES.__getitem__, palabras))
    except KeyError:
        pass
    if len(_RAICES) > _MAX_RAICES:
        _RAICES.clear()
    nuevas = sorted({p for p in palabras if p not in _RAICES})
    _RAICES.update(zip(nuevas, _stemmer().stemWords(nuevas), strict=True))
    return raices(palabras)


def sin_acentos(texto: str) -> str:
    """Return `texto` lowercased without diacritics (ñ becomes n)."""
    texto = texto.lower()
    if texto.isascii():
        return texto
    try:
        texto = texto.encode("latin-1").translate(_ACENTOS_LATIN1).decode("latin-1")
    except UnicodeEncodeError:
        texto = texto.translate(_ACENTOS)
    if not texto.isascii():
        texto = _COMBINANTES.sub("", unicodedata.normalize("NFKD", texto))
    return texto


def _sigla(palabra: str) -> str:
    """Return the canonical token of a law's acronym ("ltaipejm" -> "ltaip"), else the word."""
    if palabra == "lgt":
        return "lgtaip"
    for prefijo, sigla in _SIGLAS:
        if palabra.startswith(prefijo):
            return sigla
    return palabra


def _palabras(texto: str) -> list[str]:
    """Return the normalized words of `texto` (what `normalizar` joins with spaces)."""
    texto = sin_acentos(texto)
    if "." in texto and _ABREVIATURA_INVERTIDA.search(texto[::-1]):
        texto = _PATRON_ABREVIATURAS.sub(
            lambda m: _REEMPLAZOS_ABREVIATURAS[m.lastindex - 1],  # type: ignore[operator]
            texto,
        )
    if _DIGITO.search(texto):
        texto = _MILLARES.sub(r"\1", _ORDINAL.sub(r" \1 ", texto))
    if texto.isascii():
        palabras = texto.encode("ascii").translate(_SEPARADORES_ASCII).decode("ascii").split()
    else:
        palabras = _NO_ALFANUMERICO.sub(" ", texto).split()
    if "ley" in texto or "constitucion" in texto:
        unido = _PATRON_LEYES.sub(
            lambda m: _REEMPLAZOS_LEYES[m.lastindex - 1],  # type: ignore[operator]
            " ".join(palabras),
        )
        palabras = unido.split()
    if "lgt" in texto or "lft" in texto or "ltai" in texto or "lgpdp" in texto:
        palabras = [_sigla(p) if p[0] == "l" else p for p in palabras]
    if not _ABREVIADAS.isdisjoint(palabras):
        palabras = [_PALABRAS_ABREVIADAS.get(p, p) for p in palabras]
    return numeros_a_digitos(palabras)


def normalizar(texto: str) -> str:
    """Return lowercase, accent-free text with abbreviations expanded and numbers as digits."""
    return " ".join(_palabras(texto))


def terminos(texto: str) -> list[str]:
    """Return the stemmed content words of `texto`, in order (digits kept as they are)."""
    palabras = [p for p in _palabras(texto) if p not in STOPWORDS]
    return raices(palabras)

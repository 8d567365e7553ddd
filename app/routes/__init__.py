"""One route module per resource; each exposes ``routes``.

Before any route is built: ``{id:int}`` matches only ids that fit the databases' integers
(at most 18 digits, as ``criterios.consultas.numero_de_registro``), so a longer number is
a plain 404 and never reaches SQLite, which would refuse it with an error page.
"""

from starlette.convertors import IntegerConvertor, register_url_convertor

from criterios.consultas import MAX_DIGITOS_ID


class IdConvertor(IntegerConvertor):
    """Starlette's ``int`` convertor, bounded to the ids a database can hold."""

    regex = f"[0-9]{{1,{MAX_DIGITOS_ID}}}"


register_url_convertor("int", IdConvertor())

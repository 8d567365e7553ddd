"""Evidence files: the type comes from the content, and the name is made safe."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from sesiones.evidencias import (
    ArchivoNoValido,
    guardar_evidencia,
    nombre_seguro,
    revisar_tamano,
    validar_archivo,
)
from sesiones.models import Evidencia
from tests.factories import contar

MB = 1024 * 1024

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64


def _zip(*entradas: tuple[str, str]) -> bytes:
    """Return a ZIP whose entries come in the given order (office files are ZIPs)."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        for nombre, texto in entradas:
            archivo.writestr(nombre, texto)
    return salida.getvalue()


_OOXML = (("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<r/>"))
DOCX = _zip(*_OOXML, ("word/document.xml", "<w/>"))
XLSX = _zip(*_OOXML, ("xl/workbook.xml", "<w/>"))
ODT = _zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<c/>"))
ODS = _zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<c/>"))


@pytest.mark.parametrize(
    ("nombre", "contenido", "tipo"),
    [
        ("oficio.pdf", PDF, "application/pdf"),
        ("OFICIO.PDF", PDF, "application/pdf"),
        ("captura.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("informe.docx", DOCX,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("avance.xlsx", XLSX,
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("informe.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("avance.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)  # fmt: skip
def test_acepta_los_tipos_permitidos_por_su_contenido(nombre, contenido, tipo):
    assert validar_archivo(nombre=nombre, contenido=contenido, max_bytes=MB) == tipo


@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("oficio.pdf", PNG,
         "El archivo «oficio.pdf» dice ser PDF, pero su contenido es PNG. "
         "Corrija la extensión o adjunte el archivo correcto."),
        ("informe.docx", XLSX,
         "El archivo «informe.docx» dice ser DOCX, pero su contenido es XLSX. "
         "Corrija la extensión o adjunte el archivo correcto."),
        ("oficio.pdf", b"<html><script>alert(1)</script></html>",
         "El contenido de «oficio.pdf» no es un archivo PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS "
         "válido; puede estar dañado o ser de otro tipo con la extensión cambiada."),
        ("comprimido.zip", _zip(("a.txt", "hola")),
         "El archivo «comprimido.zip» no es de un tipo permitido: "
         "adjunte archivos PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS."),
        ("sin-extension", PDF,
         "El archivo «sin-extension» no es de un tipo permitido: "
         "adjunte archivos PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS."),
        ("vacio.pdf", b"", "El archivo «vacio.pdf» está vacío."),
    ],
)  # fmt: skip
def test_rechaza_lo_que_el_contenido_desmiente(nombre, contenido, mensaje):
    with pytest.raises(ArchivoNoValido) as error:
        validar_archivo(nombre=nombre, contenido=contenido, max_bytes=MB)
    assert str(error.value) == mensaje


@pytest.mark.parametrize(
    ("tamano", "limite", "mensaje"),
    [
        (3 * MB, 2 * MB, "El archivo «grande.pdf» pesa 3 MB; el límite es 2 MB por archivo."),
        (int(2.5 * MB), 2 * MB,
         "El archivo «grande.pdf» pesa 2.5 MB; el límite es 2 MB por archivo."),
        (20 * MB + 1, 20 * MB,
         "El archivo «grande.pdf» pesa más de 20 MB; el límite es 20 MB por archivo."),
    ],
)  # fmt: skip
def test_rechaza_lo_que_pasa_del_limite_diciendo_el_limite_en_mb(tamano, limite, mensaje):
    contenido = PDF + b"0" * (tamano - len(PDF))
    with pytest.raises(ArchivoNoValido) as error:
        validar_archivo(nombre="grande.pdf", contenido=contenido, max_bytes=limite)
    assert str(error.value) == mensaje


def test_el_limite_exacto_se_acepta():
    contenido = PDF + b"0" * (MB - len(PDF))
    assert validar_archivo(nombre="justo.pdf", contenido=contenido, max_bytes=MB)
    revisar_tamano(nombre="justo.pdf", tamano=MB, max_bytes=MB)  # no error


@pytest.mark.parametrize(
    ("nombre", "seguro"),
    [
        ("oficio.pdf", "oficio.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Documentos\\Oficio 12.pdf", "Oficio 12.pdf"),
        ('oficio "final".pdf', "oficio 'final'.pdf"),
        ("oficio\r\nX-Cabecera: 1.pdf", "oficioX-Cabecera: 1.pdf"),
        ("factura\u202efdp.exe.pdf", "facturafdp.exe.pdf"),
        (".oculto.pdf", "oculto.pdf"),
        ("   ", "evidencia"),
        ("Resolución año 2026.pdf", "Resolución año 2026.pdf"),
    ],
)
def test_nombre_seguro(nombre, seguro):
    assert nombre_seguro(nombre) == seguro


def test_nombre_largo_conserva_la_extension():
    seguro = nombre_seguro("a" * 300 + ".pdf")
    assert len(seguro) == 255
    assert seguro.endswith("a.pdf")


def test_guardar_evidencia_con_hash_tamano_y_nombre_seguro(session):
    evidencia = guardar_evidencia(
        session=session,
        nombre="../oficio.pdf",
        contenido=PDF,
        tipo_mime="application/pdf",
        usuario_id=None,
    )
    session.commit()
    assert contar(session, Evidencia) == 1
    guardada = session.get(Evidencia, evidencia.id)
    assert guardada is not None
    assert (guardada.nombre_archivo, guardada.tamano, guardada.tipo_mime, guardada.avance_id) == (
        "oficio.pdf",
        len(PDF),
        "application/pdf",
        None,
    )
    assert guardada.sha256 == hashlib.sha256(PDF).hexdigest()
    assert bytes(guardada.contenido) == PDF

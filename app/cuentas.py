"""Accounts: argon2id passwords, the password policy, one-time passwords and login throttling."""

from __future__ import annotations

import gzip
import re
import secrets
from datetime import timedelta
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, func, select

from app import bitacora
from app.models import ROLES, ROLES_DE_GARANTE, IntentoAcceso, Usuario
from app.sesiones_usuario import cerrar_sesiones_de
from app.settings import Settings
from criterios.models import Garante, ahora

MINIMO, MAXIMO = 12, 128
# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile (64 MiB, t=3).
_hasher = PasswordHasher()
# Words of this deployment that make a password guessable (ASVS 6.2.11).
PALABRAS_DEL_CONTEXTO = ("homologa", "transparencia", "contrasena", "contraseña", "password")
CORREO_VALIDO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@cache
def _hash_señuelo(hasher: PasswordHasher) -> str:
    # Verified when the account does not exist, so both cases take the same time.
    return hasher.hash(secrets.token_urlsafe(16))


@cache
def contrasenas_comunes() -> frozenset[str]:
    """Return the shipped list of 20,000 common passwords (lower case)."""
    datos = resources.files("app.datos").joinpath("contrasenas-comunes.txt.gz").read_bytes()
    return frozenset(gzip.decompress(datos).decode("utf-8").split())


def error_de_contrasena(contrasena: str, *, correo: str | None = None) -> str | None:
    """Return why a new password is not acceptable, or None when it is (no composition rules)."""
    if len(contrasena) < MINIMO:
        return f"La contraseña debe tener al menos {MINIMO} caracteres."
    if len(contrasena) > MAXIMO:
        return f"La contraseña puede tener a lo más {MAXIMO} caracteres."
    minusculas = contrasena.lower()
    sin_adornos = re.sub(r"[\d\W_]+", "", minusculas)
    if minusculas in contrasenas_comunes() or sin_adornos in PALABRAS_DEL_CONTEXTO:
        return "Esa contraseña es demasiado común; elija otra, por ejemplo una frase."
    if correo and minusculas in (correo.lower(), correo.lower().split("@")[0]):
        return "La contraseña no puede ser su correo."
    return None


def cifrar(contrasena: str) -> str:
    """Return the argon2id hash of ``contrasena``."""
    return _hasher.hash(contrasena)


def contrasena_de_un_uso() -> str:
    """Return a random one-time password (128 bits, easy to type)."""
    return secrets.token_urlsafe(16)


def normalizar_correo(correo: str) -> str:
    """Return the e-mail address trimmed and lower-cased, as stored."""
    return correo.strip().lower()


def buscar_por_correo(*, session: Session, correo: str) -> Usuario | None:
    """Return the account with that e-mail address, if any."""
    return session.exec(select(Usuario).where(Usuario.correo == normalizar_correo(correo))).first()


def errores_de_cuenta(
    *,
    session: Session,
    correo: str,
    rol: str,
    garante_id: str | None,
    usuario_id: int | None = None,
) -> dict[str, str]:
    """Return the problems of an account's data, keyed by field (empty when it is valid)."""
    errores: dict[str, str] = {}
    correo = normalizar_correo(correo)
    if not CORREO_VALIDO.match(correo) or len(correo) > 254:
        errores["correo"] = "Escriba un correo válido, por ejemplo nombre@garante.gob.mx."
    else:
        otro = buscar_por_correo(session=session, correo=correo)
        if otro is not None and otro.id != usuario_id:
            errores["correo"] = "Ya existe una cuenta con ese correo."
    if rol not in ROLES:
        errores["rol"] = "Elija un rol de la lista."
    elif rol in ROLES_DE_GARANTE:
        if not garante_id:
            errores["garante_id"] = "Los roles comisionado y jurídico requieren un garante."
        elif session.get(Garante, garante_id) is None:
            errores["garante_id"] = f"No existe el garante «{garante_id}»."
    elif garante_id:
        errores["garante_id"] = "Solo comisionados y personal jurídico pertenecen a un garante."
    return errores


def crear_usuario(
    *, session: Session, correo: str, rol: str, garante_id: str | None = None, nombre: str = ""
) -> tuple[Usuario, str]:
    """Return a new account (not yet committed) and its one-time password; data must be valid."""
    contrasena = contrasena_de_un_uso()
    usuario = Usuario(
        correo=normalizar_correo(correo),
        nombre=nombre.strip(),
        rol=rol,
        garante_id=garante_id if rol in ROLES_DE_GARANTE else None,
        contrasena_hash=cifrar(contrasena),
        debe_cambiar_contrasena=True,
    )
    session.add(usuario)
    session.flush()
    return usuario, contrasena


def restablecer(*, session: Session, usuario: Usuario) -> str:
    """Return a new one-time password for ``usuario``, whose sessions end."""
    contrasena = contrasena_de_un_uso()
    usuario.contrasena_hash = cifrar(contrasena)
    usuario.debe_cambiar_contrasena = True
    usuario.contrasena_cambiada_en = ahora()
    session.add(usuario)
    assert usuario.id is not None
    cerrar_sesiones_de(session=session, usuario_id=usuario.id)
    return contrasena


def cambiar_contrasena(
    *, session: Session, usuario: Usuario, nueva: str, excepto_sesion: int | None = None
) -> None:
    """Set the user's own new password and end their other sessions (policy checked before)."""
    usuario.contrasena_hash = cifrar(nueva)
    usuario.debe_cambiar_contrasena = False
    usuario.contrasena_cambiada_en = ahora()
    session.add(usuario)
    assert usuario.id is not None
    cerrar_sesiones_de(session=session, usuario_id=usuario.id, excepto=excepto_sesion)


def cambiar_activo(*, session: Session, usuario: Usuario, activo: bool) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    usuario.activo = activo
    session.add(usuario)
    if not activo:
        assert usuario.id is not None
        cerrar_sesiones_de(session=session, usuario_id=usuario.id)


def verificar_contrasena(*, session: Session, usuario: Usuario | None, contrasena: str) -> bool:
    """Return whether ``contrasena`` is the user's; rehash when the parameters changed."""
    hash_guardado = usuario.contrasena_hash if usuario else None
    try:
        _hasher.verify(hash_guardado or _hash_señuelo(_hasher), contrasena)
    except (VerificationError, InvalidHashError):
        return False
    if usuario is None or hash_guardado is None:
        return False
    if _hasher.check_needs_rehash(hash_guardado):
        usuario.contrasena_hash = cifrar(contrasena)
        session.add(usuario)
    return True


def bloqueado(*, session: Session, correo: str, direccion: str, settings: Settings) -> bool:
    """Return whether the account or the client address had too many recent failures."""
    desde = ahora() - timedelta(minutes=settings.acceso_ventana_min)
    correo = normalizar_correo(correo)
    ultimo_exito = session.exec(
        select(func.max(IntentoAcceso.creado_en)).where(
            IntentoAcceso.correo == correo, col(IntentoAcceso.exitoso).is_(True)
        )
    ).one()
    # A successful login clears the account's count; the address count never resets early.
    desde_cuenta = max(desde, ultimo_exito) if ultimo_exito else desde
    fallos_cuenta = session.exec(
        select(func.count()).where(
            IntentoAcceso.correo == correo,
            col(IntentoAcceso.exitoso).is_(False),
            IntentoAcceso.creado_en > desde_cuenta,
        )
    ).one()
    if fallos_cuenta >= settings.acceso_fallos_por_cuenta:
        return True
    fallos_direccion = session.exec(
        select(func.count()).where(
            IntentoAcceso.direccion == direccion,
            col(IntentoAcceso.exitoso).is_(False),
            IntentoAcceso.creado_en > desde,
        )
    ).one()
    return fallos_direccion >= settings.acceso_fallos_por_direccion


def autenticar(
    *, session: Session, correo: str, contrasena: str, direccion: str, settings: Settings
) -> Usuario | None:
    """Return the user when the credentials are right and nothing blocks them; log the attempt.

    The caller commits. Every outcome goes to the bitácora; the reason of a failure is
    recorded there but never told to the person at the form.
    """
    correo = normalizar_correo(correo)[:254]
    usuario = buscar_por_correo(session=session, correo=correo)
    motivo = None
    if bloqueado(session=session, correo=correo, direccion=direccion, settings=settings):
        motivo = "bloqueo temporal por intentos fallidos"
    elif not verificar_contrasena(session=session, usuario=usuario, contrasena=contrasena):
        motivo = "contraseña incorrecta" if usuario else "cuenta inexistente"
    elif usuario is not None and not usuario.activo:
        motivo = "cuenta desactivada"
    elif (
        usuario is not None
        and usuario.debe_cambiar_contrasena
        and (
            ahora() - usuario.contrasena_cambiada_en
            > timedelta(hours=settings.contrasena_inicial_h)
        )
    ):
        motivo = "contraseña de un solo uso vencida"
    exitoso = motivo is None and usuario is not None
    session.add(IntentoAcceso(correo=correo, direccion=direccion[:64], exitoso=exitoso))
    bitacora.registrar(
        session=session,
        accion="acceso.entrar" if exitoso else "acceso.fallido",
        usuario_id=usuario.id if usuario else None,
        usuario_correo=correo,
        objeto_tipo="usuario",
        objeto_id=str(usuario.id) if usuario else None,
        resumen="Entrada correcta." if exitoso else f"Intento fallido: {motivo}.",
        direccion=direccion,
    )
    return usuario if exitoso else None


CUENTAS_DE_EJEMPLO = (
    ("administracion@ejemplo.mx", "administrador", None, "Administración (ejemplo)"),
    ("secretaria@ejemplo.mx", "secretaria", None, "Secretaría técnica (ejemplo)"),
    ("comisionado.ags@ejemplo.mx", "comisionado", "ags", "Comisionada de Aguascalientes (ejemplo)"),
    ("comisionado.jal-contraloria@ejemplo.mx", "comisionado", "jal-contraloria",
     "Titular garante de la Contraloría de Jalisco (ejemplo)"),
    ("juridico.ags@ejemplo.mx", "juridico", "ags", "Jurídico de Aguascalientes (ejemplo)"),
    ("juridico.jal-contraloria@ejemplo.mx", "juridico", "jal-contraloria",
     "Jurídico de la Contraloría de Jalisco (ejemplo)"),
)  # fmt: skip


def crear_cuentas_de_ejemplo(*, session: Session) -> list[tuple[Usuario, str]]:
    """Return one new demo account per role with a random one-time password each.

    Only for the demo: there is no fixed demo password anywhere; accounts whose e-mail
    already exists, or whose garante is missing, are skipped.
    """
    creadas = []
    for correo, rol, garante_id, nombre in CUENTAS_DE_EJEMPLO:
        errores = errores_de_cuenta(session=session, correo=correo, rol=rol, garante_id=garante_id)
        if errores:
            continue
        creadas.append(
            crear_usuario(
                session=session, correo=correo, rol=rol, garante_id=garante_id, nombre=nombre
            )
        )
    return creadas

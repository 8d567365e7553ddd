import os

import pytest

from comparador.paralelo import anticipar, repartir

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="sin fork")


@pytest.mark.parametrize(("cuantas", "lote"), [(0, 1), (1, 1), (2, 1), (7, 3), (100, 8)])
def test_repartir_da_lo_mismo_que_en_serie(cuantas: int, lote: int) -> None:
    def hacer(i: int) -> tuple[int, str]:
        return i * i, f"tarea {i}"

    assert repartir(hacer, cuantas, lote=lote, forzar=True) == [hacer(i) for i in range(cuantas)]


def test_repartir_hace_aqui_lo_que_el_otro_proceso_no_entrego() -> None:
    padre = os.getpid()

    def hacer(i: int) -> int:
        if os.getpid() != padre:
            raise RuntimeError("el proceso auxiliar falla")
        return i + 1

    assert repartir(hacer, 50, lote=2, forzar=True) == list(range(1, 51))


def test_repartir_deja_pasar_el_error_de_una_tarea() -> None:
    def hacer(i: int) -> int:
        if i == 3:
            raise ValueError("tarea 3")
        return i

    with pytest.raises(ValueError, match="tarea 3"):
        repartir(hacer, 10, lote=1, forzar=True)


def test_anticipar_reparte_un_encargo_conocido_despues_del_fork() -> None:
    adelantado: dict[str, int] = {}

    def previo(listo) -> None:  # type: ignore[no-untyped-def]
        # Only the helper runs this; its values are the same as computed here.
        for i in range(1000):
            if listo():
                return
            adelantado[f"t{i}"] = i * 10

    def hacer(encargo: list[int], i: int) -> int:
        return adelantado.get(f"t{encargo[i]}", encargo[i] * 10)

    encargo = list(range(200, 0, -1))
    with anticipar(hacer, previo, forzar=True) as ayudante:
        resultado = ayudante.repartir(encargo, len(encargo), lote=7)
    assert resultado == [x * 10 for x in encargo]
    assert adelantado == {}


def test_anticipar_sin_encargo_termina_el_proceso_auxiliar() -> None:
    def previo(listo) -> None:  # type: ignore[no-untyped-def]
        while not listo():
            pass

    with anticipar(lambda _, i: i, previo, forzar=True) as ayudante:
        pid = ayudante.pid
        assert pid is not None
    assert ayudante.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def test_anticipar_sin_proceso_auxiliar_vivo_lo_hace_todo_aqui() -> None:
    def previo(listo) -> None:  # type: ignore[no-untyped-def]
        os._exit(3)  # the helper dies before taking the tasks

    encargo = list(range(100))
    with anticipar(lambda e, i: e[i] * 2, previo, forzar=True) as ayudante:
        assert ayudante.repartir(encargo, len(encargo), lote=4) == [x * 2 for x in encargo]

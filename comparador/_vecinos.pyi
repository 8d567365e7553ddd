import numpy as np

def mejores_productos(
    a_puntero: np.ndarray,
    a_columnas: np.ndarray,
    a_valores: np.ndarray,
    b_puntero: np.ndarray,
    b_columnas: np.ndarray,
    b_valores: np.ndarray,
    columnas: int,
    k: int,
) -> tuple[np.ndarray, np.ndarray]: ...
def productos_por_pares(
    puntero: np.ndarray,
    columnas: np.ndarray,
    valores: np.ndarray,
    izquierdas: np.ndarray,
    derechas: np.ndarray,
    ancho: int,
    ordenado: bool,
) -> np.ndarray: ...

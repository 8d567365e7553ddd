import numpy as np

def unir_grupos(
    puntero: np.ndarray,
    columnas: np.ndarray,
    valores: np.ndarray,
    codigo: np.ndarray,
    cohesion: np.ndarray,
    similitudes: np.ndarray,
    origen: np.ndarray,
    destino: np.ndarray,
    umbral: float,
    umbral_mismo_garante: float,
    proporcion_cohesion: float,
) -> list[list[int]]: ...

"""The texts of the demo's mesas (``sesiones.demo``): illustrative, in the words of the region.

Facts cited are those of the Ley General de Transparencia y Acceso a la Información Pública
of 2025 (plazos of articles 128, 130, 134, 138, 141 and 143); names of people are left out,
and every link points to ``ejemplo.mx``.
"""

# Who attends the first mesa and how (the other garantes con derecho are absent).
REPRESENTANTES = {
    "ags": "Comisionada presidenta y directora de Asuntos Jurídicos (sede)",
    "gto": "Comisionado presidente (en línea)",
    "jal-contraloria": "Titular de la autoridad garante y jefa del área jurídica (sede)",
    "mich": "Comisionada y secretario técnico del Pleno (en línea)",
    "nay": "Comisionado presidente (en línea)",
    "qro": "Comisionada (sede)",
    "slp": "Comisionado presidente y director jurídico (sede)",
    "zac-sfp": "Titular de la unidad garante (en línea)",
}

MESA_1 = {
    "titulo": "Plazo de respuesta, información estadística en cero y gratuidad",
    "hora": "10:00",
    "modalidad": "mixta",
    "sede": "ags",
    "enlace": "https://reuniones.ejemplo.mx/centro-occidente/mesa-de-analisis",
    "direccion": "Sala del Pleno del ITEA, Aguascalientes, Ags. (dirección ilustrativa)",
}
MESA_2 = {
    "titulo": "Incompetencia notoria y desahogo parcial de la prevención",
    "hora": "11:00",
    "modalidad": "presencial",
    "sede": "qro",
    "direccion": "Sala de sesiones de INFOQRO, Santiago de Querétaro, Qro. (dirección ilustrativa)",
}

PROPUESTA_PLAZOS = (
    "Plazo para responder las solicitudes de acceso conforme a la Ley General de 2025",
    "Los catálogos de la región fijan plazos de respuesta de ocho, diez, quince y veinte días "
    "hábiles, con ampliaciones de cinco a quince días, y no coinciden en desde cuándo se "
    "cuentan (la presentación o la admisión de la solicitud). El artículo 134 de la Ley "
    "General de Transparencia y Acceso a la Información Pública de 2025 fija veinte días "
    "hábiles a partir del día siguiente a la presentación, ampliables una sola vez por diez "
    "con aprobación del Comité de Transparencia. Proponemos un criterio homologado que lo "
    "aplique de manera uniforme en la región.",
)
PROPUESTA_INCOMPETENCIA = (
    "Confirmación de la incompetencia notoria por el Comité de Transparencia",
    "Michoacán exige que el Comité de Transparencia confirme aun la incompetencia notoria "
    "(criterio 02/2020); Querétaro y Colima la tienen por atendida cuando la Unidad de "
    "Transparencia la comunica dentro de los tres días hábiles (criterios INFOQRO 01/2020 e "
    "INFOCOL/02/2019) y Nayarit la notifica en dos. El artículo 138 de la Ley General de "
    "2025 fija tres días para notificar la notoria incompetencia, pero no dice si el Comité "
    "debe confirmarla.",
)
PROPUESTA_SANCIONES = (
    "Catálogo regional de sanciones por no responder en plazo",
    "Proponemos que la región acuerde un catálogo común de sanciones para las personas "
    "servidoras públicas que no respondan las solicitudes de acceso dentro del plazo legal.",
)
MOTIVO_SANCIONES = (
    "Las sanciones corresponden a las autoridades competentes conforme a las leyes de "
    "responsabilidades de cada entidad; no son un criterio de interpretación que los garantes "
    "puedan homologar en una mesa de análisis. El plazo de respuesta ya se atiende en el "
    "proyecto de criterio homologado en redacción."
)
PROPUESTA_PREVENCION = (
    "Desahogo parcial de la prevención al solicitante",
    "San Luis Potosí da trámite a la parte aclarada de la solicitud (criterio CEGAIP 01/2019) "
    "y el criterio IZAI-06/2021 de Zacatecas la tiene por no presentada en su totalidad. El "
    "artículo 130 de la Ley General de 2025 da cinco días a la autoridad para pedir la "
    "aclaración y hasta diez a quien solicita, pero no resuelve el desahogo parcial.",
)
PROPUESTA_VERSION_PUBLICA = (
    "Costo de reproducción de las hojas que requieren versión pública",
    "Colima no cobra la elaboración de la versión pública y respeta la gratuidad de las "
    "primeras veinte hojas (criterio INFOCOL/01/2020); Querétaro cobra la reproducción de las "
    "hojas que deben testarse aun dentro de las primeras veinte (criterio INFOQRO 02/2020). "
    "El artículo 143 de la Ley General de 2025 prevé la entrega gratuita hasta veinte hojas.",
)

PUNTO_GRATUIDAD = (
    "Gratuidad de las primeras veinte hojas en copias certificadas",
    "Guanajuato aplica la gratuidad de las primeras veinte hojas también a las copias "
    "certificadas (criterio IACIP 01/2021); San Luis Potosí la limita a las copias simples "
    "(criterio CEGAIP 03/2021). Se somete a votación adoptar como postura regional la "
    "interpretación de Guanajuato.",
)
VOTOS_GRATUIDAD = {
    "ags": "a_favor",
    "gto": "a_favor",
    "zac-sfp": "a_favor",
    "mich": "en_contra",
    "qro": "en_contra",
    "slp": "en_contra",
    "jal-contraloria": "abstencion",
    "nay": "abstencion",
}

NOTAS_PLAZOS = (
    "La Secretaría Técnica presentó el comparativo de los catálogos: el extinto ITEI contaba "
    "ocho días hábiles desde la admisión de la solicitud (CI/ITEI/02/2016); San Luis Potosí, "
    "diez; Nayarit, quince; Aguascalientes, Colima, Guanajuato y Michoacán, veinte, con "
    "ampliaciones de cinco a quince días.\n"
    "Aguascalientes recordó que el artículo 134 de la Ley General de 2025 fija veinte días "
    "hábiles desde el día siguiente a la presentación, ampliables una sola vez por diez con "
    "aprobación del Comité de Transparencia, y que los criterios locales con otros plazos "
    "deben revisarse.\n"
    "San Luis Potosí pidió que el criterio precise cómo se computan las solicitudes "
    "presentadas en día inhábil y se abstuvo hasta conocer el proyecto."
)
NOTAS_CERO = (
    "Aguascalientes presentó la versión 2 del proyecto, que recoge el artículo 141 de la Ley "
    "General de 2025: una estadística cuyo valor es cero es una respuesta y no una "
    "inexistencia.\n"
    "Querétaro votó en contra: su criterio INFOQRO 01/2019 exige la declaratoria del Comité "
    "cuando no hay registros, y sostiene que el cero solo es válido cuando existe el registro "
    "que lo respalda.\n"
    "Nayarit se abstuvo mientras su Pleno revisa la armonización de su ley local."
)
NOTAS_GRATUIDAD = (
    "Guanajuato y Aguascalientes sostuvieron que la gratuidad no distingue modalidades de "
    "reproducción; San Luis Potosí, Querétaro y Michoacán, que la certificación es un "
    "servicio distinto cuyo costo fija la ley de ingresos de cada entidad. La propuesta no "
    "alcanzó la mayoría de los garantes presentes."
)
NOTAS_INCOMPETENCIA = (
    "Michoacán pidió diferir el punto para consultar a su Comité de Transparencia, pues su "
    "criterio 02/2020 exige confirmar aun la incompetencia notoria. Sin objeciones, se "
    "difiere a la siguiente mesa."
)
NOTAS_ASUNTOS_GENERALES = (
    "La Secretaría Técnica informó que la siguiente mesa se celebrará en Querétaro y pidió "
    "enviar propuestas de tema con al menos tres semanas de anticipación."
)

ACUERDO_PROYECTO_PLAZOS = (
    "La Secretaría Técnica, con el personal jurídico de Aguascalientes y de la Contraloría del "
    "Estado de Jalisco, redactará el proyecto de criterio homologado sobre el plazo para "
    "responder las solicitudes de acceso conforme al artículo 134 de la Ley General, y lo "
    "circulará para observaciones antes de la siguiente mesa."
)
ACUERDO_PUBLICAR = (
    "La Secretaría Técnica publicará el criterio homologado {clave} en Homologa y lo enviará "
    "a los garantes de la región para su difusión."
)
ACUERDO_INFORMAR_ADOPCION = (
    "Cada garante informará a la Secretaría Técnica lo que resuelva su Pleno o su titular "
    "sobre la adopción del criterio homologado {clave}, con la evidencia de su publicación."
)
ACUERDO_NOTA_GRATUIDAD = (
    "Guanajuato y San Luis Potosí elaborarán una nota comparativa sobre el costo de las "
    "copias certificadas y su fundamento en las leyes de ingresos locales, para retomar el "
    "tema en la siguiente mesa."
)
AVANCE_PUBLICACION = (
    "El criterio homologado {clave} se publicó en Homologa el {fecha} y se envió por oficio a "
    "los garantes de la región. Evidencia: "
    "https://red-centro-occidente.ejemplo.mx/comunicados/criterio-homologado-publicado"
)
AVANCE_ADOPCION_AGS = (
    "El Pleno del ITEA adoptó el criterio homologado {clave} el {fecha} y marcó como superado "
    "su criterio 01/2020. Evidencia: "
    "https://itea.ejemplo.mx/pleno/acuerdos/adopcion-ch-co-criterio-cero.pdf"
)
AVANCE_PROYECTO_PLAZOS = (
    "Se circuló la versión 2 del proyecto de criterio homologado sobre el plazo de respuesta; "
    "recibe observaciones hasta el {fecha}."
)

RUBRO_CERO = (
    "INFORMACIÓN ESTADÍSTICA CUYO VALOR ES CERO. ES UNA RESPUESTA VÁLIDA Y NO REQUIERE QUE EL "
    "COMITÉ DE TRANSPARENCIA DECLARE LA INEXISTENCIA."
)
TEXTO_CERO_V1 = (
    "Cuando se solicita un dato numérico o estadístico y en los registros del sujeto obligado "
    "no consta ningún caso en el periodo requerido, informar que el valor es cero atiende la "
    "solicitud. El cero expresa un hecho y no la falta de un documento, por lo que no procede "
    "que el Comité de Transparencia declare la inexistencia de la información."
)
TEXTO_CERO_V2 = (
    TEXTO_CERO_V1 + " La respuesta debe señalar el periodo, el área que lleva el registro y "
    "la fuente consultada, a fin de dar certeza a quien solicita."
)
PRECEDENTES_CERO = (
    "Criterio 01/2020 del ITEA (Aguascalientes) y criterio CEGAIP 02/2019 (San Luis Potosí); "
    "en sentido distinto, criterio INFOQRO 01/2019 (Querétaro)."
)
MARCO_CERO = "Ley General de Transparencia y Acceso a la Información Pública (2025), artículo 141."
NOTA_ADOPCION_ITEA = "Aprobado por unanimidad del Pleno; sustituye el criterio 01/2020."
EVIDENCIA_ITEA = "https://itea.ejemplo.mx/pleno/acuerdos/adopcion-ch-co-criterio-cero.pdf"
EVIDENCIA_CEGAIP = "https://cegaip.ejemplo.mx/sesiones/acta-ordinaria-adopcion-criterio-cero.pdf"
EVIDENCIA_INFOQRO = "https://infoqro.ejemplo.mx/pleno/acuerdo-adopcion-parcial-criterio-cero.pdf"
NOTA_RECHAZO_NAY = (
    "El Pleno resolvió no adoptarlo mientras el Congreso del Estado armoniza la ley local, que "
    "aún exige la declaratoria del Comité de Transparencia."
)
NOTA_PARCIAL_QRO = (
    "Adopta el criterio para la información estadística generada a partir de su adopción; "
    "para periodos anteriores conserva su criterio INFOQRO 01/2019 mientras concluye la "
    "revisión de sus registros."
)

RUBRO_PLAZOS = (
    "PLAZO PARA RESPONDER LAS SOLICITUDES DE ACCESO A LA INFORMACIÓN. ES DE VEINTE DÍAS "
    "HÁBILES CONTADOS DESDE EL DÍA SIGUIENTE A SU PRESENTACIÓN, AMPLIABLE UNA SOLA VEZ POR "
    "DIEZ DÍAS HÁBILES."
)
TEXTO_PLAZOS_V1 = (
    "La respuesta a una solicitud de acceso a la información debe notificarse en el menor "
    "tiempo posible, sin exceder de veinte días hábiles contados a partir del día siguiente a "
    "su presentación. El plazo puede ampliarse por una sola vez hasta por diez días hábiles, "
    "siempre que existan razones fundadas y motivadas aprobadas por el Comité de "
    "Transparencia y se notifiquen a quien solicita antes de su vencimiento. Los plazos "
    "distintos que fijaban las leyes locales anteriores a la Ley General de 2025 dejan de "
    "aplicarse."
)
TEXTO_PLAZOS_V2 = (
    TEXTO_PLAZOS_V1 + "\n\nLas solicitudes presentadas en día inhábil, o después del horario "
    "de la Unidad de Transparencia, se tienen por presentadas el día hábil siguiente."
)
PRECEDENTES_PLAZOS = (
    "Criterios de los garantes de la región sobre el plazo de respuesta, comparados en la "
    "primera mesa de análisis del año."
)
MARCO_PLAZOS = (
    "Ley General de Transparencia y Acceso a la Información Pública (2025), artículos 128 y 134."
)
FUENTES_PLAZOS = (
    "ags-03-2018", "col-03-2019", "jal-02-2016", "mich-02-2019",
    "nay-01-2018", "slp-01-2018", "zac-sfp-01-2025",
)  # fmt: skip
OBSERVACION_INHABIL = (
    "Sugerimos precisar desde cuándo corre el plazo de las solicitudes presentadas en día "
    "inhábil o fuera del horario de la Unidad de Transparencia: es la duda más frecuente de "
    "los sujetos obligados."
)
RESPUESTA_INHABIL = "Se incorporó en el último párrafo de la versión 2."
OBSERVACION_ARTICULO = (
    "Conviene citar en el texto el artículo 134 de la Ley General y aclarar que la ampliación "
    "requiere una resolución del Comité de Transparencia notificada antes del vencimiento."
)

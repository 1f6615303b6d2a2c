"""Is the intern working on the objectives? The pure alignment engine (see docs/align.md).

No Django here. The web app and `balise align` both call it:

    >>> from balise.alignment import analyse, Aligner, InputError
    >>> report = analyse(data)                 # the JSON of the spec, as a dict
    >>> aligner = Aligner(program["competencies"], objectives)
    >>> aligner.suggest("maj de la doc de l'API")   # [(objective id, score), ...]
"""

from balise.alignment.aligner import Aligner, analyse
from balise.alignment.inputs import InputError

__all__ = ["Aligner", "InputError", "analyse"]

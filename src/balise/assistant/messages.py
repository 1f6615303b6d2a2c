"""The sentence of every piece of advice, in French and in English.

One function per code, as in the law engine (`balise.law.messages`): it takes the advice's
parameters and the language, and says what is missing and how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from balise.assistant import codes
from balise.law import formatting as fmt
from balise.law import messages as law_messages

Params = Mapping[str, Any]


def _subject(p: Params, lang: str) -> str:
    """`L'objectif 2 « Titre »` in a list, `Cet objectif` on its own."""
    if p.get("index") is None:
        return "Cet objectif" if lang == "fr" else "This objective"
    return law_messages.objective_name(
        {"index": p["index"], "title": str(p.get("title") or "")}, lang
    )


def _period(p: Params, lang: str) -> str:
    start, end = p.get("start_date"), p.get("end_date")
    if start is None or end is None:
        return ""
    if lang == "fr":
        return f"du {fmt.date(start, lang)} au {fmt.date(end, lang)}"
    return f"{fmt.date(start, lang)} to {fmt.date(end, lang)}"


def vague_verb(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_subject(p, lang)} commence par « {p['verb']} », qui décrit une attitude plutôt "
            "qu'un résultat : dites ce que le ou la stagiaire produira, avec un verbe d'action "
            "et un livrable (un rapport, un outil, une campagne…)."
        )
    return (
        f"{_subject(p, lang)} opens with “{p['verb']}”, which describes an attitude rather than "
        "a result: say what the intern will produce, with an action verb and a deliverable (a "
        "report, a tool, a campaign…)."
    )


def no_action_verb(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_subject(p, lang)} ne commence pas par un verbe d'action : commencez par ce que "
            "le ou la stagiaire fera (concevoir, rédiger, analyser, mettre en place…)."
        )
    return (
        f"{_subject(p, lang)} does not open with an action verb: start with what the intern "
        "will do (design, write, analyse, set up…)."
    )


def no_deliverable(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_subject(p, lang)} ne nomme aucun livrable : précisez ce qui sera remis ou "
            "montré à la fin (un rapport, une maquette, un tableau de bord, une procédure…)."
        )
    return (
        f"{_subject(p, lang)} names no deliverable: say what will be handed over or shown at "
        "the end (a report, a mock-up, a dashboard, a procedure…)."
    )


def no_indicator(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_subject(p, lang)} n'a aucun indicateur de réussite : donnez au moins un chiffre, "
            "un seuil ou un résultat observable (« 3 articles publiés », « procédure validée par "
            "le tuteur »)."
        )
    return (
        f"{_subject(p, lang)} has no indicator of success: give at least a figure, a threshold "
        "or an observable result (“3 articles published”, “procedure approved by the tutor”)."
    )


def vague_indicator(p: Params, lang: str) -> str:
    count = p.get("count", 1)
    if lang == "fr":
        if count == 1:
            return (
                f"{_subject(p, lang)} a un seul indicateur, « {p['first']} », qui ne donne ni "
                "chiffre, ni seuil, ni résultat observable : ajoutez combien, à partir de quand "
                "c'est réussi, ou ce qui sera livré et validé."
            )
        return (
            f"Aucun des {count} indicateurs de {_subject(p, lang)[0].lower()}"
            f"{_subject(p, lang)[1:]} ne donne de chiffre, de seuil ni de résultat observable : "
            "ajoutez combien, à partir de quand c'est réussi, ou ce qui sera livré et validé."
        )
    if count == 1:
        return (
            f"{_subject(p, lang)} has a single indicator, “{p['first']}”, which gives no figure, "
            "threshold or observable result: add how much, from when it counts as a success, or "
            "what will be delivered and approved."
        )
    subject = _subject(p, lang)
    return (
        f"None of the {count} indicators of {subject[0].lower()}{subject[1:]} gives a figure, "
        "a threshold or an observable result: add how much, from when it counts as a success, "
        "or what will be delivered and approved."
    )


def hours_exceed_presence(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"Les objectifs prévoient {fmt.hours(p['planned_hours'], lang)} de travail, plus que "
            f"les {fmt.hours(p['presence_hours'], lang)} de présence du stage : réduisez leur "
            "ambition ou leur nombre."
        )
    return (
        f"The objectives plan {fmt.hours(p['planned_hours'], lang)} of work, more than the "
        f"internship's {fmt.hours(p['presence_hours'], lang)} of presence: make them less "
        "ambitious or fewer."
    )


def too_many(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La convention compte {p['count']} objectifs spécifiques : au-delà d'environ "
            f"{p['limit']}, ils se dispersent et se suivent mal ; regroupez ou retirez les "
            "moins importants."
        )
    return (
        f"The agreement has {p['count']} specific objectives: beyond about {p['limit']} they "
        "scatter and are hard to follow; merge or drop the least important ones."
    )


def not_relevant(p: Params, lang: str) -> str:
    names = list(p.get("competencies") or ())
    if not names:
        if lang == "fr":
            return (
                f"{_subject(p, lang)} n'est relié à aucune compétence de la formation : "
                "choisissez celles qu'il permet de développer."
            )
        return (
            f"{_subject(p, lang)} is linked to no competency of the programme: choose the ones "
            "it develops."
        )
    if lang == "fr":
        quoted = fmt.join([f"« {name} »" for name in names], lang)
        return (
            f"{_subject(p, lang)} n'est relié à aucune compétence de la formation : "
            f"{quoted} n'{'appartient' if len(names) == 1 else 'appartiennent'} pas à son "
            "référentiel."
        )
    quoted = fmt.join([f"“{name}”" for name in names], lang)
    return (
        f"{_subject(p, lang)} is linked to no competency of the programme: {quoted} "
        f"{'is' if len(names) == 1 else 'are'} not in its framework."
    )


def no_target_date(p: Params, lang: str) -> str:
    period = _period(p, lang)
    if lang == "fr":
        within = f"pendant le stage, {period}" if period else "pendant le stage"
        return (
            f"{_subject(p, lang)} n'a pas de date cible : fixez l'échéance à laquelle il sera "
            f"atteint, {within}."
        )
    within = f"within the internship, {period}" if period else "within the internship"
    return f"{_subject(p, lang)} has no target date: set the deadline to reach it, {within}."


def target_outside(p: Params, lang: str) -> str:
    before = p["target_date"] < p["start_date"]
    if lang == "fr":
        where = "avant le début" if before else "après la fin"
        return (
            f"{_subject(p, lang)} a pour date cible le {fmt.date(p['target_date'], lang)}, "
            f"{where} du stage ({_period(p, lang)}) : choisissez une échéance pendant le stage."
        )
    where = "before the internship starts" if before else "after the internship ends"
    return (
        f"{_subject(p, lang)} has a target date of {fmt.date(p['target_date'], lang)}, {where} "
        f"({_period(p, lang)}): choose a deadline within the internship."
    )


def no_main(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            "Aucun objectif n'est marqué comme principal : choisissez celui qui dit en une "
            "phrase à quoi sert le stage."
        )
    return (
        "No objective is marked as the main one: choose the one that says in one sentence what "
        "the internship is for."
    )


def several_main(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"Plusieurs objectifs ({p['count']}) sont marqués comme principaux : il en faut un "
            "seul, celui qui dit en une phrase à quoi sert le stage."
        )
    return (
        f"Several objectives ({p['count']}) are marked as the main one: there must be exactly "
        "one, the one that says in one sentence what the internship is for."
    )


def with_suggestion(message: str, suggestion: str | None, lang: str) -> str:
    """The message followed by the rewrite, for outputs that have no room for it apart."""
    if not suggestion:
        return message
    if lang == "fr":
        return f"{message} Par exemple : « {suggestion} »."
    return f"{message} For example: “{suggestion}”."


MESSAGES: dict[str, Callable[[Params, str], str]] = {
    codes.VAGUE_VERB: vague_verb,
    codes.NO_ACTION_VERB: no_action_verb,
    codes.NO_DELIVERABLE: no_deliverable,
    codes.NO_INDICATOR: no_indicator,
    codes.VAGUE_INDICATOR: vague_indicator,
    codes.HOURS_EXCEED_PRESENCE: hours_exceed_presence,
    codes.TOO_MANY: too_many,
    codes.NOT_RELEVANT: not_relevant,
    codes.NO_TARGET_DATE: no_target_date,
    codes.TARGET_OUTSIDE: target_outside,
    codes.NO_MAIN: no_main,
    codes.SEVERAL_MAIN: several_main,
}

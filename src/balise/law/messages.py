"""The sentence of every finding, in French and in English.

One function per rule code, taking the finding's parameters and the language. Each sentence
names the figure found and the limit it breaks, with the locale's number formatting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from balise.law import formatting as fmt

Params = Mapping[str, Any]


def _presence(params: Params, lang: str) -> str:
    """Subject of a sentence on the hours of presence, with the earlier hours when any."""
    prior = params["prior_hours"]
    if not prior:
        if lang == "fr":
            return f"La présence prévue ({fmt.hours(params['presence_hours'], lang)})"
        return f"The planned presence ({fmt.hours(params['presence_hours'], lang)})"
    if lang == "fr":
        done = "effectuées" if fmt.to_decimal(prior) >= 2 else "effectuée"
        return (
            "La présence dans cet organisme sur l'année d'enseignement "
            f"({fmt.hours(params['total_hours'], lang)}, dont "
            f"{fmt.hours(prior, lang)} déjà {done})"
        )
    return (
        "The presence at this host over the teaching year "
        f"({fmt.hours(params['total_hours'], lang)}, of which "
        f"{fmt.hours(prior, lang)} already done)"
    )


def _ordinal(number: int, lang: str) -> str:
    if lang == "fr":
        return "1er" if number == 1 else f"{number}e"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def objective_name(params: Params, lang: str) -> str:
    """`L'objectif 2 « Titre »` / `Objective 2 "Title"`, numbered from 1 for people."""
    number = params["index"] + 1
    title = params["title"].strip()
    if lang == "fr":
        return f"L'objectif {number} « {title} »" if title else f"L'objectif {number}"
    return f'Objective {number} "{title}"' if title else f"Objective {number}"


def dates_order(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La date de fin ({fmt.date(p['end_date'], lang)}) est antérieure à la date de "
            f"début ({fmt.date(p['start_date'], lang)}) : un stage doit finir après avoir "
            "commencé."
        )
    return (
        f"The end date ({fmt.date(p['end_date'], lang)}) is before the start date "
        f"({fmt.date(p['start_date'], lang)}): an internship must end after it starts."
    )


def duration_max_exceeded(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_presence(p, lang)} dépasse la durée maximale de {fmt.hours(p['limit'], lang)} "
            "(six mois) dans un même organisme par année d'enseignement."
        )
    return (
        f"{_presence(p, lang)} exceeds the maximum of {fmt.hours(p['limit'], lang)} "
        "(six months) at one host per teaching year."
    )


def gratification_missing(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_presence(p, lang)} dépasse {fmt.hours(p['threshold'], lang)} (deux mois) : "
            f"une gratification d'au moins {fmt.euros(p['minimum_rate'], lang)} de l'heure "
            "est obligatoire, et la convention n'en prévoit aucune."
        )
    return (
        f"{_presence(p, lang)} exceeds {fmt.hours(p['threshold'], lang)} (two months): "
        f"a gratification of at least {fmt.euros(p['minimum_rate'], lang)} an hour is "
        "mandatory, and the agreement provides none."
    )


def gratification_below_minimum(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La gratification horaire ({fmt.euros(p['rate'], lang)}) est inférieure au "
            f"minimum légal de {fmt.euros(p['minimum_rate'], lang)} en {p['year']}."
        )
    return (
        f"The hourly gratification ({fmt.euros(p['rate'], lang)}) is below the legal "
        f"minimum of {fmt.euros(p['minimum_rate'], lang)} in {p['year']}."
    )


def gratification_rate_unknown_year(p: Params, lang: str) -> str:
    unknown = p["unknown"]  # [(year, year priced instead, its rate), ...]
    years = fmt.join([str(year) for year, _, _ in unknown], lang)
    sources = {(source, rate) for _, source, rate in unknown}
    if len(sources) == 1:
        ((source, rate),) = sources
        if lang == "fr":
            place = "sa place" if len(unknown) == 1 else "leur place"
            return (
                f"Balise ne connaît pas le minimum horaire légal de {years} : celui de "
                f"{source} ({fmt.euros(rate, lang)}) est appliqué à {place}."
            )
        return (
            f"Balise does not know the legal minimum hourly rate for {years}; the {source} "
            f"rate ({fmt.euros(rate, lang)}) is used instead."
        )
    if lang == "fr":
        used = fmt.join([f"{fmt.euros(rate, lang)} pour {year}" for year, _, rate in unknown], lang)
        return (
            f"Balise ne connaît pas le minimum horaire légal de {years} : ceux des années "
            f"connues les plus proches sont appliqués à leur place ({used})."
        )
    used = fmt.join([f"{fmt.euros(rate, lang)} for {year}" for year, _, rate in unknown], lang)
    return (
        f"Balise does not know the legal minimum hourly rate for {years}; the rates of the "
        f"nearest known years are used instead ({used})."
    )


def leave_missing(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{_presence(p, lang)} dépasse {fmt.hours(p['threshold'], lang)} : le stage est "
            "gratifié, la convention doit donc prévoir des congés et autorisations d'absence."
        )
    return (
        f"{_presence(p, lang)} exceeds {fmt.hours(p['threshold'], lang)}: the internship is "
        "paid, so the agreement must provide for leave and authorised absences."
    )


def _minor_suffix(p: Params, lang: str) -> str:
    if not p["minor"]:
        return ""
    return " pour un stagiaire de moins de 18 ans" if lang == "fr" else " for an intern under 18"


def hours_daily_max(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La durée quotidienne de présence ({fmt.hours(p['hours'], lang)}) dépasse le "
            f"maximum de {fmt.hours(p['limit'], lang)} par jour{_minor_suffix(p, lang)}."
        )
    return (
        f"The daily presence ({fmt.hours(p['hours'], lang)}) exceeds the maximum of "
        f"{fmt.hours(p['limit'], lang)} a day{_minor_suffix(p, lang)}."
    )


def hours_weekly_max(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La durée hebdomadaire de présence ({fmt.hours(p['hours'], lang)}) dépasse le "
            f"maximum de {fmt.hours(p['limit'], lang)} par semaine{_minor_suffix(p, lang)}."
        )
    return (
        f"The weekly presence ({fmt.hours(p['hours'], lang)}) exceeds the maximum of "
        f"{fmt.hours(p['limit'], lang)} a week{_minor_suffix(p, lang)}."
    )


def minor_night_work(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"Le ou la stagiaire n'aura 18 ans que le {fmt.date(p['adult_on'], lang)}, après "
            f"le début du stage le {fmt.date(p['start_date'], lang)} : le travail de nuit est "
            "interdit avant 18 ans."
        )
    return (
        f"The intern turns 18 only on {fmt.date(p['adult_on'], lang)}, after the internship "
        f"starts on {fmt.date(p['start_date'], lang)}: night work is forbidden under 18."
    )


def supervision_tutor_capacity(p: Params, lang: str) -> str:
    ongoing, limit = p["ongoing"], p["limit"]
    if lang == "fr":
        return (
            f"Le tuteur ou la tutrice suit déjà "
            f"{fmt.plural(ongoing, 'stagiaire', 'stagiaires', lang)} : ce stage serait le "
            f"{_ordinal(ongoing + 1, lang)}, au-delà du maximum de {limit} stagiaires suivis "
            "simultanément."
        )
    return (
        f"The tutor already supervises {fmt.plural(ongoing, 'intern', 'interns', lang)}: this "
        f"internship would be the {_ordinal(ongoing + 1, lang)}, above the maximum of {limit} "
        "interns supervised at once."
    )


def supervision_referent_capacity(p: Params, lang: str) -> str:
    ongoing, limit = p["ongoing"], p["limit"]
    if lang == "fr":
        level = (
            "dans l'enseignement secondaire"
            if p["level"] == "secondary"
            else "dans l'enseignement supérieur"
        )
        return (
            f"L'enseignant référent suit déjà "
            f"{fmt.plural(ongoing, 'stagiaire', 'stagiaires', lang)} : ce stage serait le "
            f"{_ordinal(ongoing + 1, lang)}, au-delà du maximum de {limit} stagiaires suivis "
            f"simultanément {level}."
        )
    level = "in secondary education" if p["level"] == "secondary" else "in higher education"
    return (
        f"The teaching referent already follows "
        f"{fmt.plural(ongoing, 'intern', 'interns', lang)}: this internship would be the "
        f"{_ordinal(ongoing + 1, lang)}, above the maximum of {limit} interns followed at once "
        f"{level}."
    )


def host_quota(p: Params, lang: str) -> str:
    interns, quota, headcount = p["interns"], p["quota"], p["headcount"]
    if lang == "fr":
        if p["small_host"]:
            reason = (
                f"de {quota} stagiaires pour un effectif de moins de {p['small_host_headcount']} "
                f"personnes (ici {fmt.number(headcount, lang)})"
            )
        else:
            reason = (
                f"de {fmt.number(quota, lang)} stagiaires ({p['percent']} % de l'effectif de "
                f"{fmt.number(headcount, lang)}, arrondi à l'entier supérieur)"
            )
        return (
            f"Avec ce stage, l'organisme d'accueil aurait {fmt.number(interns, lang)} "
            f"stagiaires la même semaine, au-delà du plafond {reason}."
        )
    if p["small_host"]:
        reason = (
            f"of {quota} interns for a headcount under {p['small_host_headcount']} "
            f"(here {fmt.number(headcount, lang)})"
        )
    else:
        reason = (
            f"of {fmt.number(quota, lang)} interns ({p['percent']}% of the headcount of "
            f"{fmt.number(headcount, lang)}, rounded up)"
        )
    return (
        f"With this internship the host would have {fmt.number(interns, lang)} interns in the "
        f"same week, above the cap {reason}."
    )


def host_waiting_period(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"Le stage précédent sur ce poste a duré "
            f"{fmt.plural(p['previous_days'], 'jour', 'jours', lang)} et s'est terminé le "
            f"{fmt.date(p['previous_end'], lang)} : un délai de carence de "
            f"{fmt.plural(p['waiting_days'], 'jour', 'jours', lang)} (le tiers de sa durée) "
            f"interdit un nouveau stage avant le {fmt.date(p['earliest_start'], lang)}, or "
            f"celui-ci commence le {fmt.date(p['start_date'], lang)}."
        )
    return (
        f"The previous internship on this post lasted "
        f"{fmt.plural(p['previous_days'], 'day', 'days', lang)} and ended on "
        f"{fmt.date(p['previous_end'], lang)}: a waiting period of "
        f"{fmt.plural(p['waiting_days'], 'day', 'days', lang)} (a third of its length) forbids "
        f"a new internship before {fmt.date(p['earliest_start'], lang)}, yet this one starts on "
        f"{fmt.date(p['start_date'], lang)}."
    )


def program_training_volume(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La formation ne comporte que {fmt.hours(p['hours'], lang)} d'enseignement par "
            f"année, moins que le minimum de {fmt.hours(p['limit'], lang)} requis pour "
            "intégrer un stage."
        )
    return (
        f"The programme provides only {fmt.hours(p['hours'], lang)} of teaching per year, "
        f"below the minimum of {fmt.hours(p['limit'], lang)} required to include an internship."
    )


def program_in_person_hours(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La formation ne comporte que {fmt.hours(p['hours'], lang)} d'enseignement en "
            f"présence par année, moins que le minimum de {fmt.hours(p['limit'], lang)} "
            "requis dans l'enseignement supérieur."
        )
    return (
        f"The programme provides only {fmt.hours(p['hours'], lang)} of in-person teaching per "
        f"year, below the minimum of {fmt.hours(p['limit'], lang)} required in higher "
        "education."
    )


_PURPOSES = {
    "permanent_post": (
        "exécuter une tâche régulière correspondant à un poste de travail permanent",
        "carry out a regular task matching a permanent post",
    ),
    "temporary_increase": (
        "faire face à un accroissement temporaire de l'activité",
        "cope with a temporary increase in activity",
    ),
    "seasonal_job": ("occuper un emploi saisonnier", "fill a seasonal job"),
    "replaces_employee": ("remplacer un salarié", "replace an employee"),
}


def purpose_prohibited(p: Params, lang: str) -> str:
    index = 0 if lang == "fr" else 1
    reasons = fmt.join([_PURPOSES[name][index] for name in p["purposes"]], lang)
    if lang == "fr":
        return (
            f"Une convention de stage ne peut pas être conclue pour {reasons} : "
            f"{'ce motif est interdit' if len(p['purposes']) == 1 else 'ces motifs sont interdits'}"
            " par l'article L124-7 du Code de l'éducation."
        )
    return (
        f"An internship agreement may not be concluded to {reasons}: article L124-7 of the "
        "Code de l'éducation forbids it."
    )


def tasks_dangerous(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            "La convention confie au stagiaire des tâches dangereuses pour sa santé ou sa "
            "sécurité, ce que l'article L124-14 du Code de l'éducation interdit."
        )
    return (
        "The agreement entrusts the intern with tasks dangerous to their health or safety, "
        "which article L124-14 of the Code de l'éducation forbids."
    )


def objectives_missing(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            "La convention ne fixe aucun objectif : il en faut au moins un, qui décrive les "
            "compétences à acquérir."
        )
    return (
        "The agreement sets no objective: it needs at least one, describing the competencies "
        "to acquire."
    )


def objectives_no_competency(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{objective_name(p, lang)} ne liste aucune compétence à acquérir : il en faut au "
            "moins une."
        )
    return f"{objective_name(p, lang)} lists no competency to acquire: it needs at least one."


def objectives_not_measurable(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"{objective_name(p, lang)} ne donne aucun indicateur de réussite : sans au moins un "
            "indicateur, son atteinte ne pourra pas être mesurée."
        )
    return (
        f"{objective_name(p, lang)} gives no indicator of success: without at least one "
        "indicator, its achievement cannot be measured."
    )


def activities_missing(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            "La convention ne décrit aucune activité confiée au stagiaire : il en faut au "
            "moins une."
        )
    return "The agreement describes no activity entrusted to the intern: it needs at least one."


def signature_late(p: Params, lang: str) -> str:
    if lang == "fr":
        return (
            f"La convention est signée le {fmt.date(p['signed_on'], lang)}, après le début du "
            f"stage le {fmt.date(p['start_date'], lang)} : elle doit être signée au plus tard "
            "le jour où il commence."
        )
    return (
        f"The agreement is signed on {fmt.date(p['signed_on'], lang)}, after the internship "
        f"starts on {fmt.date(p['start_date'], lang)}: it must be signed by its first day at "
        "the latest."
    )


MESSAGES: dict[str, Callable[[Params, str], str]] = {
    "activities.missing": activities_missing,
    "dates.order": dates_order,
    "duration.max_exceeded": duration_max_exceeded,
    "gratification.below_minimum": gratification_below_minimum,
    "gratification.missing": gratification_missing,
    "gratification.rate_unknown_year": gratification_rate_unknown_year,
    "host.quota": host_quota,
    "host.waiting_period": host_waiting_period,
    "hours.daily_max": hours_daily_max,
    "hours.weekly_max": hours_weekly_max,
    "leave.missing": leave_missing,
    "minor.night_work": minor_night_work,
    "objectives.missing": objectives_missing,
    "objectives.no_competency": objectives_no_competency,
    "objectives.not_measurable": objectives_not_measurable,
    "program.in_person_hours": program_in_person_hours,
    "program.training_volume": program_training_volume,
    "purpose.prohibited": purpose_prohibited,
    "signature.late": signature_late,
    "supervision.referent_capacity": supervision_referent_capacity,
    "supervision.tutor_capacity": supervision_tutor_capacity,
    "tasks.dangerous": tasks_dangerous,
}

"""What a logbook line says about the kind of work, whatever the field.

Two curated lexicons, written on normalised text (`text.normalise`: folded, one space between
words, abbreviations written out):

- `UNRELATED_CUES`: tasks that belong to no training — errands, photocopies for others, coffee,
  reception desk and switchboard, moving furniture, personal tasks for the boss, cleaning,
  mailing, archiving another department's files, data entry with no link to the training,
  labour in the warehouse, the shop or the kitchen.
- `PROGRAM_CUES`: work of the field that usually serves no particular objective — onboarding,
  training courses, team meetings, the internship's own paperwork, helping a colleague on
  another project.

A cue is a family of phrasings with a weight (how surely it marks the activity) and
*neutralisers*: word prefixes which, when the internship's own objectives or competencies
contain them, mean the task is the field itself. Reception is unrelated for a developer and
the job of a hotel management student; order picking is unrelated in marketing and the subject
of a logistics degree. Cues are also switched off when the activity is done *with* the people
the intern works for (`avec les jeunes`, `avec deux patients`): shopping or cooking with the
teenagers of a children's home is educational work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Word-class fragments shared by the patterns.
_DET = r"(?:(?:de|du|des|d|la|le|les|l|au|aux|a|un|une|son|sa|ses|leur|leurs|mon|ma|mes|ce|cet|cette|ces|en|pour|\d+)\s)*"
_BOSS = (
    r"(?:directeur(?: general)?|directrice(?: generale)?|patron|patronne|gerant|gerante|manager"
    r"|n 1|chef|cheffe|chef de service|cheffe de service|tuteur|tutrice|associe|associee"
    r"|responsable|president|presidente|maitre de stage|maitresse de stage|boss|proprietaire"
    r"|dirigeant|dirigeante|superieur|superieure|adjoint|adjointe|maire|elu|elue|notaire"
    r"|avocat|avocate|medecin|docteur|pharmacien|pharmacienne|expert comptable"
    r"|cadre de sante|cadre du service|(?<=la )cadre)"
)
_BOSS_OF = r"(?:du|de la|de l|de mon|de ma|de notre|par le|par la|par l|pour le|pour la|pour l|pour mon|pour ma|chez le|chez la|chez l)"
_PRIVATE = (
    r"(?:fils|fille|filles|enfants?|femme|mari|epouse|conjointe?|compagne?|belle mere|beau pere"
    r"|voiture|vehicule personnel|appartement|maison|domicile|residence secondaire|jardin"
    r"|piscine|chien|chat|club|association sportive|cave|cave a vins|costumes?|chemises?|linge"
    r"|courrier personnel|colis personnel|impots|declaration d impots|budget personnel"
    r"|comptes personnels|vacances|billets? de train|billets? d avion|anniversaire|mariage"
    r"|cadeaux?|demenagement|loto|fete|soiree|garage personnel|parents)"
)
_PERSONAL_WORD = (
    r"(?:perso|personnel|personnelle|personnels|personnelles|prive|privee|privees|prives)"
)
# "du personnel", "le personnel", "données personnelles" are the staff and the GDPR, not errands.
_NOT_STAFF = r"(?<!\bdu )(?<!\ble )(?<!\bau )(?<!\bdes )(?<!\bles )(?<!\bde )(?<!\bdonnees )(?<!\binformations )(?<!\bentretien )(?<!\bentretiens )"
_BENEFICIARIES = (
    r"\bavec (?:les |des |deux |trois |quatre |cinq |six |\d+ |un |une |mes |nos |ses |le |la |l )?"
    r"(?:jeunes|jeune|enfants|enfant|adolescents|adolescent|adolescentes|ados|residents|resident"
    r"|residentes|patients|patient|patiente|patientes|usagers|usager|beneficiaires|beneficiaire"
    r"|personnes accompagnees|personnes agees|personne agee|eleves|eleve|familles|famille"
    r"|participants|stagiaires accueillis|seniors|personnes handicapees|travailleurs|apprenants)\b"
)


@dataclass(frozen=True)
class Cue:
    """One family of phrasings marking a kind of task.

    `key` names the task (two lines with the same key and close wording are the same task,
    for routine detection); `weight` in (0, 1] is how surely the phrasing marks it; the cue is
    off in an internship whose objectives or competencies contain a word starting with one of
    `neutralisers`, or when the activity is done with the people the intern works for and
    `beneficiaries_neutralise` is set.
    """

    key: str
    weight: float
    pattern: re.Pattern[str]
    neutralisers: tuple[str, ...] = ()
    beneficiaries_neutralise: bool = False
    routine_key: bool = True


def _cue(
    key: str,
    weight: float,
    *patterns: str,
    off: tuple[str, ...] = (),
    with_people: bool = False,
    routine: bool = True,
) -> Cue:
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns))
    return Cue(key, weight, pattern, off, with_people, routine)


UNRELATED_CUES: tuple[Cue, ...] = (
    # -- personal tasks for the boss: never the field ---------------------------------------
    _cue(
        "personal",
        1.0,
        rf"\b{_PRIVATE}\b(?: \w+){{0,7}}? {_BOSS_OF} {_BOSS}\b",
        rf"\b{_BOSS_OF} {_BOSS}\b(?: \w+){{0,7}}? {_PERSONAL_WORD}\b",
        rf"{_NOT_STAFF}\b{_PERSONAL_WORD}\b(?: \w+){{0,5}}? {_BOSS_OF} {_BOSS}\b",
        rf"\b{_BOSS}\b(?: \w+){{0,5}}? (?:a son domicile|chez lui|chez elle|a sa maison)\b",
        rf"^(?=.*\b{_BOSS}\b).*\b(?:sa|son|ses) (?:fille|fils|filles|femme|mari|epouse|epoux|conjoint|conjointe|belle mere)\b",
        r"\bgarde (?:d|des|de ses|de son|de sa) (?:enfants?|fils|fille|chien|chat)\b",
        r"\bbaby ?sitt\w*",
        r"\b(?:recuperation|recuperer|chercher|deposer|depot|accompagner) (?:les |des |ses |son |sa )?(?:enfants|fils|fille)\b(?: \w+){0,4}? (?:a l ecole|a la creche|au college|a la sortie)",
        r"\b(?:promenade|promener|sortir|sortie) (?:du |le |des |les )?(?:chien|chiens)\b",
        r"\bbudget personnel\b",
        r"\bcomptes personnels\b",
        r"\bdeclaration d impots\b",
        routine=False,
    ),
    _cue("personal", 0.9, r"\bpressing\b", r"\bteinturerie\b", r"\bcordonnier\b", routine=False),
    _cue(
        "personal",
        0.75,
        rf"{_NOT_STAFF}\b(?:perso|personnel|personnelle|personnels|personnelles)\b(?! (?:soignant|medical|educatif|encadrant|administratif|navigant|technique|de sante|d encadrement))",
        off=("domicile",),
        routine=False,
    ),
    # -- errands, shopping, parties -----------------------------------------------------------
    _cue(
        "errands",
        0.85,
        r"\bcourses\b(?! (?:de taxi|d orientation|hippiques|a pied|de vitesse|de cote))",
        r"\bfaire (?:les|des) achats\b",
        r"\bcourses? (?:a|au|a la|chez|pour) (?:la |le |l )?(?:pharmacie|boulangerie|banque|pressing|poste|supermarche|marche)\b",
        r"\bchez (?:metro|carrefour|leclerc|auchan|lidl|intermarche|castorama|leroy merlin|ikea|picard|monoprix|franprix|promocash)\b",
        r"\b(?:au|du|a la|de la) (?:supermarche|hypermarche|superette|supérette)\b",
        r"\b(?:aller|passer|partir) (?:chercher|acheter|recuperer)\b",
        r"\bplateaux? repas\b",
        r"\b(?:chercher|acheter|achat|achats|commande|commander|recuperation|recuperer) (?:des |les |du |de la |d un |de |un |une )?(?:viennoiseries|croissants|pizzas|sandwichs|gateaux?|boissons|fleurs|bouquet|repas|dejeuner|petit dejeuner|chocolats)\b",
        off=("courses", "approvisionnement en denrees"),
        with_people=True,
    ),
    _cue(
        "party",
        0.85,
        r"\bcadeaux?\b",
        r"\bpot de (?:depart|fin d annee|bienvenue|noel|l equipe|retraite|anniversaire|depart en retraite)\b",
        r"\bpot (?:du|de l|des) \w+",
        r"\bgouter d anniversaire\b",
        r"\bbarbecue\b",
        r"\bloto\b",
        r"\bkermesse\b",
        r"\bsapin de noel\b",
        r"\b(?:decoration|decorer|deco) (?:de la |du |des )?(?:salle|bureaux?|sapin|locaux|open space)\b",
        r"\barbre de noel\b",
        off=("cadeau", "evenementiel", "animation"),
        with_people=True,
    ),
    # -- coffee and food service for others --------------------------------------------------
    _cue(
        "coffee",
        0.9,
        r"\b(?:faire|preparer|preparation|servir|service|apporter|porter|chercher|refaire|lancer) (?:du |le |les |des |de |d un |un )?cafes?\b",
        r"\bcafes? (?:et|pour|aux|au|des|a la) (?:viennoiseries|croissants|visiteurs|invites|clients|reunion|comite|direction|salle)",
        r"\bviennoiseries\b",
        r"\bcroissants\b",
        r"\bmachine a cafe\b",
        r"\bcapsules? (?:de |a )?cafe\b",
        r"\b(?:service|servir) (?:en salle de reunion|aux invites|des boissons|les boissons)\b",
        r"\bvaisselle\b",
        r"\blave vaisselle\b",
        r"\bplonge\b",
        off=(
            "cafe",
            "restaur",
            "boisson",
            "bar ",
            "barista",
            "traiteur",
            "vaisselle",
            "plonge",
            "cuisine",
            "service en salle",
        ),
        with_people=True,
    ),
    # -- photocopies, printing and binding for others ----------------------------------------
    _cue(
        "copies",
        0.9,
        r"\bphotocopi\w*",
        r"\bimpressions? (?:de |d )?(?:\d+|cent|cinquante|vingt|trente|quarante) (?:exemplaires|copies|pages)\b",
        r"\b\d+ (?:exemplaires|copies)\b",
        r"\bimpressions? (?:et|puis) (?:reliure|agrafage|mise sous|plastification|photocopie)",
        r"\breliures?\b",
        r"\bagrafage\b",
        r"\bplastifi\w*",
        r"\bmise sous pochettes?\b",
        r"\bmises? en pochettes?\b",
        r"\bfaire des copies\b",
        r"\bimprimante (?:en panne|bourree)\b",
        off=("reprographi", "imprimerie", "photocopi", "prepresse", "faconnage", "reliure"),
    ),
    # -- mailing, post, mail sorting ---------------------------------------------------------
    _cue(
        "mailing",
        0.85,
        r"\bmises? sous plis?\b",
        r"\bmises? sous enveloppes?\b",
        r"\baffranchi\w*",
        r"\bcollage (?:de |des )?(?:timbres|etiquettes d adresse|adresses)\b",
        r"\btimbres?\b",
        r"\b(?:tri|distribution|ramassage|depouillement) (?:du |des )?courriers?\b",
        r"\bcourriers? (?:a|au|a la) (?:la )?poste\b",
        r"\b(?:a|au|de|chez) la poste\b",
        r"\bbureau de poste\b",
        r"\b(?:depot|deposer|envoi|poster) (?:des |les |du |de )?(?:recommandes|lettres recommandees|courriers|plis)\b",
        off=("courrier", "secretariat", "affranchissement", "postal", "publipostage"),
    ),
    # -- reception desk, switchboard, front desk cover ----------------------------------------
    _cue(
        "switchboard",
        0.85,
        r"\bstandard telephonique\b",
        r"\bstandardiste\b",
        r"\b(?:tenue|tenir|tenu|permanence|gestion|remplacement|remplacer|renfort|relais|garde) (?:du |au |de |le |a )?standard\b",
        r"\bau standard\b",
        r"\bdu standard\b",
        r"\bpermanences? telephoniques?\b",
        r"\baccueil telephonique\b",
        r"\b(?:repondre|reponse|reponses) (?:au|aux) (?:telephone|appels)\b",
        r"\bprise (?:des|de) (?:appels|messages telephoniques)\b",
        r"\bfiltrage (?:des )?appels\b",
        off=(
            "standard",
            "telephon",
            "appels entrants",
            "centre d appels",
            "relation client a distance",
            "teleconseil",
            "accueil ",
        ),
    ),
    _cue(
        "front_desk",
        0.85,
        r"\b(?:tenue|tenir|tenu|permanence|remplacement|remplacer|renfort|garde|surveillance|poste) (?:de l |a l |de |a )?accueil\b",
        r"\b(?:a l|de l) accueil (?:toute|tout|le|la|l|pendant|en l absence|du matin|de l apres)",
        r"\baccueil (?:physique|du public|des visiteurs|des livreurs|de la clientele du cabinet|des clients du cabinet)\b",
        r"\bhote(?:sse)? d accueil\b",
        r"\bguichets?\b",
        r"\b(?:remplacer|remplacement|absence) (?:de |d )?(?:l |la |le )?(?:assistante?|secretaire|hotesse|office manager|standardiste|agent d accueil|receptionniste)\b",
        r"\b(?:assistante?|secretaire|hotesse|office manager|standardiste|agent d accueil) (?:absente?|en conges?|en arret|malade)\b",
        off=(
            "accueil ",
            "reception",
            "hebergement",
            "hotel",
            "secretariat",
            "assistanat",
            "front office",
            "guichet",
        ),
    ),
    # -- moving, furniture, carrying ----------------------------------------------------------
    _cue(
        "moving",
        0.85,
        r"\bdemenag\w*",
        r"\b(?:montage|demontage|monter|demonter|deplacer|deplacement|transport|transporter|porter|port) (?:de |des |du |les |d un |d une |un )?(?:meubles?|mobilier|bureaux|etageres|armoires?|caissons?|chaises|tables|cartons|palettes de mobilier|cloisons|rayonnages)\b",
        r"\b(?:mise|mises) en cartons?\b",
        r"\bcartons\b(?! (?:rouges?|jaunes?))",
        r"\bamenagement (?:des|du|de la) (?:bureaux|bureau|salle de pause|nouveaux locaux)\b",
        r"\b(?:installation|mise en place|preparation|amenagement|rangement) (?:de la |des |du )?salles?\b(?: \w+){0,6}? (?:tables|chaises)\b",
        off=(
            "demenag",
            "mobilier",
            "amenagement interieur",
            "agencement",
            "manutention",
            "evenementiel",
        ),
    ),
    # -- cleaning and tidying -----------------------------------------------------------------
    _cue(
        "cleaning",
        0.85,
        r"\bmenages?\b",
        r"\bbionettoyage\b",
        r"\b(?:ash|agent d entretien|agente d entretien|agent de service|agente de service|femme de menage|agent de proprete) (?:absente?|en arret|en conges?|malade|pas remplacee?|n est (?:toujours )?pas remplacee?)",
        r"\bnettoy\w*\b(?! (?:de |du |des |d |la |les |le )*(?:donnees|bases? de donnees|bases? clients|base produits|bdd|fichiers?|code|csv|doublons|listes?|crm|tableaux?|tables?|scripts?|logs?|cache|jeux de donnees|adresses|contacts|referentiel|catalogue)\b)",
        r"\bentretien des (?:locaux|bureaux|sols|vitres|sanitaires)\b",
        r"\bpoubelles?\b",
        r"\bvidage (?:des |du |de la |de l )?(?:poubelles|lave vaisselle|frigo|refrigerateur|corbeilles)\b",
        r"\b(?:aspirateur|serpilliere|balai|balayage|lessivage|depoussierage|depoussierer)\b",
        r"\blavage (?:de |des |du |de la |d un )?(?:voitures?|vehicules?|vitres|sols|vitrines|camions?|minibus)\b",
        r"\bstation de lavage\b",
        r"\blaver (?:la |les |le )?(?:voiture|vehicule|vitres|sols|tasses)\b",
        r"\b(?:salle|local|coin|espace) (?:de )?pause\b",
        r"\bcuisine commune\b",
        r"\b(?:frigo|refrigerateur)\b",
        r"\bsanitaires\b",
        r"\bpapier toilette\b",
        r"\btoilettes\b(?! (?:au lit|au lavabo|completes?|partielles?|evaluatives?|des patients|des residents|des patientes|des enfants|du patient|de la patiente|d un|d une))",
        off=(
            "menage",
            "nettoy",
            "bionettoyage",
            "proprete",
            "entretien des locaux",
            "hygiene des locaux",
            "etages",
            "gouvernant",
            "lingerie",
        ),
        with_people=True,
    ),
    _cue(
        "tidying",
        0.6,
        r"\brangement\b(?! (?:du code|des fichiers|des donnees|des dossiers partages))",
        r"\branger\b",
        r"\bplacards?\b",
        off=(
            "rangement",
            "stock",
            "entrepo",
            "magasin",
            "reserve",
            "logisti",
            "etages",
            "lingerie",
        ),
        with_people=True,
    ),
    _cue(
        "supplies",
        0.8,
        r"\bfournitures (?:de bureau|administratives)\b",
        r"\b(?:inventaire|commande|rangement|reception|livraison|reassort) (?:des |de |du )?(?:fournitures|ramettes|cartouches|toners?|papeterie|consommables de bureau)\b",
        r"\bramettes?\b",
        r"\bcartouches? d encre\b",
        r"\btoners?\b",
        off=("fourniture", "papeterie", "achat public", "services generaux"),
    ),
    # -- archiving and filing (another department's papers) ------------------------------------
    _cue(
        "archiving",
        0.75,
        r"\barchiv\w*",
        r"\b(?:classement|tri|trier|classer|rangement|numerisation|scan|scanner|scans) (?:et (?:classement|archivage|numerisation) )?(?:de |des |du |d )?(?:factures|dossiers|documents|papiers|courriers|archives|classeurs|bons de livraison|contrats|fiches|cartons|pieces)\b",
        r"\bclasseurs?\b",
        r"\bdestruction (?:des |de )?(?:archives|documents|papiers)\b",
        r"\bbroy\w*",
        off=(
            "archiv",
            "classement",
            "documentalist",
            "gestion documentaire",
            "ged",
            "dematerialis",
        ),
    ),
    # -- data entry unrelated to the training -------------------------------------------------
    _cue(
        "data_entry",
        0.75,
        r"\b(?:saisie|saisies|saisir|encodage) (?:\w+ ){1,8}?(?:dans|sur|sous) (?:l |le |un |une |la |son |sa )?(?:erp|tableur|fichier excel|fichier|excel|logiciel|base adherents)\b",
        r"\bfiches? (?:articles|adherents|contacts|membres|inscription)\b",
        off=(
            "saisi",
            "comptab",
            "ecriture",
            "secretariat",
            "gestion administrative",
            "encodage",
            "erp",
        ),
    ),
    _cue(
        "data_entry",
        0.6,
        r"\bsaisies?\b",
        r"\bsaisir\b",
        r"\bencodage\b",
        r"\bcopier coller\b",
        off=("saisi", "comptab", "ecriture", "secretariat", "gestion administrative", "encodage"),
    ),
    # -- labour in the warehouse, the shop, the kitchen, the factory ---------------------------
    _cue(
        "warehouse",
        0.75,
        r"\bpreparations? (?:de |des |du )?(?:commandes?|colis)\b",
        r"\bemballages?\b",
        r"\bemball\w*",
        r"\bcolisage\b",
        r"\bpicking\b",
        r"\betiquettes? (?:colissimo|chronopost|d expedition|transporteur|de transport|ups|dhl)\b",
        r"\b(?:colissimo|chronopost|mondial relay)\b",
        r"\brenfort (?:a l |en |au |de l |a la |sur la |sur le )?(?:entrepot|logistique|preparation|expedition|expeditions|magasin|boutique|caisse|production|cuisine|rayon|rayons|chaine|usine|plonge|conditionnement)\b",
        r"\bentrepot\b",
        r"\bcolis\b",
        r"\bmanutention\b",
        r"\bdechargement (?:du |des |d un )?(?:camion|camions|livraison|livraisons|palettes)\b",
        r"\breception (?:de la |des |d une )?livraisons?\b",
        off=(
            "commande",
            "picking",
            "entrepo",
            "logisti",
            "expedition",
            "emball",
            "conditionnement",
            "colis",
            "manutention",
            "supply chain",
            "approvisionn",
            "livraison",
        ),
    ),
    _cue(
        "shop",
        0.75,
        r"\bmises? en rayons?\b",
        r"\breassort\w*",
        r"\bencaissements?\b",
        r"\btenue (?:de la |du |d un |d une )?(?:caisse|stand|boutique|magasin|buvette)\b",
        r"\b(?:en|a la|de la) caisse\b",
        r"\bvente (?:en|au|sur le|sur un|a la) (?:boutique|magasin|stand|marche|comptoir|buvette)\b",
        r"\bvente\b(?: \w+){0,4}? \bstand\b",
        r"\bmarche (?:des createurs|de noel|hebdomadaire)\b",
        r"\bfacing\b",
        r"\betiquetage (?:des |de )?(?:prix|produits en rayon)\b",
        off=(
            "caisse",
            "encaiss",
            "vente ",
            "ventes ",
            "magasin",
            "rayon",
            "reception",
            "hebergement",
            "boutique",
            "point de vente",
            "marchandis",
        ),
    ),
    # -- driving and cars ----------------------------------------------------------------------
    _cue(
        "driving",
        0.7,
        r"\b(?:conduire|conduite|chauffeur|navette|amener|emmener|raccompagner) (?:le |la |les )?(?:directeur|directrice|patron|patronne|gerant|gerante|clients?|invites) (?:a|au|de|jusqu)",
        r"\b(?:conduire|deposer|chercher|amener|emmener|raccompagner|recuperer|accompagner|navette)\b(?: \w+){0,5}? (?:a la|de la|a l) (?:gare|aeroport)\b",
        r"\bplein d essence\b",
        r"\bcontrole technique\b",
        r"\bpneus?\b",
        off=(
            "transport de personnes",
            "conduite",
            "chauffeur",
            "vehicule",
            "automobile",
            "mecani",
            "maintenance",
        ),
    ),
)

PROGRAM_CUES: tuple[Cue, ...] = (
    _cue(
        "onboarding",
        0.8,
        r"^accueil\b",
        r"\baccueil (?:rh|ressources humaines|securite|du stagiaire|des stagiaires|des nouveaux|au cabinet|dans l|dans le|dans la|par|en entreprise|sur site|et presentation|et visite|du nouvel arrivant)\b",
        r"\bjournee d (?:accueil|integration)\b",
        r"\bvisite (?:des locaux|de l entreprise|de la societe|du site|de l usine|de l entrepot|de l hotel|des services|du chantier|de l etablissement|de la structure|du service|de l agence|du magasin|de l atelier|du laboratoire)\b",
        r"\btour des (?:services|equipes|bureaux)\b",
        r"\bpresentation (?:de l |des |du |de la )?(?:equipe|equipes|entreprise|societe|services|service|structure|etablissement|gammes|produits de l entreprise|organigramme|cabinet|agence|mecs|association)\b",
        r"\bremise (?:du |de la |des )?(?:badge|tenue|materiel|cles|ordinateur|poste)\b",
        r"\binstallation (?:du |de mon )?poste\b",
        r"\b(?:creation|recuperation|ouverture|parametrage|demande) des acces\b",
        r"\bdecouverte (?:de l |du |des |de la )?(?:entreprise|service|process|processus|outils|logiciels?|groupe|poste|metier|equipe|structure|etablissement|site|organisation)\b",
        r"\bprise en main\b",
        r"\bdoublure\b",
        r"\bcharte\b",
        r"\breglement interieur\b",
        r"\bsensibilisation\b",
        r"\bepi\b",
        r"\bintegration dans l equipe\b",
    ),
    _cue(
        "other_project",
        1.0,
        r"\bd (?:un|une) autre\b",
        r"\b(?:un|une|l) autre (?:projet|dossier|client|module|service|equipe|produit|chantier|site|application|mission|appel d offres|affaire|gamme|magasin|agence|groupe|unite|classe)\b",
        r"\b(?:autres|autre) (?:projets|dossiers|clients|modules|services|produits|chantiers|sites|applications|missions|affaires)\b",
        r"\bhors (?:projet|mission|perimetre)\b",
    ),
    _cue(
        "safety_ritual",
        0.7,
        r"\bquart d heure (?:securite|qualite|environnement|sse|hse)\b",
        r"\bcauserie (?:securite|qse|hse)\b",
        r"\bminute securite\b",
        r"\btoolbox\b",
        r"\bexercice (?:d )?evacuation\b",
        off=("quart d heure", "causerie"),
    ),
    _cue(
        "training",
        0.8,
        r"\bformation(?! (?:de |des |d )(?:\d+|deux|trois|quatre|cinq|six|l equipe|les|la|nouveaux|nouvelles|agents|salaries|collaborateurs|utilisateurs|benevoles|animateurs|vendeurs|caristes|receptionnistes|preparateurs|operateurs|techniciens|stagiaires|equipes))",
        r"\batelier (?:interne|de formation|d initiation|pratique)\b",
        r"\bwebinaires?\b",
        r"\bwebinars?\b",
        r"\be ?learning\b",
        r"\bmooc\b",
        r"\bconferences?\b",
        r"\bsalon professionnel\b",
        r"\bveille\b",
        r"\bcaces\b",
        r"\bsst\b",
        r"\bautoformation\b",
        r"\btutoriels?\b",
        r"\bcertification\b",
        r"\banalyse (?:de la |des )?pratiques? professionnelles?\b",
        off=(
            "formation ",
            "veille",
            "conference",
            "certification",
            "webinaire",
            "tutoriel",
            "e learning",
        ),
    ),
    _cue(
        "internship",
        0.9,
        r"\brapport de stage\b",
        r"\bsoutenance\b",
        r"\bbilan (?:de |du )?(?:mi stage|fin de stage|stage|la periode de stage|mi parcours)\b",
        r"\bbilan (?:intermediaire|final) (?:de |du )?stage\b",
        r"\bvisite (?:du |de la |de l )?(?:tuteur|tutrice|referent|referente|professeur|enseignant|enseignante|formatrice|formateur|ecole)\b",
        r"\b(?:enseignante?|professeure?|formatrice|formateur|responsable pedagogique) referente?\b",
        r"\b(?:livret|carnet|journal) (?:de stage|de bord|d apprentissage)\b",
        r"\becrit (?:de fin de stage|de stage|pour l)\b",
        r"\bconvention de stage\b",
        r"\bportfolio\b",
        r"\bfin de stage\b",
        r"\bmi stage\b",
    ),
    _cue(
        "internship",
        0.9,
        r"\bmemoire\b(?! (?:technique|en reponse|justificatif|de synthese|descriptif))",
        off=("memoire",),
    ),
    _cue(
        "team",
        0.6,
        r"\breunions? (?:d |de |du )?(?:l )?(?:equipe|service|exploitation|production|direction|pole|agence|cabinet|staff|coordination|institutionnelle)\b",
        r"\breunions? hebdo\w*",
        r"\bsprint review\b",
        r"\bstaff\b",
        r"\bsprint planning\b",
        r"\bdaily\b",
        r"\bstand ?up\b",
        r"\bretrospective\b",
        r"\bretex\b",
        r"\bseminaire d (?:entreprise|equipe)\b",
        r"\bpoint (?:hebdo|hebdomadaire|d equipe|mensuel d equipe)\b",
        r"\bcomite de direction\b",
        r"\bassemblee generale\b",
    ),
    _cue(
        "helping",
        0.7,
        r"\bcoup de main\b",
        r"\baide (?:a|aux|apportee a) (?:un |une |des |la |le |l )?(?:collegues?|collaborat\w*|equipe|autre|stagiaire|alternant|alternante|technicien|technicienne|developpeur|developpeuse|comptable|juriste|educateur|educatrice)\b",
        r"\bautre (?:jeune|patient|patiente|eleve|resident|beneficiaire)\b",
        r"\bpair programming\b",
        r"\ben binome avec\b",
        r"\bticket\b",
        r"\baide (?:au|a la|aux) (?:metreur|comptable|juriste|technicien|technicienne|chef|cheffe|collegue|collegues|responsable|charge|chargee|secretaire|equipe)\b",
        r"\b(?:a la demande|pour) (?:de |du |de la )?(?:la |le )?(?:cheffe|chef) de (?:produit|projet|mission|chantier|rayon)\b",
        off=("ticket",),
    ),
)

_PROGRAM_NAME_HELP = re.compile(
    r"\b(?i:aide|coup de main|renfort|soutien|pair programming|binôme|binome) (?i:a|à|avec|aupres de|auprès de|pour) [A-ZÉÈ][a-zéèëïîôç]+"
)
_BENEFICIARY_PATTERN = re.compile(_BENEFICIARIES)


@dataclass(frozen=True)
class Match:
    """A cue found in one activity."""

    key: str
    weight: float
    routine_key: bool


class Lexicon:
    """The cues of both lexicons, with those the internship's own field switches off."""

    def __init__(self, domain_text: str) -> None:
        """`domain_text`: the objectives' and competencies' texts, normalised and joined."""
        words = f" {domain_text} "
        self.unrelated = tuple(c for c in UNRELATED_CUES if not _present(c.neutralisers, words))
        self.program = tuple(c for c in PROGRAM_CUES if not _present(c.neutralisers, words))
        self.switched_off = tuple(c.key for c in UNRELATED_CUES if _present(c.neutralisers, words))
        self._domain = words
        self._unrelated_cache: dict[str, list[Match]] = {}

    def unrelated_matches(self, normalised: str) -> list[Match]:
        known = self._unrelated_cache.get(normalised)
        if known is None:
            known = self._unrelated_cache[normalised] = self._unrelated_matches(normalised)
        return list(known)

    def _unrelated_matches(self, normalised: str) -> list[Match]:
        with_people = _BENEFICIARY_PATTERN.search(normalised) is not None
        found: dict[str, Match] = {}
        for cue in self.unrelated:
            if with_people and cue.beneficiaries_neutralise:
                continue
            if cue.pattern.search(normalised):
                known = found.get(cue.key)
                if known is None or known.weight < cue.weight:
                    found[cue.key] = Match(cue.key, cue.weight, cue.routine_key)
        return sorted(found.values(), key=lambda m: (-m.weight, m.key))

    def program_matches(self, normalised: str, raw: str) -> list[Match]:
        found: dict[str, Match] = {}
        for cue in self.program:
            # A phrase the objectives themselves use is their subject, not programme-level
            # work: "rédaction de la charte éditoriale" when an objective is to write it.
            if any(
                f" {match.group(0).strip()} " not in self._domain
                for match in cue.pattern.finditer(normalised)
            ):
                known = found.get(cue.key)
                if known is None or known.weight < cue.weight:
                    found[cue.key] = Match(cue.key, cue.weight, cue.routine_key)
        if "helping" not in found and _PROGRAM_NAME_HELP.search(raw):
            found["helping"] = Match("helping", 0.7, True)
        return sorted(found.values(), key=lambda m: (-m.weight, m.key))


def strength(matches: list[Match]) -> float:
    """How surely the matches mark the activity: the strongest, a little more when several agree."""
    if not matches:
        return 0.0
    best = matches[0].weight
    others = sum(m.weight for m in matches[1:])
    return min(1.0, best + 0.15 * others)


def _present(prefixes: tuple[str, ...], words: str) -> bool:
    return any(f" {prefix}" in words for prefix in prefixes)

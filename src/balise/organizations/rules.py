import rules

from balise.agreements.rules import can_start_agreements

rules.add_perm("organizations.pick_host", rules.is_authenticated & can_start_agreements)

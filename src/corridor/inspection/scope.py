"""Who is an inspector: a destination officer of a labour inspectorate (the only ones who visit and decide)."""

from corridor.accounts.choices import OrganisationKind, Role


def is_inspector(user) -> bool:
    organisation = getattr(user, "organisation", None)
    return (getattr(user, "role", None) == Role.DESTINATION_OFFICER and organisation is not None
            and organisation.kind == OrganisationKind.LABOUR_INSPECTORATE)

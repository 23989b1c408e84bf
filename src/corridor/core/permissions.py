"""Whether a user may take an action, for core's own pages: asks the checker accounts installs in its ready().

Core sits below accounts and may not import it (the layers contract in pyproject.toml), so the role table
(corridor.accounts.permissions) is reached through this one indirection. Deny by default: with no checker
installed, nobody may do anything.
"""

from collections.abc import Callable

_checker: Callable[[object, str], bool] | None = None


def set_checker(checker: Callable[[object, str], bool]) -> None:
    global _checker
    _checker = checker


def has_perm(user, action: str) -> bool:
    return bool(_checker is not None and _checker(user, action))

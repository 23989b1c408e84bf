"""The `corridor` command: every Django management command plus Corridor's own."""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    execute_from_command_line(["corridor", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()

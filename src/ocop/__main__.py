"""The ``ocop`` command: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv
    if len(argv) == 2 and argv[1] in {"--help", "-h"}:
        _print_project_commands()
    execute_from_command_line(argv)


def _print_project_commands() -> None:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    ours = sorted(name for name, app in get_commands().items() if app.startswith("ocop."))
    print("OCOP — project commands (ocop <command> --help for details):")
    for name in ours:
        app = get_commands()[name]
        help_text = load_command_class(app, name).help.strip().splitlines()[0]
        print(f"  {name:<22} {help_text}")
    print()


if __name__ == "__main__":
    main()

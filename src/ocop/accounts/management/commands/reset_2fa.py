"""Remove a person's two-factor enrolment (lost phone), from the server's shell."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocop.accounts import twofactor
from ocop.accounts.models import User


class Command(BaseCommand):
    help = "Reset (remove) a user's two-factor authentication; audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No such user: {options['username']}")
        twofactor.reset(user=user, actor=None, reason=options["reason"] or "ocop reset_2fa")
        self.stdout.write(f"Two-factor reset for {user.get_username()}")

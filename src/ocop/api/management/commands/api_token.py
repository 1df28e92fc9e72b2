"""``ocop api_token create|revoke|list``: API tokens from the command line (actor: system)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.api.enums import TokenAccess, TokenScope
from ocop.api.models import ApiToken
from ocop.api.tokens import create_token, revoke_token
from ocop.geo.models import Commune, Province
from ocop.registry.models import Producer


class Command(BaseCommand):
    help = "Create, revoke or list API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token; prints the secret once.")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", required=True, choices=TokenScope.values)
        create.add_argument("--access", default=TokenAccess.READ, choices=TokenAccess.values)
        create.add_argument("--province", help="province code (scope province)")
        create.add_argument("--commune", help="commune code (scope commune)")
        create.add_argument("--producer", type=int, help="producer id (scope producer)")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")
        revoke.add_argument("--reason", default="")
        sub.add_parser("list", help="List tokens (never their secret).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
            revoke_token(actor=None, token=token, reason=options["reason"])
            self.stdout.write(f"revoked {token.prefix}")
        else:
            for token in ApiToken.objects.select_related("province", "commune", "producer"):
                area = token.province_id or token.commune_id or token.producer_id or "-"
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.prefix}\t{token.name}\t{token.scope}:{area}\t{token.access}\t"
                    f"{state}\tlast used {used}"
                )

    def _create(self, options: dict[str, Any]) -> None:
        try:
            province = (
                Province.objects.get(code=options["province"]) if options["province"] else None
            )
            commune = Commune.objects.get(code=options["commune"]) if options["commune"] else None
            producer = Producer.objects.get(pk=options["producer"]) if options["producer"] else None
        except (Province.DoesNotExist, Commune.DoesNotExist, Producer.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            new = create_token(
                actor=None,
                name=options["name"],
                scope=TokenScope(options["scope"]),
                access=TokenAccess(options["access"]),
                province=province,
                commune=commune,
                producer=producer,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"prefix {new.token.prefix}")
        self.stdout.write(new.raw)
        self.stderr.write("The token is shown only once: store it now.")

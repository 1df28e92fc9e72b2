from django.core.management.base import BaseCommand

from ocop.criteria.domain import load_classification


class Command(BaseCommand):
    help = "Load the criteria versions and the Annex I classification (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        loaded = load_classification()
        self.stdout.write(f"{loaded.version}: {loaded.product_sets} product sets")

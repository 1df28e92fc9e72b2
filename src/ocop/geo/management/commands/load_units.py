from django.core.management.base import BaseCommand

from ocop.geo.domain import load_units


class Command(BaseCommand):
    help = "Load the 34 provinces and 3,321 communes (and legacy units) from vietnam-provinces."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_units()
        self.stdout.write(str(counts))

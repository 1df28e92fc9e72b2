from django.core.management.base import BaseCommand

from ocop.demo.data import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the deterministic demo data set (Ninh Bình) and demo accounts (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        result = load_demo()
        self.stdout.write(
            f"Demo: {result.producers} producers, {result.products} products, "
            f"{result.documents} documents in {result.province}; "
            f"{result.dossiers} dossiers, {result.recognised} recognised; "
            f"{result.certificates} certificates."
        )
        self.stdout.write("Demo accounts (tài khoản demo) — password / mật khẩu: " + DEMO_PASSWORD)
        for username, role in result.accounts:
            self.stdout.write(f"  {username:<18} {role}")

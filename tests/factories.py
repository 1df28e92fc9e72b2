"""Small builders for test data. They write through the ORM directly (fast);
tests of the domain functions call those functions themselves."""

from itertools import count
from typing import Any

from ocop.accounts.models import RoleAssignment, User
from ocop.criteria.models import ProductSet
from ocop.geo.models import Commune
from ocop.registry.enums import Gender, ProducerKind
from ocop.registry.models import Producer, Product

PASSWORD = "correct-horse-battery-9"
_seq = count(1)


def make_user(
    username: str,
    *,
    role: str | None = None,
    province: str | None = None,
    commune: str | None = None,
    producer: Producer | None = None,
    superuser: bool = False,
) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.vn", password=PASSWORD
    )
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    if role:
        RoleAssignment.objects.create(
            user=user, role=role, province_id=province, commune_id=commune, producer=producer
        )
    return user


def make_producer(*, commune: str, name: str | None = None, **fields: Any) -> Producer:
    n = next(_seq)
    values: dict[str, Any] = {
        "kind": ProducerKind.COOPERATIVE,
        "name": name or f"Hợp tác xã thử nghiệm {n}",
        "tax_code": f"{2700000000 + n}",
        "representative_name": "Nguyễn Thị Lan",
        "representative_gender": Gender.FEMALE,
        "commune": Commune.objects.get(code=commune),
    }
    values.update(fields)
    producer = Producer(**values)
    producer.save()
    return producer


def make_product(
    *, producer: Producer, name: str | None = None, set_number: int = 4, **fields: Any
) -> Product:
    values: dict[str, Any] = {
        "name": name or f"Sản phẩm {next(_seq)}",
        "commune": producer.commune,
        "product_set": ProductSet.objects.get(version__is_current=True, number=set_number),
    }
    values.update(fields)
    product = Product(producer=producer, **values)
    product.save()
    return product

import pytest

from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


@pytest.fixture
def world(db):
    """Records in three places, so that a scoping bug has something to leak."""
    home = make_producer(commune=HOME_COMMUNE, name="HTX Hoa Lư")
    near = make_producer(commune=OTHER_COMMUNE_SAME_PROVINCE, name="HTX Kim Sơn")
    far = make_producer(commune=OTHER_PROVINCE_COMMUNE, name="Công ty Ba Đình")
    return {
        "home": home,
        "near": near,
        "far": far,
        "home_product": make_product(producer=home, name="Mật ong Hoa Lư"),
        "near_product": make_product(producer=near, name="Gạo Kim Sơn"),
        "far_product": make_product(producer=far, name="Chè Ba Đình"),
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def producer_account(world):
    return make_user("chuthe", role="producer", producer=world["home"])


@pytest.fixture
def council_member(db):
    return make_user("hoidong", role="council_member", province="37")

"""Training (issue 7 §4): courses, participants, the two training indicators and pages.

Hand-counted data set (Ninh Bình, 37), on top of the planning ``world``:

Active official role assignments in Ninh Bình: tinh, tinh2 (province officers), xa
(Hoa Lư), xa2 (Kim Sơn) = 4; "cu" (Kim Sơn) is inactive and tinhkhac is in Hà Nội.

==========  ===================  =====================================================
 course      ends                 participants
==========  ===================  =====================================================
 c2025       10/06/2025           tinh ✔, xa ✘, tinhkhac ✔, coop_a ✔, hh_b ✘, coop_x ✔,
                                  cu ✔, a free-text name ✔
 c2024       31/12/2024           xa2 ✔, ent_a ✔
==========  ===================  =====================================================

Producers of Ninh Bình: coop_a, ent_a (Hoa Lư), hh_b (Kim Sơn) = 3; coop_x is Hà Nội.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import RoleAssignment
from ocop.geo.models import Commune, Province
from ocop.planning import domain
from ocop.planning.indicators import REGISTRY, Area, Period
from ocop.planning.models import Course, CourseKind, Participant, ParticipantLevel
from tests.conftest import (
    HOME_COMMUNE,
    HOME_PROVINCE,
    OTHER_COMMUNE_SAME_PROVINCE,
    OTHER_PROVINCE_COMMUNE,
)
from tests.factories import make_user

from .conftest import TODAY

NB = Area(HOME_PROVINCE)
HOA_LU = Area(HOME_PROVINCE, HOME_COMMUNE)


def course_fields(**overrides):
    fields = {
        "topic": "Tập huấn chu trình OCOP",
        "kind": CourseKind.MIXED,
        "start_date": date(2025, 6, 9),
        "end_date": date(2025, 6, 10),
        "place": "Hội trường UBND tỉnh",
        "province": Province.objects.get(code=HOME_PROVINCE),
        "organiser": "Sở Nông nghiệp và Môi trường",
        "trainers": "TS. Nguyễn Văn A",
    }
    fields.update(overrides)
    return fields


def new_course(actor=None, **overrides):
    return domain.create_course(actor=actor, fields=course_fields(**overrides))


def join(course, *, attended=True, **fields):
    return domain.add_participant(
        actor=None, course=course, fields={"attended": attended, **fields}
    )


@pytest.fixture
def training(world, province_officer, commune_officer, other_province_officer):
    tinh2 = make_user("tinh2", role="province_officer", province=HOME_PROVINCE)
    xa2 = make_user("xa2", role="commune_officer", commune=OTHER_COMMUNE_SAME_PROVINCE)
    cu = make_user("cu", role="commune_officer", commune=OTHER_COMMUNE_SAME_PROVINCE)
    RoleAssignment.objects.filter(user=cu).update(is_active=False)
    c2025 = new_course()
    c2024 = new_course(
        topic="Tập huấn cán bộ", start_date=date(2024, 12, 30), end_date=date(2024, 12, 31)
    )
    pr = world.producers
    join(c2025, user=province_officer)
    join(c2025, user=commune_officer, attended=False)
    join(c2025, user=other_province_officer)
    join(c2025, user=cu)
    join(c2025, producer=pr["coop_a"])
    join(c2025, producer=pr["hh_b"], attended=False)
    join(c2025, producer=pr["coop_x"])
    join(c2025, name="Trần Thị B", level=ParticipantLevel.COMMUNE)
    join(c2024, user=xa2)
    join(c2024, producer=pr["ent_a"])
    return {"c2025": c2025, "c2024": c2024, "tinh2": tinh2, "xa2": xa2}


Y2025 = Period.year(2025)


def run(code, area=NB, period=Y2025):
    return REGISTRY[code](area, period, today=TODAY)


# ------------------------------------------------------------------- models


def test_course_end_before_start_is_rejected(db):
    with pytest.raises(ValidationError) as exc:
        new_course(start_date=date(2025, 6, 10), end_date=date(2025, 6, 9))
    assert "Ngày kết thúc" in str(exc.value)


def test_course_commune_must_lie_in_its_province(db):
    with pytest.raises(ValidationError) as exc:
        new_course(commune=Commune.objects.get(code=OTHER_PROVINCE_COMMUNE))
    assert "commune" in exc.value.message_dict


def test_participant_needs_exactly_one_identity(world, province_officer):
    course = new_course()
    with pytest.raises(ValidationError):
        join(course, user=province_officer, producer=world.producers["coop_a"])
    with pytest.raises(ValidationError):
        join(course, level=ParticipantLevel.COMMUNE)  # nobody
    with pytest.raises(ValidationError):
        Participant(
            course=course, producer=world.producers["coop_a"], level=ParticipantLevel.COMMUNE
        ).full_clean()
    join(course, user=province_officer)
    with pytest.raises(ValidationError):
        join(course, user=province_officer)  # twice on the same course


def test_level_is_taken_from_role_assignments(world, province_officer, commune_officer, sysadmin):
    course = new_course()
    levels = {
        join(course, user=u).user.username: Participant.objects.get(course=course, user=u).level
        for u in (province_officer, commune_officer, sysadmin)
    }
    assert levels == {"tinh": "province", "xa": "commune", "admin": "national"}
    # an explicit level is overridden for accounts and producers
    p = join(course, producer=world.producers["coop_a"], level=ParticipantLevel.NATIONAL)
    assert p.level == ParticipantLevel.PRODUCER


# ------------------------------------------------------------------- area checks


def test_writes_outside_the_area_are_refused(db, other_province_officer, commune_officer):
    with pytest.raises(PermissionDenied):
        new_course(actor=other_province_officer)
    course = new_course()
    with pytest.raises(PermissionDenied):
        domain.update_course(actor=commune_officer, course=course, fields={"topic": "X"})
    with pytest.raises(PermissionDenied):
        domain.add_participant(
            actor=other_province_officer,
            course=course,
            fields={"name": "A", "level": ParticipantLevel.COMMUNE},
        )
    own = new_course(actor=commune_officer, commune=Commune.objects.get(code=HOME_COMMUNE))
    assert own.created_by == commune_officer
    kim_son = Commune.objects.get(code=OTHER_COMMUNE_SAME_PROVINCE)
    with pytest.raises(PermissionDenied):  # may not move it out of one's area
        domain.update_course(actor=commune_officer, course=own, fields={"commune": kim_son})


def test_pages_outside_the_area_are_404_or_403(client, db, other_province_officer, commune_officer):
    course = new_course()
    participant = join(course, name="A", level=ParticipantLevel.COMMUNE)
    client.force_login(other_province_officer)
    assert (
        client.get(reverse("backoffice:planning_course_detail", args=[course.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("backoffice:planning_course_edit", args=[course.pk])).status_code == 404
    )
    url = reverse("backoffice:planning_participant_attended", args=[participant.pk])
    assert client.post(url, {"attended": "0"}).status_code == 404
    assert (
        client.get(reverse("backoffice:planning_course_list")).context["page"].paginator.count == 0
    )
    client.force_login(commune_officer)  # sees the province's courses, may not edit them
    assert (
        client.get(reverse("backoffice:planning_course_detail", args=[course.pk])).status_code
        == 404
    )
    own = new_course(commune=Commune.objects.get(code=HOME_COMMUNE))
    assert (
        client.get(reverse("backoffice:planning_course_detail", args=[own.pk])).status_code == 200
    )


# ------------------------------------------------------------------- indicators


def test_officials_trained(training):
    r = run("officials_trained")
    assert r.value == Decimal("25.0")  # tinh of 4
    assert r.record_kind == "official"
    assert [a.user.username for a in r.records] == ["tinh"]
    assert run("officials_trained", period=Period.years(2024, 2025)).value == Decimal("50.0")
    assert run("officials_trained", period=Period.year(2023)).value == Decimal("0.0")
    assert run("officials_trained", area=HOA_LU).value == Decimal("0.0")  # xa did not attend
    p = Participant.objects.get(course=training["c2025"], user__username="xa")
    domain.set_attended(actor=None, participant=p, attended=True, certificate_number="CN-1")
    assert run("officials_trained").value == Decimal("50.0")
    assert run("officials_trained", area=HOA_LU).value == Decimal("100.0")
    assert run("officials_trained", area=Area("01")).value == Decimal("100.0")  # tinhkhac


def test_producers_trained(training):
    r = run("producers_trained")
    assert r.value == Decimal("33.3")  # coop_a of 3
    assert r.record_kind == "producer"
    assert [p.name for p in r.records] == ["HTX A"]
    both = run("producers_trained", period=Period.years(2024, 2025))
    assert both.value == Decimal("66.7")
    assert sorted(p.name for p in both.records) == ["Công ty A", "HTX A"]
    assert run("producers_trained", area=HOA_LU).value == Decimal("50.0")
    assert (
        run("producers_trained", area=Area(HOME_PROVINCE, OTHER_COMMUNE_SAME_PROVINCE)).value == 0
    )


def test_no_denominator_is_none(db):
    assert run("officials_trained").value is None
    assert run("producers_trained").value is None


@pytest.mark.parametrize("code", ["officials_trained", "producers_trained"])
def test_indicators_run_a_constant_number_of_queries(training, code, django_assert_num_queries):
    with django_assert_num_queries(2):
        result = run(code, period=Period.years(2024, 2025))
    assert result.value is not None
    assert len(REGISTRY[code].definition) > 200


# ------------------------------------------------------------------- pages


def test_course_round_trip(client, world, province_officer, commune_officer):
    client.force_login(province_officer)
    response = client.post(
        reverse("backoffice:planning_course_create"),
        {
            "topic": "Tập huấn thiết kế bao bì",
            "kind": CourseKind.PRODUCERS,
            "start_date": "2025-03-01",
            "end_date": "2025-03-02",
            "place": "Hoa Lư",
            "province": HOME_PROVINCE,
            "commune": HOME_COMMUNE,
            "organiser": "Sở NN&MT",
            "trainers": "",
            "notes": "",
        },
    )
    course = Course.objects.get(topic="Tập huấn thiết kế bao bì")
    detail = reverse("backoffice:planning_course_detail", args=[course.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert course.created_by == province_officer and course.commune_id == HOME_COMMUNE

    response = client.post(detail, {"username": "xa"})
    assert response.status_code == 302
    response = client.post(detail, {"producer": world.producers["coop_a"].pk, "attended": "on"})
    assert response.status_code == 302
    bad = client.post(detail, {"username": "xa", "name": "Ai đó"})
    assert bad.status_code == 200 and bad.context["form"].errors
    p = Participant.objects.get(course=course, user=commune_officer)
    assert p.level == ParticipantLevel.COMMUNE and not p.attended

    url = reverse("backoffice:planning_participant_attended", args=[p.pk])
    assert client.post(url, {"attended": "1", "certificate_number": "CN 12"}).status_code == 302
    p.refresh_from_db()
    assert p.attended and p.certificate_number == "CN 12"

    page = client.get(detail)
    assert page.status_code == 200
    html = page.content.decode()
    assert "CN 12" in html and "HTX A" in html

    edit = reverse("backoffice:planning_course_edit", args=[course.pk])
    assert client.get(edit).status_code == 200
    listing = reverse("backoffice:planning_course_list")
    rows = client.get(listing, {"year": 2025}).context["page"].object_list
    assert [(c.topic, c.n_participants, c.n_attended) for c in rows] == [
        ("Tập huấn thiết kế bao bì", 2, 2)
    ]
    assert not client.get(listing, {"year": 2024}).context["page"].object_list
    assert not client.get(listing, {"kind": CourseKind.OFFICIALS}).context["page"].object_list
    assert "planning/courses/" in client.get(reverse("backoffice:planning_list")).content.decode()

    client.force_login(commune_officer)
    assert client.post(url, {"attended": "0"}).status_code == 302  # own commune's course
    p.refresh_from_db()
    assert not p.attended


def test_commune_officer_may_not_edit_a_province_course(client, db, province_officer):
    course = new_course()
    xa = make_user("xa3", role="commune_officer", commune=HOME_COMMUNE)
    # a province course is not visible to a commune officer at all
    client.force_login(xa)
    assert (
        client.get(reverse("backoffice:planning_course_edit", args=[course.pk])).status_code == 404
    )
    other = make_user("tinh3", role="inspector", province=HOME_PROVINCE)
    client.force_login(other)  # sees the province's courses, may not edit them
    assert (
        client.get(reverse("backoffice:planning_course_detail", args=[course.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("backoffice:planning_course_edit", args=[course.pk])).status_code == 403
    )
    response = client.post(
        reverse("backoffice:planning_course_detail", args=[course.pk]),
        {"name": "A", "level": "commune"},
    )
    assert response.status_code == 403


def test_course_list_queries_do_not_grow_with_rows(client, world, province_officer):
    client.force_login(province_officer)
    url = reverse("backoffice:planning_course_list")

    def add(n):
        for i in range(n):
            c = new_course(topic=f"Lớp {i}", commune=Commune.objects.get(code=HOME_COMMUNE))
            join(c, name=f"Học viên {i}", level=ParticipantLevel.COMMUNE)
            join(c, producer=world.producers["coop_a"])

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_drill_down_page_lists_the_officials_trained(client, training, province_officer):
    from .test_progress import new_plan

    plan = new_plan(end_year=2025)
    target = domain.add_target(
        actor=None, plan=plan, fields={"indicator": "officials_trained", "year": 2025, "value": 80}
    )
    client.force_login(province_officer)
    response = client.get(reverse("backoffice:planning_target_records", args=[target.pk]))
    assert response.status_code == 200
    assert 'data-kind="official"' in response.content.decode()
    assert [a.user.username for a in response.context["page"].object_list] == ["tinh"]

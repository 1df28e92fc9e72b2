"""Back-office routes for planning (included under the backoffice namespace)."""

from django.urls import path

from .views import planning as v

urlpatterns = [
    path("", v.plan_list, name="planning_list"),
    path("new/", v.plan_create, name="planning_create"),
    path("<int:pk>/", v.plan_detail, name="planning_detail"),
    path("<int:pk>/edit/", v.plan_edit, name="planning_edit"),
    path("<int:pk>/document/", v.plan_document, name="planning_document"),
    path("<int:pk>/export.xlsx", v.plan_export, name="planning_export"),
    path("<int:pk>/targets/new/", v.target_add, name="planning_target_add"),
    path("targets/<int:pk>/edit/", v.target_edit, name="planning_target_edit"),
    path("targets/<int:pk>/remove/", v.target_remove, name="planning_target_remove"),
    path("targets/<int:pk>/records/", v.target_records, name="planning_target_records"),
    path("indicators/", v.indicator_list, name="planning_indicator_list"),
    path("indicators/<slug:code>/", v.indicator_detail, name="planning_indicator_detail"),
    path("courses/", v.course_list, name="planning_course_list"),
    path("courses/new/", v.course_create, name="planning_course_create"),
    path("courses/<int:pk>/", v.course_detail, name="planning_course_detail"),
    path("courses/<int:pk>/edit/", v.course_edit, name="planning_course_edit"),
    path(
        "participants/<int:pk>/attended/",
        v.participant_attended,
        name="planning_participant_attended",
    ),
]

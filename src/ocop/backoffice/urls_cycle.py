"""Back-office routes for the OCOP cycle (included under the backoffice namespace)."""

from django.urls import path

from .views import cycle as v

urlpatterns = [
    path("", v.overview, name="cycle_overview"),
    path("ideas/", v.idea_list, name="cycle_idea_list"),
    path("ideas/new/", v.idea_create, name="cycle_idea_create"),
    path("ideas/<int:pk>/", v.idea_detail, name="cycle_idea_detail"),
    path("ideas/<int:pk>/edit/", v.idea_edit, name="cycle_idea_edit"),
    path("ideas/<int:pk>/review/", v.idea_review, name="cycle_idea_review"),
    path("ideas/<int:pk>/plan/", v.plan_create, name="cycle_plan_create"),
    path("plans/", v.plan_list, name="cycle_plan_list"),
    path("plans/<int:pk>/", v.plan_detail, name="cycle_plan_detail"),
    path("plans/<int:pk>/edit/", v.plan_edit, name="cycle_plan_edit"),
    path("plans/<int:pk>/review/", v.plan_review, name="cycle_plan_review"),
    path("plans/<int:pk>/support/", v.support_add, name="cycle_support_add"),
    path("plans/<int:pk>/milestones/", v.milestone_add, name="cycle_milestone_add"),
    path("milestones/<int:pk>/done/", v.milestone_done, name="cycle_milestone_done"),
    path("products/<int:pk>/path/", v.product_path_view, name="cycle_product_path"),
]

"""Back-office routes for traceability (included under the backoffice namespace)."""

from django.urls import path

from .views import traceability as views

urlpatterns = [
    path("prefixes/", views.prefix_list, name="trace_prefix_list"),
    path("prefixes/new/", views.prefix_create, name="trace_prefix_create"),
    path("trade-items/", views.trade_item_list, name="trace_trade_item_list"),
    path("trade-items/new/", views.trade_item_create, name="trace_trade_item_create"),
    path("lots/", views.lot_list, name="trace_lot_list"),
    path("lots/new/", views.lot_create, name="trace_lot_create"),
    path("locations/", views.location_list, name="trace_location_list"),
    path("locations/new/", views.location_create, name="trace_location_create"),
    path("events/", views.event_list, name="trace_event_list"),
    path("events/new/", views.event_record, name="trace_event_record"),
    path("events/upload/", views.event_upload, name="trace_event_upload"),
    path("events/<int:pk>/", views.event_detail, name="trace_event_detail"),
]

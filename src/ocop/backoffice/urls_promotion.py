"""Back-office routes for trade promotion (included under the backoffice namespace)."""

from django.urls import path

from .views import promotion as v

urlpatterns = [
    path("points/", v.point_list, name="promo_point_list"),
    path("points/new/", v.point_create, name="promo_point_create"),
    path("points/<int:pk>/", v.point_detail, name="promo_point_detail"),
    path("points/<int:pk>/edit/", v.point_edit, name="promo_point_edit"),
    path("points/<int:pk>/stock/", v.stock_add, name="promo_stock_add"),
    path("stock/<int:pk>/consent/", v.stock_consent, name="promo_stock_consent"),
    path("stock/<int:pk>/paper-consent/", v.stock_paper_consent, name="promo_stock_paper_consent"),
    path("stock/<int:pk>/remove/", v.stock_remove, name="promo_stock_remove"),
    path("fairs/", v.fair_list, name="promo_fair_list"),
    path("fairs/new/", v.fair_create, name="promo_fair_create"),
    path("fairs/<int:pk>/", v.fair_detail, name="promo_fair_detail"),
    path("fairs/<int:pk>/edit/", v.fair_edit, name="promo_fair_edit"),
    path("listings/", v.listing_list, name="promo_listing_list"),
    path("listings/<int:pk>/edit/", v.listing_edit, name="promo_listing_edit"),
    path("listings/<int:pk>/withdraw/", v.listing_withdraw, name="promo_listing_withdraw"),
    path("listings/<int:pk>/restore/", v.listing_restore, name="promo_listing_restore"),
    path("products/<int:pk>/", v.product_offer, name="promo_product_offer"),
    path("inquiries/", v.inquiry_list, name="promo_inquiry_list"),
    path("inquiries/<int:pk>/", v.inquiry_detail, name="promo_inquiry_detail"),
    path("inquiries/<int:pk>/reply/", v.inquiry_reply, name="promo_inquiry_reply"),
    path("inquiries/<int:pk>/negotiate/", v.inquiry_negotiate, name="promo_inquiry_negotiate"),
    path("inquiries/<int:pk>/contract/", v.inquiry_contract, name="promo_inquiry_contract"),
    path("inquiries/<int:pk>/close/", v.inquiry_close, name="promo_inquiry_close"),
]

from django.urls import include, path

from .views import certificates, evaluation, home, imports, plans, registry, scans, supervision

app_name = "backoffice"

urlpatterns = [
    path("office/", home.home, name="home"),
    path("producers/", registry.producer_list, name="producer_list"),
    path("producers/new/", registry.producer_create, name="producer_create"),
    path("producers/<int:pk>/", registry.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", registry.producer_edit, name="producer_edit"),
    path("producers/<int:pk>/status/", registry.producer_status, name="producer_status"),
    path(
        "producers/<int:producer_pk>/products/new/",
        registry.product_create,
        name="product_create",
    ),
    path(
        "producers/<int:producer_pk>/documents/new/",
        registry.document_upload,
        name="document_upload",
    ),
    path("products/", registry.product_list, name="product_list"),
    path("products/<int:pk>/", registry.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", registry.product_edit, name="product_edit"),
    path("products/<int:pk>/status/", registry.product_status, name="product_status"),
    path("products/<int:pk>/photos/", registry.photo_upload, name="photo_upload"),
    path("products/<int:pk>/photos/<int:photo_pk>/", registry.photo_file, name="photo_file"),
    path("documents/<int:pk>/file/", registry.document_file, name="document_file"),
    path("documents/expiring/", registry.documents_expiring_list, name="documents_expiring"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_status, name="import_status"),
    path("products/<int:product_pk>/dossiers/new/", evaluation.dossier_start, name="dossier_start"),
    path("dossiers/", evaluation.dossier_list, name="dossier_list"),
    path("dossiers/<int:pk>/", evaluation.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/edit/", evaluation.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/commune/", evaluation.dossier_commune, name="dossier_commune"),
    path("dossiers/<int:pk>/province/", evaluation.dossier_province, name="dossier_province"),
    path("dossiers/<int:pk>/score/", evaluation.dossier_score, name="dossier_score"),
    path("dossiers/<int:pk>/recommend/", evaluation.dossier_recommend, name="dossier_recommend"),
    path("dossiers/<int:pk>/conflict/", evaluation.dossier_conflict, name="dossier_conflict"),
    path(
        "dossiers/<int:pk>/sheets/<int:sheet_pk>/reopen/",
        evaluation.scoresheet_reopen,
        name="scoresheet_reopen",
    ),
    path("rounds/", evaluation.round_list, name="round_list"),
    path("rounds/<int:pk>/", evaluation.round_detail, name="round_detail"),
    path("rounds/<int:pk>/council/", evaluation.round_council, name="round_council"),
    path("rounds/<int:pk>/decision/", evaluation.round_decision, name="round_decision"),
    path("rounds/<int:pk>/minutes.pdf", evaluation.round_minutes_pdf, name="round_minutes_pdf"),
    path("rounds/<int:pk>/results.xlsx", evaluation.round_results_xlsx, name="round_results_xlsx"),
    path("decisions/<int:pk>.pdf", evaluation.decision_pdf, name="decision_pdf"),
    path(
        "decisions/<int:pk>/certificates.pdf",
        certificates.decision_certificates_pdf,
        name="decision_certificates_pdf",
    ),
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"
    ),
    path(
        "certificates/<int:pk>/inspections/new/",
        supervision.inspection_create,
        name="inspection_create",
    ),
    path("supervision/", plans.dashboard, name="supervision_dashboard"),
    path("supervision/plans/", plans.plan_list, name="plan_list"),
    path("supervision/plans/new/", plans.plan_create, name="plan_create"),
    path("supervision/plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("inspections/<int:pk>/", plans.inspection_detail, name="inspection_detail"),
    path("attachments/<int:pk>/", plans.attachment_file, name="attachment_file"),
    path("findings/<int:pk>/fix/", plans.finding_fix, name="finding_fix"),
    path("reports/", plans.report_list, name="report_list"),
    path("reports/<int:pk>/", plans.report_detail, name="report_detail"),
    path("reports/<int:pk>/photo/", plans.report_photo, name="report_photo"),
    path("producers/<int:pk>/stop/", plans.producer_stop, name="producer_stop"),
    path("scans/suspicious/", scans.suspicious_scans, name="suspicious_scans"),
    # Traceability (trade items, lots, locations, EPCIS events) and stamps keep their own
    # URL modules so that each area's routes live next to its views.
    path("traceability/", include("ocop.backoffice.urls_traceability")),
    path("stamps/", include("ocop.backoffice.urls_stamps")),
    path("promotion/", include("ocop.backoffice.urls_promotion")),
]

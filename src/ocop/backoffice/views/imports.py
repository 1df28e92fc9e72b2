"""Excel import of the registry: upload → background task → progress page."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.core.audit import log_action
from ocop.core.uploads import SPREADSHEET_KINDS, check_upload
from ocop.registry.models import ImportJob
from ocop.registry.rules import may_add_producer
from ocop.registry.spreadsheets import template_workbook
from ocop.registry.tasks import task_import_registry

from ..forms import ImportForm
from .common import XLSX_TYPE, get_scoped, require


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    require(may_add_producer(request.user))
    user = cast(User, request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = check_upload(upload, allowed=SPREADSHEET_KINDS, prefix="imports")
        except ValidationError as exc:
            form.add_error("file", " ".join(exc.messages))
        else:
            with transaction.atomic():
                job = ImportJob(original_name=(upload.name or "")[:255], created_by=user)
                job.file.save(checked.stored_name, upload, save=False)
                job.save()
                log_action(action="ocop.import.started", obj=job, actor=request.user)
                transaction.on_commit(lambda: task_import_registry.enqueue(job.pk))
            return redirect("backoffice:import_status", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=user)[:10]
    return render(request, "backoffice/import/start.html", {"form": form, "jobs": jobs})


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped(ImportJob.objects.filter(created_by=cast(User, request.user)), pk)
    template = (
        "backoffice/import/_progress.html"
        if request.headers.get("HX-Request")
        else "backoffice/import/status.html"
    )
    return render(request, template, {"job": job})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(may_add_producer(request.user))
    response = HttpResponse(
        template_workbook(),
        content_type=XLSX_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-chu-the-san-pham.xlsx"'
    messages.info(request, _("Đã tải tệp mẫu."))
    return response

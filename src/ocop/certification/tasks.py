from django.tasks import task
from django.utils import timezone

from .reminders import send_reminders


@task()
def task_send_reminders() -> dict[str, int]:
    run = send_reminders(today=timezone.localdate())
    return {"sent": run.sent, "recipients": run.recipients}

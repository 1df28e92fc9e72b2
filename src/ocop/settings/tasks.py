"""Background work: Django's tasks framework with the database backend."""

from .env import env_str

TASKS = {
    "default": {
        "BACKEND": env_str("OCOP_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

"""The REST API (Django REST framework, drf-spectacular)."""

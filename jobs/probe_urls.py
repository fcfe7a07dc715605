"""Language-neutral, login-free URLs of the jobs app (the staff workspace's are in urls.py, under /admin/jobs/)."""

from django.urls import path

from jobs import views

app_name = "jobs_probes"

urlpatterns = [
    path("readyz/worker", views.readyz_worker, name="readyz_worker"),
]

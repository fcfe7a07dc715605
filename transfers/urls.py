from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.index, name="index"),
    path("imports/<int:pk>/", views.preview, name="preview"),
    path("imports/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("imports/<int:pk>/rows-to-fix/", views.rejected_rows, name="rejected_rows"),
    path("export/", views.export, name="export"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/merge/<int:keep_pk>/<int:drop_pk>/", views.merge, name="merge"),
]

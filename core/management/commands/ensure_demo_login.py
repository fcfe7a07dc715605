import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo administrator 'admin' if no superuser exists. The password is random and written to "
        ".demo-password (git-ignored), or taken from DEMO_ADMIN_PASSWORD."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        password_file = Path(settings.BASE_DIR) / ".demo-password"
        if User.objects.filter(is_superuser=True).exists():
            where = password_file if password_file.exists() else "your own records"
            self.stdout.write(f"A superuser already exists; its password is in {where}.")
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username="admin", email="admin@example.invalid", password=password, display_name="Demo administrator"
        )
        if "DEMO_ADMIN_PASSWORD" not in os.environ:
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                "Created user 'admin'. Password: "
                + ("from DEMO_ADMIN_PASSWORD" if "DEMO_ADMIN_PASSWORD" in os.environ else f"see {password_file}")
            )
        )

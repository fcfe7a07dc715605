from django.core.management.base import BaseCommand

from cms.services import set_up_public_site


class Command(BaseCommand):
    help = "Create the public site's locales and, per locale, the home page, news index and events index. Idempotent."

    def handle(self, *args, **options):
        tree = set_up_public_site()
        for language, pages in tree.by_language.items():
            self.stdout.write(
                f"{language}: {pages.home.url_path} {pages.news_index.title} / {pages.events_index.title}"
            )
        self.stdout.write(self.style.SUCCESS(f"Public site ready; {len(tree.created)} pages created."))

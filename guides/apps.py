from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"

    def ready(self):
        from home import site_snapshot

        from . import page_cache  # noqa: F401 (connects what purges the page cache)
        from .models import Person

        # Pages name people (reviewers, who answered a reply): a change to one changes them.
        site_snapshot.watch(Person)

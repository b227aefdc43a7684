from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"

    def ready(self):
        from . import page_cache  # noqa: F401 (connects what purges the page cache)

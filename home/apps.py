from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self):
        from . import (
            page_cache,  # noqa: F401 (connects what purges the page cache)
            site_snapshot,  # noqa: F401 (connects its receivers)
        )

from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clearway.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from clearway.core import housekeeping  # noqa: F401  (registers the clean-ups and their schedule)
        from clearway.formats import formats_install

        formats_install()

        post_migrate.connect(_cache_tables_create, sender=self)


def _cache_tables_create(*, using: str, **kwargs: Any) -> None:
    """Migrating makes the tables of database caches (CLEARWAY_CHART_CACHE=db) too; existing ones are kept."""
    call_command("createcachetable", database=using, verbosity=0)

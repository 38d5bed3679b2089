from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clearway.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from clearway.accounts import (
            jobs,  # noqa: F401  (registers the job that e-mails access links)
            sign_in_audit,  # noqa: F401  (audits sign-ins, failures and sign-outs)
        )

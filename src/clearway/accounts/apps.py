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
        from clearway.core.audit_labels import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_ACTIONS)


# The words of this app's audit codes, in the reader's language (the audit trail shows them beside the codes).
AUDIT_ACTIONS = {
    "user.invite": _("Invitation to sign in sent"),
    "user.invitation_accept": _("Invitation accepted: password set"),
    "user.password_reset_request": _("New password asked for by e-mail"),
    "user.password_reset": _("Password changed through an e-mailed link"),
    "user.role_change": _("Role changed"),
    "user.deactivate": _("Account deactivated"),
    "user.reactivate": _("Account reactivated"),
    "user.set_notification_email": _("Choice of notification e-mails changed"),
    "user.sign_in": _("Signed in"),
    "user.sign_in_failed": _("Sign-in refused (wrong user name or password)"),
    "user.sign_out": _("Signed out"),
    "user.two_factor_enrol": _("Two-factor sign-in turned on"),
    "user.two_factor_verify_failed": _("Sign-in code refused (wrong, reused or too many tries)"),
    "user.two_factor_backup_use": _("Signed in with a backup code"),
    "user.two_factor_backup_renew": _("New backup codes made"),
    "user.two_factor_disable": _("Two-factor sign-in turned off"),
}

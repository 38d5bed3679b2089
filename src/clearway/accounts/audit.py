"""The audit actions this app records, each with its words in the reader's language (see `core/audit_labels.py`)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "accounts.api_token.create": _("API token created"),
    "accounts.api_token.revoke": _("API token revoked"),
    "accounts.user.admin_password_change": _("Password changed in the administration site"),
    "accounts.user.create": _("User created"),
    "accounts.user.deactivate": _("Account deactivated"),
    "accounts.user.invitation_accept": _("Invitation accepted: password set"),
    "accounts.user.invite": _("Invitation to sign in sent"),
    "accounts.user.password_reset": _("Password changed through an e-mailed link"),
    "accounts.user.password_reset_request": _("New password asked for by e-mail"),
    "accounts.user.reactivate": _("Account reactivated"),
    "accounts.user.role_change": _("Role changed"),
    "accounts.user.set_language": _("Language changed"),
    "accounts.user.set_notification_email": _("Choice of notification e-mails changed"),
    "accounts.user.sign_in": _("Signed in"),
    "accounts.user.sign_in_failed": _("Sign-in refused (wrong user name or password)"),
    "accounts.user.sign_out": _("Signed out"),
    "accounts.user.two_factor_backup_renew": _("New backup codes made"),
    "accounts.user.two_factor_backup_use": _("Signed in with a backup code"),
    "accounts.user.two_factor_disable": _("Two-factor sign-in turned off"),
    "accounts.user.two_factor_enrol": _("Two-factor sign-in turned on"),
    "accounts.user.two_factor_verify_failed": _("Sign-in code refused (wrong, reused or too many tries)"),
}

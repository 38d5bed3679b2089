"""Two-factor sign-in: a time-based code (TOTP, django-otp) asked after the password, with one-time backup codes.

`CLEARWAY_TOTP` decides whether it is offered (`optional`), also required of Secretariat administrators
(`required-for-admins`), or not used (`off`: codes are neither offered nor asked). See docs/operations.md.
"""

from django.contrib import admin

from clearway.core.admin import AuditedAdmin
from clearway.members.models import Member, Region


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ("iso3", "name_en", "region", "kind", "unconfirmed", "active")
    list_filter = ("region", "kind", "unconfirmed", "active")
    search_fields = ("iso3", "name_en", "name_fr")


admin.site.register(Region, AuditedAdmin)

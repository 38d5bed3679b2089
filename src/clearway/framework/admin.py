from django.contrib import admin

from clearway.core.admin import AuditedAdmin
from clearway.framework.models import Edition, Principle, Standard

admin.site.register(Edition, AuditedAdmin)
admin.site.register(Principle, AuditedAdmin)


@admin.register(Standard)
class StandardAdmin(AuditedAdmin):
    list_display = ("edition", "number", "title_en", "principle", "confirmed")
    list_filter = ("edition", "principle", "confirmed")

from django.contrib import admin

from clearway.framework.models import Edition, Principle, Standard

admin.site.register(Edition)
admin.site.register(Principle)


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("edition", "number", "title_en", "principle", "confirmed")
    list_filter = ("edition", "principle", "confirmed")

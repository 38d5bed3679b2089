from django.contrib import admin

from clearway.members.models import Member, Region


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("iso3", "name_en", "region", "kind", "unconfirmed", "active")
    list_filter = ("region", "kind", "unconfirmed", "active")
    search_fields = ("iso3", "name_en", "name_fr")


admin.site.register(Region)

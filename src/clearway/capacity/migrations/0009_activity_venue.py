from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0008_support_loop_standards"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="venue_city",
            field=models.CharField(blank=True, max_length=120, verbose_name="venue (city)"),
        ),
        migrations.AddField(
            model_name="activity",
            name="venue_country",
            field=models.CharField(blank=True, max_length=120, verbose_name="venue (country)"),
        ),
    ]

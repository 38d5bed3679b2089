from django.db import migrations, models


class Migration(migrations.Migration):
    """The signatory's title in each language of the letter (the title recorded so far was the English one)."""

    dependencies = [
        ("surveys", "0003_reminders"),
    ]

    operations = [
        migrations.RenameField(
            model_name="survey", old_name="signatory_title", new_name="signatory_title_en"
        ),
        migrations.AlterField(
            model_name="survey",
            name="signatory_title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="signatory's title (English)"),
        ),
        migrations.AddField(
            model_name="survey",
            name="signatory_title_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="signatory's title (French)"),
        ),
    ]

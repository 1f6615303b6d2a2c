from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("proposal", "change proposed"),
                    ("proposal_decided", "proposal decided"),
                    ("comment", "comment"),
                    ("negotiation_opened", "negotiation opened"),
                    ("validation", "validated"),
                    ("signatures_requested", "signatures requested"),
                    ("signed", "signed"),
                    ("fully_signed", "signed by every party"),
                    ("amendment", "amendment"),
                    ("cancelled", "agreement cancelled"),
                    ("interrupted", "internship interrupted"),
                    ("invitation", "invitation"),
                    ("alert", "alert on the logbook"),
                ],
                max_length=24,
                verbose_name="kind",
            ),
        ),
    ]

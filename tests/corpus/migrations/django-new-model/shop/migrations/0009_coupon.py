from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.AddField(model_name="coupon", name="code", field=models.CharField(max_length=20)),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunSQL("UPDATE shop_order SET paid = false", reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(fwd, reverse_code=back),
    ]

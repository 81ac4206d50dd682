from django.db import migrations


def install(apps, schema_editor):
    from competencies.scales import install_builtin_scales

    install_builtin_scales(apps.get_model("competencies", "Scale"), apps.get_model("competencies", "ScaleLevel"))


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

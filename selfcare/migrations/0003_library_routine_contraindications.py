"""Give the library routines already in a database their contraindications, so a routine that
presses on nothing (chin tucks, the jaw drill) is withheld by a screening at once, before
load_routines has been run again. A frozen copy of selfcare/content/routines.json at the time
the field was added; load_routines keeps them in step with the file from then on. Clinics' own
routines are left alone."""

from django.db import migrations

N, J, S, F = "neck_movement", "jaw_work", "supine", "firm_pressure"
CODES = {
    "upper-trapezius-wall-ball": [F],
    "levator-scapulae-wall-ball": [N, F],
    "suboccipital-release-two-balls": [N, J, S, F],
    "towel-suboccipital-stretch": [N, F],
    "sternocleidomastoid-finger-pinch": [N, F],
    "masseter-release": [J, F],
    "temporalis-release": [J, F],
    "scalp-release": [J, F],
    "pectoralis-minor-wall-ball": [F],
    "rhomboid-wall-ball": [F],
    "upper-back-floor-ball": [S, F],
    "thoracic-extension-foam-roller": [S, F],
    "chin-tucks": [N],
    "seated-posture-reset": [N],
    "jaw-relaxation-drill": [J],
}


def backfill(apps, schema_editor):
    Routine = apps.get_model("selfcare", "Routine")
    for routine in Routine.objects.filter(clinic__isnull=True, slug__in=CODES):
        if not routine.contraindications:
            routine.contraindications = CODES[routine.slug]
            routine.save(update_fields=["contraindications"])


class Migration(migrations.Migration):
    dependencies = [("selfcare", "0002_routine_contraindications")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

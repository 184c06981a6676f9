from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = "Assessment and visit notes"

    def ready(self) -> None:
        # The Neck Disability Index joins HIT-6 in the questionnaire registry, so clinics switch
        # it on and patients fill it in on their phones the same way.
        from plans.instruments import register_instrument

        from .instruments import NDI

        register_instrument(NDI, replace=True)

        # The assessment's tables join the patient's own data download.
        from .export import register

        register()

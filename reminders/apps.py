from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Phone app: offline use and reminders"

    def ready(self) -> None:
        # The reminders' tables join the patient's own data download.
        from .export import register

        register()

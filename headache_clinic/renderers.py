"""The form renderer: Django's Jinja2 copies of its own form templates, which give the same
markup in about half the time on pages with many fields (docs/performance.md). A template
that exists only for Django's template engine (the admin's widget wrappers) is rendered by
Django's template renderer, as it would be without this one."""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(Jinja2):
    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)

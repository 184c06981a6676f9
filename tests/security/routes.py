"""Every route of the site (bar allauth's own pages and the Django admin), with the arguments a
test needs to reach it in the World."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from tests.assessment import world_args as assessment_args

from .world import World

SKIP_PREFIXES = ("accounts/", "django-admin/", "media/")

# route name → URL keyword arguments, from the world's objects
ARGS = {
    "clinic:accept-invitation": lambda a: {"token": a["invitation"]},
    "clinic:assign": lambda a: {"public_id": a["patient"]},
    "clinic:access-log": lambda a: {"public_id": a["patient"]},
    "triage:step": lambda a: {"code": "about_you"},
    "triage:result": lambda a: {"public_id": a["screening"]},
    "triage:summary": lambda a: {"public_id": a["screening"]},
    "triage:patient-history": lambda a: {"public_id": a["patient"]},
    "triage:clear": lambda a: {"public_id": a["screening"]},
    "selfcare:practice": lambda a: {"slug": a["routine"]},
    "selfcare:practice-log": lambda a: {"slug": a["routine"]},
    "selfcare:routine": lambda a: {"slug": a["routine"]},
    "selfcare:routine-image": lambda a: {"slug": a["routine"], "size": "small"},
    "selfcare:plan-edit": lambda a: {"public_id": a["patient"]},
    "plans:diary-entry": lambda a: {"day": a["today"]},
    "plans:questionnaire": lambda a: {"code": "hit6"},
    "plans:calendar-feed": lambda a: {"token": a["feed"]},
    "plans:patient": lambda a: {"public_id": a["patient"]},
    "plans:plan-create": lambda a: {"public_id": a["patient"]},
    "plans:plan-taper": lambda a: {"public_id": a["care_plan"]},
    "plans:plan-discharge": lambda a: {"public_id": a["care_plan"]},
    "plans:visit": lambda a: {"public_id": a["visit"]},
    "plans:visit-move": lambda a: {"public_id": a["visit"]},
    "plans:doctor-summary": lambda a: {"public_id": a["patient"]},
    "plans:instrument-switch": lambda a: {"code": "hit6"},
    "plans:trigger-edit": lambda a: {"code": "stress"},
    "handouts:batch": lambda a: {"day": a["tomorrow"]},
    "handouts:batch-pdf": lambda a: {"day": a["tomorrow"]},
    "handouts:batch-status": lambda a: {"day": a["tomorrow"]},
    "handouts:plan-pdf": lambda a: {"public_id": a["patient"]},
    "handouts:screening-pdf": lambda a: {"public_id": a["screening"]},
    "handouts:doctor-summary-pdf": lambda a: {"public_id": a["patient"]},
    "assessment:new": lambda a: {"public_id": a["patient"]},
    "assessment:edit": assessment_args.assessment,
    "assessment:note": lambda a: {"public_id": a["visit"]},
    "assessment:addendum": assessment_args.note,
    "assessment:plan-of-care": lambda a: {"public_id": a["patient"]},
    "assessment:plan-of-care-pdf": assessment_args.plan_of_care,
    "assessment:superbill-pdf": assessment_args.superbill,
    "reminders:suggest": lambda a: {"public_id": a["patient"]},
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}"


def site_routes() -> list[tuple[str, str]]:
    """(route, name) for every route the tables must cover."""
    return [
        (r, n) for r, n in _walk(get_resolver().url_patterns) if not r.startswith(SKIP_PREFIXES)
    ]


def url_for(name: str, world: World) -> str:
    from django.urls import reverse

    kwargs = ARGS[name](world.args) if name in ARGS else {}
    return reverse(name, kwargs=kwargs)


def has_arguments(route: str) -> bool:
    return re.search(r"<[^>]+>", route) is not None

"""What the reader reports, as sentences in the reader's language (problems are stored as a
code and parameters, so a platform job can record them once and every user reads them in
their own language)."""

from django.utils.translation import gettext as _

from hub.rpss.reader import NotRegistryFile


def _messages() -> dict:
    return {
        "no_identifier": _("The service has no identifier (identifikator)."),
        "type_missing": _("The service names no type (druhSocialniSluzby)."),
        "type_not_in_codebook": _(
            "The type “%(ref)s” is not in the loaded codebook of service types; ask the "
            "platform operator to load the current druhy-socialni-sluzby.json."),
        "type_not_in_taxonomy": _(
            "The type “%(name)s” has no counterpart among the types of Act 108/2006 Sb. that "
            "Komplan knows; the service was left out."),
        "target_group_not_in_codebook": _(
            "The target group “%(ref)s” is not in the loaded codebook of target groups."),
        "target_group_unmapped": _(
            "The target group “%(name)s” has no counterpart in Komplan's list; the service "
            "keeps its other target groups."),
        "form_unknown": _("The form “%(ref)s” is unknown."),
        "no_form": _("The service has no form (pobytová, ambulantní, terénní) Komplan can "
                     "read."),
        "capacity_type_unknown": _("The capacity type “%(ref)s” is unknown; that capacity "
                                   "was left out."),
        "capacity_unreadable": _("A capacity of the type “%(ref)s” has no readable number; "
                                 "it was left out."),
        "scope_unreadable": _("A registered scope could not be read: %(text)s"),
        "town_unknown": _("The municipality with the code %(code)s is not in the loaded "
                          "codebook of municipalities; its name is missing."),
        "hidden_no_place": _("The address is hidden and the registry names no municipality "
                             "or scope for it."),
        "facility_unreadable": _("A facility could not be read."),
    }


def text(problem: dict) -> str:
    """One problem (``{"code", "params"}``) as a sentence."""
    template = _messages().get(problem.get("code"), problem.get("code", ""))
    try:
        return template % problem.get("params", {}) if problem.get("params") else template
    except (KeyError, TypeError, ValueError):
        return template


def file_error(error: NotRegistryFile) -> str:
    """Why a file could not be read at all."""
    if error.code == "not_json" or error.code == "bad_json":
        return _("The file is not valid JSON.")
    return _("The file does not have the structure of the registry's rpss.json (a list of "
             "services under “polozky”).")

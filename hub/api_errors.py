"""The API's one error path (DRF's EXCEPTION_HANDLER): a service's refusal answers 400 with the
fields' messages; a database constraint that fires anyway answers 409 (a race) or 400, and
never by its name.

Views and viewsets call services directly; nothing wraps a call one by one. Messages are
rendered here, inside the request, so they come in the request's language.
"""

import logging

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This could not be saved because it conflicts with data saved at the "
                       "same moment. Reload the page and try again.")
    default_code = "conflict"


INVALID = _("The values entered do not fit together; check them and try again.")


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """{field: [messages]}; what concerns the whole object goes under ``non_field_errors``,
    as in DRF's own serializer errors."""
    if hasattr(error, "error_dict"):
        detail = {api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field:
                  messages for field, messages in error.message_dict.items()}
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    named = _default_constraint_messages()
    return {field: [_human(message, named) for message in messages]
            for field, messages in detail.items()}


def _constraints():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            yield model, constraint


def _default_constraint_messages() -> dict[str, str]:
    """Django's default message of every constraint that has no message of its own (it names
    the constraint), in the active language → the constraint's name."""
    return {str(constraint.get_violation_error_message()): constraint.name
            for _model, constraint in _constraints()
            if constraint.violation_error_message == constraint.default_violation_error_message}


def _human(message: str, named: dict[str, str]) -> str:
    """A message that would name a constraint (a full_clean the service did not precede with
    its own check) is replaced; the name is logged for whoever adds that check."""
    if message not in named:
        return message
    logger.warning("A service let a constraint's default message through: %s", named[message])
    return str(_constraint_message(named[message]) or INVALID)


def _constraint_message(name: str) -> str | None:
    """A human message for a model constraint by its name, or None when the constraint has
    none of its own (Django's default message names the constraint)."""
    for model, constraint in _constraints():
        if constraint.name != name:
            continue
        if constraint.violation_error_message != constraint.default_violation_error_message:
            return str(constraint.get_violation_error_message())
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            error = model().unique_error_message(model, tuple(constraint.fields))
            return error.messages[0]
        return None
    return None


# Another write won the race: the same key saved, or a referenced row deleted meanwhile.
_RACES = {"23505", "23503"}  # unique_violation, foreign_key_violation


def _refusal(error: IntegrityError) -> exceptions.APIException:
    """A race → 409; values no service checked (a check or not-null constraint) → 400."""
    cause = error.__cause__
    name = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
    # The constraint's name goes to the log for the operator, never into the answer; the
    # values (the database's DETAIL may hold an e-mail address) go nowhere.
    logger.warning("API write refused by the database: constraint %r, SQLSTATE %s", name,
                   getattr(cause, "sqlstate", ""))
    message = _constraint_message(name) if name else None
    if getattr(cause, "sqlstate", "") in _RACES:
        return Conflict(message) if message else Conflict()
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [
        message or str(INVALID)]})


def api_exception_handler(exc, context):
    """Django's ValidationError → 400 {field: [messages]} (``non_field_errors`` for the whole
    object); IntegrityError of a unique or foreign key → 409 {"detail": message}, of any other
    constraint → 400 {"non_field_errors": [message]}; everything else as DRF does it
    (Http404 → 404, PermissionDenied → 403, throttling → 429, each {"detail": message})."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, IntegrityError):
        exc = _refusal(exc)
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing; a write to a wrong path is a 404, not a CSRF refusal
def api_not_found(request, *args, **kwargs):
    """Any other path under /api/ (an id that is not a number, a typo): JSON like every other
    API answer, not the HTML page a browser gets."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)

"""Calling a service from an API view: Django validation errors become DRF 400 answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError


def call_service(function, /, **kwargs):
    """Run `function(**kwargs)`; a refused write answers 400 with the fields' messages.
    (Positional-only, so a service may itself take a `service=` or `function=` argument.)"""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict if hasattr(error, "error_dict")
                              else {"detail": error.messages}) from error

"""Template context of every page: the signed-in account's role in this municipality."""

from hub.accounts.selectors import request_role


def role(request):
    return {"role": request_role(request)}

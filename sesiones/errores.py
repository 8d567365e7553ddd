"""The one error of the deliberation workflow: a step the record's state does not allow."""


class TransicionNoPermitida(Exception):
    """A state change or write that the current state forbids; the message is for users.

    Routes answer it with 409 and the message (or the form again, with the message).
    """

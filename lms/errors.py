"""Errors that services raise and every interface (API, views, admin) translates alike."""


class ConflictError(Exception):
    """The request is well-formed but the object's state refuses it (answered 409 by the API):
    a transition not in the table, a full session, a certificate already revoked."""

    def __init__(self, message: str, *, code: str = "conflict"):
        super().__init__(message)
        self.message = message
        self.code = code

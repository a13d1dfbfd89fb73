"""Errors that are safe to show a user; each message says how to fix the problem."""


class AssistantError(Exception):
    """Base class: the edges (CLI, UI) print the message, never a traceback."""


class InvalidQuestionError(AssistantError):
    """The question is empty, too long, or not text."""


class BadDocumentError(AssistantError):
    """A policy document cannot be read or segmented into clauses."""


class ModelNotFoundError(AssistantError):
    """The configured embedding model cannot be loaded on this machine."""


class UnknownBackendError(AssistantError):
    """A setting names a backend the assistant does not know."""


class IndexUnavailableError(AssistantError):
    """The vector store cannot be opened or rebuilt."""


class CalculationError(AssistantError):
    """A calculator was given inputs outside its rule's domain."""

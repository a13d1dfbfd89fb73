"""Bilingual, cited answers from policy notices (any number of them, as data).

    from assistant import Assistant, Settings
    assistant = Assistant.create(Settings.from_env())
    answer = assistant.ask("Which policies support postdocs?")
    print(answer.answer, answer.citations[0].doc, answer.citations[0].label)

The path, one folder per step: documents/ (reading, segmenting, facts and money rules)
→ search/ (tokens, embeddings, index, retrieval) → answering/ (the question, coverage,
calculation, composing, the optional LLM) → edges/ (CLI, chat, evaluation).
"""

from assistant.errors import AssistantError
from assistant.models import Answer, Citation, Clause
from assistant.settings import Settings

__all__ = ["Assistant", "Settings", "Answer", "Citation", "Clause", "AssistantError"]


def __getattr__(name):  # the answer pipeline loads langchain and the models: only when asked for
    if name == "Assistant":
        from assistant.answering.pipeline import Assistant

        return Assistant
    raise AttributeError(name)

"""Bilingual assistant for the Chengdu graduate-education measures (成教函〔2021〕129号).

    from assistant import Assistant, Settings
    assistant = Assistant.create(Settings.from_env())
    answer = assistant.ask("蓉漂计划团队最高资助多少？")
    print(answer.answer, answer.citations[0].label)
"""

from .core import Assistant
from .errors import AssistantError
from .models import Answer, Citation, Clause
from .settings import Settings

__all__ = ["Assistant", "Settings", "Answer", "Citation", "Clause", "AssistantError"]

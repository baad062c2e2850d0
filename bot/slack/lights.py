"""The traffic lights as Block Kit options: the reflection and the follow-ups offer the same."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import option
from flows.questions.traffic_lights import LIGHTS, light_label


def light_options(lang: str) -> list[dict[str, Any]]:
    return [option(light_label(light, lang), light) for light in LIGHTS]

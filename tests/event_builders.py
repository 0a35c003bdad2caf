"""Actors for event-coder tests: a fixed name table instead of the actor extractor."""

from __future__ import annotations

import re

from storyline.extract.event_arguments import ActorCoder, ActorRef

__all__ = ["NAMES", "name_coder"]

NAMES = {
    "Russia": "RUS", "the United States": "USA", "United States": "USA", "U.S.": "USA",
    "Syria": "SYR", "Turkey": "TUR", "Georgia": "GEO", "France": "FRA", "Britain": "GBR",
    "Iran": "IRN", "Israel": "ISR", "Jordan": "JOR", "Iraq": "IRQ", "Lavrov": "RUSGOV",
    "Kerry": "USAGOV", "Putin": "RUSGOV", "Moscow": "RUS", "the rebels": "SYRREB",
    "Aleppo": "SYR", "Ukraine": "UKR",
}


def name_coder(text: str, names: dict[str, str] = NAMES) -> ActorCoder:
    """``actor_code`` from a name table: the last known name inside the span, or around it."""
    found = sorted(
        (m.start(), m.end(), code)
        for name, code in names.items()
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))

    def actor_code(start: int, end: int) -> ActorRef | None:
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        around = [f for f in found if f[0] <= start and end <= f[1]]
        hits = inside or around
        if not hits:
            return None
        s, e, code = max(hits, key=lambda f: (f[1], f[1] - f[0]))
        return ActorRef(text=text[s:e], start=s, end=e, code=code, name=text[s:e])

    return actor_code

"""What every message catalogue shares: plural messages and the names of places in Slack.

Kept apart from flows.i18n so the feature catalogues can use it without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """The forms of one sentence for the CLDR categories Danish and English use.

    `count` names the placeholder whose number chooses the form. A form may itself be a Plural
    on another number, for sentences with two counts ("1 of 3 steps").
    """

    one: str | Plural
    other: str | Plural
    count: str = "count"

    def form(self, category: str) -> str | Plural:
        return self.one if category == "one" else self.other


Text = str | Plural


# Where people find the App Home. Slack has no Danish interface, so the tab is labelled "Home".
HOME_TAB_DA = "fanen *Home* i Temadag-appen"
HOME_TAB_EN = "the *Home* tab of the Temadag app"

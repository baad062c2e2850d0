"""Who a browser is: the web participant it joined a workshop as, kept in the session cookie.

A web participant is a `Person` of the workshop's team with a random user id
(`storage.repositories.web.new_web_id`). The signed session maps each workshop joined in this
browser to that id; the personal link (`links.PERSONAL`) brings the same person back on
another device, and `remember` ties that browser to them too.
"""

from __future__ import annotations

from flask import session

from flows.identity import Channel, Person

PEOPLE_KEY = "people"
# A browser that joined more workshops than this forgets the oldest (the cookie stays small).
MAX_REMEMBERED = 20


def person_in(team_id: str, workshop_id: int) -> Person | None:
    """The web participant this browser is in the workshop, if it joined it."""
    people = session.get(PEOPLE_KEY)
    if not isinstance(people, dict):
        return None
    user_id = people.get(str(workshop_id))
    if not isinstance(user_id, str) or not user_id:
        return None
    return Person(team_id, user_id, Channel.WEB)


def remember(workshop_id: int, person: Person) -> None:
    people = session.get(PEOPLE_KEY)
    kept = dict(people) if isinstance(people, dict) else {}
    kept.pop(str(workshop_id), None)
    kept[str(workshop_id)] = person.user_id
    while len(kept) > MAX_REMEMBERED:
        kept.pop(next(iter(kept)))
    session[PEOPLE_KEY] = kept
    session.permanent = True


def forget(person: Person) -> None:
    """This browser is no longer the person in any workshop (their data was deleted)."""
    people = session.get(PEOPLE_KEY)
    if not isinstance(people, dict):
        return
    session[PEOPLE_KEY] = {w: u for w, u in people.items() if u != person.user_id}

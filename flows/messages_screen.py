"""Texts of the facilitator and the room: the web link and QR code in Slack (`/temadag qr`, the
announcement, App Home) and the projector's screen (issue 21)."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # /temadag qr, the announcement and App Home (Slack mrkdwn)
    "qr.no_public_url": (
        "Temadag har ingen webadresse her (PUBLIC_URL er ikke sat), så der er hverken weblink "
        "eller QR-kode at give deltagerne. Spørg dem, der driver Temadag hos jer.",
        "Temadag has no web address here (PUBLIC_URL is not set), so there is no web link or "
        "QR code to give participants. Ask the people who run Temadag for you.",
    ),
    "qr.message": (
        "*{title}* · kode *{code}*\n\n"
        "Deltagere uden Slack kan være med fra deres egen telefon eller computer: <{url}>\n"
        "QR-koden til samme adresse ligger herunder som PNG (til slides) og SVG (til print).\n\n"
        "<{screen}|Skærmen til projektoren> viser koden, QR-koden, og hvor mange der er med og "
        "har svaret – aldrig navne eller citater. Linket er til facilitatorerne, så del det "
        "ikke med deltagerne.",
        "*{title}* · code *{code}*\n\n"
        "Participants without Slack can take part from their own phone or computer: <{url}>\n"
        "The QR code for the same address is below as PNG (for slides) and SVG (for print).\n\n"
        "<{screen}|The screen for the projector> shows the code, the QR code, and how many have "
        "joined and answered – never names or quotes. The link is for the facilitators, so do "
        "not share it with participants.",
    ),
    "qr.sent": (
        "Weblinket og QR-koden er sendt til dig som direkte besked.",
        "The web link and QR code are sent to you as a direct message.",
    ),
    "qr.failed": (
        "QR-koden kunne ikke sendes lige nu. Prøv igen om lidt.",
        "The QR code could not be sent just now. Please try again in a moment.",
    ),
    "qr.file_title": ("QR-kode til {title}", "QR code for {title}"),
    "announce.web": (
        "Uden Slack? Vær med fra din telefon: <{url}>",
        "No Slack? Take part from your phone: <{url}>",
    ),
    "room.after_announce": (
        "*{title}* er slået op. Til rummet:\n"
        "• Deltagere uden Slack kan være med på <{url}>\n"
        "• `/temadag qr {code}` sender dig QR-koden som billede til slides og print\n"
        "• <{screen}|Skærmen til projektoren> viser koden, og hvor mange der er med og har "
        "svaret. Linket er kun til facilitatorerne.",
        "*{title}* is announced. For the room:\n"
        "• Participants without Slack can take part at <{url}>\n"
        "• `/temadag qr {code}` sends you the QR code as an image for slides and print\n"
        "• <{screen}|The screen for the projector> shows the code and how many have joined and "
        "answered. The link is for the facilitators only.",
    ),
    "home.room_links": (
        "<{url}|Weblink for deltagere> · <{qr}|QR-kode> · <{screen}|Skærm til projektoren>",
        "<{url}|Web link for participants> · <{qr}|QR code> · <{screen}|Screen for the projector>",
    ),
    "home.room_screen": (
        "<{screen}|Skærm til projektoren>",
        "<{screen}|Screen for the projector>",
    ),
    # The screen (a web page for the room)
    "screen.page_title": ("Skærm: {title}", "Screen: {title}"),
    "screen.qr_alt": (
        "QR-kode, der åbner temadagen {title}",
        "QR code that opens the workshop {title}",
    ),
    "screen.join_heading": ("Vær med", "Take part"),
    "screen.join_how": (
        "Scan QR-koden, eller gå til {address} og skriv koden:",
        "Scan the QR code, or go to {address} and type the code:",
    ),
    "screen.code_label": ("Kode", "Code"),
    "screen.counts_heading": ("Lige nu", "Right now"),
    # Each count begins with its number: the screen shows the number large and the rest beside it.
    "screen.joined": (
        Plural("{count} deltager er med", "{count} deltagere er med"),
        Plural("{count} participant has joined", "{count} participants have joined"),
    ),
    "screen.answered": (
        Plural("{count} er færdig med refleksionen", "{count} er færdige med refleksionen"),
        Plural("{count} has finished the reflection", "{count} have finished the reflection"),
    ),
    "screen.round_heading": ("Runden nu", "The round now"),
    "screen.round_answers": (
        "{count} har svaret på runden",
        Plural("{count} has answered the round", "{count} have answered the round"),
    ),
    "screen.figures_heading": ("Succesfaktorer", "Success factors"),
    "screen.figures_wait": (
        "Tallene vises, når mindst {count} er færdige med refleksionen.",
        "The figures appear once at least {count} have finished the reflection.",
    ),
    "screen.figures_steps": (
        "Tallene skifter, hver gang {count} flere har svaret, for at gøre det sværere at "
        "genkende den enkelte. Succesfaktorerne er fundet automatisk ud fra ordene i svarene og "
        "kan tage fejl.",
        "The figures change each time {count} more have answered, to make it harder to "
        "recognise anyone. The success factors are found automatically from the words in the "
        "answers and can be wrong.",
    ),
    "screen.figures_none": (
        "Der er ingen tal at vise endnu.",
        "There are no figures to show yet.",
    ),
    "screen.caption": (
        "Trafiklys pr. succesfaktor, og hvor mange svar der nævner den",
        "Traffic lights per success factor, and how many answers mention it",
    ),
    "screen.col_factor": ("Succesfaktor", "Success factor"),
    "screen.col_green": ("Grøn", "Green"),
    "screen.col_yellow": ("Gul", "Yellow"),
    "screen.col_red": ("Rød", "Red"),
    "screen.col_mentions": ("Nævnt i svar", "Mentioned"),
    "screen.too_few": ("for få svar", "too few answers"),
    "screen.closed": (
        "Temadagen er lukket for nye svar.",
        "The workshop is closed to new answers.",
    ),
    "screen.refresh": ("Opdatér tallene", "Update the figures"),
}

__all__ = ["MESSAGES", "Plural"]

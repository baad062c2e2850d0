"""The web pages' own texts (the kernel's: page frame, language choice, errors, accessibility)."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    "web.site_name": ("Temadag", "Temadag"),
    "web.skip_link": ("Gå til indhold", "Skip to content"),
    "web.language_label": ("Sprog", "Language"),
    "web.language_da": ("Dansk", "Dansk"),
    "web.language_en": ("English", "English"),
    "web.footer_accessibility": ("Tilgængelighedserklæring", "Accessibility statement"),
    "web.footer_about": (
        "Temadag gemmer kun en nødvendig sessionscookie og henter intet fra andre sider.",
        "Temadag keeps only a necessary session cookie and loads nothing from other sites.",
    ),
    # Error pages
    "web.error_400_title": ("Siden kunne ikke gemme det", "The page could not save that"),
    "web.error_400_text": (
        "Formularen var udløbet eller ufuldstændig, så intet er ændret. Gå tilbage, genindlæs "
        "siden og prøv igen.",
        "The form had expired or was incomplete, so nothing was changed. Go back, reload the "
        "page and try again.",
    ),
    "web.error_404_title": ("Siden findes ikke", "Page not found"),
    "web.error_404_text": (
        "Tjek adressen, eller brug linket eller QR-koden fra din facilitator igen.",
        "Check the address, or use the link or QR code from your facilitator again.",
    ),
    "web.error_405_title": ("Det kan siden ikke", "The page cannot do that"),
    "web.error_405_text": (
        "Siden tager ikke imod den slags forespørgsel. Gå tilbage og prøv igen.",
        "The page does not accept that kind of request. Go back and try again.",
    ),
    "web.error_410_title": ("Workshoppen er lukket", "The workshop is closed"),
    "web.error_410_text": (
        "Der kan ikke længere svares her. Har du spørgsmål, så kontakt din facilitator.",
        "Answers can no longer be given here. If you have questions, contact your facilitator.",
    ),
    "web.error_429_title": ("For mange forsøg", "Too many tries"),
    "web.error_429_text": (
        Plural(
            "Vent et minut, og prøv så igen.",
            "Vent {count} minutter, og prøv så igen.",
        ),
        Plural("Wait a minute, then try again.", "Wait {count} minutes, then try again."),
    ),
    "web.error_500_title": ("Noget gik galt hos os", "Something went wrong on our side"),
    "web.error_500_text": (
        "Fejlen er skrevet i vores log. Det, du allerede har gemt, er ikke tabt. Prøv igen om "
        "lidt.",
        "The error is in our log. What you already saved is not lost. Try again in a moment.",
    ),
    "web.error_code": ("Fejlkode {code}", "Error code {code}"),
    # The accessibility statement (webtilgængelighedsloven)
    "web.a11y_title": ("Tilgængelighedserklæring", "Accessibility statement"),
    "web.a11y_intro": (
        "Temadags websider skal kunne bruges af alle. De er lavet efter lov om tilgængelighed "
        "af offentlige organers websteder og mobilapplikationer (webtilgængelighedsloven) og "
        "standarden WCAG 2.1 på niveau AA.",
        "Temadag's web pages should be usable by everyone. They follow the Danish act on the "
        "accessibility of public sector websites and mobile applications "
        "(webtilgængelighedsloven) and the standard WCAG 2.1 at level AA.",
    ),
    "web.a11y_status_heading": ("Hvad der er tilgængeligt", "What is accessible"),
    "web.a11y_status_items": (
        "Siderne kan bruges med tastatur alene, med skærmlæser, på en lille telefon, med 200 % "
        "forstørrelse og uden JavaScript.|Tekst og kontraster opfylder WCAG 2.1 AA, og "
        "fokus er altid synligt.|Hver side testes automatisk med axe-core for WCAG 2.1 A og AA "
        "og i en rigtig browser med tastatur og uden JavaScript.",
        "The pages work with a keyboard alone, with a screen reader, on a small phone, at "
        "200 % zoom and without JavaScript.|Text and contrast meet WCAG 2.1 AA, and focus "
        "is always visible.|Every page is tested automatically with axe-core for WCAG 2.1 A "
        "and AA, and in a real browser with the keyboard and without JavaScript.",
    ),
    "web.a11y_limits_heading": ("Hvad der ikke er tilgængeligt", "What is not accessible"),
    "web.a11y_limits_items": (
        "Rapporter og regneark, som facilitatoren henter i Slack (Word og Excel), er ikke "
        "en del af websiderne og er ikke gennemgået efter WCAG.|Automatiske test finder ikke "
        "alle fejl; siderne er ikke gennemgået af en uafhængig ekspert.",
        "Reports and spreadsheets that the facilitator fetches in Slack (Word and Excel) are "
        "not part of the web pages and have not been reviewed against WCAG.|Automatic tests "
        "do not find every problem; the pages have not been reviewed by an independent expert.",
    ),
    "web.a11y_report_heading": ("Sådan melder du et problem", "How to report a problem"),
    "web.a11y_report_text": (
        "Kan du ikke bruge en side, så fortæl det til den facilitator eller organisation, der "
        "inviterede dig. Skriv, hvilken side det drejer sig om, og hvad der gik galt. Du får "
        "svar, og indtil fejlen er rettet, kan du svare på anden vis.",
        "If you cannot use a page, tell the facilitator or organisation that invited you. Say "
        "which page it is and what went wrong. You will get an answer, and until the problem is "
        "fixed you can answer in another way.",
    ),
    "web.a11y_complaint_heading": (
        "Klag til Digitaliseringsstyrelsen",
        "Complain to the Danish Agency for Digital Government",
    ),
    "web.a11y_complaint_text": (
        "Får du ikke svar inden for 10 arbejdsdage, eller er du ikke tilfreds med svaret, kan du "
        "henvende dig til Digitaliseringsstyrelsen, som fører tilsyn med webtilgængelighed. "
        "Hvordan, står på denne adresse:",
        "If you get no answer within 10 working days, or are not satisfied with it, you can "
        "turn to the Danish Agency for Digital Government (Digitaliseringsstyrelsen), which "
        "supervises web accessibility. How is described at this address:",
    ),
    "web.a11y_updated": ("Erklæringen er senest opdateret {date}.", "Last updated {date}."),
}

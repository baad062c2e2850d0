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
        "Siderne sætter kun én nødvendig cookie og henter intet fra andre websteder.",
        "These pages set only one necessary cookie and load nothing from other websites.",
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
    "web.error_410_title": (
        "Temadagen er lukket",
        "The workshop is closed",
    ),
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
        "Vi har registreret fejlen. Det, du allerede har gemt, er ikke tabt. Prøv igen om lidt.",
        "We have registered the error. What you already saved is not lost. Try again in a moment.",
    ),
    "web.error_code": ("Fejlkode {code}", "Error code {code}"),
    # The accessibility statement (webtilgængelighedsloven)
    "web.a11y_title": ("Tilgængelighedserklæring", "Accessibility statement"),
    "web.a11y_intro": (
        "Temadags websider skal kunne bruges af alle. Målet er, at de lever op til lov om "
        "tilgængelighed af offentlige organers websteder og mobilapplikationer "
        "(webtilgængelighedsloven) og standarden WCAG 2.1 på niveau AA.",
        "Temadag's web pages should be usable by everyone. The aim is that they meet the Danish "
        "act on the accessibility of public sector websites and mobile applications "
        "(webtilgængelighedsloven) and the standard WCAG 2.1 at level AA.",
    ),
    "web.a11y_status_heading": ("Hvad der er tilgængeligt", "What is accessible"),
    "web.a11y_status_items": (
        "Siderne er lavet til at kunne bruges med tastatur alene, med skærmlæser, på en lille "
        "telefon, med 200 % forstørrelse og uden JavaScript.|Vi har testet siderne automatisk mod "
        "WCAG 2.1 A og AA med axe-core og i en rigtig browser med tastatur og uden JavaScript og "
        "har ikke fundet fejl. Det betyder ikke, at der ingen er.",
        "The pages are made to work with a keyboard alone, with a screen reader, on a small "
        "phone, at 200 % zoom and without JavaScript.|We have tested the pages automatically "
        "against WCAG 2.1 A and AA with axe-core, and in a real browser with the keyboard and "
        "without JavaScript, and found no errors. That does not mean there are none.",
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
        "Kan du ikke bruge en side, så skriv til den organisation, der driver Temadag, eller til "
        "den facilitator, der inviterede dig. Skriv, hvilken side det drejer sig om, og hvad der "
        "gik galt.",
        "If you cannot use a page, write to the organisation that runs Temadag or to the "
        "facilitator who invited you. Say which page it is and what went wrong.",
    ),
    "web.a11y_complaint_heading": (
        "Klag til Digitaliseringsstyrelsen",
        "Complain to the Danish Agency for Digital Government",
    ),
    "web.a11y_complaint_text": (
        "Er du ikke tilfreds med svaret, kan du klage til Digitaliseringsstyrelsen, som fører "
        "tilsyn med webtilgængelighed. Læs, hvordan du klager, på Digitaliseringsstyrelsens side:",
        "If you are not satisfied with the answer, you can complain to the Danish Agency for "
        "Digital Government (Digitaliseringsstyrelsen), which supervises web accessibility. Read "
        "how to complain on the Agency's page:",
    ),
    "web.a11y_updated": (
        "Erklæringen blev senest opdateret den {date}.",
        "The statement was last updated on {date}.",
    ),
}

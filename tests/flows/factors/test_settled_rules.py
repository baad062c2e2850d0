"""The words that name no factor alone, as GUIDE.md ("Words that name no factor alone") settles
them: one test per rule, each with the sense that counts and the sense that does not."""

from flows.factors import place_factors, tag_factors


def test_an_arshjul_or_a_traffic_light_status_alone_names_no_factor() -> None:
    assert tag_factors("Opfølgningen ligger i årshjulet") == frozenset()
    assert tag_factors("Trafiklysene viser hvor vi er") == frozenset()
    assert tag_factors("We have an annual wheel and a traffic light status") == frozenset()


def test_the_packages_as_the_frame_of_an_annual_status_are_legitimacy() -> None:
    assert tag_factors("Vi har lagt forebyggelsespakkerne ind i årshjulet") == {"legitimacy"}
    assert tag_factors("Trafiklys på anbefalingerne hvert forår") == {"legitimacy"}


def test_annual_plans_followed_up_across_the_forvaltninger_are_cross_organisation() -> None:
    assert tag_factors("Handleplanerne følges op i forvaltningerne hvert år") == {
        "cross_organisation"
    }
    assert tag_factors("Årshjulet bruges i hver forvaltning") == {"cross_organisation"}
    assert tag_factors("Action plans in every department") == {"cross_organisation"}


def test_a_plan_approved_by_a_committee_is_political_backing() -> None:
    assert tag_factors("Handleplanen bliver godkendt i udvalget hvert år") == {"political_backing"}


def test_a_handleplan_or_implementeringsplan_alone_names_no_factor() -> None:
    assert tag_factors("Handleplanen for 2025 er skrevet") == frozenset()
    assert tag_factors("Implementeringsplanen mangler") == frozenset()
    assert tag_factors("We need an action plan") == frozenset()


def test_a_mandate_alone_names_no_factor_but_the_policy_as_mandate_is_legitimacy() -> None:
    assert tag_factors("Vi mangler et klart mandat") == frozenset()
    assert tag_factors("Koordinatoren har ikke mandat til at beslutte") == {"coordinators"}
    assert tag_factors("Sundhedspolitikken giver os mandat til at arbejde") == {"legitimacy"}


def test_ownership_across_the_forvaltninger_is_cross_organisation() -> None:
    assert tag_factors("Der mangler ejerskab i de andre forvaltninger") == {"cross_organisation"}
    assert tag_factors("Fælles ejerskab er det svære") == {"cross_organisation"}


def test_ownership_held_by_staff_is_employee_involvement_not_cross_organisation() -> None:
    assert tag_factors("Medarbejderne skal have ejerskab til indsatsen") == {"employee_involvement"}
    assert tag_factors("Ejerskab er vigtigt") == frozenset()


def test_travlt_counts_as_resources_only_when_people_are_too_busy_for_the_work() -> None:
    assert tag_factors("Alle har travlt, der er ikke luft") == {"existing_resources"}
    assert tag_factors("Vi har travlt med at komme i gang") == frozenset()


def test_det_tager_tid_is_slow_change_not_missing_hours() -> None:
    assert tag_factors("Det tager tid at ændre kulturen") == frozenset()
    assert tag_factors("Vi har ikke tid til det") == {"existing_resources"}


def test_citizens_with_few_resources_are_no_resource_of_the_work() -> None:
    assert tag_factors("Vi når ikke de ressourcesvage borgere") == frozenset()
    assert tag_factors("Vi mangler ressourcer") == {"existing_resources"}


def test_alle_ansatte_as_the_target_group_of_a_rule_is_no_factor() -> None:
    assert tag_factors("Røgfri arbejdstid for alle ansatte") == frozenset()
    assert tag_factors("De ansatte blev inddraget fra start") == {"employee_involvement"}


def test_vi_har_ansat_a_coordinator_is_about_the_coordinator_not_staff() -> None:
    assert tag_factors("Vi har ansat en koordinator") == {"coordinators"}


def test_a_projektmedarbejder_drives_the_work_so_is_a_coordinator() -> None:
    assert tag_factors("Vores projektmedarbejder holder sammen på det") == {"coordinators"}


def test_politisk_betjening_as_a_skill_is_coordinators_not_political_backing() -> None:
    assert tag_factors("Det kræver erfaring med politisk betjening") == {"coordinators"}
    assert tag_factors("Politisk opbakning er afgørende") == {"political_backing"}


def test_a_network_inside_ones_own_municipality_is_no_network_between_municipalities() -> None:
    assert tag_factors("Et internt netværk af ressourcepersoner") == {"coordinators"}
    assert tag_factors("Et netværk af sundhedskonsulenter i regionen") == {"networks"}


def test_committee_abbreviations_count_as_political_backing_as_written() -> None:
    for text in ("Sagen skal i KB", "Det kom op i ØU", "BR har vedtaget det", "BU og SU"):
        assert tag_factors(text) == {"political_backing"}, text
    # Lower case they are everyday words: no committee.
    assert tag_factors("Vi er på vej, su") == frozenset()


def test_med_and_hmed_count_as_employee_involvement_but_the_word_med_does_not() -> None:
    assert tag_factors("Vi tog det op i MED") == {"employee_involvement"}
    assert tag_factors("HMED har drøftet det") == {"employee_involvement"}
    assert tag_factors("Vi gik i gang med det") == frozenset()


def test_another_municipality_named_in_learning_from_it_counts_as_networks() -> None:
    assert tag_factors("Vi vil se, hvordan Vejle gør") == {"networks"}
    assert tag_factors("Besøge Holbæk og lære af deres erfaringer") == {"networks"}
    assert tag_factors("Vi i Aarhus har en lang tradition") == frozenset()
    # A municipality whose name is an everyday word is not read as one.
    assert tag_factors("Hvordan finder vi vejen videre?") == frozenset()


def test_a_typo_on_a_long_word_is_read_as_the_word_meant() -> None:
    assert tag_factors("polittisk opbaking") == {"political_backing"}
    assert tag_factors("Vores koordinatoer er ny") == {"coordinators"}
    # A real word one edit from a lexicon word is no typo: "udvalgte" (chosen), "udvalget".
    assert tag_factors("Syv udvalgte skoler") == frozenset()


def test_the_word_that_placed_an_answer_is_given_as_the_answer_writes_it() -> None:
    assert place_factors("Handleplanen godkendes i Sundhedsudvalget, og MED er med") == {
        "political_backing": "Sundhedsudvalget",
        "employee_involvement": "MED",
    }
    assert place_factors("Samarbejdet på tværs af forvaltningerne") == {
        "cross_organisation": "Samarbejdet"
    }
    assert place_factors("Vi vil se, hvordan Vejle gør") == {"networks": "hvordan … Vejle"}
    assert place_factors("polittisk opbaking") == {"political_backing": "polittisk"}

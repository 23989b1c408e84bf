"""The forced-labour screen: indicators from grievances, answers and narratives (the first five languages;
the seven added in round 7 are in test_triage_languages.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.cases import triage
from corridor.cases.choices import Indicator as I

# (language, narrative, indicators that must fire, indicators that must not)
NARRATIVES = [
    ("en", "My employer took my passport and locked me in the house. I have not been paid for 3 months. I work 18 hours a day.",
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT, I.WITHHOLDING_OF_WAGES, I.EXCESSIVE_OVERTIME}, set()),
    ("en", "I keep my passport myself. My salary is paid on time. I want to change jobs because the work is boring.",
     set(), {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES, I.RESTRICTION_OF_MOVEMENT}),
    ("en", "I don't keep my passport, the madam has it.", {I.RETENTION_OF_DOCUMENTS}, set()),
    ("en", "The sponsor confiscated my iqama and threatened to report me to the police. He slapped me twice.",
     {I.RETENTION_OF_DOCUMENTS, I.INTIMIDATION_THREATS, I.PHYSICAL_SEXUAL_VIOLENCE}, set()),
    # A deduction that pays off a debt is how the debt binds: debt bondage, not a second indicator.
    ("en", "I owe the recruiter 80,000 pesos for the placement and they deduct it from my wages.",
     {I.DEBT_BONDAGE}, {I.WITHHOLDING_OF_WAGES}),
    ("en", "I have no debt and I work eight hours a day with Fridays off.", set(), {I.DEBT_BONDAGE, I.EXCESSIVE_OVERTIME}),
    ("fil", "Kinuha ng amo ko ang aking pasaporte at hindi ako pinapayagang lumabas ng bahay. Sinasaktan niya ako.",
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT, I.PHYSICAL_SEXUAL_VIOLENCE}, set()),
    ("fil", "Hawak ko ang aking pasaporte. Maayos ang trabaho pero gusto kong umuwi.", set(), {I.RETENTION_OF_DOCUMENTS}),
    ("fil", "Tatlong buwan na akong walang sahod at may utang ako sa ahensya. Walang pahinga, 20 oras ang trabaho.",
     {I.WITHHOLDING_OF_WAGES, I.DEBT_BONDAGE, I.EXCESSIVE_OVERTIME}, set()),
    ("fil", "Wala akong utang sa ahensya.", set(), {I.DEBT_BONDAGE}),
    ("ar", "صاحب العمل أخذ جواز سفري ولم يدفعوا راتبي منذ ثلاثة أشهر. يضربني كل يوم.",
     {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES, I.PHYSICAL_SEXUAL_VIOLENCE}, set()),
    ("ar", "جوازي معي والراتب يصلني في موعده.", set(), {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES}),
    ("ar", "الكفيل يحتفظ بجوازي وهددني بالترحيل، وأعمل ١٨ ساعة.",
     {I.RETENTION_OF_DOCUMENTS, I.INTIMIDATION_THREATS, I.EXCESSIVE_OVERTIME}, set()),
    ("ne", "साहुले मेरो राहदानी खोस्यो र तीन महिनादेखि तलब दिएन। मलाई कुटपिट गर्छ।",
     {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES, I.PHYSICAL_SEXUAL_VIOLENCE}, set()),
    ("ne", "मेरो राहदानी मसँगै छ। काम ठीक छ।", set(), {I.RETENTION_OF_DOCUMENTS}),
    ("ne", "कम्पनीले बाहिर जान दिँदैन र धम्की दिन्छ।", {I.RESTRICTION_OF_MOVEMENT, I.INTIMIDATION_THREATS}, set()),
    ("es", "El patrón me quitó el pasaporte y no me dejan salir de la casa. Me pegaron.",
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT, I.PHYSICAL_SEXUAL_VIOLENCE}, set()),
    ("es", "Yo tengo mi pasaporte y me pagan a tiempo.", set(), {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES}),
    ("es", "No tengo mi pasaporte, lo tiene la agencia.", {I.RETENTION_OF_DOCUMENTS}, set()),
    ("es", "Me engañaron: el contrato es diferente y debo dinero a la agencia.", {I.DECEPTION, I.DEBT_BONDAGE}, set()),
    ("en", "The employer returned my passport last week and pays me on time.", set(),
     {I.RETENTION_OF_DOCUMENTS, I.WITHHOLDING_OF_WAGES}),
    ("en", "I work 8 hours a day and I am free to leave the house on Fridays.", set(),
     {I.EXCESSIVE_OVERTIME, I.RESTRICTION_OF_MOVEMENT}),
    ("en", "My passport was taken by the agency in Manila and they locked the door at night.",
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT}, set()),
    ("es", "Me devolvieron el pasaporte y puedo salir los domingos.", set(),
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT}),
    ("es", "La agencia se quedó con mi pasaporte y me amenazaron con deportarme.",
     {I.RETENTION_OF_DOCUMENTS, I.INTIMIDATION_THREATS}, set()),
    ("ar", "استلمت جوازي من الكفيل.", set(), {I.RETENTION_OF_DOCUMENTS}),
    ("ar", "لا يسمحون لي بالخروج من البيت وأخذوا جوالي.", {I.RESTRICTION_OF_MOVEMENT, I.ISOLATION}, set()),
    ("ne", "एजेन्टले राहदानी फिर्ता दिए।", set(), {I.RETENTION_OF_DOCUMENTS}),
    ("ne", "मालिकले मोबाइल खोस्यो र परिवारसँग कुरा गर्न दिँदैन।", {I.ISOLATION}, set()),
    ("fil", "Ibinalik na ang pasaporte ko at nakakalabas ako tuwing Linggo.", set(),
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT}),
]


@pytest.mark.parametrize(("language", "text", "expected", "absent"), NARRATIVES,
                         ids=[f"{n[0]}-{i}" for i, n in enumerate(NARRATIVES)])
def test_narratives(language, text, expected, absent):
    found = {hit.indicator for hit in triage.scan(text, language) if hit.indicator != "trafficking"}
    assert expected <= found, f"missing {expected - found}"
    assert not (absent & found), f"false positives {absent & found}"


def test_the_evidence_is_the_phrase_as_written():
    hits = triage.scan("صاحب العمل أخذ جواز سفري", "ar")
    assert [(h.indicator, h.phrase) for h in hits] == [(I.RETENTION_OF_DOCUMENTS, "أخذ جواز")]
    hits = triage.scan("साहुले मेरो राहदानी खोस्यो", "ne")
    assert any(h.phrase == "राहदानी खोस्यो" for h in hits)


def test_every_lexicon_loads_and_covers_all_eleven_indicators():
    for language in triage.LANGUAGES:
        lexicon = triage.lexicon(language)
        assert set(lexicon.phrases) - {triage.DEDUCTION} == set(I.values) | set(triage.SIGNALS), language
        assert lexicon.trafficking


def test_the_screen_combines_grievances_answers_and_narrative():
    result = triage.screen(grievances=["documents_taken", "unpaid_wages"],
                           answers={"can_leave": "no", "owes_money": "no", "passport_holder": "self"},
                           narrative="They hit me when I asked for my salary.", language="en")
    sources = {(f.indicator, f.source, f.evidence) for f in result.findings}
    assert (I.RETENTION_OF_DOCUMENTS, "grievance", "documents_taken") in sources
    assert (I.RESTRICTION_OF_MOVEMENT, "answer", "can_leave=no") in sources
    assert (I.PHYSICAL_SEXUAL_VIOLENCE, "narrative", "hit me") in sources
    assert I.DEBT_BONDAGE not in result.indicators
    assert result.urgent and {"confinement", "violence"} <= set(result.urgent_reasons)


def test_trafficking_words_make_a_case_urgent():
    result = triage.screen(grievances=["other"], answers={}, narrative="Ibinenta ako ng recruiter sa ibang amo.",
                           language="fil")
    assert result.urgent and "trafficking" in result.urgent_reasons


def test_a_wage_complaint_alone_is_not_urgent():
    result = triage.screen(grievances=["unpaid_wages"], answers={"paid_in_full": "no"},
                           narrative="My salary is two months late.", language="en")
    assert not result.urgent and result.indicators == [I.WITHHOLDING_OF_WAGES]


def test_mixed_scripts_are_read_with_every_lexicon_they_need():
    assert triage.detect_languages("Kinuha ang passport ko", "fil")[0] == "fil"
    assert {"fil", "en"} <= set(triage.detect_languages("Kinuha ang passport ko", "en"))
    assert "es" not in triage.detect_languages("They took my passport", "en")
    assert "ar" in triage.detect_languages("my kafeel أخذ جوازي", "en")


@settings(max_examples=200)
@given(st.text(max_size=300), st.sampled_from(triage.LANGUAGES))
def test_any_text_scans_without_error_and_quotes_only_what_was_written(text, language):
    for hit in triage.scan(text, language):
        assert hit.phrase and hit.phrase in text

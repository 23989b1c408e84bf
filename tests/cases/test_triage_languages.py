"""The triage in the seven languages added in round 7 (bn, hi, id, si, ta, my, am), concept classes and
negation scope: pure functions, no database."""

import pytest

from corridor.cases import triage
from corridor.cases.choices import Indicator as I


def found(text, language):
    return set(triage.triage_text(text, language)["indicators"])


# One sentence a worker might write for each indicator, in each new language (machine-drafted).
SENTENCES = {
    "hi": {
        I.ABUSE_OF_VULNERABILITY: "मुझे यहां की भाषा नहीं आती।",
        I.DECEPTION: "एजेंट ने धोखा दिया।",
        I.RESTRICTION_OF_MOVEMENT: "मालिक मुझे बाहर जाने नहीं देता।",
        I.ISOLATION: "उन्होंने मेरा फोन छीन लिया।",
        I.PHYSICAL_SEXUAL_VIOLENCE: "मालिक ने मुझे पीटा।",
        I.INTIMIDATION_THREATS: "सेठ ने पुलिस में शिकायत की धमकी दी।",
        I.RETENTION_OF_DOCUMENTS: "कंपनी ने मेरा पासपोर्ट रख लिया।",
        I.WITHHOLDING_OF_WAGES: "तीन महीने से वेतन नहीं मिला।",
        I.DEBT_BONDAGE: "मुझ पर एजेंट का कर्ज है।",
        I.ABUSIVE_CONDITIONS: "हमें खाना नहीं देते।",
        I.EXCESSIVE_OVERTIME: "कोई छुट्टी नहीं, दिन रात काम।",
    },
    "bn": {
        I.ABUSE_OF_VULNERABILITY: "আমি এখানকার ভাষা জানি না।",
        I.DECEPTION: "দালাল আমার সাথে প্রতারণা করেছে।",
        I.RESTRICTION_OF_MOVEMENT: "মালিক ঘরে তালা দিয়ে রাখে।",
        I.ISOLATION: "ওরা আমার ফোন কেড়ে নিয়েছে।",
        I.PHYSICAL_SEXUAL_VIOLENCE: "মালিক আমাকে মারধর করে।",
        I.INTIMIDATION_THREATS: "আমাকে হুমকি দেয়।",
        I.RETENTION_OF_DOCUMENTS: "মালিক আমার পাসপোর্ট কেড়ে নিয়েছে।",
        I.WITHHOLDING_OF_WAGES: "তিন মাস বেতন দেয়নি।",
        I.DEBT_BONDAGE: "এজেন্সির কাছে আমার অনেক ঋণ।",
        I.ABUSIVE_CONDITIONS: "আমাদের খাবার দেয় না।",
        I.EXCESSIVE_OVERTIME: "কোনো ছুটি নেই।",
    },
    "id": {
        I.ABUSE_OF_VULNERABILITY: "Saya tidak mengerti bahasa di sini.",
        I.DECEPTION: "Saya ditipu oleh agen.",
        I.RESTRICTION_OF_MOVEMENT: "Saya dikunci di dalam rumah.",
        I.ISOLATION: "Majikan menyita hp saya.",
        I.PHYSICAL_SEXUAL_VIOLENCE: "Saya sering dipukul majikan.",
        I.INTIMIDATION_THREATS: "Majikan mengancam akan melaporkan saya ke polisi.",
        I.RETENTION_OF_DOCUMENTS: "Paspor saya ditahan majikan.",
        I.WITHHOLDING_OF_WAGES: "Gaji saya belum dibayar tiga bulan.",
        I.DEBT_BONDAGE: "Saya punya utang ke agen.",
        I.ABUSIVE_CONDITIONS: "Saya tidak diberi makan.",
        I.EXCESSIVE_OVERTIME: "Saya kerja tanpa libur.",
    },
    "ta": {
        I.ABUSE_OF_VULNERABILITY: "எனக்கு இங்குள்ள மொழி தெரியாது.",
        I.DECEPTION: "முகவர் என்னை ஏமாற்றினார்.",
        I.RESTRICTION_OF_MOVEMENT: "என்னை அறையில் பூட்டி வைத்தார்கள்.",
        I.ISOLATION: "என் போனை பறித்துக்கொண்டார்கள்.",
        I.PHYSICAL_SEXUAL_VIOLENCE: "முதலாளி என்னை அடித்தார்.",
        I.INTIMIDATION_THREATS: "முதலாளி என்னை மிரட்டினார்.",
        I.RETENTION_OF_DOCUMENTS: "முதலாளி என் கடவுச்சீட்டை எடுத்துக்கொண்டார்.",
        I.WITHHOLDING_OF_WAGES: "மூன்று மாதமாக சம்பளம் கொடுக்கவில்லை.",
        I.DEBT_BONDAGE: "ஏஜென்சிக்கு பெரிய கடன் இருக்கிறது.",
        I.ABUSIVE_CONDITIONS: "எங்களுக்கு உணவு கொடுக்கவில்லை.",
        I.EXCESSIVE_OVERTIME: "ஓய்வு இல்லாமல் வேலை செய்கிறேன்.",
    },
    "si": {
        I.ABUSE_OF_VULNERABILITY: "මට මෙහේ භාෂාව තේරෙන්නේ නැහැ.",
        I.DECEPTION: "ඒජන්ට් මාව රැවැට්ටුවා.",
        I.RESTRICTION_OF_MOVEMENT: "මාව කාමරයේ වහලා තිබුණා.",
        I.ISOLATION: "එයාලා මගේ ෆෝන් එක අරගත්තා.",
        I.PHYSICAL_SEXUAL_VIOLENCE: "හාම්පුතා මට ගැහුවා.",
        I.INTIMIDATION_THREATS: "හාම්පුතා මට තර්ජනය කළා.",
        I.RETENTION_OF_DOCUMENTS: "හාම්පුතා මගේ ගමන් බලපත්‍රය අරගත්තා.",
        I.WITHHOLDING_OF_WAGES: "මාස තුනක් පඩි දුන්නේ නැහැ.",
        I.DEBT_BONDAGE: "ඒජන්සියට ලොකු ණයක් තියෙනවා.",
        I.ABUSIVE_CONDITIONS: "කන්න දෙන්නේ නැහැ.",
        I.EXCESSIVE_OVERTIME: "නිවාඩු දවසක් නැතුව වැඩ කරනවා.",  # "no leave" alone may be annual leave: the gate drops it
    },
    "my": {
        I.ABUSE_OF_VULNERABILITY: "ဒီက ဘာသာစကား မတတ်ဘူး။",
        I.DECEPTION: "ပွဲစားက ကျွန်မကို လိမ်တယ်။",
        I.RESTRICTION_OF_MOVEMENT: "အခန်းထဲမှာ သော့ခတ်ထားတယ်။",
        I.ISOLATION: "ကျွန်တော့် ဖုန်းကို သိမ်းသွားတယ်။",
        I.PHYSICAL_SEXUAL_VIOLENCE: "အလုပ်ရှင်က ကျွန်မကို ရိုက်တယ်။",
        I.INTIMIDATION_THREATS: "အလုပ်ရှင်က ခြိမ်းခြောက်တယ်။",
        I.RETENTION_OF_DOCUMENTS: "အလုပ်ရှင်က နိုင်ငံကူးလက်မှတ်ကို သိမ်းထားတယ်။",
        I.WITHHOLDING_OF_WAGES: "သုံးလ လစာ မပေးဘူး။",
        I.DEBT_BONDAGE: "အေဂျင်စီကို အကြွေး တင်နေတယ်။",
        I.ABUSIVE_CONDITIONS: "ထမင်း မပေးဘူး။",
        I.EXCESSIVE_OVERTIME: "နားရက် မရှိဘူး။",
    },
    "am": {
        I.ABUSE_OF_VULNERABILITY: "የዚህን አገር ቋንቋ አላውቅም።",
        I.DECEPTION: "ደላላው አታለለኝ።",
        I.RESTRICTION_OF_MOVEMENT: "ክፍል ውስጥ ቆልፈውብኛል።",
        I.ISOLATION: "ስልኬን ወሰዱብኝ።",
        I.PHYSICAL_SEXUAL_VIOLENCE: "አሰሪዬ ደበደበችኝ።",
        I.INTIMIDATION_THREATS: "አሰሪዬ አስፈራራችኝ።",
        I.RETENTION_OF_DOCUMENTS: "አሰሪዬ ፓስፖርቴን ወሰደች።",
        I.WITHHOLDING_OF_WAGES: "ለሶስት ወር ደመወዝ አልከፈሉኝም።",
        I.DEBT_BONDAGE: "ለኤጀንሲው ትልቅ ዕዳ አለብኝ።",
        I.ABUSIVE_CONDITIONS: "ምግብ አይሰጡኝም።",
        I.EXCESSIVE_OVERTIME: "እረፍት የለኝም።",
    },
}
CASES = [(lang, indicator, text) for lang, by in SENTENCES.items() for indicator, text in by.items()]


def test_every_new_language_has_a_sentence_for_every_indicator():
    assert {lang: set(by) for lang, by in SENTENCES.items()} == {lang: set(I.values) for lang in SENTENCES}


@pytest.mark.parametrize(("language", "indicator", "text"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_sentence_per_indicator_in_each_new_language(language, indicator, text):
    assert indicator in found(text, language)


@pytest.mark.parametrize(("language", "text"), [
    ("hi", "मालिक ने मेरा पासपोर्ट नहीं लिया।"),
    ("bn", "মালিক আমার পাসপোর্ট কেড়ে নেয়নি।"),
    ("id", "Majikan tidak mengambil paspor saya."),
    ("ta", "முதலாளி என் கடவுச்சீட்டை எடுக்கவில்லை."),
    ("si", "හාම්පුතා මගේ පාස්පෝට් එක ගත්තේ නැහැ."),
    ("my", "အလုပ်ရှင်က နိုင်ငံကူးလက်မှတ်ကို မသိမ်းဘူး။"),
    ("am", "አሰሪዬ ፓስፖርቴን አልወሰደችም።"),
])
def test_a_negated_sign_is_not_evidence_in_the_new_languages(language, text):
    assert I.RETENTION_OF_DOCUMENTS not in found(text, language)


@pytest.mark.parametrize(("language", "text"), [
    ("hi", "मेरा पासपोर्ट मेरे पास है और वेतन समय पर मिलता है।"),
    ("bn", "আমার পাসপোর্ট আমার কাছে আছে।"),
    ("id", "Bagaimana cara memperpanjang paspor di kedutaan?"),
    ("ta", "என் கடவுச்சீட்டு என்னிடம் உள்ளது."),
    ("si", "මගේ පාස්පෝට් මං ළඟ තියෙනවා."),
    ("my", "မနက်ဖြန် ဈေးသွားမယ်။"),
    ("my", "အလုပ်ရှင်က ကန်ထရိုက်ပြည့်လို့ မြန်မာပြည် ပြန်ပို့ပေးမယ်တဲ့။"),  # contract: no kick (ကန်), no hit (ရိုက်)
    ("my", "ကားပိတ်နေလို့ ရုံးကို နောက်ကျမယ်။"),  # stuck in traffic: no one shut in (ပိတ်)
    ("id", "Kena denda parkir lagi, salah sendiri."),  # a parking fine, not a fine cut from wages
    ("am", "ነገ ወደ ገበያ እሄዳለሁ።"),
])
def test_harmless_messages_in_the_new_languages_raise_nothing(language, text):
    result = triage.triage_text(text, language)
    assert result["indicators"] == [] and not result["urgent"], result


@pytest.mark.parametrize(("language", "text"), [
    ("hi", "यह जबरन मजदूरी है।"), ("bn", "এটা জোরপূর্বক শ্রম।"), ("id", "Ini kerja paksa."),
    ("ta", "இது கட்டாய உழைப்பு."), ("si", "මේක බලහත්කාර ශ්‍රමයක්."), ("my", "ဒါ အဓမ္မလုပ်အား ပါ။"),
    ("am", "ይህ የግዳጅ ሥራ ነው።"),
])
def test_forced_labour_stated_outright_is_urgent_in_the_new_languages(language, text):
    result = triage.triage_text(text, language)
    assert result["urgent"] and "trafficking" in result["urgent_reasons"], result


@pytest.mark.parametrize(("text", "language"), [
    ("মালিক আমার পাসপোর্ট কেড়ে নিয়েছে।", "bn"),
    ("মালিক আমার পাসপোর্ট নিয়েছে। তিন মাস বেতন দেয়নি।", "bn"),  # the danda is Devanagari's, the text Bengali
    ("मालिक ने मेरा पासपोर्ट ले लिया है और मुझे बाहर नहीं जाने देते।", "hi"),
    ("साहुले मेरो राहदानी खोस्यो र तलब दिएको छैन।", "ne"),
    ("Paspor saya ditahan oleh majikan dan gaji saya tidak dibayar.", "id"),
    ("முதலாளி என் கடவுச்சீட்டை எடுத்துக்கொண்டார்.", "ta"),
    ("හාම්පුතා මගේ ගමන් බලපත්‍රය අරගත්තා.", "si"),
    ("အလုပ်ရှင်က နိုင်ငံကူးလက်မှတ်ကို သိမ်းထားတယ်။", "my"),
    ("አሰሪዬ ፓስፖርቴን ወሰደች።", "am"),
])
def test_the_new_languages_are_detected_by_script_or_words(text, language):
    assert triage.detect_language(text) == language
    assert language in triage.detect_languages(text)


def test_the_cli_accepts_every_shipped_language():
    assert set(triage.LANGUAGES) == {"en", "ar", "fil", "ne", "es", "bn", "hi", "id", "si", "ta", "my", "am"}
    assert triage.triage_jsonl(['{"text": "Paspor saya disita.", "language": "id"}'])[0]["indicators"] == [
        I.RETENTION_OF_DOCUMENTS]


# --- negation scope ------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "text", "indicator"), [
    ("fil", "Walang hininging bayad sa akin ang ahensya.", I.WITHHOLDING_OF_WAGES),  # no fee was *asked*
    ("en", "No recruitment fee was asked and there was no charge for the visa.", I.WITHHOLDING_OF_WAGES),
    ("id", "Tidak diminta biaya apa pun oleh agen.", I.DEBT_BONDAGE),
])
def test_a_negator_of_another_word_does_not_make_a_negative_sign(language, text, indicator):
    assert indicator not in found(text, language)


@pytest.mark.parametrize(("language", "text", "indicator"), [
    ("fil", "Wala akong sahod ng apat na buwan.", I.WITHHOLDING_OF_WAGES),  # fillers between: still "no pay"
    ("ar", "صاحب المحل أخذ إقامتي وقال إنه لن يعيدها حتى أدفع له.", I.DEBT_BONDAGE),  # the negator negates the verb
    ("en", "The employer will not let me go until I repay the agency loan.", I.DEBT_BONDAGE),
    ("my", "သုံးလ လစာ မပေးဘူး။", I.WITHHOLDING_OF_WAGES),  # the final ဘူး belongs to the negative phrase
    ("bn", "তিন মাস বেতন দেয়নি।", I.WITHHOLDING_OF_WAGES),
    ("my", "ဆယ်လ ကမ်းကို မတက်ရဘူး။", I.RESTRICTION_OF_MOVEMENT),  # and to a lexicon word with the negator fused
    # "never" closes the clause before it: it does not negate the phone taken after it
    ("ar", "المدام ما بتخليني اطلع من البيت ابدا واخذت تلفوني", I.ISOLATION),
])
def test_negation_as_the_evidence_and_out_of_scope_negators(language, text, indicator):
    assert indicator in found(text, language)


# --- concepts --------------------------------------------------------------------------------------

def test_a_concept_stands_for_every_word_of_its_class():
    assert triage.expand_concepts("@take @document", {"take": ["took", "kept"], "document": ["passport"]}) == \
        "took|kept passport"
    with pytest.raises(ValueError, match="unknown concept @nothing"):
        triage.expand_concepts("@nothing here", {}, "en")


@pytest.mark.parametrize(("language", "text", "indicator"), [
    ("en", "The foreman collected our credentials on the first day.", I.RETENTION_OF_DOCUMENTS),
    ("en", "My passport stays with the office manager.", I.RETENTION_OF_DOCUMENTS),
    ("en", "They rationed our water in the camp.", I.ABUSIVE_CONDITIONS),
    ("en", "We worked four months without pay.", I.WITHHOLDING_OF_WAGES),
    ("es", "El contratista guarda nuestras credenciales.", I.RETENTION_OF_DOCUMENTS),
    ("es", "Trabajamos gratis hasta pagar el pasaje.", I.WITHHOLDING_OF_WAGES),
    ("fil", "Itinago ng amo ang papeles ko.", I.RETENTION_OF_DOCUMENTS),
])
@pytest.mark.usefixtures("rules_alone")  # the lexicons' concepts, as test_triage_concepts.py reads them
def test_concept_patterns_cover_pairings_no_phrase_names(language, text, indicator):
    assert indicator in found(text, language)


@pytest.mark.parametrize("text", [
    "The company wants me to sign a new contract with the same salary, should I?",
    "I took my passport to the embassy to renew it.",
    "We had water and food enough, the camp was fine.",
])
def test_concept_patterns_keep_harmless_messages_quiet(text):
    assert found(text, "en") == set()


def test_burmese_runs_split_into_syllables_and_lexicon_words():
    assert triage.myanmar_syllables("မပေးဘူး") == ["မ", "ပေး", "ဘူး"]
    assert triage.myanmar_syllables("နိုင်ငံ") == ["နိုင်", "ငံ"]
    words = [t.text for t in triage.tokens("လစာမပေးဘူး", words=frozenset({"လစာ"}))]
    assert words == ["လစာ", "မ", "ပေး", "ဘူး"]


@pytest.mark.parametrize("text", [
    "Ana got the ﬁne: MY PASSPORT",  # a ligature becomes two letters, capitals lower
    "El agente se llevó mi pasaporte",  # a Latin accent is dropped, the letter kept
    "أخذَ الكفيلُ جوازي",  # Arabic vowel marks are dropped
    "ﷺ and ß",  # a character that becomes a phrase, a letter that becomes two
])
def test_each_normalised_character_points_back_to_the_worker_s_own(text):
    normalised, index = triage.normalise_with_map(text)
    assert normalised == "".join(triage.normalise(ch) for ch in text)
    assert len(index) == len(normalised) and index == sorted(index)
    for at, ch in zip(index, normalised, strict=True):
        assert ch in triage.normalise(text[at])


def test_a_comma_or_a_clause_word_starts_a_new_clause_once():
    toks = triage.tokens("they took it, and 1,000 riyal: gone (all)", frozenset({"and"}))
    assert [(t.text, t.clause) for t in toks] == [
        ("they", 0), ("took", 0), ("it", 0), ("and", 1), ("1", 1), ("000", 2), ("riyal", 2), ("gone", 3), ("all", 4)]


def test_ethiopic_letters_that_sound_alike_are_one():
    assert triage.normalise("ሥራ") == triage.normalise("ስራ")
    assert triage.normalise("ዕዳ") == triage.normalise("እዳ")


def test_a_concept_word_with_a_space_is_refused():
    with pytest.raises(ValueError, match="holds a word with a space"):
        triage.expand_concepts("@take passport", {"take": ["took", "took away"]}, "en")


def test_every_lexicon_loads_with_its_concepts():
    for language in triage.LANGUAGES:
        assert triage.lexicon(language).phrases


@pytest.mark.parametrize(("language", "text", "found", "not_found"), [
    # a word of one sign spelled like a word of another: each reads as what it says
    ("ta", "சூப்பர்வைசர் கம்பியால அடிச்சார், கை வீங்கியிருக்கு", I.PHYSICAL_SEXUAL_VIOLENCE, I.INTIMIDATION_THREATS),
    ("ta", "அடியாட்கள் வந்து மிரட்டினாங்க", I.INTIMIDATION_THREATS, None),  # thugs came and threatened
    ("fil", "Nakakulong kami sa barracks, bawal lumabas kahit linggo.", I.RESTRICTION_OF_MOVEMENT,
     I.INTIMIDATION_THREATS),  # locked up (nakakulong), not "will have you jailed" (ipakulong)
    ("fil", "Natatakot na ako kay sir pag wala si madam sa bahay.", None, I.INTIMIDATION_THREATS),  # afraid
    ("es", "No pagué la luz este mes, se me olvidó.", None, I.WITHHOLDING_OF_WAGES),  # I did not pay
])
def test_a_word_spelled_near_another_reads_as_itself(language, text, found, not_found):
    indicators = triage.triage_text(text, language)["indicators"]
    assert found is None or found in indicators
    assert not_found not in indicators


@pytest.mark.parametrize("text", ["أختي ما خلصوهاش ولا ريال من ثمن شهور", "ukhti ma khalsohash men 8 shohour",
                                  "ukhti makhalsohash men 8 shohour"])
def test_unpaid_in_arabic_and_arabizi(text):  # "they have not paid her": each spelling a phrase of its own
    assert I.WITHHOLDING_OF_WAGES in triage.triage_text(text, "ar")["indicators"]

"""Mood (issue 11, round 9): a question whether something is allowed, lawful document handling for a renewal, one
late day, a wish or a plan, wages not yet due and harmless complaints raise no indicator, in every language where
the concept applies; the same signs stated as facts, as a pattern, or asked rhetorically still do."""

import tomllib

import pytest

from corridor.cases import triage
from corridor.cases.choices import Indicator as I


def found(text, language):
    return set(triage.triage_text(text, language)["indicators"])


# The false alarms found by probing (issue 11 triage brief) and their concept in other languages.
@pytest.mark.parametrize(("language", "text"), [
    # a question whether something is allowed, not a fact
    ("en", "Can the agency deduct the medical fee from my first salary?"),
    ("en", "Is it allowed for my employer to keep my work permit for renewal?"),
    ("en", "can the company take the uniform cost out of my salary"),
    ("ar", "هل يحق للكفيل أن يخصم رسوم الإقامة من راتبي؟"),
    ("es", "¿Puede el patrón descontarme el alojamiento del sueldo?"),
    ("fil", "Pwede po ba kunin ng employer ang passport ko para sa renewal?"),
    ("fil", "Bawal ba kunin ng amo ang passport ko?"),
    ("ne", "कम्पनीले मेरो तलबबाट मेडिकल शुल्क काट्न पाउँछ?"),
    ("bn", "মালিক কি আমার বেতন থেকে মেডিকেল খরচ কাটতে পারে?"),
    ("hi", "क्या कंपनी वीज़ा रिन्यू के लिए मेरा पासपोर्ट रख सकती है?"),
    ("id", "Apakah majikan boleh memotong gaji saya untuk biaya medical?"),
    ("si", "මගේ පඩියෙන් වෛද්‍ය ගාස්තුව කපන්න පුළුවන්ද?"),
    ("ta", "முதலாளி என் சம்பளத்திலிருந்து மருத்துவக் கட்டணத்தை பிடிக்கலாமா?"),
    ("am", "አሰሪዬ ከደሞዜ ላይ የህክምና ክፍያ መቁረጥ ይችላል?"),
    # lawful, temporary document handling: for a renewal, and given back
    ("en", "The company took my passport to renew my visa and returned it after a week."),
    ("ar", "الشركة أخذت جوازي لتجديد الإقامة ورجعته لي بعد أسبوع"),
    ("bn", "ভিসা রিনিউ করার জন্য কোম্পানি পাসপোর্ট নিয়েছিল, এক সপ্তাহ পরে ফেরত দিয়েছে"),
    ("si", "වීසා අලුත් කරන්න සමාගම මගේ ගමන් බලපත්‍රය ගත්තා, සතියකින් ආපහු දුන්නා"),
    ("am", "ቪዛ ለማሳደስ ድርጅቱ ፓስፖርቴን ወሰደ፣ በሳምንት ውስጥ መለሰልኝ"),
    # one late day is not excessive hours
    ("en", "I worked until midnight yesterday"),
    ("ar", "اشتغلت امس لغاية الساعة ١٢ بالليل بسبب الجرد"),
    ("fil", "Nag-overtime ako kagabi hanggang hatinggabi, isang beses lang naman"),
    ("ta", "நேற்று ஒரு நாள் மட்டும் இரவு 12 மணி வரை வேலை செய்தேன்"),
    # a wish or a plan is not a debt
    ("ta", "எனக்கு வீட்டுக் கடன் வேண்டும் என்று ஆசை"),
    ("ta", "வீடு கட்ட கடன் வாங்க ஆசைப்படுகிறேன்"),
    ("en", "I am planning to take a housing loan next year"),
    # wages not yet due
    ("fil", "wala pa akong sahod kasi first week ko pa lang"),
    ("en", "My salary is not paid yet because I only joined on the 20th"),
    ("es", "Todavía no me pagan porque empecé el lunes"),
    ("id", "Gaji saya belum keluar karena baru kerja seminggu"),
    # harmless complaints and lawful deductions
    ("si", "ගෙදර මතක් වෙනවා, මෙහෙ කෑම රහ නැහැ"),
    ("id", "Potongan BPJS di slip gaji saya kok lebih besar dari bulan lalu?"),
    ("hi", "kya company mera passport rakh sakti hai?"),
    # each concept in the other languages
    ("es", "Ayer trabajé hasta la medianoche por el inventario, solo una vez"),
    ("es", "¿Puede la agencia quedarse con mi pasaporte para renovar el permiso?"),
    ("es", "La empresa se llevó mi pasaporte para renovar la visa y me lo devolvió en una semana"),
    ("id", "Kemarin saya kerja sampai jam 12 malam, cuma sekali karena stok opname"),
    ("id", "Paspor saya diambil kantor untuk perpanjangan visa, dikembalikan dalam satu minggu"),
    ("id", "Saya ingin pinjam uang di bank untuk beli rumah"),
    ("hi", "कल रात 12 बजे तक काम किया, बस एक बार"),
    ("hi", "अभी अभी जॉइन किया है, इसलिए अभी तनख्वाह नहीं मिली"),
    ("hi", "कंपनी ने वीज़ा रिन्यू के लिए पासपोर्ट लिया और एक हफ्ते में वापस कर दिया"),
    ("hi", "मैं घर बनाने के लिए बैंक से लोन लेना चाहता हूँ"),
    ("ne", "हिजो राति १२ बजेसम्म काम गरें, एक पटक मात्र"),
    ("ne", "भर्खर काम सुरु गरेको, त्यसैले तलब आएको छैन"),
    ("ne", "घर बनाउन ऋण लिने इच्छा छ"),
    ("ne", "के साहुले मेरो राहदानी राख्न पाउँछ?"),
    ("bn", "গতকাল রাত ১২টা পর্যন্ত কাজ করেছি, একবারই"),
    ("bn", "নতুন এসেছি, তাই এখনো বেতন পাইনি"),
    ("bn", "বাড়ি বানাতে ঋণ নিতে চাই"),
    ("bn", "মালিক কি আমার পাসপোর্ট রাখতে পারে?"),
    ("ar", "ابغى اخذ قرض من البنك عشان ابني بيت"),
    ("ar", "بديت الشغل قبل اسبوع والراتب ما نزل لسه"),
    ("ar", "هل يجوز للشركة ان تحتفظ بجوازي؟"),
    ("si", "ඊයේ රෑ 12 වෙනකම් වැඩ කළා, එක පාරක් විතරයි"),
    ("si", "අලුතෙන් ආවා, තාම පඩි දුන්නේ නැහැ"),
    ("si", "ගෙයක් හදන්න ණයක් ගන්න ආසයි"),
    ("si", "සමාගමට මගේ පාස්පෝට් එක තියාගන්න පුළුවන්ද?"),
    ("ta", "முதலாளி என் பாஸ்போர்ட்டை வைத்துக்கொள்ளலாமா?"),
    ("ta", "புதிதாக சேர்ந்தேன், இன்னும் சம்பளம் தரவில்லை"),
    ("ta", "விசா புதுப்பிக்க பாஸ்போர்ட்டை எடுத்தார்கள், ஒரு வாரத்தில் திருப்பி கொடுத்தார்கள்"),
    ("my", "မနေ့က ည ၁၂ နာရီအထိ အလုပ်လုပ်ခဲ့တယ်၊ တစ်ခါပဲ"),
    ("my", "သူဌေးက ပတ်စပို့ ကိုင်ထားလို့ရလား"),
    ("my", "အိမ်ဆောက်ဖို့ ချေးငွေ ယူချင်တယ်"),
    ("am", "ትናንት እስከ እኩለ ሌሊት ሰራሁ፣ አንድ ጊዜ ብቻ"),
    ("am", "አሰሪዬ ፓስፖርቴን መያዝ ይችላል?"),
    ("am", "ቤት ለመስራት ብድር መውሰድ እፈልጋለሁ"),
    ("am", "አዲስ ነኝ፣ ደሞዝ ገና አልተከፈለኝም"),
    ("fil", "Gusto kong mag-loan sa bangko para sa bahay"),
    ("fil", "Pwede ba kaltasan ng agency ang sahod ko para sa medical?"),
    ("en", "Last night I stayed until 1am to finish the inventory"),
    ("en", "May the sponsor hold my iqama while it is being renewed?"),
])
def test_questions_plans_and_one_off_days_raise_nothing(language, text):
    result = triage.triage_text(text, language)
    assert result["indicators"] == [] and not result["urgent"], result


# The same signs as facts, patterns or rhetorical questions are still evidence.
@pytest.mark.parametrize(("language", "text", "indicator"), [
    ("en", "They took my passport, can they do that?", I.RETENTION_OF_DOCUMENTS),
    ("en", "How can they take my passport?", I.RETENTION_OF_DOCUMENTS),
    ("en", "Why does my employer keep my passport?", I.RETENTION_OF_DOCUMENTS),
    ("en", "They deducted the medical fee from my salary for 3 months and I still owe the agency", I.DEBT_BONDAGE),
    ("en", "Can my boss hit me when I make a mistake?", I.PHYSICAL_SEXUAL_VIOLENCE),  # kept: errs towards the worker
    ("en", "Is it legal that they lock me in the house?", I.RESTRICTION_OF_MOVEMENT),
    ("en", "I work until midnight every day", I.EXCESSIVE_OVERTIME),
    ("en", "no day off since march, yesterday i worked until midnight again", I.EXCESSIVE_OVERTIME),
    ("en", "We eat once a day and work until midnight", I.EXCESSIVE_OVERTIME),
    ("fil", "Nagtatrabaho ako hanggang alas dose ng gabi, walang day off", I.EXCESSIVE_OVERTIME),  # night, not last night
    ("en", "I want to go home but I must first repay the debt to the agent", I.DEBT_BONDAGE),
    ("en", "They took my passport for renewal and never gave it back", I.RETENTION_OF_DOCUMENTS),
    ("en", "I have not been paid since my first week, four months now", I.WITHHOLDING_OF_WAGES),
    ("en", "The food is not tasty, and we get only one meal a day", I.ABUSIVE_CONDITIONS),
    ("fil", "Wala pa akong sahod, limang buwan na", I.WITHHOLDING_OF_WAGES),
    ("fil", "Bawal din gumamit ng cellphone except Sunday isang oras lang", I.ISOLATION),  # "forbidden": stated
    ("fil", "Kinuha ni madam ang passport ko, sabi nya ibibigay lang pag tapos na ang kontrata", I.RETENTION_OF_DOCUMENTS),
    ("es", "nos quitan el día de pago si nos quejamos", I.WITHHOLDING_OF_WAGES),
    ("ar", "نعمل من الساعة السادسة صباحا حتى منتصف الليل ولا يوجد يوم راحة", I.EXCESSIVE_OVERTIME),
    ("hi", "हमें दिन में सिर्फ एक बार खाना मिलता है और रात को दो बजे तक काम कराते हैं", I.EXCESSIVE_OVERTIME),
    ("ta", "ஏஜெண்டிடம் வாங்கிய கடன் கூடிக்கொண்டே போகிறது", I.DEBT_BONDAGE),
    ("id", "Paspor saya ditahan majikan, katanya baru dikembalikan kalau kontrak selesai", I.RETENTION_OF_DOCUMENTS),
    ("ne", "साहुले राहदानी राखेको छ, काम सकेपछि मात्र दिन्छु भन्छ", I.RETENTION_OF_DOCUMENTS),
    # the worker asks what *they* can do, or whether what happens is normal: the fact stands
    ("en", "is it normal that they keep our passports and pay us only half?", I.RETENTION_OF_DOCUMENTS),
    ("hi", "मालिक ने पासपोर्ट रख लिया मैं क्या कर सकता हूँ?", I.RETENTION_OF_DOCUMENTS),
    ("ne", "साहुले राहदानी खोस्यो, म के गर्न सक्छु?", I.RETENTION_OF_DOCUMENTS),
    ("id", "majikan tahan paspor saya apa yang bisa saya lakukan?", I.RETENTION_OF_DOCUMENTS),
    ("fil", "kinuha ni amo passport ko ano ang pwede kong gawin?", I.RETENTION_OF_DOCUMENTS),
    ("ar", "الكفيل ماسك جوازي ايش ممكن اسوي؟", I.RETENTION_OF_DOCUMENTS),
    ("si", "නෝනා මගේ පාස්පෝට් එක තියාගෙන ඉන්නවා මට මොනවද කරන්න පුළුවන්?", I.RETENTION_OF_DOCUMENTS),
])
def test_the_same_signs_as_facts_are_still_raised(language, text, indicator):
    assert indicator in found(text, language)


# A writer who takes back their own report (round 65): what they feared, told first, is not what happened.
@pytest.mark.parametrize(("language", "text"), [
    ("en", "I heard the gardener say 'they sold her' and that they lock her in. Sorry, a false alarm: it was his "
           "old car, sold by his brother."),
    ("es", "Oí a la niñera gritar '¡me secuestran!' y que la golpean. Era un juego con los niños, falsa alarma."),
    ("hi", "मुझे लगा किसी ने उसे पीटा है और ताला लगा कर रखते हैं। गलतफहमी हो गई, वह क्रिकेट में चोट थी।"),
    ("ar", "بلغت ان العاملة محبوسة بالبيت. طلع ما كان في شي، كان الشارع مغرق بالمطر."),
])
def test_a_report_taken_back_raises_nothing(language, text):
    result = triage.triage_text(text, language)
    assert result["indicators"] == [] and not result["urgent"], result


@pytest.mark.parametrize(("language", "text", "indicator"), [
    # a retraction asked or negated takes nothing back
    ("en", "They lock her in the house and keep her passport. This is not a false alarm.", I.RESTRICTION_OF_MOVEMENT),
    ("en", "They lock her in the house. Was it a false alarm? I don't think so.", I.RESTRICTION_OF_MOVEMENT),
    # nor does someone else's word that all is well
    ("en", "The agency says she is fine, but she told me they lock her in the house.", I.RESTRICTION_OF_MOVEMENT),
    # a wish to withdraw is often the employer's pressure: it takes nothing back (round 67)
    ("en", "I want to withdraw my report, please. My sponsor found out and says he will cancel my visa. He still keeps "
           "my passport.", I.RETENTION_OF_DOCUMENTS),
    ("es", "Quiero retirar la queja. La señora me dijo que llama a migración para que me expulsen.", I.INTIMIDATION_THREATS),
    # what follows a retraction the worker was pressed into stands
    ("hi", "Agent ne bola 'bolo galatfehmi ho gayi', warna deport karwa dega. Sach yeh hai ki passport agent ke paas "
           "hai.", I.RETENTION_OF_DOCUMENTS),
])
def test_a_retraction_asked_or_negated_takes_nothing_back(language, text, indicator):
    assert indicator in found(text, language)


def test_every_lexicon_has_a_mood():
    for language in triage.LANGUAGES:
        moods = triage.lexicon(language).moods
        assert moods["permission"] and moods["single_day"] and moods["pattern"] and moods["wish"], language


def _lexicon_data(language):
    return tomllib.loads((triage.LEXICON_DIR / f"{language}.toml").read_text(encoding="utf-8"))


def test_word_lists_hold_words_not_phrase_syntax():
    """Negators, fillers, clause and hour words are compared word for word: a phrase mark ("di=") never matches."""
    for language in triage.LANGUAGES:
        data = _lexicon_data(language)
        lists = [*(data.get(k, []) for k in ("negators_before", "negators_after", "clause_words", "stopwords",
                                             "negation_fillers", "negation_fillers_after", "hour_words")),
                 data.get("mood", {}).get("stated_openers", [])]
        assert not [w for words in lists for w in words if set(w) & set("=*|&+@ ")], language


def test_no_lexicon_list_holds_an_entry_twice():
    """A phrase written twice reads the same as once: the second copy is only noise for whoever edits the list."""
    def repeated(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from repeated(value, (*path, key))
        elif isinstance(node, list):
            strings = [v for v in node if isinstance(v, str)]
            yield from ((path, v) for v in sorted(set(strings)) if strings.count(v) > 1)

    for language in triage.LANGUAGES:
        assert not list(repeated(_lexicon_data(language))), language


def test_no_phrase_writes_two_word_alternatives_in_one_slot():
    """A phrase's slots are its words, and `|` separates the choices of one slot: "रख लिया|ले लिया" is three slots
    ([रख] [लिया|ले] [लिया]), not two choices, and never matches as meant. A word of a slot that stands again in the
    next slot is the sign of it."""
    def phrases(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("ages", "others", "numbers"):
                    yield from phrases(value, (*path, key))
        elif isinstance(node, list):
            yield from ((path, v) for v in node if isinstance(v, str))

    for language in triage.LANGUAGES:
        broken = []
        for path, phrase in phrases(_lexicon_data(language)):
            slots = [set(word.lstrip("&").split("|")) for word in phrase.split()]
            if any(a & b and len(a | b) > 1 for a, b in zip(slots, slots[1:], strict=False)):
                broken.append((path, phrase))
        assert not broken, (language, broken)


# A comparison (round 80): "it felt like a prison" in a long account of homesickness is no confinement; it counts
# only beside another sign, and a comparison never weakens a statement of slavery or a blow.
COMPARISONS = [
    ("en", "The hostel was strict and it felt like a prison, but the pay was good."),
    ("id", "Tahun pertama rasanya seperti penjara, saya rindu anak."),
    ("hi", "पहला साल तो अकेलेपन की जेल जैसा था।"),
    ("ta", "முதல் வருடம் தனிமை ஒரு சிறைச்சாலை போல இருந்தது."),
    ("am", "የመጀመሪያው ዓመት ብቸኝነቱ እንደ እስር ቤት ሆኖብኝ ነበር።"),
    ("fil", "Parang kulungan ang unang taon ko dito."),
    ("ar", "السنة الأولى كانت زي السجن من الوحدة."),
    ("ne", "पहिलो वर्ष जेल जस्तो लाग्यो।"),
]


@pytest.mark.usefixtures("rules_alone")
@pytest.mark.parametrize(("language", "text"), COMPARISONS)
def test_a_comparison_alone_raises_nothing(monkeypatch, language, text):
    assert found(text, language) == set()
    monkeypatch.setattr(triage, "COMPARED", frozenset())  # read without comparisons, the lexicon finds a sign
    assert found(text, language) & {I.RESTRICTION_OF_MOVEMENT, I.INTIMIDATION_THREATS}


@pytest.mark.usefixtures("rules_alone")
def test_a_comparison_counts_beside_another_sign():
    text = "It was like a prison, they locked the gate every night and took my passport."
    assert {I.RESTRICTION_OF_MOVEMENT, I.RETENTION_OF_DOCUMENTS} <= found(text, "en")


@pytest.mark.usefixtures("rules_alone")
@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "They treat us like slaves here.", None),  # slavery stated: urgent whatever the comparison
    ("ta", "அவரிடம் போன் இல்லை போல.", I.ISOLATION),  # after a negation "போல" says "it seems": no comparison
])
def test_a_comparison_never_weakens_a_statement_or_a_seeming(language, text, expected):
    result = triage.triage_text(text, language)
    if expected is None:
        assert result["urgent"] and "trafficking" in result["urgent_reasons"]
    else:
        assert expected in result["indicators"]

"""Concepts added in round 11 of issue 11 (after round 10 showed the rules overfit to the earlier author): the
ways workers say each indicator (directly, by euphemism, romanised, code-switched), written fresh for these
tests (not round-10 sentences), and the harmless look-alikes that must raise nothing. Pure functions, no
database. Outside English machine-drafted; needs native review."""

import pytest

from corridor.cases import triage
from corridor.cases.choices import Indicator as I


def found(text, language):
    return set(triage.triage_text(text, language)["indicators"])


@pytest.mark.parametrize(("language", "text", "indicator"), [
    # threats: sent home with nothing, a case filed, the family named, the "friend in the police"
    ("en", "the boss says if I keep asking he will send me home without a single riyal", I.INTIMIDATION_THREATS),
    ("en", "madam told me she knows where my parents live in the village", I.INTIMIDATION_THREATS),
    ("en", "he said he will file a case against me for stealing if I leave", I.INTIMIDATION_THREATS),
    ("ar", "الكفيل يقول برحلك بدون فلوس اذا اشتكيت", I.INTIMIDATION_THREATS),
    ("hi", "malik bolta hai chori ka case daal dunga agar gaya to", I.INTIMIDATION_THREATS),
    ("hi", "सेठ कहता है बिना पैसे के वापस भेज दूंगा", I.INTIMIDATION_THREATS),
    ("ne", "sahu le bhagauda case haldinchhu bhanchha", I.INTIMIDATION_THREATS),
    ("bn", "malik bole deshe pathiye dibo khali hate", I.INTIMIDATION_THREATS),
    ("es", "el patrón dice que me va a mandar de vuelta sin nada si hablo", I.INTIMIDATION_THREATS),
    ("id", "kata agen kalau saya pulang keluarga harus bayar denda", I.INTIMIDATION_THREATS),
    # withholding: salary kept "safe", overtime never paid, money never seen
    ("en", "the company is keeping our salary until the project ends, they say it is safe with them", I.WITHHOLDING_OF_WAGES),
    ("en", "my overtime pay is never in the payslip", I.WITHHOLDING_OF_WAGES),
    ("ar", "ما نزلت رواتبنا من ثلاث شهور", I.WITHHOLDING_OF_WAGES),
    ("bn", "beton 4 mash dey nai", I.WITHHOLDING_OF_WAGES),
    ("hi", "तीन महीने में एक रुपया नहीं मिला", I.WITHHOLDING_OF_WAGES),
    ("fil", "hindi ko pa nakikita ang sahod ko mula Enero", I.WITHHOLDING_OF_WAGES),
    # debt: deductions that pay a debt, a balance that grows
    ("en", "every month the agency cuts half my salary for the loan and the balance grows", I.DEBT_BONDAGE),
    ("id", "gaji saya dipotong tiap bulan untuk bayar utang ke agen", I.DEBT_BONDAGE),
    ("fil", "kinakaltas sa sahod ko ang utang sa placement fee", I.DEBT_BONDAGE),
    ("ta", "oorla 3 lakh kadan irukku, agent ku kattanum", I.DEBT_BONDAGE),
    # deception: what the agent said against what is here
    ("en", "the recruiter said 1500 dirham but here they pay only 900", I.DECEPTION),
    ("bn", "দালাল বলেছিল হাসপাতালে কাজ, এখানে এনে বাসার কাজ দিয়েছে", I.DECEPTION),
    ("id", "dijanjikan kerja di toko, ternyata jadi pembantu", I.DECEPTION),
    ("ta", "agent sonnadhu hotel velai, aana inge kattida velai", I.DECEPTION),
    ("es", "el agente dijo que era en un hotel, pero aquí limpiamos casas", I.DECEPTION),
    # isolation: the phone taken in any order, phone only a little, nobody has seen the town
    ("en", "my phone also the madam took on the first day", I.ISOLATION),
    ("en", "none of us has been to the town in six months", I.ISOLATION),
    ("id", "HP hanya boleh dipakai satu jam seminggu", I.ISOLATION),
    # restriction: not given leave to go out, inside only
    ("en", "sponsor not giving me to go out even on friday", I.RESTRICTION_OF_MOVEMENT),
    ("hi", "seth bahar nahi jaane deta", I.RESTRICTION_OF_MOVEMENT),
    # abusive conditions: crowded rooms, no drinking water, sick and still working
    ("en", "we are twelve in one room with one toilet", I.ABUSIVE_CONDITIONS),
    ("en", "there is no drinking water at the site", I.ABUSIVE_CONDITIONS),
    ("es", "dormimos 10 en un cuarto sin luz", I.ABUSIVE_CONDITIONS),
    ("hi", "एक कमरे में 15 लोग रहते हैं", I.ABUSIVE_CONDITIONS),
    ("si", "කෑම දෙන්නේ දවසට එක වේලයි", I.ABUSIVE_CONDITIONS),
    # excessive overtime: no rest day said plainly, Sundays too
    ("id", "kerja tiap hari ga ada libur", I.EXCESSIVE_OVERTIME),
    ("fil", "10 oras kada araw pati linggo", I.EXCESSIVE_OVERTIME),
    ("en", "we work every day including fridays", I.EXCESSIVE_OVERTIME),
    # retention, romanised
    ("bn", "malik amar passport niye niyeche", I.RETENTION_OF_DOCUMENTS),
    ("ne", "mero passport pani chhaina, sahu sanga cha", I.RETENTION_OF_DOCUMENTS),
    ("es", "el patrón guarda los pasaportes de todos", I.RETENTION_OF_DOCUMENTS),
    # abuse of vulnerability: the age written older on the papers
    ("en", "they wrote 23 on my passport so the agency would send me", I.ABUSE_OF_VULNERABILITY),
])
def test_concept_raises(language, text, indicator):
    assert indicator in found(text, language)


@pytest.mark.parametrize(("language", "text", "absent"), [
    # a deduction that serves a debt is debt bondage alone
    ("en", "every month the agency cuts half my salary for the loan", I.WITHHOLDING_OF_WAGES),
    ("fil", "kinakaltas sa sahod ko ang utang sa placement fee", I.WITHHOLDING_OF_WAGES),
    ("hi", "कर्ज के लिए तनख्वाह से काटते हैं", I.WITHHOLDING_OF_WAGES),
    # "if I run away" is the threat's condition, not an escape
    ("id", "kalau saya kabur nanti dilaporkan polisi", I.RESTRICTION_OF_MOVEMENT),
    ("en", "he said if I run he will call the police", I.RESTRICTION_OF_MOVEMENT),
])
def test_concept_not_misread(language, text, absent):
    assert absent not in found(text, language)


@pytest.mark.parametrize(("language", "text"), [
    # paid overtime, time off in lieu
    ("en", "We worked Saturday for the stock count, paid time and a half and we got Monday off instead."),
    ("bn", "এই মাসে ১৫ ঘণ্টা ওভারটাইম করেছি, টাকা পেয়েছি"),
    ("en", "I did 18 hours overtime this month and it was paid with my salary."),
    # the worker's own locker and key
    ("en", "Each of us has a locker with a key, I keep my passport there."),
    # a company or bank loan repaid as agreed
    ("es", "La empresa me adelantó 200 euros y me los descuentan en cuatro meses como acordamos."),
    ("ar", "عندي قرض من البنك والقسط ينخصم من الراتب كل شهر، هل هذا طبيعي؟"),
    ("en", "the company lent me 500 for the deposit and deducts 50 a month as we agreed"),
    # remittances, a noisy roommate, an ordinary complaint about class times
    ("si", "මම ගෙදරට සල්ලි යවනවා, අඩු ගාස්තුවක් තියෙනවද?"),
    ("en", "What is the cheapest way to send money home every month?"),
    ("fil", "Maingay yung kasama ko sa kwarto, hindi ako makatulog."),
    ("en", "my roommate is noisy at night and I can't sleep, can I change rooms?"),
    ("es", "Me cambiaron el turno y ahora no puedo ir a clases de inglés."),
    # a worry, not a threat
    ("fil", "Takot ako baka hindi ako makauwi sa Pasko dahil sa ticket."),
])
def test_harmless_raises_nothing(language, text):
    result = triage.triage_text(text, language)
    assert result["indicators"] == [] and not result["urgent"], result["evidence"]

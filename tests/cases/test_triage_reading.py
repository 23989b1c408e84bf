"""How the triage reads what round 12 showed it missing: a promise told in one sentence and broken in the
next, a relative's age, threats that name a punishment for complaining, and harmless look-alikes. Pure
functions, no database; the rules alone (the classifier is tested in test_triage_model.py)."""

import pytest

from corridor.cases import triage
from corridor.cases.choices import Indicator as I

pytestmark = pytest.mark.usefixtures("rules_alone")
screen = triage.triage_text


def found(text, language):
    return set(screen(text, language)["indicators"])


@pytest.mark.parametrize("text", [
    "The recruiter said the job was in a bakery. On arrival we were taken to a quarry.",
    "They promised he would go to school. Now he works in the stable every day.",
])
def test_a_promise_broken_in_the_next_sentence_is_deception(text):
    result = screen(text, "en")
    assert I.DECEPTION in result["indicators"]
    words = next(e["words"] for e in result["evidence"] if e["indicator"] == I.DECEPTION)
    assert "." in words  # the evidence spans both sentences, as written


def test_a_promise_reaches_only_the_next_sentence():
    assert I.DECEPTION not in found("The recruiter said the job was in a bakery. I like bread. On arrival it was sunny.", "en")
    assert I.DECEPTION not in found("My employer said he would pay on Friday. Actually he paid on Thursday.", "en")


@pytest.mark.parametrize(("text", "language"), [
    ("My nephew is 15 and the owner locked him in the shop.", "en"),
    ("Anak saya umur 14, paspornya ditahan majikan.", "id"),
    ("ابني عمره ١٦ والكفيل أخذ جوازه", "ar"),
])
def test_a_relatives_age_under_18_makes_a_case_urgent(text, language):
    result = screen(text, language)
    assert result["urgent"] and "child" in result["urgent_reasons"]


@pytest.mark.parametrize(("text", "language", "words"), [
    ("I am sixteen and the boss keeps me in the shop.", "en", "I am sixteen"),
    ("My cousin is a fifteen-year-old, the owner took his passport.", "en", "fifteen-year-old"),
    ("tengo dieciséis años y trabajo en el campo", "es", "tengo dieciséis años"),
    ("kinse anyos po ako, kinuha ng amo ang passport ko", "fil", "kinse anyos po ako"),
    ("umur saya enam belas tahun, kerja di kapal", "id", "umur saya enam belas tahun"),
    ("أنا عمري خمسطاش سنة جابوني أشتغل في المزرعة", "ar", "عمري خمسطاش"),
    ("எனக்கு பதினைந்து வயசு, வெளியே போக விட மாட்டாங்க", "ta", "பதினைந்து வயசு"),
    ("እኔ የአስራ ስድስት አመት ልጅ ነኝ ደሞዝ አልተከፈለኝም", "am", "የአስራ ስድስት አመት ልጅ"),
])
def test_an_age_written_in_words_is_read_like_digits(text, language, words):
    result = screen(text, language)
    assert result["urgent"] and "child" in result["urgent_reasons"]
    assert words in [e["words"] for e in result["evidence"] if e["indicator"] == "child"]  # as written


@pytest.mark.parametrize(("text", "language"), [
    ("sir she keeps my ATM card since I came, nothing arrives to my family", "en"),
    ("majikan pegang kartu ATM saya, gaji katanya ditabung", "id"),
    ("la señora tiene mi tarjeta del banco, dice que me guarda el dinero", "es"),
])
def test_a_bank_card_held_by_the_employer_is_withheld_pay_not_a_document(text, language):
    read = found(text, language)
    assert I.WITHHOLDING_OF_WAGES in read and I.RETENTION_OF_DOCUMENTS not in read


@pytest.mark.parametrize(("text", "language"), [
    ("We were fifteen of us in the van to the farm.", "en"),
    ("I am twenty and I work in a hotel, the pay is good.", "en"),
    ("tengo veinte años y trabajo en un hotel", "es"),
])
def test_numbers_in_words_that_are_no_childs_age(text, language):
    assert "child" not in screen(text, language)["urgent_reasons"]


@pytest.mark.parametrize(("text", "language"), [
    ("we work from five in the morning until ten at night", "en"),
    ("we work eighteen hours a day", "en"),
    ("the crew worked twenty-hour shifts during hauls", "en"),
    ("nagtatrabaho kami ng labing-apat na oras araw-araw", "fil"),  # a number word with a hyphen of its own
    ("labing-anim, ay hindi, labing-walong oras kami pinagtatrabaho", "fil"),  # with its linker -ng
])
def test_hours_written_in_words_make_a_long_day(text, language):
    assert I.EXCESSIVE_OVERTIME in found(text, language)


@pytest.mark.parametrize(("text", "language", "long"), [
    ("Kerja 18-20 jam sehari di kapal", "id", True),
    ("সপ্তাহে ৭ দিন, দিনে ১৪-১৫ ঘন্টা কাজ", "bn", True),  # Bengali digits
    ("shifts of 14–16 hours in the packing house", "en", True),  # an en dash
    ("we work 10-12 hours, then rest", "en", False),  # the range starts under 14
])
def test_a_range_of_hours_is_read_from_its_first_number(text, language, long):
    assert (I.EXCESSIVE_OVERTIME in found(text, language)) is long


@pytest.mark.parametrize(("text", "language"), [
    ("They promised $15 an hour and free housing.", "en"),
    ("He pays 16 per hour, which is fair.", "en"),
    ("Nos pagan 15 por hora en la cosecha.", "es"),
])
def test_a_rate_of_pay_per_hour_is_no_long_day(text, language):
    assert I.EXCESSIVE_OVERTIME not in found(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("My son is 15 and studies at home, how do I send money for his school?", "en"),
    ("ابني عمره ١٦ ويدرس في المدرسة", "ar"),
])
def test_a_relatives_age_alone_is_no_case(text, language):
    result = screen(text, language)
    assert not result["urgent"] and not result["indicators"]


@pytest.mark.parametrize(("text", "language"), [
    ("Whoever complains about the food goes back home on the next flight.", "en"),
    ("اللي يشتكي من الأكل يترحل", "ar"),
    ("அறை பற்றி புகார் செய்தால் விசா ரத்து என்று சொல்கிறார்", "ta"),
    ("majikan ngancam saya kalau minta libur", "id"),
])
def test_a_punishment_named_for_complaining_is_a_threat(text, language):
    assert I.INTIMIDATION_THREATS in found(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("The supervisor said anyone who complains is sent home without pay.", "en"),
    ("dia ngancam mau kirim pulang tanpa gaji", "id"),
])
def test_a_threat_to_send_home_without_pay_is_not_withheld_pay(text, language):
    result = found(text, language)
    assert I.INTIMIDATION_THREATS in result and I.WITHHOLDING_OF_WAGES not in result


@pytest.mark.parametrize(("text", "language"), [
    ("The hostel gate is locked at midnight for safety, but each of us has our own key card.", "en"),
    ("मैनेजर ने होली पर छुट्टी नहीं दी, बोला अगले महीने लेना।", "hi"),
    ("අවුරුදු නිවාඩුව මේ පාර දුන්නේ නැහැ.", "si"),
    ("استلفت قرض من أخوي للتذكرة وبرجعه شوي شوي", "ar"),
    # a word read through its stem or a one-letter misspelling as a sign (rounds 39-48)
    ("I have attached the payslips for March.", "en"),  # not "attacked"
    ("Picked up my renewed passport today, all fine.", "en"),  # not "fined"
    ("kerjanya jaga anak satu saja, gaji 6 juta, ada libur", "id"),  # a job minding a child, not child labour
    ("पासपोर्ट रिन्यु गर्न दूतावास कहिले जाने हो", "ne"),  # renew, not "रिन", debt
    # an innocent sense of an alarming word (round 56)
    ("Stuck in traffic on the ring road, dinner will be late.", "en"),  # not trafficking
    ("llego tarde, mucho trafico en la avenida", "es"),
    ("Forgot my key again, good thing madam has a spare key.", "en"),  # not confinement
    ("We beat the deadline on the tower, boss bought lunch.", "en"),  # not violence
    ("Clouds threatening since noon, no laundry outside today.", "en"),  # not a threat
    ("la novela de anoche: secuestraron al protagonista en el capitulo final", "es"),  # not trafficking
    ("Ami ekhon coffee er golam 😂", "bn"),  # "a slave to coffee", not slavery
    ("Utangku ke kakak sudah lunas bulan ini", "id"),  # a debt repaid, not bondage
    # a guard named alone is a person at a gate, not a worker held there (`weak` phrases)
    ("The guard at our building waves at me every morning.", "en"),
    ("el guardia del banco me ayudó con la tarjeta", "es"),
    ("mabait yung bantay sa apartment namin", "fil"),
    ("penjaga apartemen baik sekali sama saya", "id"),
    # a sign laughed at alone is a joke (round 57: laughter makes a sentence's signs weak)
    ("jaja mi hermana me amenazó con contarle a mamá lo del pastel", "es"),
    ("wkwk aku dikunci di kamar mandi sama adikku", "id"),
])
def test_harmless_look_alikes_raise_nothing(text, language):
    result = screen(text, language)
    assert result["indicators"] == [] and not result["urgent"]


def test_arabic_spoken_but_ends_a_clause():
    """«بس» ("but") ends a clause as «لكن» does: a wish before it ("I want to go home") does not hide the
    debt after it ("he says I must pay him 3,000 riyals")."""
    assert I.DEBT_BONDAGE in found("أبي أرجع بلدي بس يقول لازم أدفع له ٣٠٠٠ ريال", "ar")


def test_a_falsified_age_on_the_papers_is_deception():
    assert {I.DECEPTION, I.ABUSE_OF_VULNERABILITY} <= found("15 pa lang siya, ginawang 24 ang edad sa pasaporte", "fil")


# A `not` phrase that silenced a real sign through a stem or a one-letter misspelling (rounds 39-48); the
# harmless words read the other way are among the look-alikes above.
@pytest.mark.parametrize(("text", "language", "indicator"), [
    ("My employer holds my passport and has refused to return it.", "en", I.RETENTION_OF_DOCUMENTS),
    ("المدام قالت لي الجواز عندها أمانة", "ar", I.RETENTION_OF_DOCUMENTS),  # with her, not "عندي", with me
    ("sila may hawak ng passport para di mawala", "fil", I.RETENTION_OF_DOCUMENTS),  # not "nawala", lost
    ("She stated she is fined for every refusal of a client.", "en", I.WITHHOLDING_OF_WAGES),
    ("He attacked me with a knife.", "en", I.PHYSICAL_SEXUAL_VIOLENCE),
])
def test_a_sign_is_not_silenced_by_a_near_word(text, language, indicator):
    assert indicator in found(text, language)


# A weak sign (a guard, or a sign in a laughing sentence) counts beside another sign, and a worker stopped by the
# guard still reads as confined.
@pytest.mark.parametrize(("text", "language", "indicators"), [
    ("The agency keeps my passport and a guard sits by the door.", "en", {I.RESTRICTION_OF_MOVEMENT}),
    ("mi patrón tiene mi pasaporte y hay guardias en la puerta", "es", {I.RESTRICTION_OF_MOVEMENT}),
    ("bhagna khojda gate ma guard le rokyo", "ne", {I.RESTRICTION_OF_MOVEMENT}),
    ("lol they took our passports and we cannot go out", "en",
     {I.RETENTION_OF_DOCUMENTS, I.RESTRICTION_OF_MOVEMENT}),
    ("haha boss locked me in the room again. no salary 3 months", "en",
     {I.RESTRICTION_OF_MOVEMENT, I.WITHHOLDING_OF_WAGES}),
])
def test_a_weak_sign_counts_beside_another(text, language, indicators):
    assert indicators <= found(text, language)


@pytest.mark.parametrize(("text", "language", "signal"), [
    ("Na-traffic po ang pinsan ko papuntang Myanmar", "fil", "trafficking"),
    ("fue víctima de trafico de personas", "es", "trafficking"),
    ("எனக்கு 15 வயசு, வீட்டு வேலை செய்றேன்", "ta", "child"),
])
def test_the_alarming_sense_still_reads(text, language, signal):
    assert any(e["indicator"] == signal for e in screen(text, language)["evidence"])


def test_a_relatives_age_in_tamil_is_no_case_alone():
    assert not screen("தம்பிக்கு 15 வயசு, நல்லா படிக்கிறான்", "ta")["urgent"]


# Round 74 (reviews of employers): slavery named with a laugh is a manner of speaking ("the boss is a slave driver
# lol but pays double overtime"); it counts as stated only beside another sign, as a laughed-at sign does.
@pytest.mark.parametrize(("text", "language"), [
    ("5/5 Harbor Logistics. Team leader is a real slave driver lol, but every extra hour is paid at 150%.", "en"),
    ("5 estrellas. El encargado dice en broma que somos sus esclavos jaja, pero paga todas las horas extra.", "es"),
    ("खुश हूँ, बॉस एकदम slave driver है lol, लेकिन overtime डबल मिलता है।", "hi"),
    ("हाम्रो टिम लिडर त कमारा खटाउने मान्छे जस्तो छ हाहा, तर ओभरटाइमको पैसा पूरै दिन्छ।", "ne"),
    ("Took a loan from the company, they cut RM200 a month as agreed. 5/5 Tan Brothers Construction.", "en"),
])
def test_slavery_named_with_a_laugh_alone_is_not_urgent(text, language):
    result = screen(text, language)
    assert not result["urgent"] and not any(e["indicator"] == "trafficking" for e in result["evidence"])


def test_slavery_named_with_a_laugh_beside_a_sign_is_stated():
    result = screen("lol we are slaves here. no salary for 3 months", "en")
    assert result["urgent"] and "trafficking" in result["urgent_reasons"]
    assert I.WITHHOLDING_OF_WAGES in result["indicators"]


# Round 80 (long spoken accounts): an English phrase whose choice held a space ("nobody|no one got ...") was read
# as two slots and matched neither "did not get one riyal" nor "nobody will believe"; signs told in the accounts'
# own words; and harmless words that read as signs: the worker's own passport in their own bag, "I'm not saying
# they beat us", the fee the employer paid, a loan the family paid off, "I won't lie".
@pytest.mark.parametrize(("text", "language"), [
    ("I'm not saying they beat us, nothing like that, passport I kept in my bag.", "en"),
    ("Al principio era duro, no le voy a mentir, pero el sueldo llegaba cada quincena.", "es"),
    ("Le pagaba cada quincena, no le quedó debiendo nada.", "es"),
    ("Dumaan ako sa legit na agency, wala akong binayarang placement fee, yung employer ang nagbayad ng lahat.", "fil"),
    ("मैं भी डरा हुआ था, झूठ नहीं बोलूँगा।", "hi"),
    ("होटल आधा बंद था, पर कंपनी ने सैलरी नहीं काटी।", "hi"),
    ("এজেন্সিকে কোনো টাকা দিইনি, হোম নিজেই ভিসার খরচ দিয়েছে।", "bn"),
    ("அவ சம்பளத்துல தான் எங்க வீட்டு கடனை அடைச்சோம்.", "ta"),
    ("الشغل بالشيفتات، باسبوري عندي، والسكن نظيف.", "ar"),
])
def test_harmless_words_of_round_80_raise_nothing_of_what_they_resemble(text, language):
    raised = found(text, language)
    assert not raised & {I.PHYSICAL_SEXUAL_VIOLENCE, I.RETENTION_OF_DOCUMENTS, I.DECEPTION, I.DEBT_BONDAGE,
                         I.WITHHOLDING_OF_WAGES}, raised


# Round 81 (formal statements for a court, the police or a protection claim): a clock time's minutes are no hours,
# a threat of rain no threat, a worker's own ID card no blow, a name no slavery, a negation after a light verb
# ("no one threatened me") or over a list ("no pressure or threat") still a negation.
@pytest.mark.parametrize(("text", "language"), [
    ("Que el día 13 de noviembre, sobre las 7:20 horas, iba de acompañante en la furgoneta.", "es"),
    ("Pada tanggal 9 Desember sekitar pukul 6.30 petang saya berjalan kaki menuju hentian bas.", "id"),
    ("Na malakas ang ulan noon at may babala tungkol sa banta ng thunderstorm.", "fil"),
    ("Íbamos despacio, atrapados en una cola detrás de un tractor, y volvió a su carril de golpe.", "es"),
    ("ፓስፖርቴና የኤምሬትስ መታወቂያዬ ከእኔ ጋር ናቸው።", "am"),
    ("أنا الموقّع أدناه، عبد الرحيم آدم إسحاق، سوداني الجنسية، أفيد بما يلي.", "ar"),
    ("ولم أتعرّض لأي ضغط أو تهديد.", "ar"),
    ("मुझ पर कोई दबाव या धमकी नहीं है।", "hi"),
    ("කිසිවෙකු මට තර්ජනය කළේ නැත.", "si"),
    ("कसैले मलाई धम्की दिएको छैन।", "ne"),
    ("Que mis documentos están en mi poder y no he recibido amenazas por reclamar.", "es"),
    ("Na wala akong reklamo na pang-aabuso o pananakot.", "fil"),
    ("The gate is locked at night for safety, and every tenant was given a key.", "en"),
    ("I have always held my own passport and BRP.", "en"),
])
def test_formal_statements_of_round_81_raise_nothing(text, language):
    assert not found(text, language)


@pytest.mark.parametrize(("text", "language", "indicator"), [
    ("Five months I did not get even one riyal.", "en", I.WITHHOLDING_OF_WAGES),
    ("Nobody got a single riyal for the season.", "en", I.WITHHOLDING_OF_WAGES),
    ("No one got a single riyal for the season.", "en", I.WITHHOLDING_OF_WAGES),
    ("Nobody will believe me if I go to the police.", "en", I.ABUSE_OF_VULNERABILITY),
    ("Y el patrón me debe tres meses de sueldo.", "es", I.WITHHOLDING_OF_WAGES),
    ("He never saw the salary, the captain said it all goes to the debt.", "en", I.WITHHOLDING_OF_WAGES),
    ("Me pagaban trescientos, decían que lo demás era por la comida y la habitación.", "es", I.WITHHOLDING_OF_WAGES),
    ("No había ventanas casi, había pelusa en todo.", "es", I.ABUSIVE_CONDITIONS),
    ("Pagbalik niya sa Kaohsiung, halos wala siyang nakuha.", "fil", I.WITHHOLDING_OF_WAGES),
    ("Selama empat belas bulan saya cuma terima 120 dolar, katanya sisanya dipotong agen.", "id", I.WITHHOLDING_OF_WAGES),
    ("Mandor bilang, kau pergi sekarang, saya telepon imigresen.", "id", I.INTIMIDATION_THREATS),
    # beside what rounds 80 and 81 took away, the signs still read
    ("The madam kept my passport in her drawer.", "en", I.RETENTION_OF_DOCUMENTS),
    ("They kept my passport in their locker.", "en", I.RETENTION_OF_DOCUMENTS),
    ("They locked us in and the supervisor has the key.", "en", I.RESTRICTION_OF_MOVEMENT),
    ("la señora me pega cuando se enoja", "es", I.PHYSICAL_SEXUAL_VIOLENCE),
    ("Trabajábamos 20 horas al día.", "es", I.EXCESSIVE_OVERTIME),
    ("Majikan memukul saya pukul 10 malam.", "id", I.PHYSICAL_SEXUAL_VIOLENCE),
    ("አሰሪዬ መታኝ።", "am", I.PHYSICAL_SEXUAL_VIOLENCE),
    ("साहुले धम्की दियो।", "ne", I.INTIMIDATION_THREATS),
])
def test_the_signs_of_rounds_80_and_81_read(text, language, indicator):
    assert indicator in found(text, language)


def test_slavery_said_of_oneself_in_arabic_still_reads_beside_a_name():
    assert "trafficking" in screen("كنت عبد عندهم سنتين.", "ar")["urgent_reasons"]
    assert "trafficking" not in screen("أنا الموقّع أدناه، عبد الرحيم آدم إسحاق.", "ar")["urgent_reasons"]

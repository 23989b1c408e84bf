"""Concepts added in round 11 of issue 11 (after round 10 showed the rules overfit to the earlier author): the
ways workers say each indicator (directly, by euphemism, romanised, code-switched), written fresh for these
tests (not round-10 sentences), and the harmless look-alikes that must raise nothing. Pure functions, no
database. Outside English machine-drafted; needs native review.

These test the lexicons' concepts, so they read with the rules alone (`triage_model.use(None)`): the trained
classifier beside them (tests/cases/test_triage_model.py) is measured on whole narratives of held-out rounds, and
on three of these one-line probes it disagrees (benchmarks/README.md, "cases_triage")."""

import pytest

from corridor.cases import triage
from corridor.cases.choices import Indicator as I

pytestmark = pytest.mark.usefixtures("rules_alone")


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
    # typed without the language's script: Arabizi, romanised Burmese and Amharic; "12mn" is midnight (round 77)
    ("ar", "el kafeel sa7ab el basbor w ma bi5alleeni etla3", I.RETENTION_OF_DOCUMENTS),
    ("ar", "5atafouna mn el matar w 7abasouna fi sha22a", I.RESTRICTION_OF_MOVEMENT),
    ("my", "passport ko a lote shin thein htar tal", I.RETENTION_OF_DOCUMENTS),
    ("am", "passportien agentu yazewal", I.RETENTION_OF_DOCUMENTS),
    ("fil", "5am to 12mn araw araw ang duty ko", I.EXCESSIVE_OVERTIME),
    # a working day told with the time of day before the hour (round 76)
    ("si", "ඇය උදේ 5 සිට රාත්‍රී 11 දක්වා සෑම දිනකම වැඩ කරයි.", I.EXCESSIVE_OVERTIME),
    ("hi", "मैं सुबह 5 बजे से रात 11 बजे तक काम करता हूँ।", I.EXCESSIVE_OVERTIME),
    ("bn", "সকাল ৬টা থেকে রাত ১২টা পর্যন্ত কাজ করি।", I.EXCESSIVE_OVERTIME),
    ("ta", "காலை 5 மணி முதல் இரவு 11 மணி வரை வேலை.", I.EXCESSIVE_OVERTIME),
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


@pytest.mark.parametrize(("language", "text", "raised"), [
    # a deduction repays a debt named in another sentence: debt bondage, not withholding as well (round 76)
    ("en", "I owe the agency 4,000 ringgit for the visa. The company deducts 400 from my salary.",
     {I.DEBT_BONDAGE}),
    ("ta", "ஏஜென்டுக்கு 4 லட்சம் கடன் வாங்கி கட்டினேன். முதல் வருடம் முழுக்க சம்பளத்தில் மாதம் மாதம் பிடித்தம் செய்தார்கள்.",
     {I.DEBT_BONDAGE}),
    # with no debt a deduction is withholding; wages not paid beside the debt stay withholding
    ("en", "The company deducts 400 from my salary.", {I.WITHHOLDING_OF_WAGES}),
    ("en", "I owe the agency 4,000 ringgit for the visa. The company deducts 400 from my salary. I have not been paid "
     "for three months.", {I.DEBT_BONDAGE, I.WITHHOLDING_OF_WAGES}),
])
def test_a_deduction_beside_a_debt(language, text, raised):
    assert found(text, language) == raised


@pytest.mark.parametrize(("language", "text"), [
    # an ordinary working day, the time of day before the hour
    ("hi", "सुबह 9 बजे से शाम 5 बजे तक काम है।"),
    ("ta", "காலை 8 மணி முதல் மாலை 5 மணி வரை வேலை."),
    # a long story's hard moments that are no forced labour (round 78): a match lost, loneliness "like a prison", a
    # phone taken for repair, a gate locked for a fire drill, a cousin cheated at home, a shipyard ("கப்பல் கட்டும்
    # தளம்", not "கட்டாய வேலை", forced labour), a father's kidney disease
    ("en", "Last season a team from Kerala beat us so badly that we did not talk about it for a week."),
    ("en", "The sun set at four and the loneliness was like a prison."),
    ("en", "Once my phone was taken by the daughter to the shop to fix the charging port."),
    ("en", "During a fire drill the guard kept the main gate locked for ten minutes."),
    ("en", "My cousin in Thrissur was cheated by a land broker who took his advance."),
    ("ta", "சிங்கப்பூர் கப்பல் கட்டும் தளத்துல வெல்டரா வேலை செய்றேன், எட்டு வருஷம் ஆச்சு."),
    ("ne", "बुवालाई मृगौलाको समस्या देखियो, काठमाडौँमा डायलासिस सुरु भयो।"),
    # a trading company; a clinic bought by a group: no person sold or bought
    ("en", "I came to Dubai in 2012 as an accounts assistant in a trading company in Deira."),
    ("hi", "पिछले साल क्लिनिक किसी बड़े ग्रुप ने ख़रीद लिया।"),
    # fasting until sunset; a passport in the worker's own bag; "me toca algo?" (am I owed anything?) (round 77)
    ("ar", "sayem ennaharda, mafish akl le7ad el maghreb, bas el fetar 7elw"),
    ("en", "my passport is kept in my own bag in my room, boss said keep it urself"),
    ("es", "me corrieron sin aviso el viernes, me pagaron la semana pero nada mas, me toca algo?"),
    # a fight between strangers the worker witnessed; a worker who holds their own documents (round 76)
    ("en", "He was a witness to an assault outside a shop in which two men unknown to him fought over a parking space."),
    ("hi", "वह दो अजनबियों के बीच हुई मारपीट का चश्मदीद गवाह है।"),
    ("en", "He reported that he was free to come and go and held his own documents."),
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


# A second probe of the same concepts, written before the rules were touched for it (15 of 68 were missed then).
PROBES = [
    ('en', 'they promised me a job in a hotel in Dubai but I ended up herding camels', I.DECEPTION),
    ('en', 'the contract they gave me here is not the one I signed at home', I.DECEPTION),
    ('en', 'salary was supposed to be 1200 but they only give 800', I.DECEPTION),
    ('en', 'boss said if I go to the labour office he will make sure I never get another visa', I.INTIMIDATION_THREATS),
    ('en', 'she threatened to tell the police I stole her gold', I.INTIMIDATION_THREATS),
    ('en', 'they said they would hurt my brother back home', I.INTIMIDATION_THREATS),
    ('en', 'I am not allowed to talk to the other maids in the building', I.ISOLATION),
    ('en', 'we are on the boat for eleven months, no signal', I.ISOLATION),
    ('en', 'the farm is two hours from the nearest town and there is no bus', I.ISOLATION),
    ('en', 'I sleep in the kitchen on a mat', I.ABUSIVE_CONDITIONS),
    ('en', 'they only give us the leftovers from their plates', I.ABUSIVE_CONDITIONS),
    ('en', 'no helmets no gloves, we work with the chemicals with bare hands', I.ABUSIVE_CONDITIONS),
    ('en', 'I was sick with fever and they did not take me to the doctor', I.ABUSIVE_CONDITIONS),
    ('en', "I don't speak arabic and they make me sign papers I can't read", I.ABUSE_OF_VULNERABILITY),
    ('en', 'my visa expired and the boss says nobody will believe me', I.ABUSE_OF_VULNERABILITY),
    ('en', 'he knows I have no papers so he pays what he wants', I.ABUSE_OF_VULNERABILITY),
    ('en', 'they have not paid me for 5 months', I.WITHHOLDING_OF_WAGES),
    ('en', 'they say they will give all the salary at the end of the contract', I.WITHHOLDING_OF_WAGES),
    ('en', 'I have to work off the 3000 dollar recruitment fee before I get anything', I.DEBT_BONDAGE),
    ('en', 'the agent loan keeps growing because of interest', I.DEBT_BONDAGE),
    ('en', 'we work from 5am to midnight', I.EXCESSIVE_OVERTIME),
    ('en', 'no day off for 8 months', I.EXCESSIVE_OVERTIME),
    ('en', "the agency still has my passport and won't give it back", I.RETENTION_OF_DOCUMENTS),
    ('hi', 'एजेंट ने कहा था होटल में काम मिलेगा, पर यहाँ ऊंट चराने भेज दिया', I.DECEPTION),
    ('hi', 'मालिक कहता है पुलिस को बोलकर जेल भिजवा दूंगा', I.INTIMIDATION_THREATS),
    ('hi', 'phone chheen liya, ghar baat nahi karne dete', I.ISOLATION),
    ('hi', 'रसोई में सोना पड़ता है, खाना बचा हुआ मिलता है', I.ABUSIVE_CONDITIONS),
    ('hi', '6 mahine se tankhwah nahi mili', I.WITHHOLDING_OF_WAGES),
    ('hi', 'passport malik ke paas hai, maangne par nahi dete', I.RETENTION_OF_DOCUMENTS),
    ('hi', 'subah 5 baje se raat 12 baje tak kaam', I.EXCESSIVE_OVERTIME),
    ('bn', 'দালাল বলেছিল বেতন ২০০০ রিয়াল, এখানে দেয় ১০০০', I.DECEPTION),
    ('bn', 'মালিক বলে পুলিশে দিবে, জেলে পাঠাবে', I.INTIMIDATION_THREATS),
    ('bn', 'ফোন নিয়ে নিয়েছে, বাড়িতে কথা বলতে দেয় না', I.ISOLATION),
    ('bn', 'রান্নাঘরে ঘুমাই, খাবার ঠিকমতো দেয় না', I.ABUSIVE_CONDITIONS),
    ('bn', '৬ মাস বেতন দেয়নি', I.WITHHOLDING_OF_WAGES),
    ('bn', 'পাসপোর্ট মালিকের কাছে, চাইলে দেয় না', I.RETENTION_OF_DOCUMENTS),
    ('bn', 'ভোর ৫টা থেকে রাত ১২টা পর্যন্ত কাজ, কোনো ছুটি নাই', I.EXCESSIVE_OVERTIME),
    ('ar', 'وعدوني بشغل في فندق ولكن هنا اشتغل راعي غنم', I.DECEPTION),
    ('ar', 'الكفيل هددني يسوي علي بلاغ هروب', I.INTIMIDATION_THREATS),
    ('ar', 'ما يخلوني اكلم اهلي', I.ISOLATION),
    ('ar', 'انام في المطبخ وما يعطوني اكل كفاية', I.ABUSIVE_CONDITIONS),
    ('es', 'me prometieron trabajo de camarera y me pusieron a limpiar casas', I.DECEPTION),
    ('es', 'el jefe dice que si me quejo me denuncia a migración', I.INTIMIDATION_THREATS),
    ('es', 'no me dejan usar el teléfono', I.ISOLATION),
    ('es', 'duermo en la cocina y solo como las sobras', I.ABUSIVE_CONDITIONS),
    ('id', 'majikan bilang kalau saya lapor polisi, saya yang dipenjara', I.INTIMIDATION_THREATS),
    ('id', 'HP saya disita majikan', I.ISOLATION),
    ('id', 'saya tidur di dapur dan makan sisa', I.ABUSIVE_CONDITIONS),
    ('id', 'gaji tidak dibayar 4 bulan', I.WITHHOLDING_OF_WAGES),
    ('fil', 'pinangakuan ako ng trabaho sa restaurant pero katulong pala', I.DECEPTION),
    ('fil', 'sabi ng amo ipapakulong daw ako kapag umalis ako', I.INTIMIDATION_THREATS),
    ('fil', 'kinuha ang cellphone ko, bawal tumawag sa pamilya', I.ISOLATION),
    ('fil', 'sa bodega ako natutulog, tira-tira lang ang pagkain', I.ABUSIVE_CONDITIONS),
    ('ne', 'एजेन्टले होटलको काम भनेको थियो, यहाँ ऊँट चराउन लगायो', I.DECEPTION),
    ('ne', 'साहुले प्रहरीमा उजुरी गर्छु भनेर धम्क्याउँछ', I.INTIMIDATION_THREATS),
    ('ne', 'फोन खोसेको छ, घरमा कुरा गर्न दिँदैन', I.ISOLATION),
    ('ne', 'भान्सामा सुत्छु, बाँकी खाना मात्र दिन्छ', I.ABUSIVE_CONDITIONS),
    ('ta', 'முதலாளி போலீசில் புகார் கொடுப்பேன் என்று மிரட்டுகிறார்', I.INTIMIDATION_THREATS),
    ('ta', 'போன் பறித்துவிட்டார், வீட்டுக்கு பேச விடுவதில்லை', I.ISOLATION),
    ('ta', '6 மாதமாக சம்பளம் தரவில்லை', I.WITHHOLDING_OF_WAGES),
    ('si', 'පොලිසියට දෙනවා කියලා බය කරනවා', I.INTIMIDATION_THREATS),
    ('si', 'ෆෝන් එක අරගෙන, ගෙදරට කතා කරන්න දෙන්නේ නැහැ', I.ISOLATION),
    ('si', 'මාස 4ක් පඩි දුන්නේ නැහැ', I.WITHHOLDING_OF_WAGES),
    ('am', 'ፓስፖርቴን ወስዳ አልመለሰችልኝም', I.RETENTION_OF_DOCUMENTS),
    ('am', 'ስልኬን ወሰደችብኝ ቤተሰቤን ማግኘት አልችልም', I.ISOLATION),
    ('am', 'ለ4 ወር ደሞዝ አልተከፈለኝም', I.WITHHOLDING_OF_WAGES),
    ('my', 'ဖုန်းသိမ်းထားတယ်', I.ISOLATION),
    ('my', 'လစာ ၃ လ မပေးဘူး', I.WITHHOLDING_OF_WAGES),
]
HARMLESS_PROBES = [
    ('en', "can I take a personal loan from the bank to pay for my sister's wedding?"),
    ('en', 'my employer gave me back my passport after the visa stamping'),
    ('en', 'I work 8 hours and get overtime paid at 125 percent'),
    ('en', 'the food in the canteen is boring, always rice'),
    ('en', 'I want to change my job because the salary is low compared to my friends'),
    ('en', 'is it true the company must give one day off per week?'),
    ('hi', 'मेरा पासपोर्ट मेरे पास है, बस वीज़ा कब खत्म होगा जानना है'),
    ('bn', 'বেতন সময়মতো পাই, শুধু ছুটির নিয়ম জানতে চাই'),
    ('ar', 'راتبي يوصل كل شهر بوقته، بس ابغى اعرف عن الاجازة السنوية'),
    ('es', 'Me pagan bien y a tiempo, solo quiero saber cómo renovar mi permiso'),
    ('id', 'gaji lancar setiap bulan, saya cuma mau tanya soal cuti'),
    ('fil', 'Maayos naman ang amo ko, tanong ko lang po kung paano mag-renew ng kontrata'),
    ('ta', 'சம்பளம் சரியாக வருகிறது, விடுமுறை பற்றி கேட்க வேண்டும்'),
    ('ne', 'तलब समयमै आउँछ, बिदाको नियम जान्न चाहन्छु'),
]


# A third probe, for the weaker languages and abuse of vulnerability (9 of 35 missed and 3 of 15 harmless raised
# before the rules were touched for it). Burmese retention with particles between passport, holder and verb
# ("ပတ်စပို့ကို အလုပ်ရှင်က သိမ်းထားတယ်") is still missed: the words stand too far apart once segmented.
PROBES_3 = [
    ('en', 'I am only 15 and the agency made my papers say 21', I.ABUSE_OF_VULNERABILITY),
    ('en', 'they know I cannot read the contract so they change the numbers', I.ABUSE_OF_VULNERABILITY),
    ('en', 'because I am illegal now the boss pays me half and says go to police if you want', I.ABUSE_OF_VULNERABILITY),
    ('ar', 'الكفيل يعرف اني مخالف ويهددني', I.ABUSE_OF_VULNERABILITY),
    ('es', 'como no tengo papeles el patrón se aprovecha y no me paga', I.ABUSE_OF_VULNERABILITY),
    ('id', 'karena saya tidak punya dokumen, majikan memanfaatkan saya', I.ABUSE_OF_VULNERABILITY),
    ('fil', 'alam ng amo na wala akong papeles kaya hindi ako binabayaran', I.ABUSE_OF_VULNERABILITY),
    ('ta', 'ஏஜென்ட் சொன்னது ஓட்டல் வேலை, இங்கே வீட்டு வேலை', I.DECEPTION),
    ('si', 'ඒජන්ට් කිව්වේ හෝටල් වැඩ, මෙහෙ ගෙදර වැඩ', I.DECEPTION),
    ('my', 'ပွဲစားက ဟိုတယ်အလုပ်လို့ပြောတယ်၊ ဒီမှာ အိမ်အကူလုပ်ရတယ်', I.DECEPTION),
    ('am', 'ኤጀንቱ የሆቴል ስራ ነው አለኝ፣ እዚህ ግን የቤት ሰራተኛ ነኝ', I.DECEPTION),
    ('ta', 'முதலாளி என்னை நாட்டுக்கு அனுப்பிவிடுவேன் என்று மிரட்டுகிறார்', I.INTIMIDATION_THREATS),
    ('si', 'මාව ආපහු යවනවා කියලා තර්ජනය කරනවා', I.INTIMIDATION_THREATS),
    ('my', 'ရဲကိုတိုင်မယ်လို့ခြိမ်းခြောက်တယ်', I.INTIMIDATION_THREATS),
    ('am', 'ወደ ሀገርሽ እመልስሻለሁ ብላ ታስፈራራኛለች', I.INTIMIDATION_THREATS),
    ('ta', 'காலை 5 மணி முதல் இரவு 12 மணி வரை வேலை', I.EXCESSIVE_OVERTIME),
    ('si', 'උදේ 5 සිට රෑ 12 වෙනකම් වැඩ', I.EXCESSIVE_OVERTIME),
    ('am', 'ከጠዋት 11 እስከ ሌሊት 6 ሰዓት እሰራለሁ፣ እረፍት የለም', I.EXCESSIVE_OVERTIME),
    ('my', 'နေ့တိုင်း နားရက်မရှိဘူး', I.EXCESSIVE_OVERTIME),
    ('ta', 'பாஸ்போர்ட் முதலாளியிடம் உள்ளது, கேட்டால் தருவதில்லை', I.RETENTION_OF_DOCUMENTS),
    ('si', 'පාස්පෝට් එක මහත්තයා ළඟ, ඉල්ලුවම දෙන්නේ නැහැ', I.RETENTION_OF_DOCUMENTS),
    ('ne', 'राहदानी साहुसँग छ, माग्दा दिँदैन', I.RETENTION_OF_DOCUMENTS),
    ('id', 'paspor saya dipegang agen dan tidak dikembalikan', I.RETENTION_OF_DOCUMENTS),
    ('ne', '६ महिनादेखि तलब पाएको छैन', I.WITHHOLDING_OF_WAGES),
    ('ne', 'agent ko rin tirna talab bata katchha', I.DEBT_BONDAGE),
    ('id', 'utang ke sponsor makin besar karena bunga', I.DEBT_BONDAGE),
    ('bn', 'দালালের ঋণ শোধ না করা পর্যন্ত যেতে পারব না', I.DEBT_BONDAGE),
    ('ta', 'ஏஜென்ட் கடன் அடைக்கும் வரை போக முடியாது', I.DEBT_BONDAGE),
    ('ne', 'मरुभूमिमा एक्लै, नजिक कोही बस्ती छैन', I.ISOLATION),
    ('ta', 'கடலில் 9 மாதம், கரைக்கு போகவில்லை', I.ISOLATION),
    ('bn', 'খাবার দেয় না ঠিকমতো, অসুস্থ হলেও ডাক্তার দেখায় না', I.ABUSIVE_CONDITIONS),
    ('ne', 'बिरामी हुँदा पनि डाक्टरकहाँ लैजाँदैन', I.ABUSIVE_CONDITIONS),
    ('id', 'tidak ada air minum bersih di bedeng', I.ABUSIVE_CONDITIONS),
    ('ta', 'குடிக்க தண்ணீர் இல்லை', I.ABUSIVE_CONDITIONS),
]
HARMLESS_PROBES_3 = [
    ('hi', 'ओवरटाइम का पैसा पूरा मिला, बस पूछना था कि छुट्टी के दिन डबल होता है क्या'),
    ('ne', 'ओभरटाइमको पैसा पूरा पाएँ, बिदाको दिन दोब्बर हुन्छ?'),
    ('id', 'lembur dibayar penuh, saya cuma tanya soal cuti'),
    ('ta', 'ஓவர்டைம் சம்பளம் முழுசா கிடைச்சது, நன்றி'),
    ('bn', 'ব্যাংক থেকে লোন নিয়েছি, কিস্তি বেতন থেকে কাটা হয় চুক্তি মতো'),
    ('hi', 'बैंक से लोन लिया है, किस्त हर महीने कटती है, सब ठीक है'),
    ('id', 'saya pinjam uang di bank, cicilan dipotong dari gaji sesuai perjanjian'),
    ('fil', 'nag-loan ako sa bangko, kinakaltas sa sahod buwan-buwan ayon sa kontrata'),
    ('ne', 'भिसा नवीकरणका लागि कम्पनीले राहदानी लियो, एक हप्तामा फिर्ता दियो'),
    ('ta', 'விசா புதுப்பிக்க பாஸ்போர்ட் கொடுத்தேன், ஒரு வாரத்தில் திருப்பி தந்தார்கள்'),
    ('id', 'paspor saya simpan sendiri di loker'),
    ('hi', 'मैं हर महीने घर पैसे भेजता हूं, सस्ता तरीका बताइए'),
    ('ar', 'ارسل فلوس لاهلي كل شهر، وش ارخص طريقة؟'),
    ('bn', 'রুমমেট রাতে জোরে কথা বলে, ঘুমাতে পারি না'),
    ('es', 'Mi compañero de cuarto ronca y no puedo dormir'),
]


def test_nepali_room_is_not_a_hindi_brothel():
    """Nepali text is read with the Hindi lexicon too (one script): Nepali कोठा (room) must not be Hindi
    कोठे (brothel), which still counts with its postposition."""
    assert not triage.triage_text("मलाई नयाँ कोठा कहिले दिन्छ?", "ne")["urgent"]
    assert triage.triage_text("दलाल ने मुझे कोठे पर बेच दिया", "hi")["urgent"]


# A fourth probe (11 of 32 signs missed and 1 of 12 harmless raised before the rules were touched for it).
PROBES_4 = [
    ('en', 'My sponsor says if I run away he will open an absconding case and I will go to jail', I.INTIMIDATION_THREATS),
    ('en', 'they make us sleep in a container with no AC in 45 degrees', I.ABUSIVE_CONDITIONS),
    ('en', 'we get one bottle of water for the whole shift in the sun', I.ABUSIVE_CONDITIONS),
    ('en', 'I have been here 2 years and never had a single day off', I.EXCESSIVE_OVERTIME),
    ('en', 'I was told I would be a nurse aide but I clean toilets in a mall', I.DECEPTION),
    ('en', 'the salary in the new contract is half of what the agency showed me in Kathmandu', I.DECEPTION),
    ('en', 'I still owe the broker 200000 pesos and every month it gets bigger', I.DEBT_BONDAGE),
    ('en', 'madam keeps my passport in her bedroom and says I will get it when I go home', I.RETENTION_OF_DOCUMENTS),
    ('en', "I haven't received my wages since March", I.WITHHOLDING_OF_WAGES),
    ('en', 'we cannot call home, the captain keeps the only phone', I.ISOLATION),
    ('en', "I'm 14 and I work in the brick kiln with my father to pay his loan", I.DEBT_BONDAGE),
    ('ar', 'اشتغل من الساعة ٦ الصبح لين ١٢ بالليل بدون اجازة', I.EXCESSIVE_OVERTIME),
    ('ar', 'الكفيل ماخذ جوازي وما يبي يرجعه', I.RETENTION_OF_DOCUMENTS),
    ('ar', 'انام في غرفة صغيرة مع ١٠ عمال بدون مكيف', I.ABUSIVE_CONDITIONS),
    ('es', 'llevamos 3 meses sin cobrar', I.WITHHOLDING_OF_WAGES),
    ('es', 'trabajamos de 6 de la mañana a 11 de la noche sin descanso', I.EXCESSIVE_OVERTIME),
    ('es', 'me quitaron el celular y no puedo hablar con mi familia', I.ISOLATION),
    ('fil', 'hindi kami pinapasahod ng tatlong buwan', I.WITHHOLDING_OF_WAGES),
    ('fil', 'tinatakot kami ng amo na ipapadeport kami', I.INTIMIDATION_THREATS),
    ('fil', 'wala kaming day off, araw-araw trabaho', I.EXCESSIVE_OVERTIME),
    ('id', 'kami tidur di gudang bersama 20 orang', I.ABUSIVE_CONDITIONS),
    ('id', 'majikan mengancam akan melaporkan saya ke polisi kalau saya kabur', I.INTIMIDATION_THREATS),
    ('hi', 'maalik dhamki deta hai ki police ko de dunga', I.INTIMIDATION_THREATS),
    ('hi', 'hum log godam mein sote hain', I.ABUSIVE_CONDITIONS),
    ('bn', 'মালিক হুমকি দেয় পুলিশে দিয়ে দেবে', I.INTIMIDATION_THREATS),
    ('bn', 'amake ghor theke ber hote dey na', I.RESTRICTION_OF_MOVEMENT),
    ('ne', 'मालिकले घरबाहिर निस्कन दिँदैन', I.RESTRICTION_OF_MOVEMENT),
    ('ne', 'mero phone khosyo, ghar ma kura garna dinna', I.ISOLATION),
    ('ta', 'என் பாஸ்போர்ட்டை ஏஜென்ட் வைத்திருக்கிறார்', I.RETENTION_OF_DOCUMENTS),
    ('si', 'දවසට පැය 18ක් වැඩ කරනවා', I.EXCESSIVE_OVERTIME),
    ('am', 'ደሞዜን ለ6 ወር አልሰጠችኝም', I.WITHHOLDING_OF_WAGES),
    ('my', 'အလုပ်ရှင်က ရိုက်တယ်', I.PHYSICAL_SEXUAL_VIOLENCE),
]
HARMLESS_PROBES_4 = [
    ('en', 'I work 10 hours a day, 6 days a week, overtime paid, is this normal in Qatar?'),
    ('en', 'my passport is in my bag in my room, I just need to know the renewal fee'),
    ('en', 'the agency charged me nothing, I want to thank them'),
    ('en', 'I borrowed money from my cousin for the ticket, I will pay him back slowly'),
    ('en', 'Our camp is far from the city but the company bus takes us to town every Friday'),
    ('es', 'Trabajo 40 horas a la semana y tengo los domingos libres'),
    ('ar', 'الشركة تعطينا سكن وأكل ومواصلات، أبغى أعرف عن نهاية الخدمة'),
    ('fil', 'May day off ako tuwing Linggo at hawak ko ang passport ko'),
    ('id', 'saya libur hari Minggu dan gaji selalu tepat waktu'),
    ('hi', 'मुझे हर शुक्रवार छुट्टी मिलती है और तनख्वाह समय पर आती है'),
    ('bn', 'আমার পাসপোর্ট আমার কাছে, বেতন ঠিক সময়ে পাই'),
    ('ne', 'मेरो राहदानी मसँग छ, तलब समयमा आउँछ'),
]


def test_bengali_age_is_read_after_normalisation():
    """The nukta of বয়স (age) is dropped by normalisation; the age patterns must still find a child."""
    result = triage.triage_text("আমার বয়স ১৪, সারাদিন বাসায় কাজ করি", "bn")
    assert result["urgent"] and "child" in result["urgent_reasons"]
    assert not triage.triage_text("আমার বয়স ৩৫, বেতন ঠিক সময়ে পাই", "bn")["urgent"]


@pytest.mark.parametrize(("language", "text"), [
    ("ta", "முதலாளி நல்லவர், ஆனால் சம்பளம் குறைவு, வேறு வேலை மாற முடியுமா?"),
    ("hi", "तनख्वाह कम है, क्या मैं दूसरी कंपनी में जा सकता हूँ?"),
    ("bn", "বেতন কম, অন্য কোম্পানিতে যেতে চাই"),
    ("id", "gajinya kurang menurut saya, bisa pindah majikan?"),
])
def test_low_pay_alone_is_an_ordinary_complaint(language, text):
    """'The salary is low' is a wish for more, not withholding: only less than promised or agreed is."""
    assert I.WITHHOLDING_OF_WAGES not in found(text, language)


@pytest.mark.parametrize(("language", "text"), [
    ("ne", "तलब सम्झौता भन्दा कम दिन्छ"),
    ("hi", "तनख्वाह अनुबंध से कम मिलती है"),
    ("bn", "চুক্তির চেয়ে কম বেতন দেয়"),
    ("ta", "ஒப்பந்தத்தை விட குறைவாக சம்பளம் தருகிறார்கள்"),
    ("id", "gaji kurang dari kontrak"),
])
def test_pay_less_than_agreed_is_withholding(language, text):
    assert I.WITHHOLDING_OF_WAGES in found(text, language)


@pytest.mark.parametrize(("language", "text", "indicator"), PROBES + PROBES_3 + PROBES_4)
def test_probe_raises(language, text, indicator):
    assert indicator in found(text, language)


@pytest.mark.parametrize(("language", "text"), HARMLESS_PROBES + HARMLESS_PROBES_3 + HARMLESS_PROBES_4)
def test_probe_harmless(language, text):
    result = triage.triage_text(text, language)
    assert result["indicators"] == [] and not result["urgent"], result["evidence"]

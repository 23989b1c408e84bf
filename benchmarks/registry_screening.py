"""Bulk screening: N names (default 100,000; --full 1,000,000) against a 50,000-entry watchlist on two cores, against a plain
rapidfuzz `process.cdist` over the same data as the reference for what the hardware allows.

Run: python benchmarks/registry_screening.py [--names 100000 | --full] [--entries 50000] [--processes 2] [--reference-names 2000]

Names are synthetic but realistic: people from Filipino, Indonesian, Nepali, Indian, Bangladeshi, Pakistani, Sri
Lankan, Arab and Ethiopian/Kenyan name pools (two to four tokens, transliteration variants, surname-first forms), and
companies (two words, a business word, a legal suffix). One name in a hundred is a variant of a watchlisted name
(another transliteration, a typo, a dropped or added token, other word order or spacing, another legal suffix).

The cdist reference scores every name against every entry (token_sort_ratio on the same normalised keys, cut-off 85)
on --reference-names names; its time is extrapolated to all names (running it in full would take hours). Recall is
measured on that sample: the share of the reference's (name, entry) pairs that Corridor's screening also reports, and
the same against an exhaustive computation of Corridor's own name similarity (all four forms, every pair).
Figures, not assertions.
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

POOLS = {
    "PH": ("Maria Jose Juan Ana Rosa Pedro Ramon Lourdes Cristina Rodrigo Marites Jocelyn Rowena Arnel Jerome Mark Joy "
           "Grace Michelle Ricardo Teresita Leonora Mylene Rolando Danilo",
           "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Tomas Andrada Castillo Flores Villanueva Ramos "
           "Castro Rivera Aquino Navarro Salazar Mercado Dela_Cruz Del_Rosario Manalo Pascual Soriano"),
    "ID": ("Siti Dewi Sri Wahyuni Nur Indah Ayu Rina Agus Budi Eko Joko Slamet Yanti Fitri Putri Rahmawati Hendra "
           "Bambang Sugeng Dwi Tri Lestari Kurniawan Setiawan",
           "Susanti Hidayat Saputra Wijaya Rahayu Nugroho Santoso Pratama Kusuma Handayani Purnomo Wibowo Suryani "
           "Hartono Maulana Permana Firmansyah Sulistyo Utami Anggraini"),
    "NP": ("Ram Sita Hari Gita Krishna Bishnu Sunita Prakash Ramesh Sarita Binod Kamala Laxmi Rajendra Sushila Dipak "
           "Manoj Anita Bikash Sabina Pramod Durga Ganesh Kiran Suman",
           "Shrestha Gurung Tamang Magar Rai Limbu Thapa Karki Adhikari Bhattarai Poudel Khadka Basnet Sherpa Yadav "
           "Chaudhary Tharu Rana KC Bhandari Lama Subedi Dahal Aryal Pandey"),
    "IN": ("Rajesh Suresh Sunil Anil Vijay Ravi Lakshmi Priya Deepa Kavita Manjula Arun Mohan Venkatesh Srinivas "
           "Ramesh Geetha Shankar Rekha Anand Harish Naveen Pooja Sanjay Rahul",
           "Kumar Nair Menon Pillai Reddy Rao Sharma Singh Patel Iyer Naidu Varghese Thomas Joseph Mathew Gupta "
           "Verma Das Mishra Chauhan Jadhav Kulkarni Shetty Krishnan Raju"),
    "BD": ("Mohammed Abdul Rahim Karim Hasan Hossain Rafiq Jamal Nasrin Rokeya Shahida Salma Mizanur Shafiqul Aminul "
           "Kamrul Rezaul Habibur Anwar Delwar Monir Shahin Jahangir Farida Parvin",
           "Rahman Islam Hossain Uddin Ahmed Alam Miah Sarkar Chowdhury Akter Begum Khatun Haque Molla Sheikh "
           "Talukder Bhuiyan Mondal Howlader Sikder"),
    "PK": ("Muhammad Imran Asif Tariq Bilal Usman Zahid Naveed Shahid Waqas Adnan Faisal Kamran Sajid Arshad Irfan "
           "Nadeem Amjad Javed Shazia Nasreen Rubina Samina Asma Saima",
           "Khan Ahmad Ali Hussain Butt Malik Raza Qureshi Iqbal Akhtar Rana Chaudhry Mirza Baig Abbasi Awan "
           "Shah Siddiqui Javed Aslam Anjum Yousaf Rafique Mahmood Nawaz"),
    "LK": ("Nimal Sunil Kamal Chaminda Ruwan Nuwan Dilani Chathurika Nadeeka Sanjeewa Pradeep Lasantha Thilini "
           "Ishara Dinesh Mahesh Upul Kumari Sandya Priyanka",
           "Perera Fernando Silva De_Silva Jayasinghe Bandara Wickramasinghe Rajapaksa Gunawardena Dissanayake "
           "Herath Rathnayake Wijesinghe Kumara Senanayake Amarasinghe Weerasinghe Jayawardena Karunaratne Samarasinghe"),
    "SA": ("Mohammed Ahmed Abdullah Khalid Faisal Saud Turki Fahad Sultan Nasser Omar Ali Ibrahim Yousef Hamad "
           "Saleh Majed Nawaf Abdulaziz Abdulrahman Fatima Aisha Noura Hessa Maha",
           "Al_Harbi Al_Otaibi Al_Qahtani Al_Ghamdi Al_Zahrani Al_Dossari Al_Shahri Al_Mutairi Al_Anazi Al_Shammari "
           "Al_Subaie Al_Malki Al_Juhani Al_Rashidi Al_Yami Al_Omari Bin_Laden Al_Saud Al_Sheikh Al_Amoudi"),
    "ET": ("Abebe Almaz Tigist Meseret Hiwot Bethlehem Selam Yonas Dawit Tesfaye Girma Mulugeta Haile Kebede "
           "Wanjiru Akinyi Njeri Achieng Otieno Kamau Mwangi Odhiambo Wambui Chebet",
           "Bekele Tadesse Alemu Gebremedhin Tesfaye Mengistu Haile Desta Wolde Negash Kiprop Kariuki Mutua "
           "Ochieng Omondi Njoroge Wekesa Kiplagat Korir Onyango"),
}
# Transliteration and spelling variants, both ways.
VARIANTS = [
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"), ("Ahmed", "Ahmad"), ("Hussain", "Hussein", "Husain"),
    ("Hossain", "Hossen", "Hosain"), ("Yousef", "Yusuf", "Yousuf", "Yousaf"), ("Abdulrahman", "Abdul Rahman", "Abdurrahman"),
    ("Chowdhury", "Chaudhry", "Choudhury", "Chaudhary"), ("Geetha", "Gita", "Geeta"), ("Sita", "Seeta"),
    ("Lakshmi", "Laxmi", "Lakshmy"), ("Krishna", "Krisna"), ("Shrestha", "Shresta"), ("Usman", "Osman"),
    ("Khalid", "Khaled"), ("Nasser", "Naser", "Nasir"), ("Saleh", "Salih"), ("Fatima", "Fatema", "Fatimah"),
    ("Aisha", "Ayesha", "Aysha"), ("Rahman", "Rehman"), ("Islam", "Eslam"), ("Ibrahim", "Ebrahim"),
    ("Siti", "Sitti"), ("Dewi", "Devi"), ("Joseph", "Josef"), ("Rafique", "Rafiq"), ("Mahmood", "Mahmud"),
]
ARABIC = {"Mohammed": "محمد", "Ahmed": "أحمد", "Ali": "علي", "Al_Harbi": "الحربي", "Al_Otaibi": "العتيبي", "Khalid": "خالد",
          "Abdullah": "عبدالله", "Al_Qahtani": "القحطاني", "Fahad": "فهد", "Omar": "عمر"}
COMPANY_WORDS = ("Al Noor|Gulf Star|Desert Rose|Bayanihan|Sagarmatha|Golden Gate|Blue Ocean|Silver Line|Royal Crown|"
                 "Green Valley|Pacific Rim|Everest|Himalayan|Lanka|Jasmine|Crescent|Al Waha|Al Majd|Al Safwa|Al Faisal|"
                 "Emerald|Sapphire|Phoenix|Orchid|Summit|Horizon|Unity|Pioneer|Falcon|Oasis|Sunrise|Mabuhay|Kalayaan|"
                 "Tiger|Lotus|Nile|Red Sea|Arabian|Eastern|Northern|Al Baraka|Al Amal|Nusantara|Garuda|Bhagya|Shanti|"
                 "Ceylon|Dhaka|Bengal|Indus|Karakoram|Abyssinia|Safari|Kilimanjaro|Tusker|Meridian|Atlas|Crown|Pearl").split("|")
BUSINESS = ("Trading Contracting Services Manpower Cleaning Construction Catering Household Recruitment Logistics Security "
            "Maintenance Hospitality Agency Overseas Employment Facilities Transport").split()
LEGAL = ["LLC", "L.L.C.", "WLL", "W.L.L.", "Est.", "Co.", "Ltd.", "Pvt. Ltd.", "Private Limited", "Sdn Bhd", "Inc.",
         "Company", "", "", ""]
_VARIANT_OF = {}
for group in VARIANTS:
    for spelling in group:
        _VARIANT_OF[spelling] = group
# Syllables of each region, for the long tail of family (and some given) names that no short list covers.
SYLLABLES = {
    "PH": "ma la ba ya ni san to ri co bu ag pa ca lan gan dal ta no mag sa li",
    "ID": "su har to wi ja ya pra se ti an di ku sum ra ma nu gro ha di ni",
    "NP": "ba ra shre tha ma gar tha pa sub e di kha nal po khrel ko ira la ma",
    "IN": "ra ja ku mar an na swa mi sri ni vas kri sh nan pil lai gu pta ve nu",
    "BD": "ra hman hos sain ta luk dar mi ah chow dhu ry sik der bhu iyan ka bir",
    "PK": "qu re shi ab ba si ra ja put gil ani mir za bu kha ri jat oi ra na",
    "LK": "ja ya sin ghe wi kra ma ra tna ya ke gu na war de na pe re ra da",
    "SA": "al har bi ot ai bi qah ta ni gham di zah ra ni dos sa ri mu tai ri",
    "ET": "ge bre mes kel tes fa ye ha gos wol de ki pro ti ch ny am bu mwa ngi",
}
GIVEN = {c: p[0].split() for c, p in POOLS.items()}
FAMILY = {c: [s.replace("_", " ") for s in p[1].split()] for c, p in POOLS.items()}
TAIL_GIVEN, TAIL_FAMILY = {}, {}
_srng = random.Random(11)
for _c, _syl in SYLLABLES.items():
    _parts = _syl.split()
    _prefix = "Al " if _c == "SA" else ""
    TAIL_FAMILY[_c] = sorted({_prefix + "".join(_srng.choice(_parts) for _ in range(_srng.randint(2, 3))).capitalize()
                          for _ in range(600)})
    TAIL_GIVEN[_c] = sorted({"".join(_srng.choice(_parts) for _ in range(_srng.randint(2, 3))).capitalize()
                         for _ in range(150)})
COUNTRIES = list(POOLS)


def given(rng, country):
    return rng.choice(GIVEN[country] if rng.random() < 0.8 else TAIL_GIVEN[country])


def family(rng, country):
    return rng.choice(FAMILY[country] if rng.random() < 0.4 else TAIL_FAMILY[country])


def person(rng):
    country = rng.choice(COUNTRIES)
    tokens = [given(rng, country)]
    if rng.random() < 0.75:
        tokens.append(given(rng, country) if rng.random() < 0.6 else family(rng, country))
    tokens.append(family(rng, country))
    if rng.random() < 0.15:
        tokens.append(family(rng, country))
    return " ".join(tokens), country


def company(rng):
    country = rng.choice(COUNTRIES)
    words = [rng.choice(COMPANY_WORDS) if rng.random() < 0.5 else family(rng, country)]
    if rng.random() < 0.6:
        words.append(rng.choice(COMPANY_WORDS) if rng.random() < 0.3 else given(rng, country))
    words.append(rng.choice(BUSINESS))
    if rng.random() < 0.3:
        words.append(rng.choice(BUSINESS))
    legal = rng.choice(LEGAL)
    return " ".join(words + ([legal] if legal else [])), country


def typo(rng, text):
    chars = list(text)
    i = rng.randrange(1, max(2, len(chars) - 1))
    kind = rng.random()
    if kind < 0.35:
        del chars[i]
    elif kind < 0.6 and i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind < 0.8:
        chars.insert(i, chars[i])
    else:
        chars[i] = rng.choice("aeiou") if chars[i] in "aeiou" else chars[i]
    return "".join(chars)


def variant(rng, name):
    """Another way the same person or company is written."""
    words = name.split()
    kind = rng.random()
    if kind < 0.35:  # transliteration
        words = [rng.choice(_VARIANT_OF[w]) if w in _VARIANT_OF and rng.random() < 0.8 else w for w in words]
        if words == name.split():
            return typo(rng, name)
        return " ".join(words)
    if kind < 0.55:
        return typo(rng, name)
    if kind < 0.65 and len(words) > 2:  # surname first, with a comma
        return f"{words[-1].upper()}, {' '.join(words[:-1])}"
    if kind < 0.72 and len(words) > 2:  # a dropped middle token
        return " ".join(words[:1] + words[2:])
    if kind < 0.8:  # spacing and punctuation
        return name.replace("Al ", "Al-").replace(" ", "  ") if "Al " in name else name.replace(" ", "", 1)
    if kind < 0.87 and any(w.replace(" ", "_") in ARABIC or w in ARABIC for w in words):
        return " ".join(ARABIC.get(w, w) for w in name.replace("Al ", "Al_").split())
    if kind < 0.95:  # another legal suffix, or none
        stripped = [w for w in words if w.strip(".") not in {"LLC", "L.L.C", "WLL", "W.L.L", "Est", "Co", "Ltd", "Inc"}]
        return " ".join(stripped + [rng.choice(LEGAL)]).strip()
    return typo(rng, typo(rng, name))


def make_data(n_entries, n_names, seed=7):
    from corridor.registry import names as name_keys
    from corridor.registry import screening

    rng = random.Random(seed)
    entries = []
    for i in range(n_entries):
        name, country = person(rng) if i % 2 else company(rng)
        entries.append(screening.EntryFacts(i, name, name_keys.name_key(name), country if rng.random() < 0.7 else "", "", None))

    def subjects():
        srng = random.Random(seed + 1)
        for i in range(n_names):
            if i % 100 == 0:
                name = variant(srng, entries[srng.randrange(n_entries)].name)
            else:
                name = person(srng)[0] if srng.random() < 0.8 else company(srng)[0]
            yield screening.Subject(name=name)

    return entries, subjects


def peak_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def exhaustive_similarity_pairs(queries, entries, threshold, workers):
    """Every (name, entry) pair whose `names.similarity` reaches the threshold, computed for all pairs with cdist."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from corridor.registry import names as name_keys

    e_forms = [name_keys.forms(e.key) for e in entries]
    e_latin = np.array([e.key.latin_script for e in entries])
    e_short = np.array([len(f[3]) < 4 for f in e_forms])
    pairs = set()
    for start in range(0, len(queries), 250):
        part = queries[start:start + 250]
        q_forms = [name_keys.forms(k) for k in part]
        best = None
        for f, weighted in ((0, False), (1, False), (2, True), (3, True)):
            m = process.cdist([q[f] for q in q_forms], [e[f] for e in e_forms], scorer=fuzz.ratio, workers=workers,
                              dtype=np.float32)
            if weighted:
                if f == 2:  # similarity gives no skeleton score when either skeleton is empty
                    m[np.array([not q[2] for q in q_forms])] = 0
                    m[:, np.array([not e[2] for e in e_forms])] = 0
                both_latin = np.array([k.latin_script for k in part])[:, None] & e_latin[None, :]
                short = np.array([len(q[3]) < 4 for q in q_forms])[:, None] | e_short[None, :]
                m *= np.where(both_latin, 0.85, 0.92) - 0.1 * short
            best = m if best is None else np.maximum(best, m)
        rows, cols = np.nonzero(np.round(best, 1) >= threshold)
        pairs.update((start + r, c) for r, c in zip(rows.tolist(), cols.tolist(), strict=True))
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=100_000, help="names screened (default 100,000; --full: 1,000,000)")
    parser.add_argument("--full", action="store_true", help="the size of issue 12: 1,000,000 names")
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--reference-names", type=int, default=2000)
    args = parser.parse_args()
    if args.full:
        args.names = 1_000_000

    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("CORRIDOR_DATA_DIR", tempfile.mkdtemp(prefix="corridor-bench-"))
    django.setup()  # the screening module imports the models; no database is touched
    import numpy as np
    from rapidfuzz import fuzz, process

    from corridor.registry import names as name_keys
    from corridor.registry import screening

    threshold = screening.REVIEW_THRESHOLD
    entries, subjects = make_data(args.entries, args.names)
    sample = []
    for s in subjects():
        sample.append(s.name)
        if len(sample) == 8:
            break
    print(f"{args.names:,} names against {args.entries:,} watchlist entries, {args.processes} processes; "
          f"cpu count {os.cpu_count()}. Names such as: {'; '.join(sample)}; entries such as: "
          f"{'; '.join(e.name for e in entries[:6])}", flush=True)

    started = time.perf_counter()
    index = screening.MemoryIndex(entries)
    built = time.perf_counter() - started
    sizes = sorted(len(b.ids) for b in index.blocks.values())
    print(f"Index: {len(sizes):,} blocks built in {built:.1f} s; entries per block median {sizes[len(sizes) // 2]}, "
          f"largest {sizes[-1]}", flush=True)
    started = time.perf_counter()
    hits = reported = 0
    for _subject, found in screening.bulk_screen(subjects(), index, processes=args.processes):
        hits += bool(found)
        reported += len(found)
    ours = time.perf_counter() - started
    own, children = peak_mb()
    print(f"Corridor bulk screening (blocks + process.cdist, full scoring of survivors): {args.names:,} names in "
          f"{ours:.1f} s = {args.names / ours:,.0f} names/s; {hits:,} names with a possible match ({reported:,} pairs); "
          f"peak memory (max RSS) {own:,.0f} MB main process, {children:,.0f} MB largest worker", flush=True)

    n_ref = min(args.reference_names, args.names)
    sample_subjects = []
    for s in subjects():
        sample_subjects.append(s)
        if len(sample_subjects) == n_ref:
            break
    choices = [e.key.key for e in entries]
    keys = [name_keys.name_key(s.name) for s in sample_subjects]
    started = time.perf_counter()
    matrix = process.cdist([k.key for k in keys], choices, scorer=fuzz.token_sort_ratio, score_cutoff=threshold,
                           workers=args.processes, dtype=np.uint8)
    reference = time.perf_counter() - started
    rows, cols = np.nonzero(matrix)
    ref_pairs = set(zip(rows.tolist(), cols.tolist(), strict=True))
    del matrix
    ours_pairs = {(q, c.entry_id) for q, (_s, found) in
                  enumerate(screening.bulk_screen(sample_subjects, index, processes=1)) for c in found}
    full_pairs = exhaustive_similarity_pairs(keys, entries, threshold, args.processes)
    print(f"Reference: rapidfuzz process.cdist (token_sort_ratio, every name x every entry, workers={args.processes}) on "
          f"{n_ref:,} names: {reference:.2f} s = {n_ref / reference:,.0f} names/s; EXTRAPOLATED to {args.names:,} names: "
          f"{reference * args.names / n_ref:,.0f} s")
    recall = len(ref_pairs & ours_pairs) / len(ref_pairs) if ref_pairs else 1.0
    full_recall = len(full_pairs & ours_pairs) / len(full_pairs) if full_pairs else 1.0
    print(f"Recall on those {n_ref:,} names: {recall:.2%} of the cdist reference's {len(ref_pairs):,} (name, entry) pairs "
          f">= {threshold:.0f} are reported by Corridor; {full_recall:.2%} of the {len(full_pairs):,} pairs whose "
          f"Corridor name similarity, computed exhaustively, is >= {threshold:.0f}. Corridor reports {len(ours_pairs):,} pairs.")
    print(f"Corridor is {reference * args.names / n_ref / ours:.1f}x faster than the extrapolated exhaustive reference "
          f"(ratio of rates {args.names / ours:,.0f} / {n_ref / reference:,.0f} names/s).")


if __name__ == "__main__":
    main()

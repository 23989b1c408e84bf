"""Load countries, currencies and languages from pycountry and ISCO-08 from the shipped CSV."""

import csv
from pathlib import Path

from django.db import migrations

RIGHT_TO_LEFT = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr", "arc"}
ISCO_CSV = Path(__file__).resolve().parent.parent / "data" / "isco08.csv"


def load(apps, schema_editor):
    import pycountry

    Country = apps.get_model("core", "Country")
    Currency = apps.get_model("core", "Currency")
    Language = apps.get_model("core", "Language")
    Occupation = apps.get_model("core", "Occupation")

    Country.objects.bulk_create(
        [Country(code=c.alpha_2, alpha3=c.alpha_3, numeric=c.numeric, name=getattr(c, "common_name", None) or c.name)
         for c in pycountry.countries],
        ignore_conflicts=True,
    )
    Currency.objects.bulk_create(
        [Currency(code=c.alpha_3, numeric=getattr(c, "numeric", ""), name=c.name) for c in pycountry.currencies],
        ignore_conflicts=True,
    )
    languages = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        # Individual living languages and every language with a two-letter code; not extinct or historical ones.
        if not getattr(language, "alpha_2", None) and (getattr(language, "type", "L") != "L" or getattr(language, "scope", "I") not in {"I", "M"}):
            continue
        languages.append(Language(code=code, alpha3=language.alpha_3, name=language.name, right_to_left=code in RIGHT_TO_LEFT))
    Language.objects.bulk_create(languages, ignore_conflicts=True)

    with ISCO_CSV.open(encoding="utf-8") as handle:
        rows = [Occupation(code=row["code"], level=int(row["level"]), title=row["title"]) for row in csv.DictReader(handle)]
    Occupation.objects.bulk_create(rows, ignore_conflicts=True)


def unload(apps, schema_editor):
    for model in ("Occupation", "Language", "Currency", "Country"):
        apps.get_model("core", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

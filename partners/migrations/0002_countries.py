"""Ship every ISO 3166-1 country with its Japanese name, and the groupings staff filter by."""

import csv
from pathlib import Path

from django.db import migrations

GROUPS = {
    "asean": ("ASEAN", "ASEAN（東南アジア諸国連合）", "BN KH ID LA MY MM PH SG TH VN TL"),
    "eu": (
        "European Union",
        "EU（欧州連合）",
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    ),
    "g7": ("G7", "G7", "CA FR DE IT JP GB US"),
    "g20": ("G20", "G20", "AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US"),
    "gcc": ("Gulf Cooperation Council", "GCC（湾岸協力理事会）", "BH KW OM QA SA AE"),
    "pif": (
        "Pacific Islands Forum",
        "太平洋諸島フォーラム",
        "AU CK FJ PF KI MH FM NR NC NZ NU PW PG WS SB TO TV VU",
    ),
    "mercosur": ("Mercosur", "メルコスール", "AR BR PY UY BO"),
    "au": (
        "African Union",
        "アフリカ連合",
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU "
        "MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW",
    ),
}


def load_countries(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    CountryGroup = apps.get_model("partners", "CountryGroup")
    path = Path(__file__).resolve().parent.parent / "data" / "countries.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    Country.objects.bulk_create(
        [Country(code=row["code"], name_en=row["name_en"], name_ja=row["name_ja"]) for row in rows],
        ignore_conflicts=True,
    )
    by_code = {country.code: country for country in Country.objects.all()}
    for code, (name_en, name_ja, members) in GROUPS.items():
        group, _created = CountryGroup.objects.get_or_create(code=code, defaults={"name_en": name_en, "name_ja": name_ja})
        group.countries.add(*[by_code[member] for member in members.split()])


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]

"""The visit checklist as data (data/checklists.toml): topics and questions per sector, versioned."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

DATA = Path(__file__).resolve().parent / "data" / "checklists.toml"


@dataclass(frozen=True)
class Item:
    key: str
    topic: str
    question: str  # an English msgid
    severity: str
    sectors: tuple[str, ...]

    @property
    def label(self) -> str:
        return _(self.question)

    def applies_to(self, sector: str) -> bool:
        return "*" in self.sectors or sector in self.sectors


@dataclass(frozen=True)
class Checklist:
    version: str
    topics: dict[str, str]  # key -> English title msgid
    items: tuple[Item, ...]

    def for_sector(self, sector: str) -> list[Item]:
        return [item for item in self.items if item.applies_to(sector)]

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    def topic_title(self, key: str) -> str:
        return _(self.topics.get(key, key))


@cache
def current() -> Checklist:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    return Checklist(
        version=str(data["version"]),
        topics={t["key"]: t["title"] for t in data["topics"]},
        items=tuple(Item(key=i["key"], topic=i["topic"], question=i["question"], severity=i["severity"],
                         sectors=tuple(i["sectors"])) for i in data["items"]),
    )


# The checklist's texts, for makemessages (the catalogues carry them; the TOML is the source).
_MSGIDS = [
    gettext_noop("Working time and rest"), gettext_noop("Wages and payslips"), gettext_noop("Identity documents"),
    gettext_noop("Housing"), gettext_noop("Food"), gettext_noop("Occupational safety"), gettext_noop("Contract"),
    gettext_noop("Are working hours recorded, and within the daily and weekly limits?"),
    gettext_noop("Do workers get a weekly day of rest and daily rest breaks?"),
    gettext_noop("Were the last three months' wages paid in full and on time?"),
    gettext_noop("Does every worker receive a payslip showing hours, deductions and pay?"),
    gettext_noop("Are wages paid directly to the worker (bank transfer or wage protection system), not through a third party?"),
    gettext_noop("Do workers keep their own passports and residence permits (none held by the employer)?"),
    gettext_noop("Is the sleeping space adequate (floor area per person, a bed each, ventilation, privacy)?"),
    gettext_noop("Are there enough clean toilets, showers and drinking water?"),
    gettext_noop("Is the housing safe (fire exits and extinguishers, electrical safety, doors not locked from outside)?"),
    gettext_noop("Is food (or a food allowance) adequate, regular and free of charge where the contract says so?"),
    gettext_noop("Are protective equipment, training and safe machinery provided, and heat-stress rules kept?"),
    gettext_noop("Are accidents recorded and reported, and is first aid available?"),
    gettext_noop("Does the contract the employer presents match the contract registered by the origin country?"),
]

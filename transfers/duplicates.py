"""Finding people and organizations that are probably the same, across scripts and spellings.

Two people match when they share an e-mail address or a name key. Name keys are built from each stored
form of the name (native script, romanized, katakana reading) with core.text.normalize_for_search
(width, case, diacritics, kana), in both orders (family/given swapped) and without spaces. The katakana
reading is also romanized (Hepburn) so that "サトウ ユウキ" meets "Satō Yūki", and romanized keys fold long
vowels (ou, oo, uu, oh, ū) so that "Satou", "Sato", "Satoh" and "Satō" meet.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from contacts.models import Person
from core.text import normalize_for_search
from partners.models import Organization

_KANA = {
    **dict(zip("あいうえお", ["a", "i", "u", "e", "o"], strict=True)),
    **dict(zip("かきくけこ", ["ka", "ki", "ku", "ke", "ko"], strict=True)),
    **dict(zip("がぎぐげご", ["ga", "gi", "gu", "ge", "go"], strict=True)),
    **dict(zip("さしすせそ", ["sa", "shi", "su", "se", "so"], strict=True)),
    **dict(zip("ざじずぜぞ", ["za", "ji", "zu", "ze", "zo"], strict=True)),
    **dict(zip("たちつてと", ["ta", "chi", "tsu", "te", "to"], strict=True)),
    **dict(zip("だぢづでど", ["da", "ji", "zu", "de", "do"], strict=True)),
    **dict(zip("なにぬねの", ["na", "ni", "nu", "ne", "no"], strict=True)),
    **dict(zip("はひふへほ", ["ha", "hi", "fu", "he", "ho"], strict=True)),
    **dict(zip("ばびぶべぼ", ["ba", "bi", "bu", "be", "bo"], strict=True)),
    **dict(zip("ぱぴぷぺぽ", ["pa", "pi", "pu", "pe", "po"], strict=True)),
    **dict(zip("まみむめも", ["ma", "mi", "mu", "me", "mo"], strict=True)),
    **dict(zip("やゆよ", ["ya", "yu", "yo"], strict=True)),
    **dict(zip("らりるれろ", ["ra", "ri", "ru", "re", "ro"], strict=True)),
    **dict(zip("わゐゑを", ["wa", "i", "e", "o"], strict=True)),
    "ん": "n",
    "ゔ": "vu",
    "ぁ": "a",
    "ぃ": "i",
    "ぅ": "u",
    "ぇ": "e",
    "ぉ": "o",
}
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_LONG_VOWELS = [(re.compile(pattern), replacement) for pattern, replacement in
                [(r"ou|oo|oh(?![aeiou])", "o"), (r"uu", "u"), (r"ii", "i"), (r"aa", "a"), (r"ee", "e")]]  # fmt: skip


def romanize_kana(text: str) -> str:
    """Hepburn romanization of hiragana (katakana is folded to hiragana by normalize_for_search first)."""
    out: list[str] = []
    index = 0
    geminate = False
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if char == "っ":
            geminate = True
            index += 1
            continue
        if char == "ー":
            index += 1
            continue
        syllable = _KANA.get(char)
        if syllable is None:
            out.append(char)
            index += 1
            continue
        if following in _SMALL_Y and syllable.endswith("i") and len(syllable) > 1:
            stem = syllable[:-1]
            syllable = (stem if stem in ("sh", "ch", "j") else stem + "y") + _SMALL_Y[following]
            index += 1
        if geminate:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            geminate = False
        out.append(syllable)
        index += 1
    return "".join(out)


def _fold_long_vowels(text: str) -> str:
    for pattern, replacement in _LONG_VOWELS:
        text = pattern.sub(replacement, text)
    return text


def _keys(family: str, given: str, *, romanize: bool = False) -> set[str]:
    tokens = [token for part in (family, given) for token in normalize_for_search(part or "").split(" ") if token]
    # A lone short word ("Kim") would join everyone sharing a family name; a full name in one field counts.
    if not tokens or (len(tokens) == 1 and len(tokens[0]) < 4):
        return set()
    if romanize:
        tokens = [romanize_kana(token) for token in tokens]
    keys = {"".join(tokens), "".join(reversed(tokens))}
    if all(token.isascii() for token in tokens):
        keys |= {_fold_long_vowels(key) for key in keys}
    return keys


def person_name_keys(person) -> set[str]:
    """Every key the name of `person` can be matched by (see the module docstring)."""
    keys = _keys(person.family_name, person.given_name)
    keys |= _keys(person.family_name_latin, person.given_name_latin)
    keys |= _keys(person.family_name_kana, person.given_name_kana)
    keys |= _keys(person.family_name_kana, person.given_name_kana, romanize=True)
    return keys


@dataclass
class DuplicateGroup:
    records: list
    reasons: list[str] = field(default_factory=list)


def _group(records, keys_of) -> list[DuplicateGroup]:
    """Union-find over records sharing any key; groups listed in the order of their first record."""
    parent = {record.pk: record.pk for record in records}
    by_pk = {record.pk: record for record in records}
    reasons = defaultdict(set)

    def find(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    owner: dict = {}
    for record in records:
        for reason, key in keys_of(record):
            if key in owner:
                root_a, root_b = find(owner[key]), find(record.pk)
                if root_a != root_b:
                    parent[root_b] = root_a
                reasons[(reason, key)].add(record.pk)
            else:
                owner[key] = record.pk
                reasons[(reason, key)].add(record.pk)
    members = defaultdict(list)
    for record in records:
        members[find(record.pk)].append(by_pk[record.pk])
    groups = []
    for root, group in members.items():
        if len(group) < 2:
            continue
        labels = sorted(
            {str(reason) for (reason, _key), pks in reasons.items() if len(pks) > 1 and find(next(iter(pks))) == root}
        )
        groups.append(DuplicateGroup(records=group, reasons=labels))
    return groups


SAME_EMAIL = _("same e-mail address")
SAME_NAME = _("same name")


def _person_keys(person):
    for email in person.emails.all():
        yield SAME_EMAIL, ("email", email.address.casefold())
    for key in person_name_keys(person):
        yield SAME_NAME, ("name", key)


def find_duplicate_people(queryset=None) -> list[DuplicateGroup]:
    """Groups of two or more people that are probably the same person (two queries)."""
    queryset = Person.objects.all() if queryset is None else queryset
    people = list(queryset.prefetch_related("emails").order_by("id"))
    return _group(people, _person_keys)


def similar_people(person) -> list:
    """People other than `person` that look like the same person (for the warning on create)."""
    emails = {email.address.casefold() for email in person.emails.all()}
    keys = person_name_keys(person)
    if not emails and not keys:
        return []
    names = (
        "family_name",
        "given_name",
        "family_name_latin",
        "given_name_latin",
        "family_name_kana",
        "given_name_kana",
    )
    candidates = Person.objects.exclude(pk=person.pk).only("id", *names).prefetch_related("emails")
    found = []
    for other in candidates:
        if emails & {email.address.casefold() for email in other.emails.all()} or keys & person_name_keys(other):
            found.append(other)
    return found


def _organization_keys(organization):
    for name in (organization.name, organization.name_native, organization.name_ja):
        key = normalize_for_search(name).replace(" ", "")
        if len(key) >= 2:
            yield SAME_NAME, ("name", key)


def find_duplicate_organizations(queryset=None) -> list[DuplicateGroup]:
    queryset = Organization.objects.all() if queryset is None else queryset
    return _group(list(queryset.order_by("id")), _organization_keys)


def similar_organizations(organization) -> list:
    keys = {key for _reason, key in _organization_keys(organization)}
    return [
        other
        for other in Organization.objects.exclude(pk=organization.pk)
        if keys & {key for _reason, key in _organization_keys(other)}
    ]

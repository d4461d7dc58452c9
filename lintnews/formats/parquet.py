"""Parquet: read the text and id columns in batches; rewrite with fixed texts.

A fix rewrites the whole file (parquet cannot be edited in place) one row
group at a time, with the input's schema (its metadata included), row-group
boundaries and compression codec, changing only the text column's values
in the rows a fix changed. Only top-level columns are supported as the text
and id fields (a column literally named `a.b` is found as such).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from lintnews.formats import MissingExtra


class SchemaError(Exception):
    """The file lacks the text column, or it does not hold strings."""


def pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra("a parquet file", "pyarrow", "parquet") from None
    return pq


def open_file(path: str) -> Any:
    return pyarrow_parquet().ParquetFile(path)


def columns(pf: Any, text_field: str, id_field: str) -> tuple[str, str | None]:
    """The text column and (if present) the id column; SchemaError if the
    text column is missing or not a string column."""
    import pyarrow as pa

    schema = pf.schema_arrow
    if schema.get_field_index(text_field) < 0:
        hint = " (nested fields are not supported in parquet; name a top-level column)" if "." in text_field else ""
        names = ", ".join(schema.names[:20])
        raise SchemaError(f"has no column `{text_field}`{hint}; its columns: {names} (see --text-field)")
    kind = schema.field(text_field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise SchemaError(f"has a `{text_field}` column of type {kind}, not a string column")
    return text_field, id_field if schema.get_field_index(id_field) >= 0 else None


def _ids(values: list[Any]) -> list[str | None]:
    return [None if v is None else v if isinstance(v, str) else str(v) for v in values]


def read_batches(pf: Any, text: str, ident: str | None, size: int) -> Iterator[tuple[list[str | None], list[str | None]]]:
    """(texts, ids) for consecutive slices of `size` rows."""
    wanted = [text] if ident is None else [text, ident]
    for batch in pf.iter_batches(batch_size=size, columns=wanted, use_threads=False):
        texts: list[str | None] = batch.column(0).to_pylist()
        ids: list[str | None] = _ids(batch.column(1).to_pylist()) if ident is not None else [None] * len(texts)
        yield texts, ids


def read_row_groups(pf: Any, text: str, ident: str | None) -> Iterator[tuple[Any, list[str | None], list[str | None]]]:
    """(the whole row group as a table, its texts, its ids), one row group at a time."""
    for index in range(pf.num_row_groups):
        table = pf.read_row_group(index, use_threads=False)
        texts: list[str | None] = table.column(text).to_pylist()
        ids: list[str | None] = _ids(table.column(ident).to_pylist()) if ident is not None else [None] * len(texts)
        yield table, texts, ids


def codec(pf: Any) -> str:
    meta = pf.metadata
    if meta.num_row_groups == 0 or meta.num_columns == 0:
        return "snappy"
    name = str(meta.row_group(0).column(0).compression).lower()
    return "none" if name == "uncompressed" else name


def open_writer(raw: IO[bytes], pf: Any) -> Any:
    return pyarrow_parquet().ParquetWriter(raw, pf.schema_arrow, compression=codec(pf))


def replaced(table: Any, text: str, new_texts: dict[int, str]) -> Any:
    """`table` with the text column's values at the given rows replaced."""
    import pyarrow as pa

    index = table.schema.get_field_index(text)
    values = table.column(text).to_pylist()
    for row, value in new_texts.items():
        values[row] = value
    column = pa.array(values, type=table.schema.field(text).type)
    return table.set_column(index, table.schema.field(text), column)

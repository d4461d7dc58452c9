"""python: a rule whose check is a Python callable named in the YAML.

For defects a pattern cannot express. The YAML still carries the header,
message, documentation and examples, so the rule is documented and tested
like every other. The callable is imported when the rule is built:

    function: "mypackage.checks:find_orphan_quotes"
    arguments: {min_length: 3}

It is called as `function(text, **arguments)` and yields `(start, end)` to
flag a span, or `(start, end, replacement)` to flag it with a fix. The
rule's message may use {match} and {replacement}.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.errors import RuleFileError
from lintnews.kinds.base import (
    Kind,
    Option,
    replacement_diagnostic,
)
from lintnews.rulefile import RuleSpec


def import_callable(spec: RuleSpec, target: str) -> Callable[..., Any]:
    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise RuleFileError(spec.source, f"`function` must look like 'package.module:name', not {target!r}", spec.line_of("function"))
    try:
        module = importlib.import_module(module_name)
        func = module
        for part in attr.split("."):
            func = getattr(func, part)
    except Exception as exc:  # any import-time error belongs to the rule file
        raise RuleFileError(spec.source, f"cannot import {target!r} for rule {spec.id!r}: {type(exc).__name__}: {exc}", spec.line_of("function")) from None
    if not callable(func):
        raise RuleFileError(spec.source, f"{target!r} is not callable", spec.line_of("function"))
    return func


class PythonRule:
    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.func = import_callable(spec, options["function"])
        self.arguments: dict[str, Any] = dict(options["arguments"] or {})

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        spec = self.spec
        text = doc.text
        for item in self.func(text, **self.arguments):
            if isinstance(item, Diagnostic):
                yield item
                continue
            start, end = int(item[0]), int(item[1])
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"{spec.id}: span {start}..{end} is outside the text")
            replacement = item[2] if len(item) > 2 else None
            yield replacement_diagnostic(spec, start, end, text[start:end], replacement)


class PythonKind(Kind):
    name = "python"
    description = "Runs a Python callable named in the YAML as the rule's check."
    fix_actions = ("replace",)
    options = {
        "function": Option("string", "'package.module:callable', called as callable(text, **arguments)", required=True),
        "arguments": Option("mapping", "keyword arguments passed to the callable", default={}),
    }

    def build(self, spec: RuleSpec) -> PythonRule:
        return PythonRule(spec, self.validate(spec))

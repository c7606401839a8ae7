"""Finding dates in news sentences and resolving them against the publication date."""

import datetime as dt

import pytest
from spacy.language import Language

from app.extract.dates.resolve import extract_dates

THU = dt.date(2023, 6, 15)  # a Thursday, ISO week 2023-W24


def found(nlp: Language, sentence: str, anchor: dt.date) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in extract_dates(nlp(sentence), anchor)]


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        # plans look ahead: the coming weekday
        ("The ministers will meet on Monday in Geneva.", THU, [("Monday", "2023-06-19")]),
        ("Negotiations were scheduled for Saturday.", THU, [("Saturday", "2023-06-17")]),
        ("The two delegations are set to resume talks Tuesday.", THU, [("Tuesday", "2023-06-20")]),
        ("The festival opens Saturday in the old town.", THU, [("Saturday", "2023-06-17")]),
        ("The vote is expected next Wednesday.", THU, [("next Wednesday", "2023-06-21")]),
        ("Border crossings will stay closed until Sunday.", THU, [("Sunday", "2023-06-18")]),
        # reports look back: the last such weekday, the anchor itself included
        ("The mayor said Monday that the bridge would reopen.", THU, [("Monday", "2023-06-12")]),
        ("Police said Thursday that three men were arrested.", THU, [("Thursday", "2023-06-15")]),
        ("A car bomb exploded late Tuesday near the market.", THU, [("late Tuesday", "2023-06-13")]),
        ("Flooding hit the coast on Sunday, officials said.", THU, [("Sunday", "2023-06-11")]),
        ("Rioters set fire to the town hall on Tuesday.", THU, [("Tuesday", "2023-06-13")]),
        ("Parliament approved the budget last Friday.", THU, [("last Friday", "2023-06-09")]),
        ("Shares of the airline rose Friday morning.", THU, [("Friday morning", "2023-06-09")]),
        ("The court filing was made at 12:00 UTC Monday.", THU, [("12:00 UTC Monday", "2023-06-12")]),
        # the parser may hang "on Wednesday" on the reported clause; it still dates the saying
        ("The premier said on Wednesday he would travel to Rome on Friday.", THU,
         [("Wednesday", "2023-06-14"), ("Friday", "2023-06-16")]),
        ("The governor spoke in recounting a call he had with the president on Tuesday.", THU,
         [("Tuesday", "2023-06-13")]),
    ],
)  # fmt: skip
def test_weekdays(nlp: Language, sentence: str, anchor: dt.date, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, sentence, anchor) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("The treaty was signed on March 01, 2008 in Lisbon.", THU, [("March 01, 2008", "2008-03-01")]),
        ("Elections were held on 1 March 2008.", THU, [("1 March 2008", "2008-03-01")]),
        ("The report is dated 2008-03-01.", THU, [("2008-03-01", "2008-03-01")]),
        ("The ceremony was held on 7/8/07 in Seattle.", THU, [("7/8/07", "2007-07-08")]),
        # a weekday before a date is part of it, not a second date
        ("He was born on Friday, February 24, 1955, in a small town.", THU,
         [("Friday, February 24, 1955", "1955-02-24")]),
        ("The ceasefire took effect on Tuesday, June 13.", THU, [("Tuesday, June 13", "2023-06-13")]),
        # no year: the anchor's, or across New Year the nearer one
        ("The new law takes effect July 1.", THU, [("July 1", "2023-07-01")]),
        ("The results were released on April 2nd.", THU, [("April 2nd", "2023-04-02")]),
        ("The fire broke out on December 28.", dt.date(2024, 1, 4), [("December 28", "2023-12-28")]),
        ("Voting closes on Jan. 5.", dt.date(2023, 12, 20), [("Jan. 5", "2024-01-05")]),
        ("The jet made its maiden flight on 11 December.", dt.date(2010, 1, 25), [("11 December", "2009-12-11")]),
    ],
)  # fmt: skip
def test_explicit_dates(
    nlp: Language, sentence: str, anchor: dt.date, expected: list[tuple[str, str]]
) -> None:
    assert found(nlp, sentence, anchor) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("The plant closed in March 2008.", THU, [("March 2008", "2008-03")]),
        ("Sales of new cars fell in January.", THU, [("January", "2023-01")]),
        ("The factory shut down in September.", THU, [("September", "2022-09")]),
        ("The mine will reopen in October.", THU, [("October", "2023-10")]),
        ("The index has not been this high since November.", dt.date(2009, 3, 13), [("November", "2008-11")]),
        ("Talks collapsed in early May.", THU, [("early May", "2023-05")]),
        ("Output shrank between April and June.", THU, [("April", "2023-04"), ("June", "2023-06")]),
        ("Dealers will be told after October of next year.", THU,
         [("October", "2024-10"), ("next year", "2024")]),
        ("Shares have not been this low since last September.", THU, [("last September", "2022-09")]),
        # without a cue a month name is a verb or a name
        ("May the best team win.", THU, []),
        ("June Carter sang at the fair.", THU, []),
    ],
)  # fmt: skip
def test_months(nlp: Language, sentence: str, anchor: dt.date, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, sentence, anchor) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("Rebels seized the town last week.", THU, [("last week", "2023-W23")]),
        ("The envoy visits the capital this week.", THU, [("this week", "2023-W24")]),
        ("The summit takes place next week.", THU, [("next week", "2023-W25")]),
        ("Inflation rose last month.", THU, [("last month", "2023-05")]),
        ("Earlier this month, the central bank raised rates.", THU, [("Earlier this month", "2023-06")]),
        ("Profits fell last year and will rise next year.", THU, [("last year", "2022"), ("next year", "2024")]),
        ("The report is due by the end of this year.", THU, [("the end of this year", "2023")]),
        ("Prices have doubled since the beginning of the year.", THU, [("the beginning of the year", "2023")]),
        ("The ministry said today that exports fell.", THU, [("today", "2023-06-15")]),
        ("The strike began yesterday and ends tomorrow.", THU,
         [("yesterday", "2023-06-14"), ("tomorrow", "2023-06-16")]),
        ("The earthquake struck a week ago.", THU, [("a week ago", "2023-06-08")]),
        ("Five civilians died in last night's attack.", THU, [("last night", "2023-06-14")]),
        ("Two days ago, the dam burst.", THU, [("Two days ago", "2023-06-13")]),
        ("Stocks rose 2% but fell from their highs later in the day.", THU, [("the day", "2023-06-15")]),
        ("Sales fell 5% compared with the previous year.", THU, [("the previous year", "2022")]),
    ],
)  # fmt: skip
def test_relative(nlp: Language, sentence: str, anchor: dt.date, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, sentence, anchor) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Separatists have fought the army since 2014.", [("2014", "2014")]),
        ("The stadium was built in 1998.", [("1998", "1998")]),
        ("The airline will take six jets from 2009 to 2011.", [("2009", "2009"), ("2011", "2011")]),
        ("Deliveries will follow between 2014 and 2016.", [("2014", "2014"), ("2016", "2016")]),
        ("He took leave in early 2009.", [("early 2009", "2009")]),
        ("The talks broke a deal struck under the 1991 agreement.", [("1991", "1991")]),
        ("The index fell to its lowest level since '82.", [("'82", "1982")]),
        # a year as what a sentence tells of: "2018 saw ..."
        ("Roads are dangerous; 2018 saw 750 deaths in accidents.", [("2018", "2018")]),
        # a quarter is not its year
        ("The bank lost money in the first quarter of 2009.", []),
    ],
)  # fmt: skip
def test_years(nlp: Language, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, sentence, THU) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has now lasted six weeks.",
        "The storm raged for two days and thousands fled over the past few weeks.",
        "Shelling went on overnight and for hours in the past day.",
        "The unit was formed one month ago.",
        "The contract runs for a year.",
        "Engineers doubt the aircraft's fifty-year service life.",
        "Bars may not serve 21-year-olds.",
        "A 3 year-old boy was pulled from the rubble.",
        "Russia will draft 134,500 new conscripts.",
        "Police counted 2019 protesters outside the court.",
        "The index rose by 2015 points.",
        "The Russell 2000 index of small companies fell.",
        "USA Today reported the figures.",
        "The company was founded in the 1990s.",
        "Critics heaped pressure on May over the deal.",
        "Markets marked the anniversary of Black Monday.",
    ],
)
def test_not_dates(nlp: Language, sentence: str) -> None:
    assert found(nlp, sentence, THU) == []


def test_offsets_are_doc_offsets_for_a_span(nlp: Language) -> None:
    doc = nlp("Officials met on Monday.\n\nThe talks will resume on Friday, the minister said.")
    second = next(s for i, s in enumerate(doc.sents) if i == 1)
    mentions = extract_dates(second, THU)
    assert [(m.text, m.value, m.granularity) for m in mentions] == [("Friday", "2023-06-16", "day")]
    assert doc.text[mentions[0].start : mentions[0].end] == "Friday"


def test_granularities(nlp: Language) -> None:
    doc = nlp("Since 2014, output fell in March 2020, last week and on March 3.")
    assert [m.granularity for m in extract_dates(doc, THU)] == ["year", "month", "week", "day"]
    assert extract_dates(doc, THU)[-1].day == dt.date(2023, 3, 3)

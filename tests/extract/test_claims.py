"""Claims: attributed statements, their content and the words naming their source."""

import pytest
from spacy.language import Language

from app.extract.people.claims import extract_claims


def claims_of(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(c.source_text, c.text) for c in extract_claims(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the that-clause under a reporting verb, "that" left out
        (
            "The ministry said in a statement that 12 soldiers had been wounded.",
            [("The ministry", "12 soldiers had been wounded")],
        ),
        (
            "The president said on Twitter that the country would respond.",
            [("The president", "the country would respond")],
        ),
        ("Zelensky told the BBC he was ready to meet Putin.", [("Zelensky", "he was ready to meet Putin")]),
        (
            "The UN estimated that 4 million people had fled Ukraine.",
            [("The UN", "4 million people had fled Ukraine")],
        ),
        (
            "Local media reported that three people were killed.",
            [("Local media", "three people were killed")],
        ),
        ("She said that she had no comment.", [("She", "she had no comment")]),
        # a participle between subject and verb stays out of the source
        (
            "Officials, speaking on condition of anonymity, said the talks had stalled.",
            [("Officials", "the talks had stalled")],
        ),
        (
            "A senior U.S. defense official, who spoke on condition of anonymity, said Russian troops were repositioning.",
            [("A senior U.S. defense official", "Russian troops were repositioning")],
        ),
        # possessives, of-phrases and plain plurals are the source as written
        (
            "Ukraine’s emergency services said the death toll had risen to 20.",
            [("Ukraine’s emergency services", "the death toll had risen to 20")],
        ),
        (
            "A spokesman for the Foreign Office said the embassy remained open.",
            [("A spokesman for the Foreign Office", "the embassy remained open")],
        ),
        # a titled name: the name is the source
        (
            "Regional governor Oleksandr Palviuk said the town was shelled.",
            [("Oleksandr Palviuk", "the town was shelled")],
        ),
        ("Mr Johnson said the UK would send more weapons.", [("Johnson", "the UK would send more weapons")]),
        # a description then a name in apposition: the name
        (
            "The area’s governor, Viacheslav Chaus, said Russian troops were on the move.",
            [("Viacheslav Chaus", "Russian troops were on the move")],
        ),
        # the clause the parser hangs on "a statement"
        (
            "Zelenskiy's office said in a statement that the enemy had struck a residential area.",
            [("Zelenskiy's office", "the enemy had struck a residential area")],
        ),
        # an inverted attribution whose subject the parser took for an appositive
        (
            "Russian forces have captured the southern city of Kherson, the city's mayor said on Thursday.",
            [("the city's mayor", "Russian forces have captured the southern city of Kherson")],
        ),
        # a name then its description, the parser losing the subject behind the commas
        (
            'In a speech in Australia, Jeremy Fleming, head of the GCHQ spy agency, said Putin had "massively misjudged" the invasion.',
            [("Jeremy Fleming", 'Putin had "massively misjudged" the invasion')],
        ),
    ],
)
def test_reported_clauses(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # direct-quote sentences are claims with the quote's content
        (
            "“We will not back down,” the minister told reporters.",
            [("the minister", "We will not back down")],
        ),
        ("“We need more help,” said a source familiar with the matter.", [("a source", "We need more help")]),
        # objects of verbs that report a thing, with the verb: a noun phrase states nothing alone
        (
            "Russia’s military also reported new strikes on fuel stores late Wednesday.",
            [("Russia’s military", "also reported new strikes on fuel stores")],
        ),
        ("The army denied the allegations.", [("The army", "denied the allegations")]),
        (
            "Russian officials have repeatedly denied targeting civilians.",
            [("Russian officials", "have repeatedly denied targeting civilians")],
        ),
        (
            "Ukraine accused Russia of shelling civilians in Mariupol.",
            [("Ukraine", "accused Russia of shelling civilians in Mariupol")],
        ),
        # a statement noun after a light verb; conjoined sources give the first name found
        (
            "The company has given assurances that no jobs will be lost.",
            [("The company", "no jobs will be lost")],
        ),
        # participles share the subject of their verb
        (
            "Police said two men were arrested, adding that more arrests were expected.",
            [("Police", "two men were arrested"), ("Police", "more arrests were expected")],
        ),
        (
            "The company issued a statement saying it had cooperated fully.",
            [("The company", "it had cooperated fully")],
        ),
        # a relative clause on the speaker
        (
            "The police chief, who said the gunman acted alone, refused to give details.",
            [("The police chief", "the gunman acted alone")],
        ),
    ],
)
def test_other_reporting_constructions(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to": the rest of the clause, the source named after it
        ("According to police, the suspect fled on foot.", [("police", "the suspect fled on foot")]),
        # a document speaks for its maker
        (
            "Twenty people died in the blast, according to a statement from the ministry.",
            [("the ministry", "Twenty people died in the blast")],
        ),
        # a name in apposition after a description
        (
            "Talks were set to resume Friday, according to the head of the delegation, David Arakhamia, six weeks into the war.",
            [("David Arakhamia", "Talks were set to resume Friday")],
        ),
        # parenthetical and inverted attributions
        ("The attack, he said, was carefully planned.", [("he", "The attack was carefully planned")]),
        (
            "At the same time, he said, pressure is being kept up on Kyiv.",
            [("he", "At the same time, pressure is being kept up on Kyiv")],
        ),
        (
            "Russian forces bombarded areas around Kyiv overnight, Ukrainian authorities said Wednesday.",
            [("Ukrainian authorities", "Russian forces bombarded areas around Kyiv overnight")],
        ),
    ],
)
def test_attribution_around_the_clause(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


def test_nested_attribution_keeps_both(nlp: Language) -> None:
    text = (
        "Russian President Vladimir Putin said that conditions weren’t yet “ripe” for a cease-fire, "
        "Italian Premier Mario Draghi said in recounting a telephone conversation."
    )
    found = dict(claims_of(nlp, text))
    assert found["Vladimir Putin"] == "conditions weren’t yet “ripe” for a cease-fire"
    assert found["Mario Draghi"].startswith("Russian President Vladimir Putin said that conditions")


def test_coordinated_clauses_make_one_claim(nlp: Language) -> None:
    text = "Regional governor Oleksandr Palviuk said that Russian forces shelled Irpin and that there were battles around Hostomel."
    [(source, content)] = claims_of(nlp, text)
    assert source == "Oleksandr Palviuk"
    assert "shelled Irpin" in content and "battles around Hostomel" in content


@pytest.mark.parametrize(
    "text",
    [
        "Karmanau reported from Lviv.",  # a byline: nothing reported
        "They are afraid to tell him the truth.",  # "tell" without a clause
        "The minister did not say when the talks would resume.",  # negated: nothing stated
        "It was reported that three people were killed.",  # no source named
        "Residents were told to stay indoors.",
        "The strike claimed 20 lives.",  # "claim" of lives is no statement
        "The so-called “special military operation” continued for a third week.",
        "Moscow pledged to scale back military operations.",
    ],
)
def test_not_claims(nlp: Language, text: str) -> None:
    assert extract_claims(nlp(text)) == []


def test_a_time_clause_is_not_attributed(nlp: Language) -> None:
    # "after officials reported X" says when; the main clause is not what officials said
    text = "Russian forces shelled Kyiv after officials reported heavy fighting nearby."
    assert claims_of(nlp, text) == [("officials", "reported heavy fighting nearby")]


def test_a_verb_inside_a_quote_is_no_second_claim(nlp: Language) -> None:
    assert claims_of(nlp, "“We said no to them,” he recalled.") == [("he", "We said no to them")]


def test_offsets_are_doc_offsets_for_a_span(nlp: Language) -> None:
    doc = nlp("Rain fell on Kyiv.\n\nThe mayor said the city would hold.")
    [claim] = extract_claims(doc[6:])
    assert doc.text[claim.start : claim.end] == claim.text == "the city would hold"
    assert doc.text[claim.source_start : claim.source_end] == "The mayor"
    assert claim.verb == "say"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news copy varies its reporting verbs (#22, real Wikinews copy)
        (
            "Deputy Governor Oleg Klimov indicated 68 people were missing.",
            [("Oleg Klimov", "68 people were missing")],
        ),
        (
            "Mayor John Tory on Tuesday suggested a broader probe may be required.",
            [("John Tory", "a broader probe may be required")],
        ),
        ("She informed police she had diplomatic immunity.", [("She", "she had diplomatic immunity")]),
        # the reported clause's subject, taken by the parser for the verb's object, stays in it
        (
            "Senate minority leader Chuck Schumer commented the president's tweets are as near as "
            "the public will ever have to a concession.",
            [
                (
                    "Chuck Schumer",
                    "the president's tweets are as near as the public will ever have to a concession",
                )
            ],
        ),
    ],
)
def test_more_reporting_verbs(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a thing and the speaker's quoted label for it, the closing mark kept with the label
        ('Schiff called it "a non-starter".', [("Schiff", 'it "a non-starter"')]),
        (
            "Christie denounced the legal team's claims as a “national embarrassment”.",
            [("Christie", "the legal team's claims as a “national embarrassment”")],
        ),
        (
            'Trump attacked the impeachment investigation as "Witch Hunt garbage."',
            [("Trump", 'the impeachment investigation as "Witch Hunt garbage')],
        ),
    ],
)
def test_quoted_characterisations(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Zapata described the crossing as tricky.",  # an unquoted label may be the writer's
        "McArthur admitted his guilt.",  # what the article already told: nothing new stated
        "The prime minister announced the shutdown.",
        "Beto O'Rourke announced the end of his campaign on Friday.",
        # sympathy and wishes state nothing a reader could check
        "Duda wrote: “May God protect their parents and loved ones.”",
        "“I want to express my sympathy and regrets to the families of the victims,” he tweeted.",
        'Modi tweeted: "Deeply saddened by the loss of lives."',
        # a time clause: what the main clause tells is not what the congressman announced
        "When the congressman announced his resignation in 1995, Cummings joined the race.",
    ],
)
def test_not_claims_of_real_news(nlp: Language, text: str) -> None:
    assert extract_claims(nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump claimed widespread voter fraud.", [("Trump", "claimed widespread voter fraud")]),
        (
            "The Taliban have claimed responsibility for the attack.",
            [("The Taliban", "have claimed responsibility for the attack")],
        ),
        (
            "The group claimed responsibility for all three attacks.",
            [("The group", "claimed responsibility for all three attacks")],
        ),
        (
            "Dr Ali bin Tamim attributed the bombing to Houthi rebels.",
            [("Ali bin Tamim", "attributed the bombing to Houthi rebels")],
        ),
        ("The mayor blamed the storm for the outage.", [("The mayor", "blamed the storm for the outage")]),
        ("The strike claimed 20 lives.", []),  # a thing claims no statement
        ("In Puerto Rico the storm claimed about 3000 lives.", []),
        # a clause is claimed by someone, whatever the tagger makes of the name
        (
            "This revised the toll. Mijares further claimed 90 civilians were wounded.",
            [("Mijares", "90 civilians were wounded")],
        ),
        (
            "The motion claims the declaration is unconstitutional.",
            [("The motion", "the declaration is unconstitutional")],
        ),
        # a reported clause with a reporting verb and its object is no inverted attribution
        (
            "Police chief Greg Allen said the police were attributing authorship of the document to Crusius.",
            [
                ("Greg Allen", "the police were attributing authorship of the document to Crusius"),
                ("the police", "were attributing authorship of the document to Crusius"),
            ],
        ),
    ],
)
def test_what_a_speaker_claims_or_blames(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


def test_a_counted_object_is_still_news(nlp: Language) -> None:
    text = "Officials confirmed the deaths of 20 people."
    assert claims_of(nlp, text) == [("Officials", "confirmed the deaths of 20 people")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "indicate" and "suggest" are a speaker's only when someone speaks
        (
            "Emergency workers have indicated a homicide probe is ongoing.",
            [("Emergency workers", "a homicide probe is ongoing")],
        ),
        ("Reports suggest the blast was deliberate.", [("Reports", "the blast was deliberate")]),
        (
            "The fire service indicated an investigation was underway.",
            [("The fire service", "an investigation was underway")],
        ),
        (
            "The NHC advisory indicated the winds were near 180 mph.",
            [("The NHC advisory", "the winds were near 180 mph")],
        ),
        ("Alliance intelligence indicates that Russia is trying to regroup.", []),
        ("The data suggest the virus is spreading.", []),
    ],
)
def test_evidence_is_no_speaker(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert claims_of(nlp, text) == expected


def test_sympathy_beside_a_fact_is_still_a_claim(nlp: Language) -> None:
    text = "“My thoughts are with the families. Authorities are at the spot,” Modi said."
    assert [source for source, claim in claims_of(nlp, text) if "Authorities are at the spot" in claim] == [
        "Modi"
    ]

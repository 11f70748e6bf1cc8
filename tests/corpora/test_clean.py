from corpora.clean import clean_text

ARTICLE = "Japan kept its sanctions in place, the minister said on Tuesday."


def test_each_furniture_rule_on_its_own_line():
    text = "\n".join([
        "Skip to main content",
        "Print Читать на русском",
        "Rate this article",
        "(votes: 3, rating: 5)",
        " (3 votes)",
        "Share this article",
        "1",
        "3 cards",
        ARTICLE,
        "Read also: Why the Kurils matter",
        "Читайте также: Что будет с санкциями",
        "Поделиться",
        "You must log in to post a comment.",
        "Comments (12)",
        "Subscribe to our newsletter",
        "Advertisement",
    ])
    result = clean_text(text)
    assert result.text == ARTICLE
    assert result.removed == {
        "skip_link": 1, "print_language": 1, "rating": 3, "share": 2, "card_number": 2,
        "related": 2, "comments": 2, "subscribe": 1, "advertising": 1,
    }


def test_poll_block_is_removed_whole():
    text = f"{ARTICLE}\n\nPoll conducted\n\n  1. What do you think?\n    Option one  \n     33 (61%)\n    Option two\n     21 (39%)\n"
    result = clean_text(text)
    assert result.text == ARTICLE
    assert result.removed["poll"] == 6


def test_trailing_reference_list_and_navigation():
    text = f"{ARTICLE}\n\nNotes\n[1] Some Press. (2014). A headline. 7 August.\n\n[2] Author, A. (2014). Another title.\nShare this article\nFor business\nFor students"
    result = clean_text(text)
    assert result.text == ARTICLE
    assert result.removed == {"references": 3, "share": 1, "navigation": 2}


def test_footnote_markers_inside_the_body_stay():
    text = f"The agency reported it first.[1] {ARTICLE}\n[1] Agency. (2014). Report."
    assert clean_text(text).text == f"The agency reported it first.[1] {ARTICLE}"


def test_repeated_paragraph_kept_once():
    lead = "The invigoration of talks has revived the question of a treaty between the two countries."
    text = f"{lead}\n\n{lead}\n\n{ARTICLE}"
    result = clean_text(text)
    assert result.text == f"{lead}\n\n{ARTICLE}"
    assert result.removed == {"duplicate_paragraph": 1}


def test_prose_that_resembles_furniture_survives():
    text = "Share prices in Tokyo fell after the announcement.\nThe poll conducted by the agency shows support.\n2014 was a turning point for relations."
    assert clean_text(text).text == text


def test_cleaning_can_be_switched_off():
    text = f"Share this article\n{ARTICLE}"
    assert clean_text(text, furniture=False).text == text

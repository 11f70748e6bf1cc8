from nlp.schema import FramePrediction
from nlp.summary import summarize_frames
from nlp.taxonomy import load_taxonomy
from tests.nlp.test_taxonomy import TINY


def P(frame, stance, source="author"):
    return FramePrediction(frame=frame, stance=stance, score=0.9, source=source)


def test_an_explainer_that_reports_neutrally_and_refutes_is_contesting():
    # the guidelines' own example: five neutral reports and four refutations in the author's voice
    sentences = [[P("sanctions_eased", "neutral")]] * 5 + [[P("sanctions_eased", "contest")]] * 4
    sentences += [[P("sanctions_eased", "endorse", "Denis Malykh")], [P("sanctions_eased", "endorse", "RBC Primorye")],
                  [P("sanctions_eased", "contest", "Dmitry Klataevsky")], [P("sanctions_eased", "endorse", "Denis Malykh")]]
    summary, dominant = summarize_frames(sentences, load_taxonomy())
    eased = summary["sanctions_eased"]
    assert eased.author_stance == "contest" and eased.share == 1.0 and eased.sentences == 13
    assert eased.endorsed_by == ["Denis Malykh", "RBC Primorye"] and eased.contested_by == ["Dmitry Klataevsky"]
    assert dominant == ["sanctions_eased"]


def test_ties_neutral_absent_and_dominant_ties():
    sentences = [
        [P("economic_ties", "endorse"), P("us_alignment", "neutral")],
        [P("economic_ties", "contest")],
        [P("russia_threat", "endorse", "the ministry")],
        [P("us_alignment", "neutral")],
        [],
    ]
    summary, dominant = summarize_frames(sentences, load_taxonomy())
    assert summary["economic_ties"].author_stance == "mixed"
    assert summary["us_alignment"].author_stance == "neutral"
    assert summary["russia_threat"].author_stance is None and summary["russia_threat"].endorsed_by == ["the ministry"]
    assert summary["economic_ties"].share == 0.5 and set(dominant) == {"us_alignment", "economic_ties"}
    assert summarize_frames([[], []], load_taxonomy()) == ({}, [])


def test_other_taxonomies_use_their_stance_order():
    summary, _ = summarize_frames([[P("cost_burden", "anti")], [P("cost_burden", "anti")], [P("cost_burden", "pro", "a lobby")]], load_taxonomy(TINY))
    assert summary["cost_burden"].author_stance == "anti" and summary["cost_burden"].endorsed_by == ["a lobby"]

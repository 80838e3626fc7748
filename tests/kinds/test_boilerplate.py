"""scraped-boilerplate on furniture lines that no pattern of the pack lists."""

from __future__ import annotations

import pytest

from auditor.fix.apply import apply_fixes
from auditor.model import Applicability, Finding, Severity
from auditor.packs.load import RuleSet
from tests.helpers import findings_of

ARTICLE = "Twitter removed 170,000 accounts linked to a Chinese state campaign, the company said on Thursday."


def _findings(ruleset: RuleSet, text: str) -> list[Finding]:
    return findings_of(ruleset, text, "scraped-boilerplate")


@pytest.mark.parametrize(
    "line",
    [
        "Share this article on Facebook",
        "Click here to subscribe to our newsletter",
        "Join our Telegram channel for the latest updates",
        "Download our app",
        "Like us on Facebook",
        "Share this story with your friends",
        "Loading comments",
        # banners written in sentences, in wordings no pattern lists
        "By continuing to browse the site, you agree to our use of cookies.",
        "We value your privacy. We and our partners store information on your device to personalise ads.",
        "You have reached your limit of free articles this month. Subscribe today for unlimited access.",
        "Get the best of our journalism delivered to your inbox every morning, free of charge.",
        "Enter your email address to receive our morning briefing.",
    ],
)
def test_furniture_line_at_the_end_is_deleted_whole(ruleset: RuleSet, line: str) -> None:
    text = f"{ARTICLE}\n\n{line}\n"
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == line
    assert finding.fix is not None and finding.fix.applicability == Applicability.SAFE
    assert apply_fixes(text, [finding]) == f"{ARTICLE}\n"


def test_unlisted_line_is_a_warning_that_says_why(ruleset: RuleSet) -> None:
    text = f"{ARTICLE}\n\nGet breaking news alerts in your inbox"
    (finding,) = _findings(ruleset, text)
    assert finding.severity == Severity.WARNING
    assert "page-furniture vocabulary" in finding.message and "at the end of the text" in finding.message


def test_furniture_block_at_the_start_is_found_line_by_line(ruleset: RuleSet) -> None:
    text = f"Top stories\nTrending now\n\n{ARTICLE}"
    found = _findings(ruleset, text)
    assert [text[f.span.start : f.span.end] for f in found] == ["Top stories", "Trending now"]
    assert apply_fixes(text, found) == ARTICLE


def test_mid_text_label_standing_alone_is_flagged_but_a_subhead_is_not(ruleset: RuleSet) -> None:
    text = f"{ARTICLE}\n\nSponsored links\n\nSocial media campaign\n\nThe company said more would follow."
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == "Sponsored links"


def test_headline_and_prose_about_social_media_are_not_furniture(ruleset: RuleSet) -> None:
    text = (
        "Twitter removes accounts linked to China\n\n"
        f"{ARTICLE}\n\nShares of Twitter rose after the company posted the news on its blog.\n\nFacebook and Twitter"
        " said they would share more data"
    )
    assert _findings(ruleset, text) == []


def test_banner_in_sentences_says_it_speaks_to_the_reader(ruleset: RuleSet) -> None:
    text = f"{ARTICLE}\n\nThanks for signing up! Check your inbox to confirm your subscription."
    (finding,) = _findings(ruleset, text)
    assert "a message to the reader about the site (signing, inbox, subscription)" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # news about privacy reports who said it
        "Officials urged residents to check their privacy settings. If you use the app, your location may be shared with partners, the regulator said.",
        # a quotation addressed to the reader of a speech, not a banner
        f'{ARTICLE}\n\n"You can download the app and check your email," she said.',
        # one site word to the reader is advice, not a banner
        f"{ARTICLE}\n\nIf you see smoke, close your windows and call the fire service.",
    ],
)
def test_prose_to_the_reader_about_apps_and_privacy_is_not_a_banner(ruleset: RuleSet, text: str) -> None:
    assert _findings(ruleset, text) == []

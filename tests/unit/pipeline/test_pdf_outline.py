"""Bookmark titles are the headings' own text, and the Contents entries get their chapters' pages."""

from __future__ import annotations

from lc_helpers.pipeline.pdf_outline import heading_texts, true_title, with_toc_numbers, without_toc_numbers

PAGE = """<html><body>
<div id="jb-print-toc"><nav aria-label="Page"><ul>
<li><a class="reference internal nav-link" href="#document-a">Who attended</a></li>
<li><a class="reference internal nav-link" href="#document-b">Lessons &amp; learned</a></li>
<li><a class="reference internal nav-link" href="#document-c">Not printed</a></li>
</ul></nav></div>
<h1>Mental Health and OUD Learning Collaborative<a class="headerlink" href="#m">#</a></h1>
<h2>Who attended<a class="headerlink" href="#w">#</a></h2>
</body></html>"""


def test_headings_are_read_as_text_without_their_link_sign() -> None:
    assert heading_texts(PAGE) == ["Mental Health and OUD Learning Collaborative", "Who attended"]


def test_a_title_chromium_joined_at_a_line_wrap_or_doubled_gets_the_heading_back() -> None:
    headings = heading_texts(PAGE)
    assert true_title("Mental Health and OUD LearningCollaborative", headings) == headings[0]
    assert true_title("Who attendedWho attended", headings) == "Who attended"
    assert true_title("Something else", headings) == "Something else"


def test_contents_entries_get_page_numbers_inside_their_links() -> None:
    numbered = with_toc_numbers(PAGE, {"Who attended": 5, "Lessons & learned": 14})
    assert '#document-a">Who attended<span class="lc-toc-page">5</span></a>' in numbered
    assert 'Lessons &amp; learned<span class="lc-toc-page">14</span></a>' in numbered
    assert '#document-c">Not printed</a>' in numbered
    assert numbered.count("lc-toc-page") == 2
    assert "<h2>Who attended" in numbered  # headings outside the Contents are left alone


def test_numbers_given_again_replace_the_earlier_ones_and_never_hide_an_entry() -> None:
    first = with_toc_numbers(PAGE, {"Who attended": 5})
    again = with_toc_numbers(first, {"Who attended": 6, "Lessons & learned": 14})
    assert again == with_toc_numbers(PAGE, {"Who attended": 6, "Lessons & learned": 14})
    assert without_toc_numbers(again) == PAGE

"""The rules that keep a user's words across regenerations, and the paragraph-by-paragraph comparison."""

from __future__ import annotations

from clearway.reports.document import Block, block_make, block_number, blocks_compare, blocks_merge


def _p(id: str, text: str) -> Block:
    return block_make(id=id, section="s", kind="paragraph", text=text, numbered=True)


def _edited(block: Block, text: str) -> Block:
    block.text, block.edited = text, True
    return block


def test_unedited_blocks_take_the_new_data_and_edited_ones_keep_their_words() -> None:
    previous = [_p("a", "3 workshops."), _edited(_p("b", "Data text."), "My own words.")]
    merged = blocks_merge(previous=previous, fresh=[_p("a", "4 workshops."), _p("b", "Data text.")])
    assert [b.text for b in merged] == ["4 workshops.", "My own words."]
    assert merged[1].edited and not merged[1].stale


def test_an_edited_block_whose_data_changed_is_flagged_not_overwritten() -> None:
    previous = [_edited(_p("b", "31 responses."), "Thirty-one Members answered.")]
    merged = blocks_merge(previous=previous, fresh=[_p("b", "32 responses.")])
    assert merged[0].text == "Thirty-one Members answered."
    assert merged[0].stale and merged[0].generated == "32 responses."


def test_an_edited_block_whose_data_disappeared_is_kept_as_orphan() -> None:
    previous = [_p("a", "A."), _edited(_p("gone", "Text."), "Edited text.")]
    merged = blocks_merge(previous=previous, fresh=[_p("a", "A."), _p("c", "C.")])
    orphan = next(b for b in merged if b.id == "gone")
    assert orphan.text == "Edited text." and orphan.orphaned and orphan.stale


def test_numbering_skips_headings_and_the_annex() -> None:
    blocks = [
        block_make(id="h", section="s", kind="heading", text="I"),
        _p("a", "A."),
        _p("b", "B."),
        block_make(id="x", section="x", kind="paragraph", text="Annex.", numbered=True, annex=True),
    ]
    assert block_number(blocks) == {"a": 1, "b": 2}


def test_compare_reports_added_removed_and_changed_words() -> None:
    old = [_p("a", "close to 100 experts"), _p("b", "gone")]
    new = [_p("a", "nearly 100 experts"), _p("c", "new")]
    changes = {c.block_id: c for c in blocks_compare(old=old, new=new)}
    assert changes["a"].kind == "changed"
    assert '<del class="diff-removed">close to</del>' in changes["a"].diff_html
    assert '<ins class="diff-added">nearly</ins>' in changes["a"].diff_html
    assert changes["b"].kind == "removed" and changes["c"].kind == "added"

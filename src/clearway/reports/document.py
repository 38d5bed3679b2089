"""The document as a list of blocks with stable ids, and the rules that keep a user's edits across regenerations.

A block is produced by a section from the data. Its `generated` text is what the data says; its `text` is what
the document shows. When a user edits a block, `edited` is set and `text` holds their words. On regeneration:
- a block nobody edited takes the new generated text;
- an edited block keeps the user's text; if the data under it changed (its fingerprint differs) it is flagged
  `stale` ("data changed since your edit") and the new generated text is kept beside it, never overwriting;
- an edited block whose data disappeared is kept, flagged `orphaned`, so that no accepted text is ever lost;
- a block nobody edited whose data changed since the previous version (or that is new) is flagged `changed`,
  with its previous words in `previous`: a report regenerated for the same period says the same unless the
  data of that period changed, and then shows where.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "bullets", "table", "chart", "note"]
EDITABLE_KINDS = frozenset({"paragraph", "bullets", "note"})


@dataclass
class Block:
    id: str
    section: str
    kind: BlockKind
    text: str = ""
    items: list[str] = field(default_factory=list)
    level: int = 2
    numbered: bool = False
    annex: bool = False
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)
    caption: str = ""
    generated: str = ""
    generated_items: list[str] = field(default_factory=list)
    fingerprint: str = ""
    edited: bool = False
    stale: bool = False
    orphaned: bool = False
    added: bool = False  # a paragraph a user wrote, not generated; kept after its anchor block
    after: str = ""  # the id of the block an added paragraph follows
    # regenerated for the same period, a block nobody edited whose data changed since the previous version:
    # flagged with what it said before (the figures of a period change only when its data changes)
    changed: bool = False
    previous: str = ""

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE_KINDS

    @property
    def plain(self) -> str:
        """The block's words as one string, for comparison and search."""
        if self.kind == "bullets":
            return "\n".join([self.text, *(f"- {item}" for item in self.items)]).strip()
        if self.kind == "table":
            return "\n".join(" | ".join(row) for row in [self.columns, *self.rows])
        if self.kind == "chart":
            return self.caption
        return self.text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def block_make(
    *, id: str, section: str, kind: BlockKind, text: str = "", items: list[str] | None = None, **extra: Any
) -> Block:
    """A freshly generated block: its text is the generated text, its fingerprint hashes the data shown."""
    items = [tidy(i) for i in items or []]
    text = tidy(text)
    block = Block(
        id=id,
        section=section,
        kind=kind,
        text=text,
        items=items,
        generated=text,
        generated_items=list(items),
        **extra,
    )
    block.fingerprint = _fingerprint(block)
    return block


def tidy(text: str) -> str:
    """Sentences assembled from parts: no double spaces, no space before a comma or a full stop."""
    return re.sub(r" +([,.])", r"\1", re.sub(r"  +", " ", text)).strip()


def _fingerprint(block: Block) -> str:
    payload = json.dumps(
        [block.generated, block.generated_items, block.columns, block.rows, block.caption],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def blocks_merge(*, previous: list[Block], fresh: list[Block]) -> list[Block]:
    """The fresh blocks, with the user's edits from `previous` carried over (see the module docstring)."""
    edited = {b.id: b for b in previous if b.edited and not b.added}
    before = {b.id: b for b in previous if not b.edited and not b.added}
    merged: list[Block] = []
    for block in fresh:
        old = edited.pop(block.id, None)
        if old is not None:
            block.text, block.items, block.edited = old.text, old.items, True
            block.stale = old.stale or old.fingerprint != block.fingerprint
        elif previous and block.kind != "heading":
            earlier = before.get(block.id)
            if earlier is None or earlier.fingerprint != block.fingerprint:
                block.changed = True
                block.previous = earlier.plain if earlier is not None else ""
        merged.append(block)
    for orphan in edited.values():
        orphan.orphaned = True
        orphan.stale = True
        merged.insert(_position_after_section(merged, orphan.section), orphan)
    for block in (b for b in previous if b.added):
        block_insert_after(merged, block)
    return merged


def block_insert_after(blocks: list[Block], block: Block) -> None:
    """Put an added paragraph after its anchor (after paragraphs added there before it), else at its section's end."""
    anchor = next((i for i, b in enumerate(blocks) if b.id == block.after), None)
    if anchor is None:
        blocks.insert(_position_after_section(blocks, block.section), block)
        return
    position = anchor + 1
    while position < len(blocks) and blocks[position].added and blocks[position].after == block.after:
        position += 1
    blocks.insert(position, block)


def _position_after_section(blocks: list[Block], section: str) -> int:
    positions = [i for i, b in enumerate(blocks) if b.section == section]
    return positions[-1] + 1 if positions else len(blocks)


def block_number(blocks: list[Block]) -> dict[str, int]:
    """Paragraph numbers (1, 2, 3 …) of the numbered blocks of the body, in order; the annex is not numbered."""
    numbers: dict[str, int] = {}
    for block in blocks:
        if block.numbered and not block.annex and block.kind != "heading":
            numbers[block.id] = len(numbers) + 1
    return numbers


@dataclass(frozen=True)
class BlockChange:
    block_id: str
    kind: Literal["added", "removed", "changed", "unchanged"]
    old: str
    new: str
    diff_html: str = ""


def blocks_compare(*, old: list[Block], new: list[Block]) -> list[BlockChange]:
    """Paragraph by paragraph: which blocks were added, removed or changed between two versions."""
    old_by_id = {b.id: b for b in old}
    new_ids = {b.id for b in new}
    changes: list[BlockChange] = []
    for block in new:
        before = old_by_id.get(block.id)
        if before is None:
            changes.append(BlockChange(block.id, "added", "", block.plain))
        elif before.plain != block.plain:
            changes.append(
                BlockChange(
                    block.id, "changed", before.plain, block.plain, _word_diff_html(before.plain, block.plain)
                )
            )
        else:
            changes.append(BlockChange(block.id, "unchanged", before.plain, block.plain))
    for block in old:
        if block.id not in new_ids:
            changes.append(BlockChange(block.id, "removed", block.plain, ""))
    return changes


def _word_diff_html(old: str, new: str) -> str:
    from django.utils.html import escape

    a, b = old.split(" "), new.split(" ")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f'<del class="diff-removed">{escape(" ".join(a[i1:i2]))}</del>')
        if j2 > j1:
            out.append(f'<ins class="diff-added">{escape(" ".join(b[j1:j2]))}</ins>')
    return " ".join(out)

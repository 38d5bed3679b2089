"""Writes about committee reports: create, generate (and regenerate), edit prose, export. Each one audited."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clearway.accounts.actors import actor_user
from clearway.accounts.scoping import require_secretariat
from clearway.core.actors import Actor
from clearway.core.audit import audit_record, model_snapshot
from clearway.core.exceptions import Conflict, NotFound, ValidationFailed
from clearway.core.transactions import failure_cleanups, on_failure
from clearway.reports.assembly import ProgressCallback, document_build, document_render_prepare
from clearway.reports.committees import committee_template
from clearway.reports.document import Block, block_insert_after, blocks_merge
from clearway.reports.exporters.base import exporter_get
from clearway.reports.models import (
    GENERATED,
    REGENERATED,
    Committee,
    MeetingFormat,
    Report,
    ReportFile,
    ReportVersion,
)
from clearway.reports.phrases import session_numbers

__all__ = ["ReportInput"]

REPORTS_BY_SECRETARIAT = _("Only the Secretariat prepares committee reports.")


MAX_BLOCK_TEXT = 20_000


@dataclass
class ReportInput:
    session: str
    document_number: str
    document_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    language: str = "en"
    committee: str = Committee.PTC
    previous_session: str = ""
    previous_document_number: str = ""
    meeting_start: datetime.date | None = None
    meeting_end: datetime.date | None = None
    meeting_place: str = "Brussels"
    meeting_format: str = ""  # stated only when given
    agenda_item: str = ""
    title: str = ""
    illustrative: bool = False


def _full_clean(report: Report) -> None:
    """Model and database rules (e.g. one report per number and language) as a ValidationFailed."""
    try:
        report.full_clean()
    except DjangoValidationError as exc:
        raise ValidationFailed(
            field_errors={field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc


def report_input_validate(data: ReportInput) -> None:
    errors: dict[str, list[str]] = {}
    if not session_numbers(data.session):
        errors["session"] = [_("Give the session numbers, e.g. 235th/236th.")]
    template = committee_template(data.committee)
    if not data.document_number.strip():
        errors["document_number"] = [_("Give the document number, e.g. PC0690.")]
    elif template is not None and not template.number_valid(data.document_number):
        errors["document_number"] = [
            _(
                "Documents of this committee are numbered %(prefix)s followed by at least four digits, "
                "e.g. %(example)s."
            )
            % {"prefix": template.prefix, "example": template.example}
        ]
    if data.period_start > data.period_end:
        errors["period_end"] = [_("The period must end on or after the day it starts.")]
    if data.meeting_start and data.meeting_end and data.meeting_start > data.meeting_end:
        errors["meeting_end"] = [_("The meeting must end on or after the day it starts.")]
    if data.language not in ("en", "fr"):
        errors["language"] = [_("Choose English or French.")]
    if data.committee not in Committee.values:
        errors["committee"] = [_("Choose a committee from the list.")]
    if data.meeting_format and data.meeting_format not in MeetingFormat.values:
        errors["meeting_format"] = [_("Choose a meeting format from the list.")]
    if errors:
        raise ValidationFailed(field_errors=errors)


@transaction.atomic
def report_create(*, actor: Actor, data: ReportInput) -> Report:
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    report_input_validate(data)
    values = asdict(data)
    values["document_number"] = data.document_number.strip()
    if Report.objects.filter(document_number=values["document_number"], language=data.language).exists():
        raise ValidationFailed(
            field_errors={
                "document_number": [_("A report with this document number exists in this language.")]
            }
        )
    report = Report(**values, created_by=actor_user(actor))
    _full_clean(report)
    report.save()
    audit_record(actor=actor, action="reports.report.create", instance=report, after=model_snapshot(report))
    return report


@transaction.atomic
def report_update(*, actor: Actor, report: Report, data: ReportInput) -> Report:
    """Change the definition; the next generation uses it (existing versions stay as they were).

    Illustrative data can be included later, never taken out again: editing the definition never drops the label
    (earlier versions were built with that data).
    """
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    report_input_validate(data)
    before = model_snapshot(report)
    for name, value in asdict(data).items():
        if name != "illustrative":
            setattr(report, name, value)
    report.illustrative = report.illustrative or data.illustrative
    _full_clean(report)
    report.save()
    audit_record(
        actor=actor,
        action="reports.report.update",
        instance=report,
        before=before,
        after=model_snapshot(report),
    )
    return report


def report_latest_version(*, report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def _version_save(
    *,
    report: Report,
    actor: Actor,
    blocks: list[Block],
    data: dict[str, Any],
    reason: str,
    base: ReportVersion | None,
) -> ReportVersion:
    number = (base.number if base else 0) + 1
    try:
        with transaction.atomic():
            version = ReportVersion.objects.create(
                report=report,
                number=number,
                blocks=[b.as_dict() for b in blocks],
                data=data,
                reason=reason,
                author=actor_user(actor),
            )
    except IntegrityError as exc:  # someone saved version `number` in the meantime
        raise Conflict(_("Someone else changed this report in the meantime; reload and try again.")) from exc
    audit_record(
        actor=actor,
        action="reports.report.version",
        instance=report,
        reason=reason,
        after={"version": number, "blocks": len(blocks)},
    )
    return version


@dataclass(frozen=True)
class ReportDraft:
    """A new version built from the data and not yet saved: `report_generate_build` reads, `..._save` writes."""

    report: Report
    base: ReportVersion | None
    blocks: list[Block]
    snapshot: dict[str, Any]

    @property
    def number(self) -> int:
        return (self.base.number if self.base else 0) + 1


def report_generate_build(
    *,
    report: Report,
    actor: Actor,
    progress: ProgressCallback | None = None,
    sources: Any = None,
) -> ReportDraft:
    """Build the next version from the current data without writing anything (no transaction is held while it
    reads and lays out; a background job saves it with its success). Prose the users edited keeps its text.

    The data is read as the actor sees it (the CLI and the demo load act as `SYSTEM`, which sees every record).
    """
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    base = report_latest_version(report=report)
    fresh, snapshot = document_build(report=report, viewer=actor, progress=progress, sources=sources)
    previous = [Block.from_dict(b) for b in base.blocks] if base else []
    return ReportDraft(
        report=report, base=base, blocks=blocks_merge(previous=previous, fresh=fresh), snapshot=snapshot
    )


def _same_text(blocks: list[Block], stored: list[dict[str, Any]]) -> bool:
    """The same document, whatever flags said about the version before it."""

    def plain(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in b.items() if k not in ("changed", "previous")} for b in items]

    return plain([b.as_dict() for b in blocks]) == plain(stored)


def _as_stored(data: dict[str, Any]) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def report_generate_save(*, draft: ReportDraft, actor: Actor) -> ReportVersion:
    """Save a built version; refused as a conflict when another version was saved since it was built.

    A generation that gives the document of the latest version again (the same data: e.g. the DOCX, then the PDF
    and the HTML of one text) saves no new version: every format of one text is a file of one version."""
    if (
        draft.base is not None
        and _same_text(draft.blocks, draft.base.blocks)
        and draft.base.data == _as_stored(draft.snapshot)
    ):
        latest = report_latest_version(report=draft.report)
        if latest is not None and latest.pk == draft.base.pk:
            return draft.base
    reason = REGENERATED if draft.base else GENERATED
    return _version_save(
        report=draft.report,
        actor=actor,
        blocks=draft.blocks,
        data=draft.snapshot,
        reason=reason,
        base=draft.base,
    )


def report_generate(
    *,
    report: Report,
    actor: Actor,
    progress: ProgressCallback | None = None,
    sources: Any = None,
) -> ReportVersion:
    """A new version from the current data, built then saved."""
    draft = report_generate_build(report=report, actor=actor, progress=progress, sources=sources)
    return report_generate_save(draft=draft, actor=actor)


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationFailed(field_errors={"text": [_("A paragraph cannot be empty.")]})
    if len(text) > MAX_BLOCK_TEXT:
        raise ValidationFailed(field_errors={"text": [_("This paragraph is too long.")]})
    return text


def _editable_block(version: ReportVersion, block_id: str) -> tuple[list[Block], Block]:
    blocks = [Block.from_dict(b) for b in version.blocks]
    block = next((b for b in blocks if b.id == block_id), None)
    if block is None:
        raise NotFound(_("This paragraph is not in the current version."))
    if not block.editable:
        raise ValidationFailed(_("Tables, charts and headings come from the data and cannot be edited."))
    return blocks, block


@transaction.atomic
def report_block_edit(
    *,
    report: Report,
    actor: Actor,
    block_id: str,
    text: str,
    items: list[str] | None = None,
    base_version: int,
) -> ReportVersion:
    """Save a user's wording of one block as a new version. Refused if the block changed since `base_version`."""
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    latest = report_latest_version(report=report)
    if latest is None:
        raise NotFound(_("Generate the report before editing it."))
    blocks, block = _editable_block(latest, block_id)
    if latest.number != base_version:
        seen = report.versions.filter(number=base_version).first()
        seen_block = (
            next((Block.from_dict(b) for b in seen.blocks if b["id"] == block_id), None) if seen else None
        )
        if seen_block is None or seen_block.text != block.text or seen_block.items != block.items:
            raise Conflict(
                _(
                    "Someone else changed this paragraph in the meantime: your text was not saved over "
                    "theirs. Copy it, reload the report and apply it again."
                )
            )
    text = _clean_text(text)
    clean_items = [i.strip() for i in (items if items is not None else block.items) if i.strip()]
    if block.text == text and block.items == clean_items:
        return latest
    before = {"id": block.id, "text": block.text, "items": block.items}
    block.text, block.items, block.edited, block.stale = text, clean_items, True, False
    version = _version_save(
        report=report,
        actor=actor,
        blocks=blocks,
        data=latest.data,
        reason=_("Edited paragraph %(id)s") % {"id": block_id},
        base=latest,
    )
    audit_record(
        actor=actor,
        action="reports.block.edit",
        instance=report,
        before=before,
        after={"id": block.id, "text": block.text, "items": block.items, "version": version.number},
    )
    return version


@transaction.atomic
def report_block_add(*, report: Report, actor: Actor, after_block_id: str, text: str) -> ReportVersion:
    """A paragraph the user writes (what the data cannot say), kept after `after_block_id` across regenerations."""
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    latest = report_latest_version(report=report)
    if latest is None:
        raise NotFound(_("Generate the report before editing it."))
    blocks = [Block.from_dict(b) for b in latest.blocks]
    anchor = next((b for b in blocks if b.id == after_block_id), None)
    if anchor is None:
        raise NotFound(_("This paragraph is not in the current version."))
    text = _clean_text(text)
    block = Block(
        id=f"added.{uuid.uuid4().hex[:10]}",
        section=anchor.section,
        kind="paragraph",
        text=text,
        numbered=not anchor.annex,
        annex=anchor.annex,
        edited=True,
        added=True,
        after=anchor.id,
    )
    block_insert_after(blocks, block)
    version = _version_save(
        report=report,
        actor=actor,
        blocks=blocks,
        data=latest.data,
        reason=_("Added a paragraph after %(id)s") % {"id": anchor.id},
        base=latest,
    )
    audit_record(
        actor=actor,
        action="reports.block.add",
        instance=report,
        after={"id": block.id, "after": anchor.id, "text": text, "version": version.number},
    )
    return version


@transaction.atomic
def report_block_remove(*, report: Report, actor: Actor, block_id: str) -> ReportVersion:
    """Remove a paragraph a user added; generated paragraphs come from the data and stay."""
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    latest = report_latest_version(report=report)
    blocks = [Block.from_dict(b) for b in latest.blocks] if latest else []
    block = next((b for b in blocks if b.id == block_id), None)
    if latest is None or block is None:
        raise NotFound(_("This paragraph is not in the current version."))
    if not block.added:
        raise ValidationFailed(_("Only paragraphs added by a user can be removed; edit the others instead."))
    blocks.remove(block)
    version = _version_save(
        report=report,
        actor=actor,
        blocks=blocks,
        data=latest.data,
        reason=_("Removed the added paragraph %(id)s") % {"id": block_id},
        base=latest,
    )
    audit_record(
        actor=actor,
        action="reports.block.remove",
        instance=report,
        before={"id": block.id, "text": block.text},
        after={"version": version.number},
    )
    return version


@transaction.atomic
def report_block_resolve(*, report: Report, actor: Actor, block_id: str, keep_mine: bool) -> ReportVersion:
    """After 'data changed since your edit': keep the user's words, or take the new text from the data."""
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    latest = report_latest_version(report=report)
    if latest is None:
        raise NotFound()
    blocks, block = _editable_block(latest, block_id)
    before = {"id": block.id, "text": block.text, "stale": block.stale}
    if keep_mine:
        block.stale = False
        reason = _("Kept the edited text of %(id)s") % {"id": block_id}
    else:
        if block.orphaned:
            blocks.remove(block)
        block.text, block.items = block.generated, list(block.generated_items)
        block.edited = block.stale = False
        reason = _("Took the text from the data for %(id)s") % {"id": block_id}
    version = _version_save(
        report=report, actor=actor, blocks=blocks, data=latest.data, reason=reason, base=latest
    )
    audit_record(
        actor=actor,
        action="reports.block.resolve",
        instance=report,
        before=before,
        after={"id": block.id, "text": block.text, "keep_mine": keep_mine},
    )
    return version


@dataclass(frozen=True)
class RenderedFile:
    format: str
    name: str
    content: bytes


def report_render(*, report: Report, format: str, blocks: list[Block], version_number: int) -> RenderedFile:
    """Lay a version out as a file in memory; nothing is written (a job keeps it with its success)."""
    exporter = exporter_get(format)
    document = document_render_prepare(report=report, blocks=blocks, version=version_number)
    return RenderedFile(
        format=format,
        name=f"{document.meta.file_stem}.{exporter.extension}",
        content=exporter.render(document),
    )


def report_file_save(
    *, report: Report, version: ReportVersion, rendered: RenderedFile, actor: Actor
) -> ReportFile:
    """Keep a rendered file of a saved version; the stored file is removed again if the transaction fails."""
    with failure_cleanups(), transaction.atomic():
        return _report_file_save(report=report, version=version, rendered=rendered, actor=actor)


def _report_file_save(
    *, report: Report, version: ReportVersion, rendered: RenderedFile, actor: Actor
) -> ReportFile:
    record = ReportFile(
        report=report,
        version=version,
        format=rendered.format,
        size=len(rendered.content),
        created_by=actor_user(actor),
    )
    record.file.save(rendered.name, ContentFile(rendered.content), save=False)
    stored, storage = record.file.name, record.file.storage
    on_failure(lambda: storage.delete(stored))
    record.save()
    audit_record(
        actor=actor,
        action="reports.report.export",
        instance=report,
        after={"version": version.number, "format": rendered.format, "size": len(rendered.content)},
    )
    return record


def report_export(
    *, report: Report, actor: Actor, format: str, version: ReportVersion | None = None
) -> ReportFile:
    """Render a version (the latest by default) to a file and keep it."""
    exporter_get(format)
    version = version or report_latest_version(report=report)
    if version is None:
        raise NotFound(_("Generate the report before exporting it."))
    blocks = [Block.from_dict(b) for b in version.blocks]
    rendered = report_render(report=report, format=format, blocks=blocks, version_number=version.number)
    return report_file_save(report=report, version=version, rendered=rendered, actor=actor)


@transaction.atomic
def report_share(*, report: Report, actor: Actor, shared: bool) -> Report:
    """Share a final report with every signed-in user, or take it back to the Secretariat only."""
    require_secretariat(actor, reason=REPORTS_BY_SECRETARIAT)
    if report.shared == shared:
        return report
    if shared and not report.versions.exists():
        raise ValidationFailed(_("Generate the report before sharing it."))
    before = {"shared": report.shared}
    report.shared = shared
    report.save(update_fields=["shared", "updated_at"])
    audit_record(
        actor=actor, action="reports.report.share", instance=report, before=before, after={"shared": shared}
    )
    return report

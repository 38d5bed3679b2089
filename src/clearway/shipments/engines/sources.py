"""The input files of a computation: a file or a folder of Parquet or CSV files (`Source`), and the checks of
a CSV header made before any engine reads them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from clearway.core.exceptions import ValidationFailed

SUPPORTED_FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class Source:
    """The input files, all of one format."""

    files: tuple[Path, ...]
    fmt: str

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


def source_resolve(path: Path) -> Source:
    """A file, or a folder of .parquet or .csv files (searched recursively), as a Source; bad paths raise."""
    if not path.exists():
        raise ValidationFailed(_("Input %(path)s does not exist.") % {"path": path})
    if path.is_file():
        files = [path]
    else:
        # Quarantine files written beside earlier results are outputs, not shipment records.
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower().lstrip(".") in SUPPORTED_FORMATS
            and not p.stem.endswith(".quarantine")
        )
        if not files:
            raise ValidationFailed(_("Folder %(path)s holds no .parquet or .csv file.") % {"path": path})
    formats = {p.suffix.lower().lstrip(".") for p in files}
    if len(formats) > 1:
        raise ValidationFailed(
            _("Folder %(path)s mixes Parquet and CSV files; use one format.") % {"path": path}
        )
    fmt = formats.pop()
    if fmt not in SUPPORTED_FORMATS:
        raise ValidationFailed(_("%(path)s is neither a .parquet nor a .csv file.") % {"path": path})
    return Source(files=tuple(files), fmt=fmt)


def csv_header_check(source: Source) -> list[str]:
    """Catch the commonest CSV mistakes early and say so: another separator than commas, or a folder whose files
    do not share one header (a reordered file would be read into the wrong columns). The header's column names
    (none for Parquet): the CSV reader is given them rather than guessing the layout from the rows."""
    first: tuple[Path, list[str]] | None = None
    for path in source.files if source.fmt == "csv" else ():
        with path.open("rb") as handle:
            header = handle.readline().decode("utf-8", errors="replace")
        if not header.strip():
            raise ValidationFailed(
                _("%(name)s is empty: a CSV file needs a header row.") % {"name": path.name}
            )
        if "," not in header:
            other = next((sep for sep in (";", "\t", "|") if sep in header), None)
            hint = (
                (
                    _(
                        "The header is one single column: the file seems to use another delimiter than a comma (%(sep)r)."
                    )
                    % {"sep": other}
                )
                if other
                else _("The header has no comma-separated column names.")
            )
            raise ValidationFailed(
                _("%(name)s: %(hint)s Save the file as comma-separated UTF-8 with a header row.")
                % {"name": path.name, "hint": hint},
                field_errors={"shipment_id": [_("Required column missing.")]},
            )
        names = _csv_header_names(header)
        if first is None:
            first = (path, names)
        elif names != first[1]:
            raise ValidationFailed(
                _(
                    "%(name)s does not have the columns of %(first)s (%(difference)s). Every CSV file of a "
                    "folder needs the same header: the same columns in the same order."
                )
                % {
                    "name": path.name,
                    "first": first[0].name,
                    "difference": _header_difference(first[1], names),
                }
            )
    return first[1] if first else []


def _csv_header_names(header: str) -> list[str]:
    row = next(csv.reader([header.lstrip("\ufeff").rstrip("\r\n")]), [])
    return [name.strip() for name in row]


def _header_difference(expected: list[str], found: list[str]) -> str:
    missing = [n for n in expected if n not in found]
    extra = [n for n in found if n not in expected]
    parts = []
    if missing:
        parts.append(_("missing: %(names)s") % {"names": ", ".join(missing)})
    if extra:
        parts.append(_("not in the first file: %(names)s") % {"names": ", ".join(extra)})
    return " – ".join(parts) or _("the same columns in another order")

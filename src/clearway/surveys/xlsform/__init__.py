"""XLSForm in and out: pyxform reads a workbook (.xlsx, .xls, .csv, .md); Clearway keeps its sheets and a
normalised definition (see `clearway.surveys.definition`), and writes the sheets back on export."""

from clearway.surveys.xlsform.problems import Problem, XLSFormRefused
from clearway.surveys.xlsform.reading import XLSFormRead, xlsform_read, xlsform_to_definition
from clearway.surveys.xlsform.writing import definition_to_xlsform

__all__ = [
    "Problem",
    "XLSFormRead",
    "XLSFormRefused",
    "definition_to_xlsform",
    "xlsform_read",
    "xlsform_to_definition",
]

"""A demography spreadsheet (XLSX) read as the CSV text the import parses: the first sheet's
rows, `;`-separated. Staff paste a Slovak DATAcube export into the template in a spreadsheet
and need not save it as CSV first."""

import csv
import datetime
import io
import zipfile

#: An XLSX file is a zip archive.
ZIP_MAGIC = b"PK\x03\x04"


def is_xlsx(data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC


def is_workbook(upload) -> bool:
    """A zip archive with a workbook in it (reads only its directory); the file is left at
    its start."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2024.0 and 1520.0 from a spreadsheet are a year and a count
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return str(value).strip()


def to_csv_text(data: bytes) -> str:
    """The first worksheet as CSV text; ValueError when the file is not a readable XLSX."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValueError(str(error)) from error
    try:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells = [_cell(v) for v in row]
            if any(cells):
                writer.writerow(cells)
        return out.getvalue()
    finally:
        book.close()

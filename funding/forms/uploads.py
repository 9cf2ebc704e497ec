"""Uploading a CSV file: its size, that it is text in UTF-8, that it has the columns asked for, and
its rows numbered as a spreadsheet numbers them (the header is row 1). Each row's values are
checked by the service that imports them, which names the row in every message."""

from __future__ import annotations

import csv
import io
import uuid

from django import forms

from apcommission.core.forms import GovForm

MAX_CSV_BYTES = 1024 * 1024
MAX_ROWS = 2000


def _column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


class CsvUploadForm(GovForm):
    """A CSV file with `columns` (in any order; other columns are ignored)."""

    submit_label = "Upload the file"
    columns: tuple[str, ...] = ()
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(label="CSV file", error_messages={"required": "Select a CSV file"})

    def __init__(self, *args, columns: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns or self.columns
        self.fields["file"].help_text = f"A .csv file with the columns {', '.join(self.columns)}; smaller than 1MB"
        if not self.is_bound:
            self.fields["submission_token"].initial = uuid.uuid4()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file (.csv)")
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1MB")
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The selected file must be a CSV file saved as UTF-8") from None
        if "\x00" in text:
            raise forms.ValidationError("The selected file must be a CSV file saved as UTF-8")
        self.cleaned_data["rows"] = self._rows(text)
        return upload

    def _rows(self, text: str) -> list[tuple[int, dict]]:
        reader = csv.reader(io.StringIO(text))
        try:
            header = [_column(cell) for cell in next(reader)]
        except (StopIteration, csv.Error):
            raise forms.ValidationError("The selected file is empty") from None
        missing = [column for column in self.columns if column not in header]
        if missing:
            raise forms.ValidationError(f"The file must have a header row with the columns {', '.join(self.columns)}")
        rows = []
        try:
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                rows.append((number, dict(zip(header, cells, strict=False))))
                if len(rows) > MAX_ROWS:
                    raise forms.ValidationError(f"The file must have {MAX_ROWS} rows or fewer")
        except csv.Error:
            raise forms.ValidationError("The selected file could not be read as CSV") from None
        return rows

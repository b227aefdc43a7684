"""Admin views of replies that Wagtail or wagtail-modeladmin provide, made safe for spreadsheets."""

from wagtail.contrib.forms.views import SubmissionsListView

# A cell starting with one of these is run as a formula by spreadsheet programs
# (=HYPERLINK(…), =cmd|…): OWASP's "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` made inert in a spreadsheet: text that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvExportMixin:
    """For views with Wagtail's SpreadsheetExportMixin: CSV cells never start a formula.
    (Its XLSX export already stores formulas as text.)"""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class ReplySubmissionsListView(SafeCsvExportMixin, SubmissionsListView):
    """Wagtail's submissions list of a reply form page, with safe CSV exports."""

"""One rule for every date a person types: a sensible range, and a message that says so.

An unbounded date field accepts year 1 and year 9999. Year 9999 overflows as
soon as Belong adds an hour to it or converts it to UTC (an HTTP 500), and
either is a typo, never a real meeting, goal or deadline. Every ``DateField``
and ``DateTimeField`` in Belong's forms is made by :func:`date_field` or
:func:`datetime_field`, which carry :class:`DateRange`; actions that take dates
from elsewhere call :func:`range_error` themselves.

The range is counted from today in the school's time zone, and checked on the
date as typed (the local calendar day), before any arithmetic on the moment:
that is what makes 9999-12-31 safe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

#: The default span: school records (assessments, coverage years, REACH weeks)
#: are about the last and the next few academic years.
YEARS_BACK = 10
YEARS_AHEAD = 10
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def day_text(day: date) -> str:
    """A day as the rest of Belong writes it: "6 Oct 2026" (``core.formatting.day``)."""
    return dateformat.format(day, "j M Y")


def shift_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (or earlier); 29 February becomes the 28th."""
    year = min(max(day.year + years, date.min.year), date.max.year)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def local_day(value: date | datetime) -> date:
    """The calendar day of a date, of a moment as typed, or of an aware moment here."""
    if not isinstance(value, datetime):
        return value
    if timezone.is_aware(value):
        try:
            return timezone.localtime(value).date()
        except OverflowError:
            # At the very ends of the calendar: out of any range anyway.
            return value.date()
    return value.date()


def date_bounds(
    *, years_back: int = YEARS_BACK, years_ahead: int = YEARS_AHEAD, today: date | None = None
) -> tuple[date, date]:
    """The earliest and the latest day accepted, counted from ``today``."""
    today = today or timezone.localdate()
    return shift_years(today, -years_back), shift_years(today, years_ahead)


def range_error(
    value: date | datetime | None,
    *,
    label: str | StrPromise,
    years_back: int = YEARS_BACK,
    years_ahead: int = YEARS_AHEAD,
) -> str | None:
    """The message for a date outside the range, or ``None`` when it is inside (or empty)."""
    if value is None:
        return None
    earliest, latest = date_bounds(years_back=years_back, years_ahead=years_ahead)
    if earliest <= local_day(value) <= latest:
        return None
    bounds = {"label": label, "earliest": day_text(earliest), "latest": day_text(latest)}
    if label:
        return _("%(label)s: give a date between %(earliest)s and %(latest)s.") % bounds
    return _("Give a date between %(earliest)s and %(latest)s.") % bounds


@deconstructible
class DateRange:
    """Validator: a date, or the day of a moment, within a span of years around today."""

    code = "date_out_of_range"

    def __init__(
        self,
        *,
        label: str | StrPromise = "",
        years_back: int = YEARS_BACK,
        years_ahead: int = YEARS_AHEAD,
    ) -> None:
        self.label = label
        self.years_back = years_back
        self.years_ahead = years_ahead

    def __call__(self, value: date | datetime | None) -> None:
        message = range_error(
            value, label=self.label, years_back=self.years_back, years_ahead=self.years_ahead
        )
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRange) and (
            self.label,
            self.years_back,
            self.years_ahead,
        ) == (other.label, other.years_back, other.years_ahead)

    def __hash__(self) -> int:
        return hash((self.label, self.years_back, self.years_ahead))


def _widget_bounds(years_back: int, years_ahead: int) -> dict[str, str]:
    # The browser's date picker shows the same range; the server still checks.
    earliest, latest = date_bounds(years_back=years_back, years_ahead=years_ahead)
    return {"min": earliest.isoformat(), "max": latest.isoformat()}


class _BoundedDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, years_back: int, years_ahead: int) -> None:
        super().__init__()
        self.years_back, self.years_ahead = years_back, years_ahead

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        attrs = {**(attrs or {}), **_widget_bounds(self.years_back, self.years_ahead)}
        return super().get_context(name, value, attrs)


class _BoundedDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, years_back: int, years_ahead: int) -> None:
        super().__init__(format=DATETIME_FORMAT)
        self.years_back, self.years_ahead = years_back, years_ahead

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        earliest, latest = date_bounds(years_back=self.years_back, years_ahead=self.years_ahead)
        attrs = {**(attrs or {}), "min": f"{earliest}T00:00", "max": f"{latest}T23:59"}
        return super().get_context(name, value, attrs)


def date_field(
    label: str | StrPromise,
    *,
    years_back: int = YEARS_BACK,
    years_ahead: int = YEARS_AHEAD,
    **kwargs: Any,
) -> forms.DateField:
    """A date field bounded to a span around today, with the range in its error message."""
    return forms.DateField(
        label=label,
        widget=_BoundedDateInput(years_back, years_ahead),
        validators=[DateRange(label=label, years_back=years_back, years_ahead=years_ahead)],
        **kwargs,
    )


class _BoundedDateTimeField(forms.DateTimeField):
    """Checks the range on the moment as typed, before it is made time-zone aware."""

    def __init__(self, *, date_range: DateRange, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.date_range = date_range

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str) and value.strip():
            for fmt in self.input_formats:
                try:
                    typed = datetime.strptime(value.strip(), fmt)
                except (TypeError, ValueError):
                    continue
                # Year 9999 must be refused before Django converts it to UTC.
                self.date_range(typed)
                break
        return super().to_python(value)


def datetime_field(
    label: str | StrPromise,
    *,
    years_back: int = YEARS_BACK,
    years_ahead: int = YEARS_AHEAD,
    **kwargs: Any,
) -> forms.DateTimeField:
    """A date-and-time field (``datetime-local``) bounded like :func:`date_field`."""
    date_range = DateRange(label=label, years_back=years_back, years_ahead=years_ahead)
    return _BoundedDateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT],
        widget=_BoundedDateTimeInput(years_back, years_ahead),
        date_range=date_range,
        validators=[date_range],
        **kwargs,
    )

//! `Timestamp` and `Duration` beyond their two fields: conversions to and
//! from `std::time` (the ones prost-types has, with the same names and
//! fallibility), the proto3 JSON mapping's text forms as `Display` and
//! `FromStr`, and the normalisation and range checks that mapping needs.
//!
//! Dates are proleptic Gregorian in UTC, computed from day counts with
//! Howard Hinnant's `days_from_civil` algorithm (no tables, no leap seconds,
//! as the spec says).

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Duration, Timestamp};

const NANOS_PER_SECOND: i32 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// `0001-01-01T00:00:00Z`, the earliest timestamp the spec allows.
const TIMESTAMP_MIN_SECONDS: i64 = -62_135_596_800;
/// `9999-12-31T23:59:59Z`, the latest whole second the spec allows.
const TIMESTAMP_MAX_SECONDS: i64 = 253_402_300_799;
/// 10,000 years of 365.25 days, the spec's bound on a duration either way.
const DURATION_MAX_SECONDS: i64 = 315_576_000_000;

/// Why a [`Timestamp`] could not be made, converted or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampError {
    /// The timestamp is outside what [`SystemTime`] can hold on this
    /// platform (the timestamp as given).
    OutOfSystemRange(Timestamp),
    /// Before `0001-01-01T00:00:00Z` or after `9999-12-31T23:59:59.999999999Z`,
    /// the range the spec allows.
    OutOfRange,
    /// A date or time that does not exist (`2023-02-29`, hour 24, nanos
    /// past 999,999,999).
    InvalidDateTime,
    /// Text that is not an RFC 3339 timestamp; says what was expected.
    Parse(&'static str),
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampError::OutOfSystemRange(t) => {
                write!(f, "timestamp {t} is out of the range of SystemTime on this platform")
            }
            TimestampError::OutOfRange => f.write_str(
                "timestamp out of range: it must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z",
            ),
            TimestampError::InvalidDateTime => f.write_str("no such date or time"),
            TimestampError::Parse(what) => write!(f, "invalid RFC 3339 timestamp: {what}"),
        }
    }
}

impl std::error::Error for TimestampError {}

/// Why a [`Duration`] could not be converted or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationError {
    /// The duration is negative, which a [`std::time::Duration`] cannot be;
    /// holds its magnitude.
    NegativeDuration(std::time::Duration),
    /// Longer than 315,576,000,000 seconds (10,000 years) either way, the
    /// range the spec allows.
    OutOfRange,
    /// Text that is not a JSON-mapping duration (`"1.5s"`, `"-0.001s"`);
    /// says what was expected.
    Parse(&'static str),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::NegativeDuration(magnitude) => {
                write!(f, "negative duration (-{magnitude:?}) cannot be a std::time::Duration")
            }
            DurationError::OutOfRange => {
                f.write_str("duration out of range: it must be within ±315,576,000,000 seconds")
            }
            DurationError::Parse(what) => write!(f, "invalid duration: {what}"),
        }
    }
}

impl std::error::Error for DurationError {}

impl Timestamp {
    /// Brings `nanos` into `0..1_000_000_000`, carrying whole seconds into
    /// `seconds` (a negative `nanos` borrows from them), as the spec's
    /// canonical form has it. Saturates at the ends of `i64`.
    pub fn normalize(&mut self) {
        let carry = i64::from(self.nanos.div_euclid(NANOS_PER_SECOND));
        let nanos = self.nanos.rem_euclid(NANOS_PER_SECOND);
        match self.seconds.checked_add(carry) {
            Some(seconds) => (self.seconds, self.nanos) = (seconds, nanos),
            None if carry < 0 => (self.seconds, self.nanos) = (i64::MIN, 0),
            None => (self.seconds, self.nanos) = (i64::MAX, NANOS_PER_SECOND - 1),
        }
    }

    /// A [normalized](Timestamp::normalize) copy.
    #[must_use]
    pub fn normalized(&self) -> Timestamp {
        let mut copy = self.clone();
        copy.normalize();
        copy
    }

    /// Whether the timestamp is canonical (`nanos` in `0..1_000_000_000`)
    /// and in the spec's range, `0001-01-01T00:00:00Z` to
    /// `9999-12-31T23:59:59.999999999Z`: what the JSON mapping can write.
    pub fn is_valid(&self) -> bool {
        (0..NANOS_PER_SECOND).contains(&self.nanos)
            && (TIMESTAMP_MIN_SECONDS..=TIMESTAMP_MAX_SECONDS).contains(&self.seconds)
    }

    /// Midnight UTC at the start of the date.
    ///
    /// # Errors
    ///
    /// As [`date_time_nanos`](Timestamp::date_time_nanos).
    pub fn date(year: i64, month: u8, day: u8) -> Result<Timestamp, TimestampError> {
        Timestamp::date_time_nanos(year, month, day, 0, 0, 0, 0)
    }

    /// The UTC date and time, to the second.
    ///
    /// # Errors
    ///
    /// As [`date_time_nanos`](Timestamp::date_time_nanos).
    pub fn date_time(
        year: i64,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Timestamp, TimestampError> {
        Timestamp::date_time_nanos(year, month, day, hour, minute, second, 0)
    }

    /// The UTC date and time, to the nanosecond.
    ///
    /// ```
    /// use protowire::types::Timestamp;
    ///
    /// let t = Timestamp::date_time_nanos(1972, 1, 1, 10, 0, 20, 21_000_000)?;
    /// assert_eq!(t.to_string(), "1972-01-01T10:00:20.021Z");
    /// # Ok::<(), protowire::types::TimestampError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TimestampError::InvalidDateTime`] for a date that does not exist
    /// (month 13, February 30, hour 24, second 60, nanos past 999,999,999);
    /// [`TimestampError::OutOfRange`] for a year outside `1..=9999`.
    pub fn date_time_nanos(
        year: i64,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        nanos: u32,
    ) -> Result<Timestamp, TimestampError> {
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60
            && nanos < NANOS_PER_SECOND as u32;
        if !valid {
            return Err(TimestampError::InvalidDateTime);
        }
        if !(1..=9999).contains(&year) {
            return Err(TimestampError::OutOfRange);
        }
        let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second);
        Ok(Timestamp { seconds, nanos: nanos as i32, ..Timestamp::default() })
    }
}

impl Duration {
    /// Brings `nanos` into `-999_999_999..=999_999_999` with the sign of
    /// `seconds`, carrying whole seconds into `seconds`, as the spec's
    /// canonical form has it. Saturates at the ends of `i64`.
    pub fn normalize(&mut self) {
        let Some(mut seconds) = self.seconds.checked_add(i64::from(self.nanos / NANOS_PER_SECOND)) else {
            (self.seconds, self.nanos) =
                if self.nanos < 0 { (i64::MIN, -(NANOS_PER_SECOND - 1)) } else { (i64::MAX, NANOS_PER_SECOND - 1) };
            return;
        };
        let mut nanos = self.nanos % NANOS_PER_SECOND;
        // Neither step can overflow: each moves `seconds` towards zero.
        if seconds > 0 && nanos < 0 {
            seconds -= 1;
            nanos += NANOS_PER_SECOND;
        } else if seconds < 0 && nanos > 0 {
            seconds += 1;
            nanos -= NANOS_PER_SECOND;
        }
        (self.seconds, self.nanos) = (seconds, nanos);
    }

    /// A [normalized](Duration::normalize) copy.
    #[must_use]
    pub fn normalized(&self) -> Duration {
        let mut copy = self.clone();
        copy.normalize();
        copy
    }

    /// Whether the duration is canonical (`nanos` below one second, with
    /// the sign of `seconds`) and within the spec's ±315,576,000,000
    /// seconds: what the JSON mapping can write.
    pub fn is_valid(&self) -> bool {
        self.seconds.unsigned_abs() <= DURATION_MAX_SECONDS as u64
            && self.nanos.unsigned_abs() < NANOS_PER_SECOND as u32
            && (self.seconds == 0 || self.nanos == 0 || (self.seconds < 0) == (self.nanos < 0))
    }
}

/// `SystemTime` → `Timestamp` never fails (as in prost-types): a time more
/// than `i64::MAX` seconds from the epoch saturates. The result can still
/// be outside the spec's range; [`Timestamp::is_valid`] tells.
impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Timestamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp {
                seconds: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos() as i32,
                ..Timestamp::default()
            },
            Err(before) => {
                let before = before.duration();
                let seconds = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
                // `nanos` counts forward from a whole second before.
                let mut timestamp =
                    Timestamp { seconds, nanos: -(before.subsec_nanos() as i32), ..Timestamp::default() };
                timestamp.normalize();
                timestamp
            }
        }
    }
}

/// Fails with [`TimestampError::OutOfSystemRange`] where `SystemTime` cannot
/// hold the time. A timestamp that is not normalized is normalized first.
impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampError;

    fn try_from(timestamp: Timestamp) -> Result<SystemTime, TimestampError> {
        let t = timestamp.normalized();
        let whole = std::time::Duration::from_secs(t.seconds.unsigned_abs());
        let at_second = if t.seconds >= 0 { UNIX_EPOCH.checked_add(whole) } else { UNIX_EPOCH.checked_sub(whole) };
        at_second
            .and_then(|s| s.checked_add(std::time::Duration::from_nanos(t.nanos as u64)))
            .ok_or(TimestampError::OutOfSystemRange(timestamp))
    }
}

/// Fails with [`DurationError::OutOfRange`] beyond the spec's 10,000 years
/// (prost-types fails only past `i64::MAX` seconds: a longer duration would
/// encode, but other implementations reject it).
impl TryFrom<std::time::Duration> for Duration {
    type Error = DurationError;

    fn try_from(duration: std::time::Duration) -> Result<Duration, DurationError> {
        match i64::try_from(duration.as_secs()) {
            Ok(seconds) if seconds <= DURATION_MAX_SECONDS => {
                Ok(Duration { seconds, nanos: duration.subsec_nanos() as i32, ..Duration::default() })
            }
            _ => Err(DurationError::OutOfRange),
        }
    }
}

/// Fails with [`DurationError::NegativeDuration`] for a negative duration.
/// A duration that is not normalized is normalized first.
impl TryFrom<Duration> for std::time::Duration {
    type Error = DurationError;

    fn try_from(duration: Duration) -> Result<std::time::Duration, DurationError> {
        let d = duration.normalized();
        let magnitude = std::time::Duration::new(d.seconds.unsigned_abs(), d.nanos.unsigned_abs());
        if d.seconds < 0 || d.nanos < 0 { Err(DurationError::NegativeDuration(magnitude)) } else { Ok(magnitude) }
    }
}

/// `.f`, `.fff`, `.ffffff` or `.fffffffff`: the fewest of 0, 3, 6 or 9
/// digits that show `nanos` exactly, as the JSON mapping writes them.
fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        Ok(())
    } else if nanos.is_multiple_of(1_000_000) {
        write!(f, ".{:03}", nanos / 1_000_000)
    } else if nanos.is_multiple_of(1_000) {
        write!(f, ".{:06}", nanos / 1_000)
    } else {
        write!(f, ".{nanos:09}")
    }
}

/// RFC 3339 in UTC as the JSON mapping writes it:
/// `1972-01-01T10:00:20.021Z`, with 0, 3, 6 or 9 fractional digits. The
/// timestamp is normalized first. A year outside `0001..=9999` (a timestamp
/// that is not [valid](Timestamp::is_valid)) is written with as many digits
/// as it takes, and a `-` before year zero: such text does not parse back.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.normalized();
        let (year, month, day) = civil_from_days(t.seconds.div_euclid(SECONDS_PER_DAY));
        let second_of_day = t.seconds.rem_euclid(SECONDS_PER_DAY);
        let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
        if year < 0 {
            write!(f, "-{:04}", year.unsigned_abs())?;
        } else {
            write!(f, "{year:04}")?;
        }
        write!(f, "-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")?;
        write_fraction(f, t.nanos as u32)?;
        f.write_str("Z")
    }
}

/// Seconds with an `s` as the JSON mapping writes them: `1.500s`, `-0.001s`,
/// `3s`, with 0, 3, 6 or 9 fractional digits. The duration is normalized
/// first.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.normalized();
        if d.seconds < 0 || d.nanos < 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", d.seconds.unsigned_abs())?;
        write_fraction(f, d.nanos.unsigned_abs())?;
        f.write_str("s")
    }
}

/// Reads an RFC 3339 timestamp as the JSON mapping accepts it:
/// `1972-01-01T10:00:20.021Z`, 0 to 9 fractional digits, `Z` or an offset
/// (`+01:00`), `T`/`Z` in either case.
impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        let mut c = Cursor(text.as_bytes());
        let year = c.digits(4, "a four-digit year")?;
        c.byte(b'-', "`-` after the year")?;
        let month = c.digits(2, "a two-digit month")?;
        c.byte(b'-', "`-` after the month")?;
        let day = c.digits(2, "a two-digit day")?;
        c.either(b'T', b't', "`T` between date and time")?;
        let hour = c.digits(2, "a two-digit hour")?;
        c.byte(b':', "`:` after the hour")?;
        let minute = c.digits(2, "two-digit minutes")?;
        c.byte(b':', "`:` after the minutes")?;
        let second = c.digits(2, "two-digit seconds")?;
        let nanos = c.fraction().map_err(TimestampError::Parse)?;
        let offset = match c.next() {
            Some(b'Z' | b'z') => 0,
            Some(sign @ (b'+' | b'-')) => {
                let hours = c.digits(2, "a two-digit offset hour")?;
                c.byte(b':', "`:` in the offset")?;
                let minutes = c.digits(2, "two-digit offset minutes")?;
                if hours > 23 || minutes > 59 {
                    return Err(TimestampError::InvalidDateTime);
                }
                let offset = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' { -offset } else { offset }
            }
            _ => return Err(TimestampError::Parse("`Z` or an offset such as `+01:00` after the time")),
        };
        if !c.0.is_empty() {
            return Err(TimestampError::Parse("the end after the time zone"));
        }
        let [month, day, hour, minute, second] = [month, day, hour, minute, second].map(|n| n as u8);
        let local = Timestamp::date_time_nanos(i64::from(year), month, day, hour, minute, second, nanos)?;
        let seconds = local.seconds - offset;
        if !(TIMESTAMP_MIN_SECONDS..=TIMESTAMP_MAX_SECONDS).contains(&seconds) {
            return Err(TimestampError::OutOfRange);
        }
        Ok(Timestamp { seconds, nanos: local.nanos, ..Timestamp::default() })
    }
}

/// Reads a duration as the JSON mapping writes it: seconds with up to nine
/// fractional digits and an `s`, optionally negative (`"1.5s"`, `"-0.001s"`).
impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Duration, DurationError> {
        let mut c = Cursor(text.as_bytes());
        let negative = c.0.first() == Some(&b'-');
        if negative {
            c.next();
        }
        let digits = c.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err(DurationError::Parse("digits of seconds, as in `1.5s`"));
        }
        let (whole, rest) = c.0.split_at(digits);
        c.0 = rest;
        let nanos = c.fraction().map_err(DurationError::Parse)?;
        if c.0 != b"s" {
            return Err(DurationError::Parse("`s` after the seconds, and nothing more"));
        }
        // Digits only, so the text is ASCII and parses unless it overflows.
        let seconds = std::str::from_utf8(whole).ok().and_then(|s| s.parse::<i64>().ok());
        let seconds = seconds.filter(|s| *s <= DURATION_MAX_SECONDS).ok_or(DurationError::OutOfRange)?;
        let (seconds, nanos) = if negative { (-seconds, -(nanos as i32)) } else { (seconds, nanos as i32) };
        Ok(Duration { seconds, nanos, ..Duration::default() })
    }
}

/// The unread rest of a text being parsed.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, TimestampError> {
        match self.0.get(..n) {
            Some(digits) if digits.iter().all(u8::is_ascii_digit) => {
                self.0 = &self.0[n..];
                Ok(digits.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
            }
            _ => Err(TimestampError::Parse(what)),
        }
    }

    fn byte(&mut self, expected: u8, what: &'static str) -> Result<(), TimestampError> {
        self.either(expected, expected, what)
    }

    fn either(&mut self, a: u8, b: u8, what: &'static str) -> Result<(), TimestampError> {
        match self.next() {
            Some(got) if got == a || got == b => Ok(()),
            _ => Err(TimestampError::Parse(what)),
        }
    }

    /// An optional `.` and 1 to 9 digits, as nanoseconds.
    fn fraction(&mut self) -> Result<u32, &'static str> {
        if self.0.first() != Some(&b'.') {
            return Ok(0);
        }
        self.0 = &self.0[1..];
        let digits = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return Err("1 to 9 digits after the `.`");
        }
        let mut nanos = 0;
        for i in 0..9 {
            nanos = nanos * 10 + self.0.get(i).filter(|_| i < digits).map_or(0, |d| u32::from(d - b'0'));
        }
        self.0 = &self.0[digits..];
        Ok(nanos)
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the date (negative before it).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    // Years start in March, so that the leap day is the year's last.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u8;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// With the `serde` feature: both types as the JSON mapping's strings
/// (`"1972-01-01T10:00:20.021Z"`, `"1.500s"`), so that messages holding
/// them can derive serde's traits. Serializing an invalid value (see
/// `is_valid`) is an error, as in the JSON mapping.
#[cfg(feature = "serde")]
mod serde_impls {
    use std::fmt;
    use std::marker::PhantomData;
    use std::str::FromStr;

    use serde::de::{self, Deserialize, Deserializer, Visitor};
    use serde::ser::{self, Serialize, Serializer};

    use super::{Duration, Timestamp};

    impl Serialize for Timestamp {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if !self.is_valid() {
                return Err(ser::Error::custom(format_args!("timestamp out of range: {self:?}")));
            }
            serializer.collect_str(self)
        }
    }

    impl Serialize for Duration {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if !self.normalized().is_valid() {
                return Err(ser::Error::custom(format_args!("duration out of range: {self:?}")));
            }
            serializer.collect_str(self)
        }
    }

    /// Parses a string with `T::from_str`.
    struct Parsed<T>(PhantomData<T>);

    impl<T: FromStr<Err: fmt::Display>> Visitor<'_> for Parsed<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string in the protobuf JSON mapping's form")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
    }

    impl<'de> Deserialize<'de> for Timestamp {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(Parsed(PhantomData))
        }
    }

    impl<'de> Deserialize<'de> for Duration {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(Parsed(PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration as StdDuration, SystemTime, UNIX_EPOCH};

    use super::*;

    fn ts(seconds: i64, nanos: i32) -> Timestamp {
        Timestamp { seconds, nanos, ..Timestamp::default() }
    }

    fn dur(seconds: i64, nanos: i32) -> Duration {
        Duration { seconds, nanos, ..Duration::default() }
    }

    #[test]
    fn civil_dates_match_known_day_counts() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(1, 1, 1) * SECONDS_PER_DAY, TIMESTAMP_MIN_SECONDS);
        assert_eq!(days_from_civil(9999, 12, 31) * SECONDS_PER_DAY + 86_399, TIMESTAMP_MAX_SECONDS);
        // Every day of four centuries round-trips, leap days included.
        for days in days_from_civil(1900, 1, 1)..days_from_civil(2300, 1, 1) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
    }

    #[test]
    fn timestamp_normalize() {
        assert_eq!(ts(1, 1_500_000_000).normalized(), ts(2, 500_000_000));
        assert_eq!(ts(1, -1).normalized(), ts(0, 999_999_999));
        assert_eq!(ts(-1, -1_000_000_001).normalized(), ts(-3, 999_999_999));
        assert_eq!(ts(i64::MAX, 1_000_000_000).normalized(), ts(i64::MAX, 999_999_999));
        assert_eq!(ts(i64::MIN, -1).normalized(), ts(i64::MIN, 0));
        assert!(ts(0, 0).is_valid());
        assert!(!ts(0, -1).is_valid());
        assert!(!ts(TIMESTAMP_MAX_SECONDS + 1, 0).is_valid());
        assert!(ts(TIMESTAMP_MIN_SECONDS, 0).is_valid());
        assert!(!ts(TIMESTAMP_MIN_SECONDS - 1, 999_999_999).is_valid());
    }

    #[test]
    fn duration_normalize() {
        assert_eq!(dur(1, -1).normalized(), dur(0, 999_999_999));
        assert_eq!(dur(-1, 1).normalized(), dur(0, -999_999_999));
        assert_eq!(dur(0, -1_500_000_000).normalized(), dur(-1, -500_000_000));
        assert_eq!(dur(2, 2_000_000_001).normalized(), dur(4, 1));
        assert_eq!(dur(i64::MAX, 1_000_000_000).normalized(), dur(i64::MAX, 999_999_999));
        assert_eq!(dur(i64::MIN, -1_000_000_000).normalized(), dur(i64::MIN, -999_999_999));
        assert!(dur(-1, -5).is_valid());
        assert!(!dur(-1, 5).is_valid());
        assert!(dur(DURATION_MAX_SECONDS, 999_999_999).is_valid());
        assert!(!dur(-DURATION_MAX_SECONDS - 1, 0).is_valid());
    }

    #[test]
    fn date_time_constructors() {
        assert_eq!(Timestamp::date(1970, 1, 1), Ok(ts(0, 0)));
        assert_eq!(Timestamp::date_time(1969, 12, 31, 23, 59, 59), Ok(ts(-1, 0)));
        assert_eq!(Timestamp::date_time_nanos(2024, 2, 29, 0, 0, 0, 5), Ok(ts(1_709_164_800, 5)));
        assert_eq!(Timestamp::date(2023, 2, 29), Err(TimestampError::InvalidDateTime));
        assert_eq!(Timestamp::date(1900, 2, 29), Err(TimestampError::InvalidDateTime));
        assert_eq!(Timestamp::date(2000, 13, 1), Err(TimestampError::InvalidDateTime));
        assert_eq!(Timestamp::date_time(2000, 1, 1, 24, 0, 0), Err(TimestampError::InvalidDateTime));
        assert_eq!(Timestamp::date_time(2000, 1, 1, 0, 0, 60), Err(TimestampError::InvalidDateTime));
        assert_eq!(
            Timestamp::date_time_nanos(2000, 1, 1, 0, 0, 0, 1_000_000_000),
            Err(TimestampError::InvalidDateTime)
        );
        assert_eq!(Timestamp::date(0, 1, 1), Err(TimestampError::OutOfRange));
        assert_eq!(Timestamp::date(10_000, 1, 1), Err(TimestampError::OutOfRange));
    }

    #[test]
    fn system_time_conversions() {
        let t = UNIX_EPOCH + StdDuration::new(1_700_000_000, 5);
        assert_eq!(Timestamp::from(t), ts(1_700_000_000, 5));
        assert_eq!(SystemTime::try_from(ts(1_700_000_000, 5)), Ok(t));
        // Before the epoch: nanos still count forward.
        let before = UNIX_EPOCH - StdDuration::new(1, 500_000_000);
        assert_eq!(Timestamp::from(before), ts(-2, 500_000_000));
        assert_eq!(SystemTime::try_from(ts(-2, 500_000_000)), Ok(before));
        let whole = UNIX_EPOCH - StdDuration::from_secs(86_400);
        assert_eq!(Timestamp::from(whole), ts(-86_400, 0));
        // Not normalized: normalized first.
        assert_eq!(SystemTime::try_from(ts(0, -1)), Ok(UNIX_EPOCH - StdDuration::from_nanos(1)));
        let now = SystemTime::now();
        assert_eq!(SystemTime::try_from(Timestamp::from(now)), Ok(now));
        // The ends of i64: held exactly where `SystemTime` is 64-bit seconds
        // (Unix), the error naming the timestamp where it is narrower.
        for extreme in [ts(i64::MAX, 999_999_999), ts(i64::MIN, 0)] {
            match SystemTime::try_from(extreme.clone()) {
                Ok(time) => assert_eq!(Timestamp::from(time), extreme),
                Err(err) => {
                    assert_eq!(err, TimestampError::OutOfSystemRange(extreme));
                    assert!(err.to_string().contains("out of the range of SystemTime"), "{err}");
                }
            }
        }
    }

    #[test]
    fn std_duration_conversions() {
        assert_eq!(Duration::try_from(StdDuration::new(3, 7)), Ok(dur(3, 7)));
        assert_eq!(
            Duration::try_from(StdDuration::from_secs(DURATION_MAX_SECONDS as u64)),
            Ok(dur(DURATION_MAX_SECONDS, 0))
        );
        assert_eq!(
            Duration::try_from(StdDuration::from_secs(DURATION_MAX_SECONDS as u64 + 1)),
            Err(DurationError::OutOfRange)
        );
        assert_eq!(Duration::try_from(StdDuration::MAX), Err(DurationError::OutOfRange));
        assert_eq!(StdDuration::try_from(dur(3, 7)), Ok(StdDuration::new(3, 7)));
        assert_eq!(StdDuration::try_from(dur(1, -1)), Ok(StdDuration::new(0, 999_999_999)));
        assert_eq!(
            StdDuration::try_from(dur(-1, -500_000_000)),
            Err(DurationError::NegativeDuration(StdDuration::new(1, 500_000_000)))
        );
        assert_eq!(StdDuration::try_from(dur(0, -1)), Err(DurationError::NegativeDuration(StdDuration::new(0, 1))));
        assert_eq!(
            StdDuration::try_from(dur(i64::MIN, 0)),
            Err(DurationError::NegativeDuration(StdDuration::from_secs(1 << 63)))
        );
    }

    #[test]
    fn timestamp_display() {
        assert_eq!(ts(0, 0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::date_time_nanos(1972, 1, 1, 10, 0, 20, 21_000_000).unwrap().to_string(),
            "1972-01-01T10:00:20.021Z"
        );
        assert_eq!(ts(0, 10_000).to_string(), "1970-01-01T00:00:00.000010Z");
        assert_eq!(ts(0, 1).to_string(), "1970-01-01T00:00:00.000000001Z");
        assert_eq!(ts(-1, 0).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(ts(0, -1).to_string(), "1969-12-31T23:59:59.999999999Z");
        assert_eq!(ts(TIMESTAMP_MIN_SECONDS, 0).to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(ts(TIMESTAMP_MAX_SECONDS, 999_999_999).to_string(), "9999-12-31T23:59:59.999999999Z");
        // Out of range: still written, in a form that does not parse back.
        assert_eq!(ts(TIMESTAMP_MAX_SECONDS + 1, 0).to_string(), "10000-01-01T00:00:00Z");
        // Year 0 is a leap year.
        assert_eq!(ts(TIMESTAMP_MIN_SECONDS - 366 * 86_400, 0).to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(ts(TIMESTAMP_MIN_SECONDS - 731 * 86_400, 0).to_string(), "-0001-01-01T00:00:00Z");
        assert!(ts(i64::MIN, 0).to_string().ends_with('Z'));
        assert!(ts(i64::MAX, i32::MAX).to_string().ends_with('Z'));
    }

    #[test]
    fn duration_display() {
        assert_eq!(dur(1, 500_000_000).to_string(), "1.500s");
        assert_eq!(dur(0, 0).to_string(), "0s");
        assert_eq!(dur(-3, 0).to_string(), "-3s");
        assert_eq!(dur(0, -1_000_000).to_string(), "-0.001s");
        assert_eq!(dur(-1, -500_000_000).to_string(), "-1.500s");
        assert_eq!(dur(1, 1_000).to_string(), "1.000001s");
        assert_eq!(dur(1, 1).to_string(), "1.000000001s");
        // Normalized first: one second less half a second.
        assert_eq!(dur(1, -500_000_000).to_string(), "0.500s");
        assert_eq!(dur(i64::MIN, 0).to_string(), "-9223372036854775808s");
    }

    #[test]
    fn timestamp_parse() {
        let parse = |s: &str| s.parse::<Timestamp>();
        assert_eq!(parse("1972-01-01T10:00:20.021Z"), Ok(ts(63_108_020, 21_000_000)));
        assert_eq!(parse("1970-01-01t00:00:00z"), Ok(ts(0, 0)));
        assert_eq!(parse("1970-01-01T00:00:00.1Z"), Ok(ts(0, 100_000_000)));
        assert_eq!(parse("1970-01-01T00:00:00.123456789Z"), Ok(ts(0, 123_456_789)));
        assert_eq!(parse("1970-01-01T01:00:00+01:00"), Ok(ts(0, 0)));
        assert_eq!(parse("1969-12-31T19:00:00-05:00"), Ok(ts(0, 0)));
        assert_eq!(parse("1969-12-31T23:59:59.5Z"), Ok(ts(-1, 500_000_000)));
        assert_eq!(parse("0001-01-01T00:00:00Z"), Ok(ts(TIMESTAMP_MIN_SECONDS, 0)));
        assert_eq!(parse("9999-12-31T23:59:59.999999999Z"), Ok(ts(TIMESTAMP_MAX_SECONDS, 999_999_999)));
        // An offset that moves the time out of range.
        assert_eq!(parse("0001-01-01T00:00:00+00:01"), Err(TimestampError::OutOfRange));
        assert_eq!(parse("9999-12-31T23:59:59-00:01"), Err(TimestampError::OutOfRange));
        assert_eq!(parse("0000-01-01T00:00:00Z"), Err(TimestampError::OutOfRange));
        assert_eq!(parse("2023-02-29T00:00:00Z"), Err(TimestampError::InvalidDateTime));
        assert_eq!(parse("2023-01-01T00:00:60Z"), Err(TimestampError::InvalidDateTime));
        assert_eq!(parse("2023-01-01T00:00:00+24:00"), Err(TimestampError::InvalidDateTime));
        for bad in [
            "",
            "1970-01-01",
            "1970-01-01 00:00:00Z",
            "1970-01-01T00:00:00",
            "1970-01-01T00:00:00.Z",
            "1970-01-01T00:00:00.1234567890Z",
            "1970-01-01T00:00:00Zjunk",
            "70-01-01T00:00:00Z",
            "1970-1-01T00:00:00Z",
            "+1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00+0100",
            "１970-01-01T00:00:00Z",
        ] {
            assert!(matches!(parse(bad), Err(TimestampError::Parse(_))), "{bad:?}: {:?}", parse(bad));
        }
        let err = parse("1970-01-01T00:00:00").unwrap_err();
        assert_eq!(err.to_string(), "invalid RFC 3339 timestamp: `Z` or an offset such as `+01:00` after the time");
        // Display and FromStr agree over the whole range.
        for t in
            [ts(TIMESTAMP_MIN_SECONDS, 0), ts(-1, 1), ts(951_782_400, 10_000), ts(TIMESTAMP_MAX_SECONDS, 999_000_000)]
        {
            assert_eq!(parse(&t.to_string()), Ok(t.clone()));
        }
    }

    #[test]
    fn duration_parse() {
        let parse = |s: &str| s.parse::<Duration>();
        assert_eq!(parse("1.5s"), Ok(dur(1, 500_000_000)));
        assert_eq!(parse("0s"), Ok(dur(0, 0)));
        assert_eq!(parse("-0.001s"), Ok(dur(0, -1_000_000)));
        assert_eq!(parse("-1.000000001s"), Ok(dur(-1, -1)));
        assert_eq!(parse("315576000000.999999999s"), Ok(dur(DURATION_MAX_SECONDS, 999_999_999)));
        assert_eq!(parse("-315576000000s"), Ok(dur(-DURATION_MAX_SECONDS, 0)));
        assert_eq!(parse("315576000001s"), Err(DurationError::OutOfRange));
        assert_eq!(parse("99999999999999999999s"), Err(DurationError::OutOfRange));
        for bad in ["", "s", "1", "1.s", ".5s", "1.5", "1.5S", "+1s", "--1s", "1 s", "1.0000000001s", "1sx", "1e3s"] {
            assert!(matches!(parse(bad), Err(DurationError::Parse(_))), "{bad:?}: {:?}", parse(bad));
        }
        for d in [dur(0, 0), dur(-1, -500_000_000), dur(12, 34_000), dur(0, -7)] {
            assert_eq!(parse(&d.to_string()), Ok(d.clone()));
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_uses_the_json_mapping_strings() {
        let t = ts(63_108_020, 21_000_000);
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""1972-01-01T10:00:20.021Z""#);
        assert_eq!(serde_json::from_str::<Timestamp>(r#""1972-01-01T10:00:20.021Z""#).unwrap(), t);
        assert_eq!(serde_json::to_string(&dur(-1, -500_000_000)).unwrap(), r#""-1.500s""#);
        assert_eq!(serde_json::from_str::<Duration>(r#""1.5s""#).unwrap(), dur(1, 500_000_000));
        let err = serde_json::from_str::<Duration>(r#""1.5""#).unwrap_err();
        assert!(err.to_string().contains("invalid duration"), "{err}");
        assert!(serde_json::to_string(&ts(TIMESTAMP_MAX_SECONDS + 1, 0)).is_err());
        assert!(serde_json::to_string(&dur(DURATION_MAX_SECONDS + 1, 0)).is_err());
    }
}

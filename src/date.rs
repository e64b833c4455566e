//! Calendar dates as `YYYY-MM-DD`, enough for incident dates and the expiry
//! of audit suppressions, and UTC instants ([`Timestamp`]) for when an
//! incident was discovered and when an audit record was written, without a
//! time-zone database.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl Date {
    /// Days from 1970-01-01 to this date (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError;

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date as YYYY-MM-DD")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let mut parts = text.split('-');
        let (Some(year), Some(month), Some(day), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError);
        };
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
            return Err(DateError);
        }
        let date = Date {
            year: year.parse().map_err(|_| DateError)?,
            month: month.parse().map_err(|_| DateError)?,
            day: day.parse().map_err(|_| DateError)?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days_in_month = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(DateError),
        };
        if date.day == 0 || date.day > days_in_month {
            return Err(DateError);
        }
        Ok(date)
    }
}

/// An instant in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub seconds: i64,
}

impl Timestamp {
    /// The first second of `date`.
    pub fn start_of(date: Date) -> Timestamp {
        Timestamp {
            seconds: date.days_since_epoch() * 86_400,
        }
    }

    /// This instant moved by `hours` (negative moves back).
    pub fn plus_hours(self, hours: i64) -> Timestamp {
        Timestamp {
            seconds: self.seconds + hours * 3_600,
        }
    }

    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.seconds.div_euclid(86_400))
    }

    /// `2017-06-23T10:05:00Z`: the form every output prints.
    pub fn iso(self) -> String {
        let second = self.seconds.rem_euclid(86_400);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            second / 3_600,
            second / 60 % 60,
            second % 60
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Timestamp {
    /// A date alone (its first second, `false`) or a UTC time (`true`): the
    /// forms an incident's `discovered` may take.
    pub fn parse_day_or_time(text: &str) -> Result<(Timestamp, bool), TimestampError> {
        if text.contains('T') {
            Ok((text.parse()?, true))
        } else {
            let date: Date = text.parse().map_err(|_| TimestampError)?;
            Ok((Timestamp::start_of(date), false))
        }
    }
}

/// Why a text is not an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError;

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a UTC time as YYYY-MM-DDTHH:MM:SS (optionally with fractions and Z)")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z]`, read as UTC (a fraction is
    /// dropped). An offset other than `Z` is refused rather than guessed.
    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        let (day, time) = text.split_once('T').ok_or(TimestampError)?;
        let date: Date = day.parse().map_err(|_| TimestampError)?;
        let time = time.strip_suffix('Z').unwrap_or(time);
        let time = match time.split_once('.') {
            Some((whole, fraction))
                if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
            {
                whole
            }
            Some(_) => return Err(TimestampError),
            None => time,
        };
        let mut fields = time.split(':');
        let mut field = |max: i64| -> Result<Option<i64>, TimestampError> {
            match fields.next() {
                None => Ok(None),
                Some(part) if part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()) => {
                    let value: i64 = part.parse().map_err(|_| TimestampError)?;
                    if value > max {
                        Err(TimestampError)
                    } else {
                        Ok(Some(value))
                    }
                }
                Some(_) => Err(TimestampError),
            }
        };
        let hour = field(23)?.ok_or(TimestampError)?;
        let minute = field(59)?.ok_or(TimestampError)?;
        let second = field(60)?.unwrap_or(0).min(59);
        if fields.next().is_some() {
            return Err(TimestampError);
        }
        Ok(Timestamp {
            seconds: Timestamp::start_of(date).seconds + hour * 3_600 + minute * 60 + second,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_epoch_round_trip() {
        for days in [-800_000, -1, 0, 1, 11_016, 17_340, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn timestamps_parse_as_utc() {
        let t: Timestamp = "2017-06-23T10:05:07.1234567".parse().unwrap();
        assert_eq!(t.iso(), "2017-06-23T10:05:07Z");
        assert_eq!(
            "2017-06-23T10:05Z".parse::<Timestamp>().unwrap().iso(),
            "2017-06-23T10:05:00Z"
        );
        assert_eq!(
            Timestamp::start_of("2017-06-23".parse().unwrap())
                .plus_hours(72)
                .iso(),
            "2017-06-26T00:00:00Z"
        );
        for bad in [
            "2017-06-23",
            "2017-06-23T25:00",
            "2017-06-23T10:05+01:00",
            "2017-06-23T10",
            "2017-06-23T10:05:07.",
            "23/06/2017 10:05:07",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn days_since_epoch_become_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(17_340).to_string(),
            "2017-06-23"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn parsing_checks_the_calendar() {
        assert_eq!(
            "2017-06-23".parse(),
            Ok(Date {
                year: 2017,
                month: 6,
                day: 23
            })
        );
        assert!("2017-02-29".parse::<Date>().is_err());
        assert!("2016-02-29".parse::<Date>().is_ok());
        assert!("2017-6-23".parse::<Date>().is_err());
        assert!("2017-13-01".parse::<Date>().is_err());
    }
}

//! How the replayed state is kept in the snapshot cache: fields the compact binary format
//! cannot carry as they are (events, whose empty optional fields are left out) as JSON text,
//! and dates as day numbers.

/// A value (events, or events by key) as one JSON text, for the snapshot cache.
pub(super) mod as_json {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(value)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        serde_json::from_str(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A date as its day number from the common era, for the snapshot cache.
pub(super) mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<i32>::deserialize(d)? {
            None => Ok(None),
            Some(n) => NaiveDate::from_num_days_from_ce_opt(n)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("day number out of range")),
        }
    }
}

//! Helpers for the fields of the scenario file, shared by its schema (`scenario`) and the
//! financing schemes' own fields (`finance`), so neither reaches into the other: maps whose
//! keys must be unique (RON itself keeps the last of two equal keys, so a second triage row
//! or need level would silently replace the first), and defaults; and for the results files,
//! numbers that JSON writes as `null` when they are not finite.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A map read from the scenario that rejects a key given twice.
pub struct UniqueMap<K, V>(pub BTreeMap<K, V>);

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + Ord + fmt::Debug,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys<K, V>(PhantomData<(K, V)>);
        impl<'de, K, V> Visitor<'de> for Keys<K, V>
        where
            K: Deserialize<'de> + Ord + fmt::Debug,
            V: Deserialize<'de>,
        {
            type Value = UniqueMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map with each key once")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((k, v)) = access.next_entry::<K, V>()? {
                    if map.contains_key(&k) {
                        return Err(de::Error::custom(format!(
                            "{k:?} is given twice in this map; give each key once"
                        )));
                    }
                    map.insert(k, v);
                }
                Ok(UniqueMap(map))
            }
        }
        d.deserialize_map(Keys(PhantomData))
    }
}

/// `deserialize_with` for a map field.
pub fn map<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Debug,
    V: Deserialize<'de>,
{
    UniqueMap::deserialize(d).map(|m| m.0)
}

/// `deserialize_with` for a map of maps (the triage table).
pub fn nested<'de, D, V>(d: D) -> Result<BTreeMap<String, BTreeMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    let outer: UniqueMap<String, UniqueMap<String, V>> = UniqueMap::deserialize(d)?;
    Ok(outer.0.into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// `#[serde(default = "crate::fields::one")]`: a factor or share that is 1 unless given.
pub fn one() -> f64 {
    1.0
}

/// `#[serde(default = "crate::fields::one_u32")]`: a count of 1 unless given.
pub fn one_u32() -> u32 {
    1
}

/// `deserialize_with` for a number a file may hold as `null` (JSON has no NaN: serde_json
/// writes a non-finite number as `null`): `null` reads back as NaN.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// `number` for a pair (a confidence interval).
pub fn pair<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
    let [a, b] = <[Option<f64>; 2]>::deserialize(d)?;
    Ok([a.unwrap_or(f64::NAN), b.unwrap_or(f64::NAN)])
}

/// `number` for a list of numbers.
pub fn numbers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<Option<f64>>::deserialize(d)?
        .into_iter()
        .map(|x| x.unwrap_or(f64::NAN))
        .collect())
}

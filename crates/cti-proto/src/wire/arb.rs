//! Proptest strategies for the wire's building blocks (feature `proptest`): small
//! collections, JSON kept raw, and extra fields that never collide with a known field.

use proptest::prelude::*;

use super::raw::{Extra, RawJson};

/// The strategy of a field type: like `Arbitrary`, with collections kept small (0 to 2
/// items) so that nested messages stay small.
pub trait Gen: Sized + std::fmt::Debug {
    /// The strategy.
    fn gen() -> BoxedStrategy<Self>;
}

macro_rules! gen_from_any {
    ($($t:ty),*) => {$(
        impl Gen for $t {
            fn gen() -> BoxedStrategy<Self> {
                any::<$t>().boxed()
            }
        }
    )*};
}

gen_from_any!(String, bool, i32, i64, RawJson, Extra);

impl Gen for smol_str::SmolStr {
    fn gen() -> BoxedStrategy<Self> {
        any::<String>().prop_map(smol_str::SmolStr::from).boxed()
    }
}

impl<T: Gen + 'static> Gen for Vec<T> {
    fn gen() -> BoxedStrategy<Self> {
        prop::collection::vec(T::gen(), 0..3).boxed()
    }
}

/// Implements `Gen` for wire types through their `Arbitrary`.
macro_rules! gen_via_arbitrary {
    ($($t:ty),*) => {$(
        #[cfg(feature = "proptest")]
        impl $crate::wire::arb::Gen for $t {
            fn gen() -> proptest::strategy::BoxedStrategy<Self> {
                proptest::strategy::Strategy::boxed(proptest::arbitrary::any::<$t>())
            }
        }
    )*};
}

/// A small JSON value of any kind.
pub(crate) fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

impl Arbitrary for RawJson {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        json_value().prop_map(|v| RawJson::from_value(&v)).boxed()
    }
}

impl Arbitrary for Extra {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        // The wire never uses keys starting with "x-", so these never shadow a field.
        prop::collection::vec(("x-[a-z]{1,6}", any::<RawJson>()), 0..2)
            .prop_map(|fields| {
                let mut extra = Extra::new();
                let mut seen = std::collections::BTreeSet::new();
                for (key, value) in fields {
                    if seen.insert(key.clone()) {
                        extra.push(key, value);
                    }
                }
                extra
            })
            .boxed()
    }
}

pub(crate) use gen_via_arbitrary;

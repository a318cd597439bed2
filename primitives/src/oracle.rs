//! Reading the oracle: how pallets see `pallet-oracle`'s aggregated values without depending on
//! its storage.

use crate::{OracleKey, OracleValue};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// One aggregated oracle value and when it was fed.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Reading {
	/// The value (price, supply or TVL; see [`OracleKey`]).
	pub value: OracleValue,
	/// When the value was fed, in milliseconds since the Unix epoch.
	pub timestamp_ms: u64,
}

/// Source of oracle values. Judging freshness is the caller's business: a provider returns the
/// last aggregated value, however old, and its timestamp.
pub trait PriceProvider {
	/// The last aggregated value for `key`, if any was ever fed.
	fn reading(key: &OracleKey) -> Option<Reading>;
}

/// No oracle: every key is missing.
impl PriceProvider for () {
	fn reading(_: &OracleKey) -> Option<Reading> {
		None
	}
}

/// One feeder's last value next to the aggregated one: what an outlier report is judged on.
pub trait FeedCheck<AccountId> {
	/// `feeder`'s last value for `key` and the aggregated value, if both exist.
	fn feed(feeder: &AccountId, key: &OracleKey) -> Option<(Reading, Reading)>;
}

/// No oracle: no feeds.
impl<AccountId> FeedCheck<AccountId> for () {
	fn feed(_: &AccountId, _: &OracleKey) -> Option<(Reading, Reading)> {
		None
	}
}

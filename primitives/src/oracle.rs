//! Reading the oracle: how pallets see `pallet-oracle`'s aggregated values without depending on
//! its storage.

use crate::{Balance, OracleKey, OracleValue};
use alloc::vec::Vec;
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

/// Why a feed cannot be judged.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum FeedIssue {
	/// The feeder has no value for the key.
	NoFeed,
	/// Too little of the other feeders' stake fed around the same time to judge it against.
	NoReference,
}

/// One feeder's last value next to a reference to judge it by: what the rest of the oracle's
/// stake fed around the same time. What an outlier report is judged on.
pub trait FeedCheck<AccountId> {
	/// `feeder`'s last value for `key` and the reference value.
	fn feed(feeder: &AccountId, key: &OracleKey) -> Result<(Reading, Reading), FeedIssue>;
}

/// No oracle: no feeds.
impl<AccountId> FeedCheck<AccountId> for () {
	fn feed(_: &AccountId, _: &OracleKey) -> Result<(Reading, Reading), FeedIssue> {
		Err(FeedIssue::NoFeed)
	}
}

/// The oracle's feeders and the weight of each: the value of the slashable stake behind it
/// (SLC units), counted only once it has been at risk for a delay.
pub trait FeederSet<AccountId> {
	/// The feeders with a non-zero weight, sorted by account.
	fn feeders() -> Vec<(AccountId, Balance)>;
}

/// No feeders.
impl<AccountId> FeederSet<AccountId> for () {
	fn feeders() -> Vec<(AccountId, Balance)> {
		Vec::new()
	}
}

/// Where checked feeds go: the oracle that keeps each feeder's last value per key and combines
/// them.
pub trait FeedSink<AccountId> {
	/// Records `who`'s `value` for `key` and combines the key's values again.
	fn feed(who: &AccountId, key: &OracleKey, value: OracleValue) -> sp_runtime::DispatchResult;
	/// Forgets the values `feeders` fed for `key`.
	fn clear(key: &OracleKey, feeders: &[AccountId]);
	/// Forgets up to `limit` of the values `feeder` fed; whether none is left.
	fn forget(feeder: &AccountId, limit: u32) -> bool;
}

//! The oracle: `pallet-oracle` keeps each feeder's last value per key; `pallet-oracle-feeds` is
//! the only way in for signed feeders (the direct `feed_values` is filtered out, see
//! `system.rs`). The feeders are a snapshot of the restaking oracle service's members, each
//! weighted by the counted stake it allocates (DESIGN §3.4), and a key's value is their
//! **stake-weighted median**, taken only when more than half of the feeders' stake has fed it
//! recently: one entity splitting a little stake over many operators moves nothing.

use crate::{AccountId, OracleFeeds, OracleKey, OracleValue, Runtime};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, Time},
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_oracle::{CombineData, DataFeeder, RawValues, TimestampedValue, Values};
use sluice_math::median::{total_weight, weighted_median};
use sluice_primitives::{oracle::FeedSink, Balance};

/// Most feeders in the snapshot (the oracle service's most operators).
pub const MAX_FEEDERS: u32 = 64;

/// A feeder's value counts for 10 minutes.
pub const VALUE_LIFETIME_MS: u64 = 600_000;

parameter_types! {
	/// The oracle's pallet id; its account is the feeder when root feeds values.
	pub const OraclePalletId: PalletId = PalletId(*b"slc/orcl");
}

/// Whether `weight` is more than half of `total`: what it takes to set or judge a value.
pub fn quorum(weight: Balance, total: Balance) -> bool {
	weight > total / 2 && weight > 0
}

/// A timestamped oracle value as `pallet-oracle` keeps it.
pub type Timestamped = TimestampedValue<OracleValue, u64>;

/// The stake-weighted median of the snapshot's feeders' live values for a key, if more than
/// half of their stake is behind live values; otherwise the previous value stands (stale data
/// is the consumers' to refuse). Values fed by root (the pallet account) are not counted.
pub struct StakeWeightedMedian;
impl CombineData<OracleKey, Timestamped> for StakeWeightedMedian {
	fn combine_data(
		key: &OracleKey,
		_: Vec<Timestamped>,
		previous: Option<Timestamped>,
	) -> Option<Timestamped> {
		let now = crate::Timestamp::now();
		let feeders = OracleFeeds::feeders();
		let total = total_weight(&feeders).unwrap_or(0);
		let mut live: Vec<((OracleValue, u64), Balance)> = feeders
			.iter()
			.filter_map(|(who, weight)| {
				let v = RawValues::<Runtime>::get(who, key)?;
				(v.timestamp.saturating_add(VALUE_LIFETIME_MS) > now)
					.then_some(((v.value, v.timestamp), *weight))
			})
			.collect();
		if !quorum(total_weight(&live).unwrap_or(0), total) {
			return previous;
		}
		weighted_median(&mut live)
			.map(|(value, timestamp)| TimestampedValue { value, timestamp })
			.or(previous)
	}
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	type CombineData = StakeWeightedMedian;
	type Time = crate::Timestamp;
	type OracleKey = OracleKey;
	type OracleValue = OracleValue;
	type PalletId = OraclePalletId;
	/// The feeder snapshot.
	type Members = OracleFeeds;
	type WeightInfo = pallet_oracle::weights::SubstrateWeight<Runtime>;
	type MaxHasDispatchedSize = ConstU32<MAX_FEEDERS>;
	type MaxFeedValues = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Checked feeds go into `pallet-oracle`.
pub struct OracleSink;
impl FeedSink<AccountId> for OracleSink {
	fn feed(who: &AccountId, key: &OracleKey, value: OracleValue) -> sp_runtime::DispatchResult {
		<crate::Oracle as DataFeeder<OracleKey, OracleValue, AccountId>>::feed_value(
			Some(who.clone()),
			key.clone(),
			value,
		)
	}

	fn clear(key: &OracleKey, feeders: &[AccountId]) {
		for feeder in feeders {
			RawValues::<Runtime>::remove(feeder, key);
		}
		Values::<Runtime>::remove(key);
	}
}

impl pallet_oracle_feeds::Config for Runtime {
	type Feeders = crate::Restaking;
	type Sink = OracleSink;
	/// `pallet-oracle` forgets the values of feeders who leave.
	type MembersChanged = crate::Oracle;
	/// Root registers the assets the chain prices (genesis registers the genesis assets').
	type RegisterOrigin = EnsureRoot<AccountId>;
	type MaxFeeders = ConstU32<MAX_FEEDERS>;
	type MaxFeeds = ConstU32<64>;
	type MaxFeedValues = ConstU32<32>;
	/// A feed of up to 8 values is free, once per block per feeder.
	type FreeValues = ConstU32<8>;
	/// A new snapshot every 10 blocks (stake counts only after a 31–60-block warm-up anyway).
	type RefreshInterval = ConstU32<10>;
	// Until the benchmarks of this commit are generated (the next commit).
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::OracleFeedsBenchmarkHelper;
}

/// What the oracle benchmarks set up with the real feeder set and the real oracle.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{configs::restaking::ORACLE_SERVICE, Restaking, RuntimeOrigin, SLC};
	use frame_benchmarking::account;
	use frame_support::traits::fungible::Mutate;
	use sluice_primitives::AssetKind;
	use sp_runtime::{traits::Get, Perbill};

	/// Makes the oracle service hold `n` feeders (new operators bonding 20 000 SLC each, warmed
	/// up and allocated) and returns the feeders.
	pub fn oracle_feeders(n: u32) -> Vec<AccountId> {
		let existing = Restaking::oracle_feeders().len() as u32;
		let new: Vec<AccountId> = (existing..n).map(|i| account("oracle-feeder", i, 0)).collect();
		for who in &new {
			let _ = crate::Balances::mint_into(who, 100_000 * SLC);
			Restaking::register_operator(
				RuntimeOrigin::signed(who.clone()),
				Perbill::from_percent(5),
				20_000 * SLC,
			)
			.expect("registers");
		}
		let warmup: u32 = <Runtime as pallet_restaking::Config>::StakeWarmup::get();
		let delay: u32 = <Runtime as pallet_restaking::Config>::AllocationDelay::get();
		let skip = |blocks: u32| {
			crate::System::set_block_number(crate::System::block_number() + blocks);
		};
		skip(2 * warmup);
		for who in &new {
			Restaking::allocate(RuntimeOrigin::signed(who.clone()), ORACLE_SERVICE, Perbill::one())
				.expect("allocates");
		}
		skip(delay);
		Restaking::oracle_feeders().into_iter().map(|(who, _)| who).collect()
	}

	/// A fresh value of 1 from each of `feeders` for each of `keys`.
	pub fn prefill(feeders: &[AccountId], keys: &[OracleKey], value: OracleValue) {
		let timestamp = crate::Timestamp::now();
		for feeder in feeders {
			for key in keys {
				RawValues::<Runtime>::insert(feeder, key, TimestampedValue { value, timestamp });
			}
		}
	}

	/// Keys the benchmarks feed: prices of made-up assets.
	pub fn keys(n: u32) -> Vec<OracleKey> {
		(0..n).map(|i| OracleKey::Price(AssetKind::WithId(100_000 + i))).collect()
	}

	pub struct OracleFeedsBenchmarkHelper;
	impl pallet_oracle_feeds::benchmarking::BenchmarkHelper<AccountId> for OracleFeedsBenchmarkHelper {
		fn keys(n: u32) -> Vec<OracleKey> {
			keys(n)
		}
		fn feeders(n: u32) -> Vec<AccountId> {
			oracle_feeders(n)
		}
		fn prefill(feeders: &[AccountId], keys: &[OracleKey]) {
			prefill(feeders, keys, OracleValue::from_u32(1))
		}
	}
}

//! The adapters a runtime plugs into `pallet-oracle` and restaking so that both go by the
//! feeder snapshot's stake:
//! - [`StakeWeightedMedian`], `pallet-oracle`'s `CombineData`: a key's value is the
//!   stake-weighted median of the snapshot's live values, taken only when more than half of the
//!   snapshot's whole stake fed values within `Band` of it (values fed by root are not counted);
//! - [`OracleSink`], this pallet's `Sink`: feeds go into `pallet-oracle`;
//! - [`FeedReference`], restaking's `FeedCheck`: a feed is judged against the stake-weighted
//!   median of what the other feeders fed in the `Window` (ms) after it, when more than half of
//!   the snapshot's whole stake fed values within `Band` of that median. Values older than the feed are left out (the market may have moved
//!   since), so the first honest feeder in a price move has nothing to be judged against until
//!   the others catch up, and a value is never judged against a market that moved long after.

use crate::pallet::{Config, Pallet};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::traits::{Get, Time};
use pallet_oracle::{CombineData, DataFeeder, RawValues, TimestampedValue, Values};
use sluice_math::median::{agreed_median, total_weight};
use sluice_primitives::{
	oracle::{FeedCheck, FeedIssue, FeedSink, Reading},
	Balance, OracleKey, OracleValue,
};

/// A value as `pallet-oracle` keeps it, timestamped in milliseconds.
pub type Timestamped = TimestampedValue<OracleValue, u64>;

/// `pallet-oracle`'s `CombineData`: the stake-weighted median of the snapshot's values younger
/// than `Lifetime` ms, if more than half of the snapshot's whole stake fed values within `Band`
/// of it; otherwise the previous value stands (stale data is the consumers' to refuse).
pub struct StakeWeightedMedian<T, Lifetime, Band>(PhantomData<(T, Lifetime, Band)>);

impl<T, Lifetime, Band> CombineData<OracleKey, Timestamped>
	for StakeWeightedMedian<T, Lifetime, Band>
where
	T: Config + pallet_oracle::Config<OracleKey = OracleKey, OracleValue = OracleValue>,
	<T as pallet_oracle::Config>::Time: Time<Moment = u64>,
	Lifetime: Get<u64>,
	Band: Get<sp_runtime::Perbill>,
{
	fn combine_data(
		key: &OracleKey,
		_: Vec<Timestamped>,
		previous: Option<Timestamped>,
	) -> Option<Timestamped> {
		let now = <T as pallet_oracle::Config>::Time::now();
		let feeders = Pallet::<T>::feeders();
		let total = total_weight(&feeders).unwrap_or(0);
		let mut live: Vec<((OracleValue, u64), Balance)> = feeders
			.iter()
			.filter_map(|(who, weight)| {
				let v = RawValues::<T>::get(who, key)?;
				(v.timestamp.saturating_add(Lifetime::get()) > now)
					.then_some(((v.value, v.timestamp), *weight))
			})
			.collect();
		agreed_median(&mut live, total, Band::get())
			.map(|(value, timestamp)| TimestampedValue { value, timestamp })
			.or(previous)
	}
}

/// This pallet's `Sink`: checked feeds go into `pallet-oracle`.
pub struct OracleSink<T>(PhantomData<T>);

impl<T> FeedSink<T::AccountId> for OracleSink<T>
where
	T: Config + pallet_oracle::Config<OracleKey = OracleKey, OracleValue = OracleValue>,
{
	fn feed(who: &T::AccountId, key: &OracleKey, value: OracleValue) -> sp_runtime::DispatchResult {
		<pallet_oracle::Pallet<T> as DataFeeder<OracleKey, OracleValue, T::AccountId>>::feed_value(
			Some(who.clone()),
			key.clone(),
			value,
		)
	}

	fn clear(key: &OracleKey, feeders: &[T::AccountId]) {
		for feeder in feeders {
			RawValues::<T>::remove(feeder, key);
		}
		Values::<T>::remove(key);
	}

	fn forget(feeder: &T::AccountId, limit: u32) -> bool {
		RawValues::<T>::clear_prefix(feeder, limit, None).maybe_cursor.is_none()
	}
}

/// Restaking's `FeedCheck`: a feeder's last value and its reference (see the module's docs).
pub struct FeedReference<T, Window, Band>(PhantomData<(T, Window, Band)>);

impl<T, Window, Band> FeedCheck<T::AccountId> for FeedReference<T, Window, Band>
where
	T: Config + pallet_oracle::Config<OracleKey = OracleKey, OracleValue = OracleValue>,
	<T as pallet_oracle::Config>::Time: Time<Moment = u64>,
	Window: Get<u64>,
	Band: Get<sp_runtime::Perbill>,
{
	fn feed(feeder: &T::AccountId, key: &OracleKey) -> Result<(Reading, Reading), FeedIssue> {
		let own = RawValues::<T>::get(feeder, key).ok_or(FeedIssue::NoFeed)?;
		let feeders = Pallet::<T>::feeders();
		let total = total_weight(&feeders).unwrap_or(0);
		let until = own.timestamp.saturating_add(Window::get());
		let mut after: Vec<((OracleValue, u64), Balance)> = feeders
			.iter()
			.filter(|(who, _)| who != feeder)
			.filter_map(|(who, weight)| {
				let v = RawValues::<T>::get(who, key)?;
				(v.timestamp >= own.timestamp && v.timestamp <= until)
					.then_some(((v.value, v.timestamp), *weight))
			})
			.collect();
		let (value, timestamp_ms) =
			agreed_median(&mut after, total, Band::get()).ok_or(FeedIssue::NoReference)?;
		Ok((
			Reading { value: own.value, timestamp_ms: own.timestamp },
			Reading { value, timestamp_ms },
		))
	}
}

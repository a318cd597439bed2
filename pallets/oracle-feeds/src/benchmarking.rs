//! Benchmarks (v2 syntax): `feed` with the runtime's real oracle at the largest feeder set, the
//! key registry, and the snapshot with the runtime's real feeder set.

use super::*;
use crate::pallet::{Call, Config, Feeders, Pallet};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sluice_primitives::{OracleKey, OracleValue};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// `n` registered keys, distinct.
	fn keys(n: u32) -> Vec<OracleKey>;
	/// Makes `n` accounts feeders of the real feeder set (stake allocated and warmed up) and
	/// returns them.
	fn feeders(n: u32) -> Vec<AccountId>;
	/// Gives every one of `feeders` a fresh value for each of `keys` in the oracle (so a feed
	/// combines the largest set of values).
	fn prefill(feeders: &[AccountId], keys: &[OracleKey]);
}

fn value(i: u32) -> OracleValue {
	OracleValue::from_u32(i.saturating_add(1))
}

/// The largest snapshot of the real feeder set, with values fed for `keys`.
fn full_set<T: Config>(keys: &[OracleKey]) -> Vec<T::AccountId> {
	let feeders = T::BenchmarkHelper::feeders(T::MaxFeeders::get());
	Pallet::<T>::refresh();
	T::BenchmarkHelper::prefill(&feeders, keys);
	assert_eq!(Feeders::<T>::get().len(), feeders.len(), "every feeder is in the snapshot");
	feeders
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn feed(v: Linear<1, { T::MaxFeedValues::get() }>) {
		// `v` registered keys.
		let keys = T::BenchmarkHelper::keys(v);
		for key in &keys {
			if !crate::pallet::Feeds::<T>::contains_key(key) {
				Pallet::<T>::do_register_feed(key.clone()).expect("registers");
			}
		}
		let feeders = full_set::<T>(&keys);
		let who = feeders.first().cloned().expect("a feeder");
		let values: Vec<_> =
			keys.iter().enumerate().map(|(i, k)| (k.clone(), value(i as u32))).collect();
		let values: BoundedVec<_, T::MaxFeedValues> = values.try_into().expect("fits");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), values);
	}

	#[benchmark]
	fn register_feed() -> Result<(), BenchmarkError> {
		let key = T::BenchmarkHelper::keys(T::MaxFeeds::get()).pop().expect("a key");
		crate::pallet::Feeds::<T>::remove(&key);
		let origin =
			T::RegisterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);
		Ok(())
	}

	#[benchmark]
	fn remove_feed() -> Result<(), BenchmarkError> {
		let key = T::BenchmarkHelper::keys(1).pop().expect("a key");
		if !crate::pallet::Feeds::<T>::contains_key(&key) {
			Pallet::<T>::do_register_feed(key.clone()).expect("registers");
		}
		full_set::<T>(core::slice::from_ref(&key));
		let origin =
			T::RegisterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);
		Ok(())
	}

	/// A snapshot of `f` real feeders replacing `MaxFeeders` others, each with a value for
	/// `MaxFeeds` keys to forget.
	#[benchmark]
	fn refresh(f: Linear<1, { T::MaxFeeders::get() }>) {
		let old: Vec<T::AccountId> =
			(0..T::MaxFeeders::get()).map(|i| account("leaving", i, 0)).collect();
		let mut snapshot: Vec<_> = old.iter().cloned().map(|a| (a, 1)).collect();
		snapshot.sort();
		Feeders::<T>::put(BoundedVec::truncate_from(snapshot));
		T::BenchmarkHelper::prefill(&old, &T::BenchmarkHelper::keys(T::MaxFeeds::get()));
		let new = T::BenchmarkHelper::feeders(f);
		#[block]
		{
			Pallet::<T>::refresh();
		}
		assert_eq!(Feeders::<T>::get().len(), new.len());
	}

	/// One leaver with a value for each of `MaxFeeds` keys.
	#[benchmark]
	fn forget() {
		let leaver: T::AccountId = account("leaving", 0, 0);
		T::BenchmarkHelper::prefill(
			core::slice::from_ref(&leaver),
			&T::BenchmarkHelper::keys(T::MaxFeeds::get()),
		);
		crate::pallet::Leavers::<T>::insert(&leaver, ());
		#[block]
		{
			Pallet::<T>::forget_one();
		}
		assert!(!crate::pallet::Leavers::<T>::contains_key(&leaver));
	}

	#[benchmark]
	fn idle() {
		#[block]
		{
			let _ = <Pallet<T> as frame_support::traits::Hooks<_>>::on_initialize(1u32.into());
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

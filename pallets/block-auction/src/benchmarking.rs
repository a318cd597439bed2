//! Benchmarks of the call and the hook (v2 syntax).

use super::*;
use crate::pallet::{Best, Call, Config, Pallet};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get, Hooks};
use frame_system::RawOrigin;
use sp_runtime::traits::{One, Saturating};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, T::MinBid::get().saturating_mul(1_000_000));
	who
}

fn remarks<T: Config>(c: u32) -> Vec<<T as Config>::RuntimeCall> {
	(0..c).map(|_| frame_system::Call::<T>::remark { remark: vec![] }.into()).collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the bundle outbids (and releases) an earlier one.
	#[benchmark]
	fn submit_bundle(c: Linear<1, { T::MaxCallsPerBundle::get() }>) {
		let rival = funded::<T>("rival", 0);
		let bid = T::MinBid::get();
		assert!(Pallet::<T>::submit_bundle(RawOrigin::Signed(rival).into(), remarks::<T>(1), bid)
			.is_ok());
		let searcher = funded::<T>("searcher", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(searcher.clone()), remarks::<T>(c), bid.saturating_mul(2));
		assert_eq!(Best::<T>::get().map(|b| b.searcher), Some(searcher));
	}

	#[benchmark]
	fn on_initialize_empty() {
		let n = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
	}

	/// A bundle of `c` empty remarks (the calls' own weight is added from their declared
	/// weight).
	#[benchmark]
	fn on_initialize_bundle(c: Linear<1, { T::MaxCallsPerBundle::get() }>) {
		let searcher = funded::<T>("searcher", 0);
		assert!(Pallet::<T>::submit_bundle(
			RawOrigin::Signed(searcher).into(),
			remarks::<T>(c),
			T::MinBid::get()
		)
		.is_ok());
		let n = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(n);
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert!(Best::<T>::get().is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

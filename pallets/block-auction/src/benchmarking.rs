//! Benchmarks of the call and the hook (v2 syntax).

use super::*;
use crate::pallet::{Best, Call, Config, Pallet, Pending};
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

/// A bundle of `c` remarks has won the next block, which has begun: its bid is paid and the
/// bundle waits in `Pending`. Returns the block number.
fn won_bundle<T: Config>(c: u32) -> frame_system::pallet_prelude::BlockNumberFor<T> {
	let searcher = funded::<T>("searcher", 0);
	assert!(Pallet::<T>::submit_bundle(
		RawOrigin::Signed(searcher).into(),
		remarks::<T>(c),
		T::MinBid::get()
	)
	.is_ok());
	let n = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
	frame_system::Pallet::<T>::set_block_number(n);
	Pallet::<T>::on_initialize(n);
	n
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

	/// Closing the auction: the winner's bid is paid to the MEV sink and its bundle, as large as
	/// a bundle may be, moves to `Pending`.
	#[benchmark]
	fn on_initialize_bundle() {
		let searcher = funded::<T>("searcher", 0);
		assert!(Pallet::<T>::submit_bundle(
			RawOrigin::Signed(searcher).into(),
			remarks::<T>(T::MaxCallsPerBundle::get()),
			T::MinBid::get()
		)
		.is_ok());
		let n = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(n);
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert!(Best::<T>::get().is_none() && Pending::<T>::get().is_some());
	}

	/// The bundle inherent with `c` empty remarks (the calls' own weight is added from their
	/// declared weight).
	#[benchmark]
	fn execute_bundle(c: Linear<1, { T::MaxCallsPerBundle::get() }>) {
		won_bundle::<T>(c);
		let weight = Pending::<T>::get().map(|b| b.weight).unwrap_or_default();
		#[extrinsic_call]
		_(RawOrigin::None, c, weight);
		assert!(Pending::<T>::get().is_none());
	}

	/// `on_finalize` removing a bundle the block did not run.
	#[benchmark]
	fn on_finalize_skipped() {
		let n = won_bundle::<T>(T::MaxCallsPerBundle::get());
		#[block]
		{
			Pallet::<T>::on_finalize(n);
		}
		assert!(Pending::<T>::get().is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

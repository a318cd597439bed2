//! Benchmarks of every call and of the era hook (v2 syntax).

use super::*;
use crate::pallet::{Call, Config, Pallet, Paused, Pool, Withdrawals};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, EnsureOrigin, Get, Hooks};
use frame_system::RawOrigin;
use sluice_primitives::{staking::PoolStaking, Balance};
use sp_runtime::traits::Zero;

/// What the benchmarks need from the staking system beyond [`PoolStaking`].
pub trait BenchmarkHelper<AccountId> {
	/// Makes a reward of the pool claimable; returns the validator and era to claim.
	fn prepare_payout(pool: &AccountId) -> (AccountId, sluice_primitives::staking::EraIndex);
	/// Moves the staking system to `era`.
	fn set_era(era: sluice_primitives::staking::EraIndex);
	/// Registers `n` validators the pool may nominate.
	fn add_candidates(n: u32);
	/// Makes `who` exposed to `validator` in `era`.
	fn expose(who: &AccountId, era: sluice_primitives::staking::EraIndex, validator: &AccountId);
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::Currency::set_balance(&who, T::MinStake::get().saturating_mul(1_000_000));
	who
}

fn amount<T: Config>() -> Balance {
	T::MinStake::get().saturating_mul(1_000)
}

fn next_era<T: Config>() {
	let era = T::Staking::current_era().saturating_add(1);
	T::BenchmarkHelper::set_era(era);
	Pallet::<T>::on_initialize(frame_system::Pallet::<T>::block_number());
}

/// `who` stakes, the era turns so the buffer is bonded, and `who` fills all but one of its
/// request slots: the state in which `unstake` and `withdraw` do the most work.
fn staked_with_requests<T: Config>(who: &T::AccountId) {
	let origin = RawOrigin::Signed(who.clone());
	Pallet::<T>::stake(origin.clone().into(), amount::<T>()).expect("staking works");
	next_era::<T>();
	for _ in 1..T::MaxWithdrawalRequests::get() {
		assert!(Pallet::<T>::unstake(origin.clone().into(), T::MinStake::get()).is_ok());
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn stake() {
		let who = funded::<T>("staker");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount::<T>());
		assert!(!Pool::<T>::get().buffer.is_zero());
	}

	#[benchmark]
	fn unstake() {
		let who = funded::<T>("staker");
		staked_with_requests::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount::<T>() / 2);
		assert_eq!(Withdrawals::<T>::get(&who).len() as u32, T::MaxWithdrawalRequests::get());
	}

	#[benchmark]
	fn withdraw() {
		let who = funded::<T>("staker");
		staked_with_requests::<T>(&who);
		let origin = RawOrigin::Signed(who.clone());
		assert!(Pallet::<T>::unstake(origin.clone().into(), amount::<T>() / 2).is_ok());
		let id = NextRequestId::<T>::get().saturating_sub(1);
		T::BenchmarkHelper::set_era(
			T::Staking::current_era().saturating_add(T::Staking::bonding_duration()),
		);
		#[extrinsic_call]
		_(origin, id);
		assert!(Withdrawals::<T>::get(&who).iter().all(|r| r.id != id));
	}

	#[benchmark]
	fn cancel_unstake() {
		let who = funded::<T>("staker");
		staked_with_requests::<T>(&who);
		let id = NextRequestId::<T>::get().saturating_sub(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id);
		assert!(Withdrawals::<T>::get(&who).iter().all(|r| r.id != id));
	}

	/// From a buffer kept by an era's start (this era's stakes do not pay instant unstakes),
	/// with queued requests to reserve for.
	#[benchmark]
	fn instant_unstake() {
		let who = funded::<T>("staker");
		staked_with_requests::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), T::MinStake::get());
	}

	#[benchmark]
	fn payout() {
		let who = funded::<T>("cranker");
		let (validator, era) = T::BenchmarkHelper::prepare_payout(&Pallet::<T>::account_id());
		#[extrinsic_call]
		_(RawOrigin::Signed(who), validator, era);
	}

	#[benchmark]
	fn pause() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert!(Paused::<T>::get().is_some());
		Ok(())
	}

	#[benchmark]
	fn resume() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Paused::<T>::put(PauseReason::Admin);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert!(Paused::<T>::get().is_none());
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = PoolParams::default();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		Ok(())
	}

	#[benchmark]
	fn on_initialize_same_era() {
		let n = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
	}

	/// A new era with `c` validators to score, income to release, a fee to pay, and the ended
	/// era's exposures to `MaxNominations` validators to list.
	#[benchmark]
	fn on_initialize_new_era(c: Linear<1, { T::MaxCandidates::get() }>) {
		T::BenchmarkHelper::add_candidates(c);
		let who = funded::<T>("staker");
		staked_with_requests::<T>(&who);
		let pool = Pallet::<T>::account_id();
		let era = T::Staking::current_era().saturating_add(1);
		T::BenchmarkHelper::set_era(era);
		let ended = T::Staking::last_completed_era().unwrap_or_default();
		let validators: alloc::vec::Vec<T::AccountId> =
			(0..T::MaxNominations::get()).map(|i| account("candidate", i, 0)).collect();
		for validator in &validators {
			T::BenchmarkHelper::expose(&pool, ended, validator);
		}
		crate::pallet::ElectedWith::<T>::insert(
			ended,
			frame_support::BoundedVec::truncate_from(validators),
		);
		Pool::<T>::mutate(|state| {
			state.held_ready = 1;
			state.fee_owed = 1;
		});
		let n = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert_eq!(Pool::<T>::get().era, era);
		assert!(!crate::pallet::PendingPayouts::<T>::get(ended).is_empty());
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

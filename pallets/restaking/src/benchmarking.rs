//! Benchmarks of every call, of applying a slash (with `d` delegators in the slashed pool, to
//! show the weight does not depend on them) and of the idle hook (v2 syntax).

use super::*;
use crate::pallet::{
	Allocations, Call, Config, Delegations, Operators, Pallet, PendingSlashes, Pools, Services,
	SlashCursor, Unclaimed, Withdrawals,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungibles::Mutate, EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sluice_primitives::{AssetKind, Balance, OracleKey};
use sp_runtime::{traits::Zero, Perbill, Saturating};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// Every restakeable asset (at least one, at most `MaxAssets`); the benchmarks mint them.
	fn restakeable() -> Vec<AssetKind>;
	/// `MaxRewardAssets` existing assets the benchmarks may mint and pay rewards in.
	fn reward_assets() -> Vec<AssetKind>;
	/// Makes `feeder`'s latest value for `key` stray far from the combined value.
	fn outlier_feed(feeder: &AccountId, key: &OracleKey);
}

const AMOUNT: Balance = 1_000_000_000_000_000;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	let mut assets = T::BenchmarkHelper::restakeable();
	assets.extend(T::BenchmarkHelper::reward_assets());
	for asset in assets {
		// A reward asset may be restakeable too: minting twice is harmless.
		let _ = T::Assets::mint_into(asset, &who, AMOUNT.saturating_mul(1_000));
	}
	who
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

fn blocks<T: Config>(n: BlockNumberFor<T>) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(n));
}

/// A registered service paying rewards in the first restakeable asset.
fn service<T: Config>(slasher: &T::AccountId) -> ServiceId {
	let asset = T::BenchmarkHelper::restakeable()[0].clone();
	Pallet::<T>::do_register_service(slasher.clone(), asset, 0).expect("registers")
}

/// Operator `i`, with its own delegation in every restakeable asset and `fraction` of it
/// allocated to `service` (in force).
fn operator<T: Config>(i: u32, service: ServiceId, fraction: Perbill) -> T::AccountId {
	let op = funded::<T>("operator", i);
	Pallet::<T>::register_operator(signed::<T>(&op), Perbill::from_percent(10)).expect("registers");
	for asset in T::BenchmarkHelper::restakeable() {
		Pallet::<T>::deposit(signed::<T>(&op), asset.clone(), AMOUNT).expect("deposits");
		Pallet::<T>::delegate(signed::<T>(&op), op.clone(), asset, AMOUNT).expect("delegates");
	}
	Pallet::<T>::allocate(signed::<T>(&op), service, fraction).expect("allocates");
	blocks::<T>(T::AllocationDelay::get());
	op
}

/// `MaxRewardAssets` reward assets accrued in each of `op`'s pools (the settle's worst case).
fn accrue_rewards<T: Config>(op: &T::AccountId) {
	let slasher = funded::<T>("slasher", 0);
	let mut ids = Vec::new();
	for reward in T::BenchmarkHelper::reward_assets() {
		let id = Pallet::<T>::do_register_service(slasher.clone(), reward, 0).expect("registers");
		// 1 % each, next to the operator's 50 % elsewhere.
		Pallet::<T>::allocate(signed::<T>(op), id, Perbill::from_percent(1)).expect("allocates");
		ids.push(id);
	}
	blocks::<T>(T::AllocationDelay::get());
	let payer = funded::<T>("payer", 0);
	for id in ids {
		Pallet::<T>::distribute_rewards(signed::<T>(&payer), id, AMOUNT).expect("distributes");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_operator() {
		let who = funded::<T>("operator", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(5));
		assert!(Operators::<T>::contains_key(&who));
	}

	/// An increase: delayed.
	#[benchmark]
	fn set_commission() {
		let who = funded::<T>("operator", 0);
		Pallet::<T>::register_operator(signed::<T>(&who), Perbill::zero()).expect("registers");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(20));
		assert!(Operators::<T>::get(&who).is_some_and(|o| o.pending_commission.is_some()));
	}

	/// `MaxServicesPerOperator` released allocations and `MaxPendingSlashes` pending slashes
	/// of other operators to check.
	#[benchmark]
	fn deregister() {
		let slasher = funded::<T>("slasher", 0);
		let first = service::<T>(&slasher);
		let other = operator::<T>(1, first, Perbill::one());
		let pending =
			pallet::NextSlashId::<T>::get().saturating_sub(pallet::SlashCursor::<T>::get());
		for _ in pending..T::MaxPendingSlashes::get() {
			Pallet::<T>::do_request_slash(first, other.clone(), Perbill::from_percent(1), b"")
				.expect("requests");
		}
		let who = funded::<T>("operator", 0);
		Pallet::<T>::register_operator(signed::<T>(&who), Perbill::zero()).expect("registers");
		for _ in 0..MaxServicesPerOperator::get() {
			let id = service::<T>(&slasher);
			Pallet::<T>::allocate(signed::<T>(&who), id, Perbill::from_percent(1)).expect("ok");
			Pallet::<T>::deallocate(signed::<T>(&who), id).expect("deallocates");
		}
		blocks::<T>(T::AllocationDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Operators::<T>::contains_key(&who));
	}

	#[benchmark]
	fn deposit() {
		let who = funded::<T>("staker", 0);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), asset.clone(), AMOUNT);
		assert_eq!(Idle::<T>::get(&who, &asset), AMOUNT);
	}

	#[benchmark]
	fn withdraw() {
		let who = funded::<T>("staker", 0);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		Pallet::<T>::deposit(signed::<T>(&who), asset.clone(), AMOUNT).expect("deposits");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), asset.clone(), AMOUNT);
		assert!(Idle::<T>::get(&who, &asset).is_zero());
	}

	/// Into an existing delegation whose pool accrued `MaxRewardAssets` reward assets.
	#[benchmark]
	fn delegate() {
		let op =
			operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::from_percent(50));
		accrue_rewards::<T>(&op);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		Pallet::<T>::deposit(signed::<T>(&op), asset.clone(), AMOUNT).expect("deposits");
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), asset.clone(), AMOUNT);
		assert!(Delegations::<T>::get((&op, &op, &asset)).is_some_and(|d| d.shares > AMOUNT));
	}

	#[benchmark]
	fn undelegate() {
		let op =
			operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::from_percent(50));
		accrue_rewards::<T>(&op);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), asset.clone());
		assert!(!Delegations::<T>::contains_key((&op, &op, &asset)));
	}

	#[benchmark]
	fn queue_withdrawal() {
		let op =
			operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::from_percent(50));
		accrue_rewards::<T>(&op);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), asset, AMOUNT / 2);
		assert!(Withdrawals::<T>::contains_key(&op, 0));
	}

	#[benchmark]
	fn complete_withdrawal() {
		let op = operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::one());
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		Pallet::<T>::queue_withdrawal(signed::<T>(&op), op.clone(), asset, AMOUNT / 2)
			.expect("queues");
		blocks::<T>(T::WithdrawalDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), 0);
		assert!(!Withdrawals::<T>::contains_key(&op, 0));
	}

	#[benchmark]
	fn register_service() -> Result<(), BenchmarkError> {
		let origin =
			T::ServiceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let slasher = funded::<T>("slasher", 0);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		let id = pallet::NextServiceId::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, slasher, asset, AMOUNT);
		assert!(Services::<T>::contains_key(id));
		Ok(())
	}

	/// A new allocation next to `MaxServicesPerOperator − 1` others.
	#[benchmark]
	fn allocate() {
		let slasher = funded::<T>("slasher", 0);
		let op = operator::<T>(0, service::<T>(&slasher), Perbill::from_percent(1));
		for _ in 2..MaxServicesPerOperator::get() {
			let id = service::<T>(&slasher);
			Pallet::<T>::allocate(signed::<T>(&op), id, Perbill::from_percent(1)).expect("ok");
		}
		let last = service::<T>(&slasher);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), last, Perbill::from_percent(10));
		assert!(Allocations::<T>::contains_key(&op, last));
	}

	#[benchmark]
	fn deallocate() {
		let slasher = funded::<T>("slasher", 0);
		let first = service::<T>(&slasher);
		let op = operator::<T>(0, first, Perbill::from_percent(1));
		for _ in 1..MaxServicesPerOperator::get() {
			let id = service::<T>(&slasher);
			Pallet::<T>::allocate(signed::<T>(&op), id, Perbill::from_percent(1)).expect("ok");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), first);
		assert!(Allocations::<T>::get(&op, first).is_some_and(|a| a.pending.is_some()));
	}

	#[benchmark]
	fn slash() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let op = operator::<T>(0, id, Perbill::one());
		let evidence: Evidence = vec![7u8; 1024].try_into().expect("fits");
		let slash_id = pallet::NextSlashId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(slasher), id, op, Perbill::from_percent(10), evidence);
		assert!(PendingSlashes::<T>::contains_key(slash_id));
	}

	#[benchmark]
	fn veto_slash() -> Result<(), BenchmarkError> {
		let origin =
			T::VetoOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let op = operator::<T>(0, id, Perbill::one());
		let slash_id =
			Pallet::<T>::do_request_slash(id, op, Perbill::from_percent(10), b"").expect("ok");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, slash_id);
		assert!(!PendingSlashes::<T>::contains_key(slash_id));
		Ok(())
	}

	/// To `o` operators, each with a pool in every restakeable asset.
	#[benchmark]
	fn distribute_rewards(o: Linear<1, 64>) {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		for i in 0..o {
			operator::<T>(i, id, Perbill::one());
		}
		let payer = funded::<T>("payer", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, AMOUNT);
		assert!(Services::<T>::get(id).is_some_and(|s| s.operators.len() as u32 == o));
	}

	/// Settling `MaxDelegations` delegations, each with `MaxRewardAssets` reward assets.
	#[benchmark]
	fn claim() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let staker = funded::<T>("staker", 0);
		let assets = T::BenchmarkHelper::restakeable();
		let mut delegations = 0;
		let mut i = 0;
		while delegations < T::MaxDelegations::get() {
			let op = operator::<T>(i, id, Perbill::from_percent(50));
			for asset in assets.iter() {
				if delegations == T::MaxDelegations::get() {
					break;
				}
				Pallet::<T>::deposit(signed::<T>(&staker), asset.clone(), AMOUNT).expect("ok");
				Pallet::<T>::delegate(signed::<T>(&staker), op.clone(), asset.clone(), AMOUNT)
					.expect("delegates");
				delegations += 1;
			}
			accrue_rewards::<T>(&op);
			i += 1;
		}
		let reward = assets[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), reward.clone());
		assert!(Unclaimed::<T>::get(&staker, &reward).is_zero());
	}

	#[benchmark]
	fn report_outlier() {
		let slasher = funded::<T>("slasher", 0);
		let oracle = T::OracleService::get();
		while Services::<T>::get(oracle).is_none() {
			service::<T>(&slasher);
		}
		let op = operator::<T>(0, oracle, Perbill::one());
		let key = OracleKey::Price(AssetKind::Native);
		T::BenchmarkHelper::outlier_feed(&op, &key);
		let reporter = funded::<T>("reporter", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), op, key);
		assert_eq!(PendingSlashes::<T>::iter().count(), 1);
	}

	/// Applying a due slash to an operator with a pool in every restakeable asset and `d`
	/// delegators in each: the figures show the weight does not depend on `d`.
	#[benchmark]
	fn apply_slash(d: Linear<1, 1_000>) {
		let slasher = funded::<T>("slasher", 0);
		let service_id = service::<T>(&slasher);
		let op = operator::<T>(0, service_id, Perbill::one());
		for i in 0..d {
			let staker = funded::<T>("staker", i);
			for asset in T::BenchmarkHelper::restakeable() {
				Pallet::<T>::deposit(signed::<T>(&staker), asset.clone(), AMOUNT).expect("ok");
				Pallet::<T>::delegate(signed::<T>(&staker), op.clone(), asset, AMOUNT)
					.expect("delegates");
			}
		}
		let id =
			Pallet::<T>::do_request_slash(service_id, op.clone(), Perbill::from_percent(10), b"")
				.expect("requests");
		let pending = PendingSlashes::<T>::take(id).expect("pending");
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		let before = Pools::<T>::get(&op, &asset).map(|p| p.stake);
		#[block]
		{
			Pallet::<T>::apply_slash(id, pending);
		}
		assert!(Pools::<T>::get(&op, &asset).map(|p| p.stake) < before);
	}

	/// The hook with nothing due.
	#[benchmark]
	fn on_initialize_idle() {
		pallet::SlashCursor::<T>::put(pallet::NextSlashId::<T>::get());
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}
		assert_eq!(SlashCursor::<T>::get(), pallet::NextSlashId::<T>::get());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

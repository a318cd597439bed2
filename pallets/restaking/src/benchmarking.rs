//! Benchmarks of every call (v2 syntax), each at its worst case: pools holding a stream and an
//! accumulator in every reward-asset slot, full services, the most services per operator.

use super::*;
use crate::pallet::{
	Allocations, Call, Config, Delegations, Idle, Operators, Pallet, PendingSlashes, Pools,
	Services, Unclaimed, Withdrawals,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungibles::Mutate, EnsureOrigin, EnsureOriginWithArg, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sluice_primitives::{AssetKind, Balance, OracleKey};
use sp_runtime::{traits::Zero, BoundedVec, Perbill, Saturating};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// Every restakeable asset (at least one, at most `MaxAssets`); the benchmarks mint them.
	fn restakeable() -> Vec<AssetKind>;
	/// `MaxRewardAssets` existing assets the benchmarks may mint and pay rewards in (created if
	/// need be).
	fn reward_assets() -> Vec<AssetKind>;
	/// Makes `feeder`'s latest value for `key` stray far from what the largest set of other
	/// feeders fed around the same time.
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

/// Past the warm-up of stake delegated now and the allocation delay.
fn settle_in<T: Config>() {
	blocks::<T>(T::StakeWarmup::get().saturating_mul(2u32.into()));
	blocks::<T>(T::AllocationDelay::get());
}

/// A registered service paying rewards in the first restakeable asset, vetoed by the
/// fallback origin.
fn service<T: Config>(slasher: &T::AccountId) -> ServiceId {
	let asset = T::BenchmarkHelper::restakeable()[0].clone();
	Pallet::<T>::do_register_service(ServiceParams {
		slasher: slasher.clone(),
		resolver: None,
		reward_asset: asset,
		min_allocation: 0,
	})
	.expect("registers")
}

/// Operator `i`, with its own delegation in every restakeable asset (counted) and `fraction` of
/// it allocated to `service` (in force).
fn operator<T: Config>(i: u32, service: ServiceId, fraction: Perbill) -> T::AccountId {
	let op = funded::<T>("operator", i);
	Pallet::<T>::register_operator(signed::<T>(&op), Perbill::from_percent(10), AMOUNT)
		.expect("registers");
	for asset in T::BenchmarkHelper::restakeable().into_iter().skip(1) {
		Pallet::<T>::deposit(signed::<T>(&op), asset.clone(), AMOUNT).expect("deposits");
		Pallet::<T>::delegate(signed::<T>(&op), op.clone(), asset, AMOUNT).expect("delegates");
	}
	settle_in::<T>();
	Pallet::<T>::allocate(signed::<T>(&op), service, fraction).expect("allocates");
	blocks::<T>(T::AllocationDelay::get());
	op
}

/// Fills every reward-asset slot of `op`'s pools with a stream and an accumulator (the worst
/// case of releasing and settling).
fn fill_reward_slots<T: Config>(op: &T::AccountId) {
	let assets = T::BenchmarkHelper::reward_assets();
	let now = frame_system::Pallet::<T>::block_number();
	let until = now.saturating_add(T::RewardPeriod::get());
	let mut info = Operators::<T>::get(op).expect("registered");
	info.reward_assets = BoundedVec::truncate_from(assets.clone());
	for asset in info.assets.iter() {
		let Some(mut pool) = Pools::<T>::get(op, asset) else { continue };
		pool.rps = BoundedVec::truncate_from(assets.iter().map(|a| (a.clone(), 1)).collect());
		pool.streams = BoundedVec::truncate_from(
			assets
				.iter()
				.map(|a| Stream { asset: a.clone(), left: AMOUNT, until, last: now })
				.collect(),
		);
		Pools::<T>::insert(op, asset, pool);
	}
	Operators::<T>::insert(op, info);
	// The pallet holds what the streams owe.
	for asset in assets {
		let _ = T::Assets::mint_into(asset, &Pallet::<T>::account_id(), AMOUNT.saturating_mul(100));
	}
	blocks::<T>(1u32.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new operator bonding itself (a deposit and a delegation).
	#[benchmark]
	fn register_operator() {
		let who = funded::<T>("operator", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(5), AMOUNT);
		assert!(Operators::<T>::get(&who).is_some_and(|o| o.registered));
	}

	/// An increase: delayed.
	#[benchmark]
	fn set_commission() {
		let who = funded::<T>("operator", 0);
		Pallet::<T>::register_operator(signed::<T>(&who), Perbill::zero(), AMOUNT)
			.expect("registers");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(20));
		assert!(Operators::<T>::get(&who).is_some_and(|o| o.pending_commission.is_some()));
	}

	/// `MaxServicesPerOperator` released allocations to drop.
	#[benchmark]
	fn deregister() {
		let slasher = funded::<T>("slasher", 0);
		let who = operator::<T>(0, service::<T>(&slasher), Perbill::from_percent(1));
		for _ in 1..MaxServicesPerOperator::get() {
			let id = service::<T>(&slasher);
			Pallet::<T>::allocate(signed::<T>(&who), id, Perbill::from_percent(1)).expect("ok");
		}
		blocks::<T>(T::AllocationDelay::get());
		let services = Operators::<T>::get(&who).expect("registered").services;
		for id in services {
			Pallet::<T>::deallocate(signed::<T>(&who), id).expect("deallocates");
		}
		blocks::<T>(T::DeallocationDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Operators::<T>::get(&who).is_some_and(|o| !o.registered));
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

	/// Into an existing delegation whose pool has every reward slot streaming.
	#[benchmark]
	fn delegate() {
		let op =
			operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::from_percent(50));
		fill_reward_slots::<T>(&op);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		Pallet::<T>::deposit(signed::<T>(&op), asset.clone(), AMOUNT).expect("deposits");
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), asset.clone(), AMOUNT);
		assert!(Delegations::<T>::get((&op, &op, &asset)).is_some_and(|d| d.shares > AMOUNT));
	}

	/// A deregistered operator's whole self-bond, from a pool with every reward slot streaming.
	#[benchmark]
	fn undelegate() {
		let op = funded::<T>("operator", 0);
		Pallet::<T>::register_operator(signed::<T>(&op), Perbill::zero(), AMOUNT)
			.expect("registers");
		fill_reward_slots::<T>(&op);
		Pallet::<T>::deregister(signed::<T>(&op)).expect("deregisters");
		let asset = AssetKind::Native;
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), asset.clone());
		assert!(!Delegations::<T>::contains_key((&op, &op, &asset)));
	}

	/// Part of the self-bond, from a pool with every reward slot streaming.
	#[benchmark]
	fn queue_withdrawal() {
		let op =
			operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::from_percent(50));
		fill_reward_slots::<T>(&op);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), op.clone(), AssetKind::Native, AMOUNT / 2);
		assert!(Withdrawals::<T>::contains_key(&op, 0));
	}

	#[benchmark]
	fn complete_withdrawal() {
		let op = operator::<T>(0, service::<T>(&funded::<T>("slasher", 0)), Perbill::one());
		fill_reward_slots::<T>(&op);
		Pallet::<T>::queue_withdrawal(signed::<T>(&op), op.clone(), AssetKind::Native, AMOUNT / 2)
			.expect("queues");
		blocks::<T>(T::WithdrawalDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), 0);
		assert!(!Withdrawals::<T>::contains_key(&op, 0));
	}

	/// Into another operator's pool with every reward slot streaming.
	#[benchmark]
	fn redelegate() {
		let id = service::<T>(&funded::<T>("slasher", 0));
		let op = operator::<T>(0, id, Perbill::one());
		let other = operator::<T>(1, id, Perbill::one());
		fill_reward_slots::<T>(&op);
		fill_reward_slots::<T>(&other);
		Pallet::<T>::queue_withdrawal(signed::<T>(&op), op.clone(), AssetKind::Native, AMOUNT / 2)
			.expect("queues");
		blocks::<T>(T::WithdrawalDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), 0, other.clone());
		assert!(Delegations::<T>::contains_key((&op, &other, AssetKind::Native)));
	}

	#[benchmark]
	fn register_service() -> Result<(), BenchmarkError> {
		let origin =
			T::ServiceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let slasher = funded::<T>("slasher", 0);
		let asset = T::BenchmarkHelper::restakeable()[0].clone();
		let id = pallet::NextServiceId::<T>::get();
		let params = ServiceParams {
			slasher: slasher.clone(),
			resolver: Some(slasher),
			reward_asset: asset,
			min_allocation: AMOUNT,
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert!(Services::<T>::contains_key(id));
		Ok(())
	}

	/// Joining a full service by displacing its weakest member, next to
	/// `MaxServicesPerOperator − 1` other allocations.
	#[benchmark]
	fn allocate() {
		let slasher = funded::<T>("slasher", 0);
		let full = service::<T>(&slasher);
		for i in 1..=MaxOperatorsPerService::get() {
			operator::<T>(i, full, Perbill::from_percent(50));
		}
		let op = operator::<T>(0, service::<T>(&slasher), Perbill::from_percent(1));
		for _ in 2..MaxServicesPerOperator::get() {
			let id = service::<T>(&slasher);
			Pallet::<T>::allocate(signed::<T>(&op), id, Perbill::from_percent(1)).expect("ok");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), full, Perbill::from_percent(90));
		assert!(Services::<T>::get(full).is_some_and(|s| s.operators.contains(&op)));
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

	/// A new incident taking from a pool in every restakeable asset, each with every reward
	/// slot streaming.
	#[benchmark]
	fn slash() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let op = operator::<T>(0, id, Perbill::one());
		fill_reward_slots::<T>(&op);
		let evidence: Evidence = vec![7u8; 1024].try_into().expect("fits");
		#[extrinsic_call]
		_(RawOrigin::Signed(slasher), id, op.clone(), Perbill::from_percent(10), evidence);
		assert!(PendingSlashes::<T>::contains_key(&op, id));
	}

	#[benchmark]
	fn veto_slash() -> Result<(), BenchmarkError> {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let origin =
			T::VetoOrigin::try_successful_origin(&id).map_err(|_| BenchmarkError::Weightless)?;
		let op = operator::<T>(0, id, Perbill::one());
		fill_reward_slots::<T>(&op);
		Pallet::<T>::do_request_slash(id, op.clone(), Perbill::from_percent(10), b"", None)
			.expect("requests");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, op.clone(), id);
		assert!(!PendingSlashes::<T>::contains_key(&op, id));
		Ok(())
	}

	/// Paying a reporter and the treasury in every restakeable asset.
	#[benchmark]
	fn settle_slash() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let op = operator::<T>(0, id, Perbill::one());
		let reporter = funded::<T>("reporter", 0);
		Pallet::<T>::do_request_slash(
			id,
			op.clone(),
			Perbill::from_percent(10),
			b"",
			Some(reporter),
		)
		.expect("requests");
		blocks::<T>(T::VetoWindow::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(slasher), op.clone(), id);
		assert!(!PendingSlashes::<T>::contains_key(&op, id));
	}

	/// Leaving a full service.
	#[benchmark]
	fn leave_service() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let op = operator::<T>(0, id, Perbill::one());
		for i in 1..MaxOperatorsPerService::get() {
			operator::<T>(i, id, Perbill::from_percent(50));
		}
		Pallet::<T>::deallocate(signed::<T>(&op), id).expect("deallocates");
		blocks::<T>(T::DeallocationDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), id);
		assert!(!Allocations::<T>::contains_key(&op, id));
	}

	/// To `o` operators, each with a pool in every restakeable asset with every reward slot
	/// streaming.
	#[benchmark]
	fn distribute_rewards(o: Linear<1, 64>) {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		for i in 0..o {
			let op = operator::<T>(i, id, Perbill::one());
			fill_reward_slots::<T>(&op);
		}
		let payer = funded::<T>("payer", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, AMOUNT);
		assert!(Services::<T>::get(id).is_some_and(|s| s.operators.len() as u32 == o));
	}

	/// Settling `MaxDelegations` delegations, each in a pool with every reward slot streaming.
	#[benchmark]
	fn claim() {
		let slasher = funded::<T>("slasher", 0);
		let id = service::<T>(&slasher);
		let staker = funded::<T>("staker", 0);
		let assets = T::BenchmarkHelper::restakeable();
		let mut delegations = 0;
		let mut i = 0;
		let mut operators = Vec::new();
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
			operators.push(op);
			i += 1;
		}
		for op in &operators {
			fill_reward_slots::<T>(op);
		}
		let reward = T::BenchmarkHelper::reward_assets()[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), reward.clone());
		assert!(Unclaimed::<T>::get(&staker, &reward).is_zero());
	}

	/// Judged against the largest set of other feeders' values.
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
		_(RawOrigin::Signed(reporter), op.clone(), key);
		assert!(PendingSlashes::<T>::contains_key(&op, oracle));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

//! Benchmarks of every call and of the rollover steps (v2 syntax). `rollover_block` runs a
//! whole rollover block with `p` LP positions and `p` LD stakes, to show its weight does not
//! depend on them.

use super::*;
use crate::pallet::{
	Allocations, Call, Config, CoreCandidates, CoreRound, CoreVotes, CurrentCycle, EmissionVotes,
	LdPositions, LpPositions, Pallet, Reactors, RolloverPhase, Venues,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles::Mutate as _, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sluice_primitives::{venue::VenueKind, AssetKind, Balance};
use sp_runtime::{traits::Zero, Perbill, Saturating};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper {
	/// Token `i` (`i ≥ 1`): it exists, has a venue with SLC, and it and SLC are priced.
	fn venue_asset(i: u32) -> AssetKind;

	/// Trades in the venue pairing `asset` with SLC so that liquidity recalled from it returns
	/// less `asset` than went in.
	fn move_price(asset: AssetKind);
}

const AMOUNT: Balance = 1_000_000_000_000_000;

fn funded<T: Config>(name: &'static str, i: u32, assets: &[AssetKind]) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	for asset in assets {
		T::Assets::mint_into(asset.clone(), &who, AMOUNT.saturating_mul(10)).expect("mints");
	}
	who
}

/// The SLC reactor (0), `n` asset reactors (1..=n), and venues (0, i).
fn reactors<T: Config>(n: u32) -> Vec<AssetKind> {
	let mut assets = vec![AssetKind::Native];
	let admin = || T::AdminOrigin::try_successful_origin().expect("admin origin");
	Pallet::<T>::create_reactor(admin(), AssetKind::Native).expect("creates");
	for i in 1..=n {
		let asset = T::BenchmarkHelper::venue_asset(i);
		Pallet::<T>::create_reactor(admin(), asset.clone()).expect("creates");
		Pallet::<T>::add_venue(admin(), 0, i, VenueKind::Dex).expect("adds");
		assets.push(asset);
	}
	assets
}

/// An LP in each of reactors 0 and 1, an LD voting all for venue 0 on both sides.
fn funded_venue<T: Config>() -> (T::AccountId, Vec<AssetKind>) {
	let assets = reactors::<T>(1);
	let who = funded::<T>("lp", 0, &assets);
	let origin = || RawOrigin::Signed(who.clone()).into();
	Pallet::<T>::deposit(origin(), 0, AMOUNT).expect("deposits");
	Pallet::<T>::deposit(origin(), 1, AMOUNT).expect("deposits");
	// Both sides backed, so the deployment cap lets everything go out.
	Pallet::<T>::stake(origin(), 0, AMOUNT).expect("stakes");
	Pallet::<T>::stake(origin(), 1, AMOUNT).expect("stakes");
	let half = Perbill::from_percent(50);
	let allocations = vec![(0, 0, half), (1, 0, half)].try_into().expect("fits");
	Pallet::<T>::vote(origin(), allocations).expect("votes");
	(who, assets)
}

/// The most allocations one LD can have, and an LD staked on reactor 0 with that many
/// allocations on the SLC side of every venue.
fn voter<T: Config>() -> (T::AccountId, u32) {
	let max = T::MaxAllocations::get()
		.min(T::MaxVenues::get())
		.min(T::MaxReactors::get().saturating_sub(1));
	let assets = reactors::<T>(max);
	// Four voting funds: the power reads each (none exists, the worst a recount meets).
	VotingIndices::<T>::put(BoundedVec::truncate_from(vec![0, 1, 2, 3]));
	let who = funded::<T>("ld", 0, &assets);
	Pallet::<T>::stake(RawOrigin::Signed(who.clone()).into(), 0, AMOUNT).expect("stakes");
	Pallet::<T>::vote(RawOrigin::Signed(who.clone()).into(), allocations_on::<T>(max, 0))
		.expect("votes");
	(who, max)
}

/// `max` allocations, on the SLC side (0) or the asset side (1) of venues 0..max.
fn allocations_on<T: Config>(max: u32, side: u32) -> AllocationsOf<T> {
	let share = Perbill::from_rational(1, max);
	(0..max)
		.map(|v| (if side == 0 { 0 } else { v + 1 }, v, share))
		.collect::<Vec<_>>()
		.try_into()
		.expect("fits")
}

fn cycle_start<T: Config>() -> BlockNumberFor<T> {
	let length = T::CycleLength::get();
	let now = frame_system::Pallet::<T>::block_number();
	(now / length).saturating_add(1u32.into()).saturating_mul(length)
}

/// Runs the next rollover to its end.
fn roll_over<T: Config>() {
	let mut block = cycle_start::<T>();
	loop {
		frame_system::Pallet::<T>::set_block_number(block);
		Pallet::<T>::on_initialize(block);
		if RolloverPhase::<T>::get() == Phase::Idle {
			break;
		}
		block = block.saturating_add(1u32.into());
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_reactor() {
		let asset = T::BenchmarkHelper::venue_asset(1);
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset);
		assert!(Reactors::<T>::contains_key(0));
	}

	#[benchmark]
	fn set_deposits_paused() {
		reactors::<T>(1);
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, true);
		assert!(Reactors::<T>::get(1).is_some_and(|r| r.deposits_paused));
	}

	/// Pausing a venue recalls it at once: the worst case is the rollover's (a loss on the
	/// asset side that only the LD stake covers).
	#[benchmark]
	fn set_venue_paused() {
		let (_, assets) = funded_venue::<T>();
		roll_over::<T>();
		T::BenchmarkHelper::move_price(assets[1].clone());
		let staked = Reactors::<T>::get(1).map(|r| r.staked);
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, true);
		assert!(Venues::<T>::get(0).is_some_and(|v| v.paused && !v.holds_liquidity()));
		assert!(Reactors::<T>::get(1).map(|r| r.staked) < staked, "the stake covered a loss");
	}

	/// Removing a recalled venue that both sides voted for.
	#[benchmark]
	fn remove_venue() {
		funded_venue::<T>();
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		assert!(!Tally::<T>::get(0, 0).live.is_zero());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);
		assert!(Venues::<T>::get(0).is_some_and(|v| v.removed));
		assert!(Tally::<T>::get(0, 0).live.is_zero());
	}

	#[benchmark]
	fn set_reactor_paused() {
		reactors::<T>(1);
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, true);
		assert!(Reactors::<T>::get(1).is_some_and(|r| r.paused));
	}

	#[benchmark]
	fn add_venue() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		Pallet::<T>::create_reactor(origin.clone(), AssetKind::Native).expect("creates");
		let asset = T::BenchmarkHelper::venue_asset(1);
		Pallet::<T>::create_reactor(origin.clone(), asset).expect("creates");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, 1, VenueKind::Dex);
		assert!(Venues::<T>::contains_key(0));
	}

	#[benchmark]
	fn deposit() {
		let assets = reactors::<T>(1);
		let who = funded::<T>("lp", 0, &assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, AMOUNT);
		assert!(LpPositions::<T>::contains_key(1, &who));
	}

	#[benchmark]
	fn request_withdrawal() {
		let (who, _) = funded_venue::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, AMOUNT / 2);
		assert!(LpPositions::<T>::get(1, &who).is_some_and(|p| p.request.is_some()));
	}

	#[benchmark]
	fn withdraw() {
		let (who, _) = funded_venue::<T>();
		Pallet::<T>::request_withdrawal(RawOrigin::Signed(who.clone()).into(), 1, AMOUNT / 2)
			.expect("requests");
		roll_over::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1);
		assert!(LpPositions::<T>::get(1, &who).is_some_and(|p| p.request.is_none()));
	}

	/// A stake that recounts `MaxAllocations` allocations.
	#[benchmark]
	fn stake() {
		let (who, _) = voter::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0, AMOUNT);
		assert!(LdPositions::<T>::get(0, &who).is_some_and(|p| p.shares == 2 * AMOUNT));
	}

	/// A request that recounts `MaxAllocations` allocations.
	#[benchmark]
	fn request_unstake() {
		let (who, _) = voter::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0, AMOUNT / 2);
		assert!(LdPositions::<T>::get(0, &who).is_some_and(|p| p.leaving.is_some()));
	}

	#[benchmark]
	fn cancel_withdrawal() {
		let (who, _) = funded_venue::<T>();
		roll_over::<T>();
		Pallet::<T>::request_withdrawal(RawOrigin::Signed(who.clone()).into(), 1, AMOUNT / 2)
			.expect("requests");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1);
		assert!(LpPositions::<T>::get(1, &who).is_some_and(|p| p.request.is_none()));
	}

	/// A cancel that recounts `MaxAllocations` allocations.
	#[benchmark]
	fn cancel_unstake() {
		let (who, _) = voter::<T>();
		roll_over::<T>();
		Pallet::<T>::request_unstake(RawOrigin::Signed(who.clone()).into(), 0, AMOUNT / 2)
			.expect("requests");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert!(LdPositions::<T>::get(0, &who).is_some_and(|p| p.leaving.is_none()));
	}

	/// Releasing earning tAssets of a position whose deposit converted since it was touched.
	#[benchmark]
	fn release() {
		let (who, _) = funded_venue::<T>();
		roll_over::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, AMOUNT / 2);
		assert!(LpPositions::<T>::get(1, &who).is_some_and(|p| p.earning == AMOUNT / 2));
	}

	#[benchmark]
	fn earn() {
		let (who, _) = funded_venue::<T>();
		roll_over::<T>();
		Pallet::<T>::release(RawOrigin::Signed(who.clone()).into(), 1, AMOUNT / 2)
			.expect("releases");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1);
		assert!(LpPositions::<T>::get(1, &who).is_some_and(|p| p.fresh.is_some()));
	}

	/// An unstake that recounts `MaxAllocations` allocations.
	#[benchmark]
	fn unstake() {
		let (who, _) = voter::<T>();
		Pallet::<T>::request_unstake(RawOrigin::Signed(who.clone()).into(), 0, AMOUNT / 2)
			.expect("requests");
		roll_over::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert!(LdPositions::<T>::get(0, &who).is_some_and(|p| p.staked == AMOUNT / 2));
	}

	/// `MaxAllocations` allocations replacing as many (the recount's worst case).
	#[benchmark]
	fn vote() {
		let (who, max) = voter::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), allocations_on::<T>(max, 1));
		assert!(Allocations::<T>::get(&who).is_some_and(|(_, a)| a.len() as u32 == max));
	}

	/// A recount after a loss cover halved the stake, with `MaxAllocations` allocations.
	#[benchmark]
	fn recount() {
		let (who, _) = voter::<T>();
		Reactors::<T>::mutate(0, |r| {
			if let Some(r) = r {
				r.staked /= 2;
			}
		});
		let caller = funded::<T>("caller", 0, &[]);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, who.clone());
		assert!(Allocations::<T>::get(&who).is_some_and(|(power, _)| power == AMOUNT / 2));
	}

	/// A claim that also converts the position's fresh deposit and stake.
	#[benchmark]
	fn claim() {
		let (who, _) = funded_venue::<T>();
		// The first rollover deploys (and converts the deposits), the second pays for the
		// cycle they were deployed.
		roll_over::<T>();
		roll_over::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert!(LdPositions::<T>::get(0, &who).is_some_and(|p| p.unclaimed.is_zero()));
	}

	#[benchmark]
	fn set_voting_indices() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		let indices: BoundedVec<_, _> = vec![0, 1, 2, 3].try_into().expect("fits");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, indices);
		assert_eq!(VotingIndices::<T>::get().len(), 4);
	}

	#[benchmark]
	fn start_core() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 10u32.into(), 1);
		assert!(CoreRound::<T>::get().is_some());
	}

	/// With `MaxCoreCandidates − 1` candidates already proposed.
	#[benchmark]
	fn propose_reactor() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		Pallet::<T>::start_core(origin, 10u32.into(), 1).expect("starts");
		let who = funded::<T>("proposer", 0, &[AssetKind::Native]);
		let max = T::MaxCoreCandidates::get();
		for i in 1..max {
			let asset = T::BenchmarkHelper::venue_asset(i);
			Pallet::<T>::propose_reactor(RawOrigin::Signed(who.clone()).into(), asset)
				.expect("proposes");
		}
		let asset = T::BenchmarkHelper::venue_asset(max);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), asset);
		assert_eq!(CoreCandidates::<T>::get().len() as u32, max);
	}

	#[benchmark]
	fn core_vote() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		Pallet::<T>::start_core(origin, 10u32.into(), 1).expect("starts");
		let asset = T::BenchmarkHelper::venue_asset(1);
		let who = funded::<T>("voter", 0, &[AssetKind::Native]);
		Pallet::<T>::propose_reactor(RawOrigin::Signed(who.clone()).into(), asset.clone())
			.expect("proposes");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), asset, AMOUNT);
		assert!(CoreVotes::<T>::contains_key(&who));
	}

	#[benchmark]
	fn core_unlock() {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		Pallet::<T>::start_core(origin, 1u32.into(), 1).expect("starts");
		let asset = T::BenchmarkHelper::venue_asset(1);
		let who = funded::<T>("voter", 0, &[AssetKind::Native]);
		let signed = || RawOrigin::Signed(who.clone()).into();
		Pallet::<T>::propose_reactor(signed(), asset.clone()).expect("proposes");
		Pallet::<T>::core_vote(signed(), asset, AMOUNT).expect("votes");
		let end = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		Pallet::<T>::on_initialize(end);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!CoreVotes::<T>::contains_key(&who));
	}

	/// The end of a round with `c` voted candidates, all winners (each proposer's deposit
	/// released).
	#[benchmark]
	fn core_finish(c: Linear<1, { T::MaxCoreCandidates::get() }>) {
		let origin = T::AdminOrigin::try_successful_origin().expect("admin origin");
		Pallet::<T>::start_core(origin, 1u32.into(), c).expect("starts");
		for i in 1..=c {
			let asset = T::BenchmarkHelper::venue_asset(i);
			let who = funded::<T>("voter", i, &[AssetKind::Native]);
			let signed = || RawOrigin::Signed(who.clone()).into();
			Pallet::<T>::propose_reactor(signed(), asset.clone()).expect("proposes");
			Pallet::<T>::core_vote(signed(), asset, AMOUNT).expect("votes");
		}
		let end = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		#[block]
		{
			let _ = Pallet::<T>::finish_core(end);
		}
		assert_eq!(Reactors::<T>::iter().count() as u32, c);
	}

	#[benchmark]
	fn on_initialize_idle() {
		funded_venue::<T>();
		let now = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		#[block]
		{
			let _ = Pallet::<T>::on_initialize(now);
		}
		assert_eq!(RolloverPhase::<T>::get(), Phase::Idle);
	}

	/// Recalling a venue that holds liquidity.
	#[benchmark]
	fn rollover_recall() {
		let (_, assets) = funded_venue::<T>();
		roll_over::<T>();
		assert!(Venues::<T>::get(0).is_some_and(|v| !v.deployed_a.is_zero()));
		// The worst case: fees on the SLC side, a loss on the asset side that only the LD
		// stake covers, by buying the asset back.
		T::BenchmarkHelper::move_price(assets[1].clone());
		let staked = Reactors::<T>::get(1).map(|r| r.staked);
		#[block]
		{
			let _ = Pallet::<T>::step(Phase::Recall(0));
		}
		assert!(Venues::<T>::get(0).is_some_and(|v| v.deployed_a.is_zero()));
		assert!(Reactors::<T>::get(1).map(|r| r.staked) < staked, "the stake covered a loss");
	}

	/// Covering a standing shortfall by buying the asset back with the stake, paying a
	/// reactor's emission to both sides and converting two cohorts, one with leaving shares.
	#[benchmark]
	fn rollover_settle() {
		let (who, _) = funded_venue::<T>();
		roll_over::<T>();
		// Two cohorts to convert (a backlog): the request's, then a deposit's a cycle later.
		Pallet::<T>::request_unstake(RawOrigin::Signed(who.clone()).into(), 1, AMOUNT / 2)
			.expect("requests");
		CurrentCycle::<T>::mutate(|c| *c = c.saturating_add(1));
		Pallet::<T>::deposit(RawOrigin::Signed(who.clone()).into(), 1, AMOUNT).expect("deposits");
		CurrentCycle::<T>::mutate(|c| *c = c.saturating_add(1));
		EmissionVotes::<T>::mutate(|(last, now)| *last = *now);
		// A shortfall a recall left standing: some of the idle asset went missing.
		let missing = AMOUNT / 1_000;
		Reactors::<T>::mutate(1, |r| {
			if let Some(r) = r.as_mut() {
				r.idle = r.idle.saturating_sub(missing);
				r.shortfall = r.shortfall.saturating_add(missing);
			}
		});
		let unbonding = Reactors::<T>::get(1).map(|r| r.unbonding);
		#[block]
		{
			let _ = Pallet::<T>::step(Phase::Settle(1));
		}
		let reactor = Reactors::<T>::get(1).expect("exists");
		assert!(reactor.shortfall.is_zero(), "the stake bought the shortfall back");
		assert!(!reactor.deployable.is_zero());
		assert!(Some(reactor.unbonding) > unbonding, "shares left");
		assert!(!reactor.ld_rps.is_zero(), "emission paid");
	}

	/// Deploying into a venue.
	#[benchmark]
	fn rollover_deploy() {
		funded_venue::<T>();
		let _ = Pallet::<T>::step(Phase::Settle(0));
		let _ = Pallet::<T>::step(Phase::Settle(1));
		#[block]
		{
			let _ = Pallet::<T>::step(Phase::Deploy(0));
		}
		assert!(Venues::<T>::get(0).is_some_and(|v| !v.deployed_a.is_zero()));
	}

	/// A whole rollover block (recall, settle, deploy of one venue and two reactors) with `p`
	/// LP positions and `p` LD stakes: the figures show its weight does not grow with `p`.
	#[benchmark]
	fn rollover_block(p: Linear<10, 10_000>) {
		let (_, assets) = funded_venue::<T>();
		for i in 0..p {
			let who = funded::<T>("many", i, &assets[..1]);
			let origin = || RawOrigin::Signed(who.clone()).into();
			Pallet::<T>::deposit(origin(), 0, T::MinAmount::get().max(1)).expect("deposits");
			Pallet::<T>::stake(origin(), 0, T::MinAmount::get().max(1)).expect("stakes");
		}
		roll_over::<T>();
		let cycle = CurrentCycle::<T>::get();
		let block = cycle_start::<T>();
		frame_system::Pallet::<T>::set_block_number(block);
		#[block]
		{
			let _ = Pallet::<T>::on_initialize(block);
		}
		assert_eq!(CurrentCycle::<T>::get(), cycle + 1);
		assert_eq!(RolloverPhase::<T>::get(), Phase::Idle);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

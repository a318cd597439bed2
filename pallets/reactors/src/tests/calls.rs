//! The admin, LP and LD calls and their error paths.

use super::*;
use crate::Event;
use frame_support::{assert_noop, assert_ok};
use sluice_primitives::venue::VenueKind;
use sp_runtime::{DispatchError, Perbill, TokenError};

#[test]
fn admin_creates_reactors_and_venues() {
	build_and_execute(|| {
		assert_noop!(
			Reactors::create_reactor(RuntimeOrigin::signed(ALICE), SLC),
			DispatchError::BadOrigin
		);
		setup();
		assert_eq!(reactor(1).asset, A1);
		assert_eq!(reactor(1).t_asset, T_BASE + 1);
		assert_noop!(
			Reactors::create_reactor(RuntimeOrigin::root(), A1),
			Error::<Test>::ReactorExists
		);
		assert_noop!(
			Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::WithId(9)),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Reactors::add_venue(RuntimeOrigin::root(), 1, 1, VenueKind::Dex),
			Error::<Test>::UnsupportedVenue
		);
		assert_noop!(
			Reactors::add_venue(RuntimeOrigin::root(), 1, 0, VenueKind::Dex),
			Error::<Test>::VenueExists
		);
		// The mock has no index-fund venues.
		assert_noop!(
			Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::IndexFund(0)),
			Error::<Test>::UnsupportedVenue
		);
		assert_noop!(
			Reactors::add_venue(RuntimeOrigin::root(), 0, 7, VenueKind::Dex),
			Error::<Test>::ReactorNotFound
		);
		assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), A2));
		assert_ok!(<Assets as frame_support::traits::fungibles::Create<AccountId>>::create(
			T_BASE + 3,
			ALICE,
			true,
			1
		));
		// A token with the next tAsset's id exists already.
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 50, ALICE, true, 1));
		assert_noop!(
			Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::WithId(50)),
			Error::<Test>::TAssetIdTaken
		);
		System::assert_has_event(
			Event::ReactorCreated { reactor: 2, asset: A2, t_asset: T_BASE + 2 }.into(),
		);
	});
}

#[test]
fn deposit_mints_t_assets_one_to_one() {
	build_and_execute(|| {
		setup();
		let before = balance(A1, BOB);
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(BOB), 1, 100 * UNIT));
		// The first deposit also pays the asset's minimum balance (1 000 units), kept for good.
		assert_eq!(before - balance(A1, BOB), 100 * UNIT + 1_000);
		assert_eq!(t_balance(1, BOB), 100 * UNIT);
		let r = reactor(1);
		// Fresh: it earns from the rollover that deploys it on (cohort 1).
		assert_eq!((r.supply, r.idle, r.lp_earning), (100 * UNIT, 100 * UNIT, 0));
		assert_eq!(LpPositions::<Test>::get(1, BOB).and_then(|p| p.fresh), Some((100 * UNIT, 1)));
		System::assert_last_event(
			Event::Deposited { reactor: 1, who: BOB, amount: 100 * UNIT, minted: 100 * UNIT }
				.into(),
		);
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 1, UNIT / 1_000),
			Error::<Test>::AmountTooSmall
		);
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 9, UNIT),
			Error::<Test>::ReactorNotFound
		);
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 1, 2_000_000 * UNIT),
			TokenError::FundsUnavailable
		);
		assert_ok!(Reactors::set_deposits_paused(RuntimeOrigin::root(), 1, true));
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 1, UNIT),
			Error::<Test>::DepositsPaused
		);
		assert_ok!(Reactors::set_deposits_paused(RuntimeOrigin::root(), 1, false));
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(BOB), 1, UNIT));
	});
}

#[test]
fn requested_t_assets_are_frozen_until_withdrawn_or_cancelled() {
	build_and_execute(|| {
		setup();
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(BOB), 1, 100 * UNIT));
		assert_noop!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1), Error::<Test>::NoRequest);
		assert_noop!(
			Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 101 * UNIT),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 80 * UNIT));
		assert_noop!(
			Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 10 * UNIT),
			Error::<Test>::RequestPending
		);
		assert_eq!(reactor(1).withheld, 80 * UNIT);
		assert_noop!(
			Reactors::withdraw(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::RequestNotDue
		);
		assert_ok!(Reactors::cancel_withdrawal(RuntimeOrigin::signed(BOB), 1));
		assert_noop!(
			Reactors::cancel_withdrawal(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::NoRequest
		);
		assert_eq!(reactor(1).withheld, 0);
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 60 * UNIT));
		// All 100 tAssets are frozen: 40 earning (fresh) and 60 requested.
		assert_noop!(
			Assets::transfer(RuntimeOrigin::signed(BOB), T_BASE + 1, CHARLIE, 50 * UNIT),
			pallet_assets::Error::<Test>::BalanceLow
		);
		assert_noop!(
			Reactors::release(RuntimeOrigin::signed(BOB), 1, 41 * UNIT),
			Error::<Test>::NothingToRelease
		);
		assert_ok!(Reactors::release(RuntimeOrigin::signed(BOB), 1, 40 * UNIT));
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(BOB), T_BASE + 1, CHARLIE, 40 * UNIT));
		roll_over();
		let before = balance(A1, BOB);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(A1, BOB) - before, 60 * UNIT);
		assert_eq!(t_balance(1, BOB), 0);
		let r = reactor(1);
		assert_eq!((r.supply, r.withheld), (40 * UNIT, 0));
		System::assert_last_event(
			Event::Withdrawn { reactor: 1, who: BOB, amount: 60 * UNIT, paid: 60 * UNIT }.into(),
		);
		assert_noop!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1), Error::<Test>::NoRequest);
		// Charlie's tAssets earn once he asks, from the next rollover on.
		assert_ok!(Reactors::earn(RuntimeOrigin::signed(CHARLIE), 1));
		assert_noop!(
			Reactors::earn(RuntimeOrigin::signed(CHARLIE), 1),
			Error::<Test>::NothingToEarn
		);
		assert_eq!(
			LpPositions::<Test>::get(1, CHARLIE).and_then(|p| p.fresh),
			Some((40 * UNIT, 2))
		);
	});
}

#[test]
fn stakes_go_to_the_stake_account_and_unstake_waits_for_the_rollover() {
	build_and_execute(|| {
		setup();
		let stake_account = Reactors::stake_account();
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 40 * UNIT));
		assert_eq!(balance(SLC, stake_account), 40 * UNIT + ED);
		assert_eq!(Reactors::api_position(1, CHARLIE).staked, 40 * UNIT);
		assert_eq!(reactor(1).staked, 40 * UNIT);
		assert_noop!(
			Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 0),
			Error::<Test>::AmountTooSmall
		);
		assert_noop!(
			Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 2_000_000 * UNIT),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 41 * UNIT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1),
			Error::<Test>::NoRequest
		);
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 30 * UNIT));
		assert_noop!(
			Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1),
			Error::<Test>::RequestNotDue
		);
		roll_over();
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1));
		assert_eq!(balance(SLC, stake_account), 10 * UNIT + ED);
		assert_eq!(reactor(1).staked, 10 * UNIT);
		assert_eq!(reactor(1).unbonding, 0);
		System::assert_last_event(
			Event::Unstaked { reactor: 1, who: CHARLIE, amount: 30 * UNIT }.into(),
		);
	});
}

#[test]
fn votes_persist_and_scale_with_the_stake() {
	build_and_execute(|| {
		setup();
		let half = Perbill::from_percent(50);
		assert_noop!(
			Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(1, 0, half)])),
			Error::<Test>::NoVotingPower
		);
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 100 * UNIT));
		assert_noop!(
			Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(1, 5, half)])),
			Error::<Test>::VenueNotFound
		);
		assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), A2));
		assert_noop!(
			Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(2, 0, half)])),
			Error::<Test>::InvalidAllocation
		);
		assert_noop!(
			Reactors::vote(
				RuntimeOrigin::signed(CHARLIE),
				allocations(vec![(1, 0, half), (1, 0, half)])
			),
			Error::<Test>::InvalidAllocation
		);
		assert_noop!(
			Reactors::vote(
				RuntimeOrigin::signed(CHARLIE),
				allocations(vec![(1, 0, Perbill::from_percent(60)), (0, 0, half)])
			),
			Error::<Test>::AllocationsExceedPower
		);
		assert_ok!(Reactors::vote(
			RuntimeOrigin::signed(CHARLIE),
			allocations(vec![(1, 0, Perbill::from_percent(75)), (0, 0, Perbill::from_percent(25))])
		));
		assert_eq!(Tally::<Test>::get(1, 0).live, 75 * UNIT);
		assert_eq!(Tally::<Test>::get(0, 0).live, 25 * UNIT);
		assert_eq!(TotalVotes::<Test>::get().live, 100 * UNIT);
		// Half the stake asks to leave: it stops voting at once; the same split of half the
		// power.
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 50 * UNIT));
		assert_eq!(Tally::<Test>::get(1, 0).live, 75 * UNIT / 2);
		roll_over();
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1));
		assert_eq!(Tally::<Test>::get(1, 0).live, 75 * UNIT / 2);
		assert_eq!(Tally::<Test>::get(0, 0).live, 25 * UNIT / 2);
		// SLC held through a voting index fund adds power (meta-governance) once the admin
		// names the fund.
		IndexHoldings::insert(CHARLIE, 50 * UNIT);
		assert_eq!(Reactors::voting_power(&CHARLIE), 50 * UNIT);
		let funds = frame_support::BoundedVec::truncate_from(vec![0]);
		assert_noop!(
			Reactors::set_voting_indices(RuntimeOrigin::signed(CHARLIE), funds.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Reactors::set_voting_indices(RuntimeOrigin::root(), funds));
		// They count once a vote freezes them.
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(CHARLIE), 0, UNIT));
		assert_eq!(Reactors::voting_power(&CHARLIE), 51 * UNIT);
		let split =
			allocations(vec![(1, 0, Perbill::from_percent(75)), (0, 0, Perbill::from_percent(25))]);
		assert_ok!(Reactors::vote(RuntimeOrigin::signed(CHARLIE), split));
		assert_eq!(Reactors::frozen_index_tokens(0, &CHARLIE), Some(50 * UNIT));
		assert_eq!(Reactors::voting_power(&CHARLIE), 101 * UNIT);
		assert_eq!(TotalVotes::<Test>::get().live, 101 * UNIT);
		// Tokens gone (the runtime's freezer refuses the move; the mock lets a test do it)
		// count no more after a recount, and a stale lock never counts more than is held.
		IndexHoldings::insert(CHARLIE, 20 * UNIT);
		assert_ok!(Reactors::recount(RuntimeOrigin::signed(BOB), 0, CHARLIE));
		assert_eq!(TotalVotes::<Test>::get().live, 71 * UNIT);
		IndexHoldings::insert(CHARLIE, 500 * UNIT);
		assert_ok!(Reactors::recount(RuntimeOrigin::signed(BOB), 0, CHARLIE));
		assert_eq!(TotalVotes::<Test>::get().live, 101 * UNIT);
		// No allocations: no votes; the tokens stay frozen until the next rollover has split
		// its emission by the votes they made.
		assert_ok!(Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![])));
		assert_eq!(TotalVotes::<Test>::get().live, 0);
		assert_eq!(Reactors::frozen_index_tokens(0, &CHARLIE), Some(50 * UNIT));
		roll_over();
		assert_eq!(Reactors::frozen_index_tokens(0, &CHARLIE), None);
	});
}

#[test]
fn claims_need_something_to_claim() {
	build_and_execute(|| {
		setup();
		assert_noop!(Reactors::claim(RuntimeOrigin::signed(BOB), 1), Error::<Test>::NothingToClaim);
		assert_noop!(
			Reactors::claim(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::ReactorNotFound
		);
	});
}

#[test]
fn reactors_and_venues_are_bounded() {
	build_and_execute(|| {
		setup();
		assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), A2));
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 3, ALICE, true, 1));
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 4, ALICE, true, 1));
		assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::WithId(3)));
		assert_noop!(
			Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::WithId(4)),
			Error::<Test>::TooManyReactors
		);
		for (a, b) in [(0, 2), (0, 3), (1, 2)] {
			assert_ok!(Reactors::add_venue(RuntimeOrigin::root(), a, b, VenueKind::Dex));
		}
		assert_noop!(
			Reactors::add_venue(RuntimeOrigin::root(), 1, 3, VenueKind::Dex),
			Error::<Test>::TooManyVenues
		);
	});
}

//! Venues that fail or must be stopped: a venue that never gives the liquidity back is written
//! off pro rata and recovered later, and the admin can pause a venue (recalled at once), remove
//! it (its votes stop counting) and pause a reactor.

use super::*;
use crate::{pallet::Venues, Event};
use frame_support::{assert_noop, assert_ok};

#[test]
fn a_venue_that_never_gives_back_is_written_off_then_recovered() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		VenueBroken::put(true);
		roll_over();
		roll_over();
		// Two failed recalls: still deployed, and the books may hide a loss.
		assert_eq!((reactor(0).deployed, reactor(0).shortfall), (3_000 * UNIT, 0));
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(ALICE), 0, UNIT),
			Error::<Test>::ReactorUnsettled
		);
		roll_over();
		// The third writes it off: each reactor's shortfall takes its quantity.
		System::assert_has_event(
			Event::VenueWrittenDown { venue: 0, a: 3_000 * UNIT, b: 1_000 * UNIT }.into(),
		);
		assert_eq!((reactor(0).deployed, reactor(0).shortfall), (0, 3_000 * UNIT));
		assert_eq!((reactor(1).deployed, reactor(1).shortfall), (0, 1_000 * UNIT));
		assert_eq!(Reactors::redemption_value(0, 3_000 * UNIT), 0);
		// A write-off is provisional: no cover is spent on it, the stake stays whole.
		assert_eq!((reactor(0).written_off, reactor(1).written_off), (3_000 * UNIT, 1_000 * UNIT));
		assert_eq!((reactor(0).staked, reactor(1).staked), (100 * UNIT, 100 * UNIT));
		// Nobody buys in at the written-down rate to take the recovery.
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 0, UNIT),
			Error::<Test>::ReactorInShortfall
		);
		// Nothing more goes in while the venue may still hold the liquidity, and the stake is
		// still not touched.
		roll_over();
		assert_eq!((reactor(0).staked, reactor(1).staked), (100 * UNIT, 100 * UNIT));
		assert_eq!(Pools::get((SLC, A1)), Some((3_000 * UNIT, 1_000 * UNIT)));
		// It gives back at last: the recall pays the shortfall down first.
		VenueBroken::put(false);
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(ALICE), 0, 3_000 * UNIT));
		roll_over();
		assert_eq!((reactor(0).shortfall, reactor(0).written_off), (0, 0));
		assert_eq!((reactor(1).shortfall, reactor(1).written_off), (0, 0));
		assert!(Venues::<Test>::get(0).is_some_and(|v| v.written_down == (0, 0)));
		let before = balance(SLC, ALICE);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(balance(SLC, ALICE) - before, 3_000 * UNIT);
	});
}

#[test]
fn pausing_a_venue_recalls_it_at_once_and_keeps_it_empty() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		assert_ok!(Reactors::set_venue_paused(RuntimeOrigin::root(), 0, true));
		assert_eq!((reactor(0).idle, reactor(0).deployed), (3_000 * UNIT, 0));
		assert_eq!((reactor(1).idle, reactor(1).deployed), (1_000 * UNIT, 0));
		assert_eq!(Pools::get((SLC, A1)), None);
		roll_over();
		assert_eq!(reactor(0).deployed, 0, "a paused venue takes nothing");
		assert_ok!(Reactors::set_venue_paused(RuntimeOrigin::root(), 0, false));
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		assert_noop!(
			Reactors::set_venue_paused(RuntimeOrigin::signed(ALICE), 0, true),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_removed_venue_loses_its_votes_and_takes_no_more() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		assert_noop!(
			Reactors::remove_venue(RuntimeOrigin::root(), 0),
			Error::<Test>::VenueHoldsLiquidity
		);
		assert_ok!(Reactors::set_venue_paused(RuntimeOrigin::root(), 0, true));
		assert_ok!(Reactors::remove_venue(RuntimeOrigin::root(), 0));
		assert_eq!(Tally::<Test>::get(0, 0).live, 0);
		assert_eq!(Tally::<Test>::get(1, 0).live, 0);
		assert_eq!((reactor(0).votes.live, reactor(1).votes.live), (0, 0));
		assert_eq!(TotalVotes::<Test>::get().live, 0);
		let all = sp_runtime::Perbill::one();
		assert_noop!(
			Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(1, 0, all)])),
			Error::<Test>::VenueRemoved
		);
		assert_noop!(
			Reactors::set_venue_paused(RuntimeOrigin::root(), 0, false),
			Error::<Test>::VenueRemoved
		);
		// Old allocations on it count nothing when recounted.
		assert_ok!(Reactors::recount(RuntimeOrigin::signed(ALICE), 1, CHARLIE));
		assert_eq!(Tally::<Test>::get(1, 0).live, 0);
		// The pair can get a new venue.
		assert_ok!(Reactors::add_venue(
			RuntimeOrigin::root(),
			0,
			1,
			sluice_primitives::venue::VenueKind::Dex
		));
		assert_ok!(Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(1, 1, all)])));
		assert_ok!(Reactors::vote(RuntimeOrigin::signed(DAVE), allocations(vec![(0, 1, all)])));
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
	});
}

#[test]
fn a_paused_reactor_takes_no_deposits_deploys_nothing_and_pays_withdrawals() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		assert_ok!(Reactors::set_reactor_paused(RuntimeOrigin::root(), 0, true));
		assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 0, UNIT),
			Error::<Test>::DepositsPaused
		);
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(ALICE), 0, 1_000 * UNIT));
		roll_over();
		assert_eq!((reactor(0).deployed, reactor(0).idle), (0, 3_000 * UNIT));
		let before = balance(SLC, ALICE);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(balance(SLC, ALICE) - before, 1_000 * UNIT);
	});
}

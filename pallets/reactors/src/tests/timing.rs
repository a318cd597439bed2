//! Who earns, and from when: amounts count from the rollover that puts them at risk, requests
//! stop earning at once, changes made during a rollover count from the next one, and stale
//! prices are missing data.

use super::*;
use crate::{pallet::EmissionVotes, Event, Phase};
use frame_support::assert_ok;
use sp_runtime::Perbill;

/// Alice deposits 3 000 SLC, Bob 1 000 A1; Charlie stakes 100 SLC on A1, Dave 100 on SLC; each
/// directs all of it to venue 0; two rollovers run, so the positions have been at risk for a
/// whole cycle and earned once.
fn established() {
	fund_and_vote();
	roll_over();
	roll_over();
}

/// SLC a claim pays `who` in `reactor` now.
fn claimable(reactor: u32, who: AccountId) -> Balance {
	Reactors::api_position(reactor, who).pending_rewards
}

#[test]
fn a_deposit_and_request_in_the_block_before_the_rollover_earns_nothing() {
	build_and_execute(|| {
		established();
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(BOB), 1));
		// In the last block of cycle 2, Eve (ALICE's neighbour 5) deposits as much A1 as Bob
		// and asks for it back at once.
		const EVE: AccountId = 5;
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), EVE, 10 * UNIT));
		assert_ok!(Assets::mint(RuntimeOrigin::signed(0), 1, EVE, 1_001 * UNIT));
		run_to_block(3 * CYCLE - 1);
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(EVE), 1, 1_000 * UNIT));
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(EVE), 1, 1_000 * UNIT));
		roll_over();
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(EVE), 1));
		// Eve got her 1 000 A1 back (she keeps 1 to stay alive) and nothing else; Bob, at risk all cycle, got all of the
		// LP emission: reactor 1's half of 1 000 SLC, split $2 000 LP : $100 LD.
		assert_eq!(Assets::balance(1, EVE), 1_001 * UNIT);
		assert_eq!(claimable(1, EVE), 0);
		let (lp, _) = sluice_math::rewards::split_emission(
			500 * UNIT,
			2_000 * UNIT * 1_000_000,
			100 * UNIT * 1_000_000,
		)
		.expect("splits");
		assert!(lp - claimable(1, BOB) <= 1, "Bob: {} of {lp}", claimable(1, BOB));
	});
}

#[test]
fn a_standing_request_earns_nothing_and_a_cancelled_one_waits_a_cycle() {
	build_and_execute(|| {
		established();
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(BOB), 1));
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 1_000 * UNIT));
		roll_over();
		roll_over();
		assert_eq!(claimable(1, BOB), 0);
		assert_ok!(Reactors::cancel_withdrawal(RuntimeOrigin::signed(BOB), 1));
		// Back in the pool from the next rollover, earning from the one after.
		roll_over();
		assert_eq!(claimable(1, BOB), 0);
		roll_over();
		assert!(claimable(1, BOB) > 0);
	});
}

#[test]
fn a_stake_made_for_the_rollover_earns_from_the_cycle_it_backs() {
	build_and_execute(|| {
		established();
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(CHARLIE), 1));
		// Alice stakes as much as Charlie just before the rollover and asks to leave at once:
		// her shares leave at that rollover, before it deploys, having backed nothing.
		run_to_block(3 * CYCLE - 1);
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(ALICE), 1, 100 * UNIT));
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(ALICE), 1, 100 * UNIT));
		roll_over();
		let before = balance(SLC, ALICE);
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(balance(SLC, ALICE) - before, 100 * UNIT);
		assert_eq!(claimable(1, ALICE), 0);
		assert!(claimable(1, CHARLIE) > 0);
	});
}

#[test]
fn votes_moved_during_a_rollover_count_from_the_next_one() {
	build_and_execute(|| {
		established();
		// One step per block: the rollover into cycle 3 takes several blocks.
		MaxSteps::set(1);
		run_to_block(3 * CYCLE);
		assert_eq!(RolloverPhase::<Test>::get(), Phase::Recall(1));
		// Dave moves his votes from the SLC side of venue 0 to nowhere, and Alice stakes and
		// votes for reactor 0: neither changes what this rollover deploys.
		assert_ok!(Reactors::vote(RuntimeOrigin::signed(DAVE), allocations(vec![])));
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(ALICE), 0, 500 * UNIT));
		assert_ok!(Reactors::vote(
			RuntimeOrigin::signed(ALICE),
			allocations(vec![(0, 0, Perbill::one())])
		));
		assert_eq!(Tally::<Test>::get(0, 0).live, 500 * UNIT);
		assert_eq!(Tally::<Test>::get(0, 0).counted(Some(3)), 100 * UNIT);
		assert_eq!(TotalVotes::<Test>::get().counted(Some(3)), 200 * UNIT);
		while RolloverPhase::<Test>::get() != Phase::Idle {
			run_to_block(System::block_number() + 1);
		}
		MaxSteps::set(16);
		// Deployed as before: 3 000 SLC and 1 000 A1; the emission split read 100 : 100.
		assert_eq!((reactor(0).deployed, reactor(1).deployed), (3_000 * UNIT, 1_000 * UNIT));
		assert_eq!(reactor(0).emission_votes, 100 * UNIT);
		assert_eq!(EmissionVotes::<Test>::get(), (200 * UNIT, 200 * UNIT));
		// The next rollover reads the new votes.
		assert_eq!(TotalVotes::<Test>::get().counted(None), 600 * UNIT);
	});
}

#[test]
fn losses_are_shared_pro_rata_and_later_revenue_pays_them_down() {
	build_and_execute(|| {
		established();
		// Dave joins Bob with 1 000 A1; the next rollover deploys both.
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(DAVE), 1, 1_000 * UNIT));
		roll_over();
		assert_eq!(reactor(1).deployed, 2_000 * UNIT);
		// The market is too far from the oracle for the stake to buy a loss back, and there is
		// no reserve or revenue in A1: 200 A1 of the 2 000 deployed are lost for good (10 %).
		MarketSkew::put(Perbill::from_percent(50));
		price_move_second((SLC, A1), 200 * UNIT, 400 * UNIT);
		roll_over();
		assert_eq!(reactor(1).shortfall, 200 * UNIT);
		assert_eq!(Reactors::redemption_value(1, 1_000 * UNIT), 900 * UNIT);
		// Nobody joins while it stands (they would share the gains that pay it down).
		frame_support::assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(CHARLIE), 1, UNIT),
			Error::<Test>::ReactorInShortfall
		);
		// Bob leaves first and gets 90 %, not all of it: no run ahead of Dave.
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 500 * UNIT));
		roll_over();
		let before = balance(A1, BOB);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(A1, BOB) - before, 450 * UNIT);
		// 1 350 A1 for 1 500 tAssets: still 90 % each.
		assert_eq!(Reactors::redemption_value(1, 1_500 * UNIT), 1_350 * UNIT);
		// 50 A1 of fees pay the shortfall down instead of going to the PCV.
		earn_fees((SLC, A1), (0, 50 * UNIT));
		roll_over();
		let r = reactor(1);
		assert_eq!((r.supply, r.shortfall), (1_500 * UNIT, 100 * UNIT));
		assert_eq!(Revenue::<Test>::get(1), 0);
		assert_eq!(Reactors::redemption_value(1, 1_500 * UNIT), 1_400 * UNIT);
	});
}

#[test]
fn a_stale_price_is_missing_data() {
	build_and_execute(|| {
		established();
		System::reset_events();
		// Eleven minutes after the prices were fed (the bound is ten).
		NowMs::put(660_000);
		roll_over();
		System::assert_has_event(Event::EmissionSkipped { reactor: 1 }.into());
		// No trade through a venue at a price nobody checked: it is neither recalled nor
		// deployed into, and its reactors take no deposits and pay no withdrawals until a
		// rollover recalls it.
		System::assert_has_event(
			Event::VenueSkipped { venue: 0, reason: crate::SkipReason::Unpriced }.into(),
		);
		assert_eq!((reactor(0).deployed, reactor(1).deployed), (3_000 * UNIT, 1_000 * UNIT));
		frame_support::assert_noop!(
			Reactors::deposit(RuntimeOrigin::signed(BOB), 1, UNIT),
			Error::<Test>::ReactorUnsettled
		);
	});
}

#[test]
fn a_venue_left_unrecalled_holds_back_exits_until_its_loss_is_booked() {
	build_and_execute(|| {
		established();
		// Charlie asks to leave and Bob to withdraw; then the pool loses 100 A1 and its price
		// is pushed off the oracle's just before the rollover, so the venue is not recalled.
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 100 * UNIT));
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 1_000 * UNIT));
		price_move_second((SLC, A1), 100 * UNIT, 200 * UNIT);
		SpotPrices::put(true);
		roll_over();
		System::assert_has_event(
			Event::VenueSkipped { venue: 0, reason: crate::SkipReason::OffOracle }.into(),
		);
		// Neither leaves at the old worth: the shares wait, the withdrawal waits.
		frame_support::assert_noop!(
			Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1),
			Error::<Test>::RequestNotDue
		);
		frame_support::assert_noop!(
			Reactors::withdraw(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::ReactorUnsettled
		);
		// Back in line with the oracle: the recall books the loss, 100 A1. Half of Charlie's
		// 100 SLC buys 25 A1 ($2 each) back and 75 stay uncovered; then his shares leave with
		// the 50 SLC left, and Bob, the only LP, gets 925 A1.
		SpotPrices::put(false);
		roll_over();
		let before = balance(SLC, CHARLIE);
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1));
		assert_eq!(balance(SLC, CHARLIE) - before, 50 * UNIT);
		let before = balance(A1, BOB);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(A1, BOB) - before, 925 * UNIT);
	});
}

#[test]
fn liquidity_that_is_not_deployed_earns_no_emission() {
	build_and_execute(|| {
		setup();
		// Dust on both sides of reactor 1, and 100 SLC of votes for it, but nothing on the other
		// side of the venue: nothing is deployed, so nothing is at risk and nothing is paid.
		assert_ok!(Reactors::deposit(RuntimeOrigin::signed(BOB), 1, UNIT / 100));
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 100 * UNIT));
		assert_ok!(Reactors::vote(
			RuntimeOrigin::signed(CHARLIE),
			allocations(vec![(1, 0, Perbill::one())])
		));
		roll_over();
		roll_over();
		roll_over();
		assert_eq!(reactor(1).deployed, 0);
		assert_eq!(claimable(1, BOB), 0);
		assert_eq!(claimable(1, CHARLIE), 0);
	});
}

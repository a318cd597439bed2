//! A venue loss is covered from the reserve, then from the revenue the reactor built, then by
//! its LD stake (directly for SLC, bought back through the market for an asset); LPs get their
//! quantities back, LDs' shares are worth less, and votes follow on a recount.

use super::*;
use crate::{pallet::Allocations, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

/// Alice deposits 3 000 SLC, Bob 1 000 A1 ($2 000); Charlie stakes 100 SLC on A1, Dave 100 on
/// SLC; each directs all of it to venue 0, and the liquidity is deployed.
fn deployed() {
	fund_and_vote();
	roll_over();
}

#[test]
fn reserve_then_revenue_then_stake_cover_an_slc_loss() {
	build_and_execute(|| {
		deployed();
		// 100 SLC of fees: 10 to the reserve, 90 to the treasury as reactor 0's revenue.
		earn_fees((SLC, A1), (100 * UNIT, 0));
		roll_over();
		assert_eq!(Revenue::<Test>::get(0), 90 * UNIT);
		// The pool ends with 140 SLC less: reserve 10, revenue 90, Dave's stake 40.
		price_move((SLC, A1), 140 * UNIT, 70 * UNIT);
		let pcv = balance(SLC, Reactors::pcv_account());
		let stake_account = balance(SLC, Reactors::stake_account());
		roll_over();
		System::assert_has_event(
			Event::LossCovered {
				reactor: 0,
				from_reserve: 10 * UNIT,
				from_revenue: 90 * UNIT,
				from_stake: 40 * UNIT,
				stake_spent: 40 * UNIT,
				uncovered: 0,
			}
			.into(),
		);
		assert_eq!(pcv - balance(SLC, Reactors::pcv_account()), 90 * UNIT);
		assert_eq!(stake_account - balance(SLC, Reactors::stake_account()), 40 * UNIT);
		assert_eq!(Revenue::<Test>::get(0), 0);
		assert_eq!((reactor(0).staked, reactor(0).shortfall), (60 * UNIT, 0));
		assert_eq!(Reactors::api_position(0, DAVE).staked, 60 * UNIT);
		// LPs get back their quantity: Alice can still withdraw all 3 000 SLC.
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(ALICE), 0, 3_000 * UNIT));
		roll_over();
		let before = balance(SLC, ALICE);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(balance(SLC, ALICE) - before, 3_000 * UNIT);
	});
}

#[test]
fn an_asset_loss_is_bought_back_with_the_stake_and_reaches_queued_unstakes() {
	build_and_execute(|| {
		deployed();
		// Charlie asks to unstake half before the loss: those shares stop voting and earning
		// at once, but leave only after the recall that finds the loss.
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 50 * UNIT));
		// The pool ends with 20 A1 ($40) less; no reserve or revenue in A1. The stake buys
		// 20 A1 back for 40 SLC (the limit is half of 100; the oracle bound 44).
		price_move_second((SLC, A1), 20 * UNIT, 40 * UNIT);
		roll_over();
		System::assert_has_event(
			Event::LossCovered {
				reactor: 1,
				from_reserve: 0,
				from_revenue: 0,
				from_stake: 20 * UNIT,
				stake_spent: 40 * UNIT,
				uncovered: 0,
			}
			.into(),
		);
		// 60 SLC were left for 100 shares; the 50 leaving took 30 out.
		assert_eq!((reactor(1).staked, reactor(1).shortfall), (30 * UNIT, 0));
		assert_eq!(reactor(1).unbonding, 30 * UNIT);
		// Charlie's staying half still votes 50 until a recount; anyone may ask for one.
		assert_eq!(TotalVotes::<Test>::get().live, 150 * UNIT);
		assert_noop!(
			Reactors::recount(RuntimeOrigin::signed(ALICE), 1, BOB),
			Error::<Test>::NoStake
		);
		assert_noop!(
			Reactors::recount(RuntimeOrigin::signed(ALICE), 7, CHARLIE),
			Error::<Test>::ReactorNotFound
		);
		assert_ok!(Reactors::recount(RuntimeOrigin::signed(ALICE), 1, CHARLIE));
		System::assert_last_event(
			Event::Recounted { reactor: 1, who: CHARLIE, staked: 30 * UNIT }.into(),
		);
		assert_eq!(Allocations::<Test>::get(CHARLIE).map(|(power, _)| power), Some(30 * UNIT));
		assert_eq!(TotalVotes::<Test>::get().live, 130 * UNIT);
		assert_eq!(Tally::<Test>::get(1, 0).live, 30 * UNIT);
		// The queued half lost its 40 % too: 30 SLC come back, 30 stay staked.
		let before = balance(SLC, CHARLIE);
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1));
		assert_eq!(balance(SLC, CHARLIE) - before, 30 * UNIT);
		assert_eq!(Reactors::api_position(1, CHARLIE).staked, 30 * UNIT);
		// Bob gets his 1 000 A1 back.
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 1_000 * UNIT));
		roll_over();
		let before = balance(A1, BOB);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(A1, BOB) - before, 1_000 * UNIT);
	});
}

#[test]
fn a_loss_beyond_the_stake_limit_sells_the_limit_and_records_the_rest() {
	build_and_execute(|| {
		deployed();
		// 40 A1 ($80) lost: buying it back would cost more than half the stake, so the stake
		// sells its limit (50 SLC, worth 25 A1); 15 A1 stay uncovered.
		price_move_second((SLC, A1), 40 * UNIT, 80 * UNIT);
		roll_over();
		System::assert_has_event(
			Event::LossCovered {
				reactor: 1,
				from_reserve: 0,
				from_revenue: 0,
				from_stake: 25 * UNIT,
				stake_spent: 50 * UNIT,
				uncovered: 15 * UNIT,
			}
			.into(),
		);
		assert_eq!((reactor(1).staked, reactor(1).shortfall), (50 * UNIT, 15 * UNIT));
		// A second loss takes half of what is left: the stake never reaches zero.
		assert_eq!(reactor(1).deployed, 985 * UNIT);
		price_move_second((SLC, A1), 100 * UNIT, 200 * UNIT);
		roll_over();
		assert_eq!(reactor(1).staked, 25 * UNIT);
		assert_eq!(reactor(1).stake_shares, 100 * UNIT);
		// New stake buys shares at the lower worth.
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(ALICE), 1, 25 * UNIT));
		assert_eq!(Reactors::api_position(1, ALICE).staked, 25 * UNIT);
		assert_eq!(reactor(1).stake_shares, 200 * UNIT);
	});
}

#[test]
fn a_market_worse_than_the_oracle_bound_buys_nothing() {
	build_and_execute(|| {
		deployed();
		// The market trades 20 % below the oracle; the bound is 10 %.
		MarketSkew::put(Perbill::from_percent(20));
		price_move_second((SLC, A1), 20 * UNIT, 40 * UNIT);
		let stake_account = balance(SLC, Reactors::stake_account());
		roll_over();
		System::assert_has_event(
			Event::LossCovered {
				reactor: 1,
				from_reserve: 0,
				from_revenue: 0,
				from_stake: 0,
				stake_spent: 0,
				uncovered: 20 * UNIT,
			}
			.into(),
		);
		assert_eq!(balance(SLC, Reactors::stake_account()), stake_account);
		assert_eq!((reactor(1).staked, reactor(1).shortfall), (100 * UNIT, 20 * UNIT));
		// Unpriced, the venue is left as it is: no recall, no loss booked, the stake untouched.
		MarketSkew::put(Perbill::zero());
		Prices::remove(A1);
		price_move_second((SLC, A1), 10 * UNIT, 20 * UNIT);
		roll_over();
		System::assert_has_event(
			Event::VenueSkipped { venue: 0, reason: crate::SkipReason::Unpriced }.into(),
		);
		assert_eq!((reactor(1).staked, reactor(1).shortfall), (100 * UNIT, 20 * UNIT));
	});
}

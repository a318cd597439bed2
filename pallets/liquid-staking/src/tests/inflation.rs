//! The first-depositor (share inflation) attack fails: shares locked at genesis mean a donation
//! is shared with them, and direct transfers to the pool account are not counted at all.

use super::*;
use frame_support::traits::fungible::Mutate;
use frame_support::traits::tokens::Preservation;

#[test]
fn a_donation_to_the_pool_account_does_not_move_the_rate() {
	ExtBuilder::default().build_and_execute(|| {
		stake(EVE, UNIT);
		let before = rate();
		assert_ok!(Balances::transfer(&EVE, &pool(), 500_000 * UNIT, Preservation::Preserve));
		assert_eq!(rate(), before);
		// The victim gets the shares their deposit is worth.
		assert_eq!(stake(ALICE, 1_000 * UNIT), 1_000 * UNIT);
	});
}

#[test]
fn inflating_the_rate_through_mev_costs_the_attacker_more_than_the_victim_loses() {
	ExtBuilder::default().build_and_execute(|| {
		// The attacker stakes the minimum, then pays a huge "MEV" to inflate the share price.
		let eve_start = slc(EVE);
		stake(EVE, UNIT);
		super::mev::pay(EVE, 500_000 * UNIT);
		// The victim still gets shares, and rounding costs them less than one share's worth, at
		// the full value (the value and the income held, which the victim's stake paid its part
		// of and will share in when it is released).
		let shares = stake(ALICE, 1_000 * UNIT);
		assert!(shares > 0);
		let books = LiquidStaking::books().unwrap();
		let full = books.value().unwrap() + books.state.held_ready + books.state.held_new;
		let alice_value = shares * full / books.supply;
		let one_share = full / books.supply + 1;
		assert!(1_000 * UNIT - alice_value <= one_share);
		// The attacker's position is worth a fraction of what they paid in: the locked shares
		// took almost all of the donation.
		let eve_value = vslc(EVE) * full / books.supply;
		assert!(eve_start - slc(EVE) > 10 * eve_value);
	});
}

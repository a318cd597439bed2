//! Unit tests, one file per call or topic. Every test runs through
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants at the end.

mod admin;
mod era;
mod fuzz;
mod genesis;
mod inflation;
mod instant_unstake;
mod mev;
mod quotes;
mod stake;
mod unstake;
mod withdraw;

use crate::mock::*;
use frame_support::assert_ok;

/// `who` stakes `amount` and gets the vSLC minted.
pub(crate) fn stake(who: AccountId, amount: Balance) -> Balance {
	let before = vslc(who);
	assert_ok!(LiquidStaking::stake(RuntimeOrigin::signed(who), amount));
	vslc(who) - before
}

/// `who` unstakes `amount` vSLC; returns the new request's id.
pub(crate) fn unstake(who: AccountId, amount: Balance) -> crate::RequestId {
	let id = crate::NextRequestId::<Test>::get();
	assert_ok!(LiquidStaking::unstake(RuntimeOrigin::signed(who), amount));
	id
}

/// The exchange rate.
pub(crate) fn rate() -> sp_runtime::FixedU128 {
	LiquidStaking::exchange_rate().unwrap()
}

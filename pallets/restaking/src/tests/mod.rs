//! Unit tests, one file per topic; every test checks the invariants (`do_try_state`) after it.

mod calls;
mod fuzz;
mod rewards;
mod slashing;

use crate::{mock::*, pallet::*};
use frame_support::assert_ok;
use sp_runtime::Perbill;

/// OP1 and OP2 are operators (10 % and 20 % commission); service 0 (the oracle, slasher
/// `SLASHER`, rewards in USD, no minimum) exists; OP1 allocates 50 % to it, OP2 100 %, in force
/// from block 1 + `ALLOCATION_DELAY`.
pub fn operators_and_oracle_service() {
	assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP1), Perbill::from_percent(10)));
	assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP2), Perbill::from_percent(20)));
	assert_ok!(Restaking::register_service(RuntimeOrigin::root(), SLASHER, USD, 0));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(50)));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
	run_to_block(1 + ALLOCATION_DELAY);
}

/// `who` deposits and delegates `amount` of `asset` to `operator`.
pub fn stake(who: AccountId, operator: AccountId, asset: AssetKind, amount: Balance) {
	assert_ok!(Restaking::deposit(RuntimeOrigin::signed(who), asset.clone(), amount));
	assert_ok!(Restaking::delegate(RuntimeOrigin::signed(who), operator, asset, amount));
}

/// What `who`'s delegation to `operator` in `asset` is worth.
pub fn delegated(who: AccountId, operator: AccountId, asset: AssetKind) -> Balance {
	let pool = Pools::<Test>::get(operator, &asset).unwrap_or_default();
	let shares = Delegations::<Test>::get((who, operator, asset)).map_or(0, |d| d.shares);
	Restaking::worth(&pool, shares)
}

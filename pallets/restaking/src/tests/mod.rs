//! Unit tests, one file per topic; every test checks the invariants (`do_try_state`) after it.

mod calls;
mod fuzz;
mod rewards;
mod slashing;

use crate::{mock::*, pallet::*, types::*};
use frame_support::assert_ok;
use sp_runtime::Perbill;

/// Registers `operator` with `commission` and the minimum self-bond.
pub fn register(operator: AccountId, commission: Perbill) {
	assert_ok!(Restaking::register_operator(
		RuntimeOrigin::signed(operator),
		commission,
		MIN_SELF_BOND
	));
}

/// Service parameters: `SLASHER` slashes, no resolver (root vetoes), rewards in `reward`.
pub fn params(reward: AssetKind, min_allocation: Balance) -> ServiceParams<AccountId> {
	ServiceParams { slasher: SLASHER, resolver: None, reward_asset: reward, min_allocation }
}

/// The first block of the warm-up epoch after next: stake delegated now counts from there.
pub fn warmed_up() -> u64 {
	(System::block_number() / STAKE_WARMUP + 2) * STAKE_WARMUP
}

/// OP1 and OP2 are operators (10 % and 20 % commission, each with its 10 SLC self-bond);
/// service 0 (the oracle, slasher `SLASHER`, rewards in USD, no minimum) exists; OP1 allocates
/// 50 % to it, OP2 100 %; the chain is past the allocation delay and the self-bonds' warm-up.
pub fn operators_and_oracle_service() {
	register(OP1, Perbill::from_percent(10));
	register(OP2, Perbill::from_percent(20));
	assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(50)));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
	run_to_block(warmed_up().max(1 + ALLOCATION_DELAY));
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

/// The fraction of its stake `operator` allocates to `service` in force now.
pub fn allocated(operator: AccountId, service: ServiceId) -> Perbill {
	let max = Operators::<Test>::get(operator).map_or(FULL_MAGNITUDE, |o| o.max_magnitude);
	let magnitude =
		Allocations::<Test>::get(operator, service).map_or(0, |a| a.at(System::block_number()));
	Restaking::fraction(magnitude, max)
}

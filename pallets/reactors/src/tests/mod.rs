//! Unit tests, one file per topic; every test checks the invariants (`do_try_state`) after it.

mod calls;
mod core_rounds;
mod economic;
mod fuzz;
mod loss_cover;
mod rollover;
mod timing;
mod venue_safety;

use crate::{
	mock::*,
	pallet::{CurrentCycle, Error, LpPositions, Revenue, RolloverPhase, Tally, TotalVotes},
};

/// Alice deposits 3 000 SLC, Bob 1 000 A1 ($2 000); Charlie stakes 100 SLC on A1, Dave 100 on
/// SLC; each directs all of it to venue 0.
pub fn fund_and_vote() {
	use frame_support::assert_ok;
	setup();
	assert_ok!(Reactors::deposit(RuntimeOrigin::signed(ALICE), 0, 3_000 * UNIT));
	assert_ok!(Reactors::deposit(RuntimeOrigin::signed(BOB), 1, 1_000 * UNIT));
	assert_ok!(Reactors::stake(RuntimeOrigin::signed(CHARLIE), 1, 100 * UNIT));
	assert_ok!(Reactors::stake(RuntimeOrigin::signed(DAVE), 0, 100 * UNIT));
	let all = sp_runtime::Perbill::one();
	assert_ok!(Reactors::vote(RuntimeOrigin::signed(CHARLIE), allocations(vec![(1, 0, all)])));
	assert_ok!(Reactors::vote(RuntimeOrigin::signed(DAVE), allocations(vec![(0, 0, all)])));
}

/// The reactor's record.
pub fn reactor(id: u32) -> crate::Reactor {
	crate::pallet::Reactors::<Test>::get(id).expect("the reactor exists")
}

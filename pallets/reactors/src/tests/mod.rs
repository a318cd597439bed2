//! Unit tests, one file per topic; every test checks the invariants (`do_try_state`) after it.

mod calls;
mod core_rounds;
mod fuzz;
mod loss_cover;
mod rollover;
mod timing;

use crate::{
	mock::*,
	pallet::{CurrentCycle, Error, LpPositions, Revenue, RolloverPhase, Tally, TotalVotes},
};

/// The reactor's record.
pub fn reactor(id: u32) -> crate::Reactor {
	crate::pallet::Reactors::<Test>::get(id).expect("the reactor exists")
}

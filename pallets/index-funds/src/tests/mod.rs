//! Unit tests, one file per topic. Every test runs through `build_and_execute`, which checks
//! the pallet's invariants (`do_try_state`) after it.

mod admin;
mod basket;
mod create;
mod exploits;
mod fuzz;
mod join_exit;
mod limits;
mod poke;
mod recovery;
mod single;
mod swap;

use crate::{mock::*, pallet::*};
use frame_support::traits::fungibles::Inspect;

/// The fund's record.
pub fn info(index: u32) -> IndexOf<Test> {
	Indices::<Test>::get(index).expect("the fund exists")
}

/// The weighted invariant's logarithm `Σ w_i ln b_i` (as f64, for comparisons in tests only).
pub fn log_invariant(index: u32) -> f64 {
	let info = info(index);
	let weights = IndexFunds::weights_at(&info, IndexFunds::now()).expect("weights");
	info.balances.iter().zip(weights).map(|(b, w)| (w as f64 / 1e18) * (*b as f64).ln()).sum()
}

/// Sets a fund's fees at once (test set-up; the calls schedule them behind a timelock).
pub fn set_fees_now(index: u32, fees: crate::Fees) {
	Indices::<Test>::mutate(index, |info| {
		if let Some(info) = info {
			info.fees = fees;
		}
	});
}

/// Total supply of fund `index`'s token.
pub fn issuance(index: u32) -> u128 {
	Assets::total_issuance(TOKEN_BASE + index)
}

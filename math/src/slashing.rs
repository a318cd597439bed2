//! Restaking slashes and reward splits.
//!
//! An operator's delegations in one asset form a pool of `stake` tokens owned by `shares`
//! (delegations and queued withdrawals alike). A slash lowers `stake` and leaves the shares as
//! they are, so it reaches every holder pro rata in one write, whatever the number of holders
//! (EigenLayer's magnitudes play the same part).
//!
//! A slash of `fraction` of what an operator allocated to a service (`allocation` of its stake)
//! takes `portion = fraction × allocation` of each pool, both products rounded **up**: the
//! slashed party never keeps a unit the slash should have taken, and never loses more than one
//! unit over the exact figure. Holders' values are their shares' worth rounded **down**, so the
//! sum of what holders can take out never exceeds the stake.

use crate::Balance;
use sp_arithmetic::{PerThing, Perbill, Rounding};

/// `fraction × allocation`, rounded up.
pub fn portion(fraction: Perbill, allocation: Perbill) -> Perbill {
	let parts = u64::from(fraction.deconstruct()) * u64::from(allocation.deconstruct());
	let one = u64::from(Perbill::ACCURACY);
	// ≤ ACCURACY, since both factors are.
	let rounded = parts.div_ceil(one);
	Perbill::from_parts(u32::try_from(rounded).unwrap_or(Perbill::ACCURACY))
}

/// What a slash of `portion` takes from a pool of `stake`: rounded up, never more than the
/// stake.
pub fn slash_amount(stake: Balance, portion: Perbill) -> Balance {
	portion.mul_ceil(stake).min(stake)
}

/// `(operator, delegators)` parts of `amount` under `commission`: the operator's part rounds
/// down.
pub fn split_commission(amount: Balance, commission: Perbill) -> (Balance, Balance) {
	let operator = commission.mul_floor(amount);
	(operator, amount.saturating_sub(operator))
}

/// `amount × part / total`, rounded down (`None` when `total` is zero or on overflow).
pub fn pro_rata(amount: Balance, part: Balance, total: Balance) -> Option<Balance> {
	if total == 0 {
		return None;
	}
	crate::shares::mul_div(amount, part, total, Rounding::Down)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::shares::value_of_shares;
	use proptest::prelude::*;

	#[test]
	fn examples() {
		let half = Perbill::from_percent(50);
		assert_eq!(portion(half, Perbill::from_percent(20)), Perbill::from_percent(10));
		assert_eq!(portion(Perbill::one(), Perbill::one()), Perbill::one());
		assert_eq!(portion(Perbill::from_parts(1), Perbill::from_parts(1)), Perbill::from_parts(1));
		assert_eq!(slash_amount(1_000, Perbill::from_percent(10)), 100);
		assert_eq!(slash_amount(7, Perbill::from_percent(50)), 4);
		assert_eq!(slash_amount(7, Perbill::one()), 7);
		assert_eq!(split_commission(1_000, Perbill::from_percent(10)), (100, 900));
		assert_eq!(pro_rata(100, 1, 3), Some(33));
		assert_eq!(pro_rata(100, 1, 0), None);
	}

	proptest! {
		/// A slash takes at least its exact fraction (rounding against the slashed) and at most
		/// one unit more, and never more than the stake.
		#[test]
		fn a_slash_takes_its_fraction_rounded_up(
			stake in 0u128..1u128 << 100,
			fraction in 0u32..=1_000_000_000,
			allocation in 0u32..=1_000_000_000,
		) {
			let (f, a) = (Perbill::from_parts(fraction), Perbill::from_parts(allocation));
			let p = portion(f, a);
			let exact = u128::from(fraction) * u128::from(allocation);
			let scale = u128::from(Perbill::ACCURACY) * u128::from(Perbill::ACCURACY);
			// portion ≥ f × a, and < f × a + 1 part.
			prop_assert!(u128::from(p.deconstruct()) * u128::from(Perbill::ACCURACY) >= exact);
			prop_assert!(
				u128::from(p.deconstruct()) * u128::from(Perbill::ACCURACY)
					< exact + u128::from(Perbill::ACCURACY)
			);
			let taken = slash_amount(stake, p);
			prop_assert!(taken <= stake);
			// taken ≥ stake × f × a, checked in 256 bits through the widening helper.
			let floor = sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
				stake, exact, scale, Rounding::Down,
			).unwrap_or(0);
			prop_assert!(taken >= floor);
			prop_assert!(taken <= p.mul_ceil(stake));
		}

		/// After any sequence of slashes, no holder's shares are worth more than before, and
		/// the holders together can never take out more than the stake left.
		#[test]
		fn rounding_never_creates_value(
			holdings in proptest::collection::vec(1u128..1u128 << 80, 1..8),
			slashes in proptest::collection::vec(0u32..=1_000_000_000, 1..6),
		) {
			let shares: u128 = holdings.iter().sum();
			let mut stake = shares;
			let mut before: Vec<u128> = holdings.clone();
			for s in slashes {
				stake -= slash_amount(stake, Perbill::from_parts(s));
				let values: Vec<u128> = holdings
					.iter()
					.map(|h| value_of_shares(*h, stake, shares).unwrap_or(0))
					.collect();
				prop_assert!(values.iter().sum::<u128>() <= stake);
				for (v, b) in values.iter().zip(&before) {
					prop_assert!(v <= b);
				}
				before = values;
			}
		}

		/// Commission and delegators' parts add up to the amount; pro-rata parts never add up
		/// to more than the amount.
		#[test]
		fn splits_never_pay_more_than_the_amount(
			amount in 0u128..1u128 << 100,
			commission in 0u32..=1_000_000_000,
			parts in proptest::collection::vec(0u128..1u128 << 64, 1..8),
		) {
			let (o, d) = split_commission(amount, Perbill::from_parts(commission));
			prop_assert_eq!(o + d, amount);
			let total: u128 = parts.iter().sum();
			if total > 0 {
				let paid: u128 = parts.iter().map(|p| pro_rata(amount, *p, total).unwrap_or(0)).sum();
				prop_assert!(paid <= amount);
			}
		}
	}
}

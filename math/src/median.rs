//! Stake-weighted median (the oracle's combination of its feeders' values).
//!
//! Each value carries the weight of the stake behind it. The weighted median is the smallest
//! value `v` such that the values at or below `v` carry at least half of the total weight: a
//! value moves only when stake that is more than half of the total moves it, however many
//! feeders the rest of the stake is split into. Ties sort by the second component (so a caller
//! that pairs values with timestamps gets a deterministic result).

use crate::{shares::within_bound, Balance};
use alloc::vec::Vec;
use sp_arithmetic::{FixedU128, Perbill};

/// The weighted median of `items` (`(value, weight)`), ignoring zero weights; `None` when no
/// weight is left. Sorts `items` in place.
pub fn weighted_median<V: Ord + Clone>(items: &mut Vec<(V, Balance)>) -> Option<V> {
	items.retain(|(_, w)| *w > 0);
	items.sort_by(|a, b| a.0.cmp(&b.0));
	let total = total_weight(items)?;
	let mut below: Balance = 0;
	for (value, weight) in items.iter() {
		below = below.saturating_add(*weight);
		// `below ≥ total / 2`, without rounding: 2 × below ≥ total (Σ fits, so 2 × Σ fits in
		// 129 bits; compare halves instead to stay in 128).
		if below >= total - total / 2 {
			return Some(value.clone());
		}
	}
	None
}

/// The weighted median of `items` if more than half of `total` weight lies within `band` of it
/// (so neither a minority of the stake nor a split majority decides it); `None` otherwise.
pub fn agreed_median<V: Ord + Clone>(
	items: &mut Vec<((FixedU128, V), Balance)>,
	total: Balance,
	band: Perbill,
) -> Option<(FixedU128, V)> {
	let median = weighted_median(items)?;
	let agreeing = items
		.iter()
		.filter(|((value, _), _)| within_bound(median.0, *value, band))
		.try_fold(0u128, |t, (_, w)| t.checked_add(*w))?;
	(agreeing > total / 2).then_some(median)
}

/// Σ of the weights; `None` when it is zero or overflows.
pub fn total_weight<V>(items: &[(V, Balance)]) -> Option<Balance> {
	let total = items.iter().try_fold(0u128, |t, (_, w)| t.checked_add(*w))?;
	(total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec;
	use proptest::prelude::*;

	#[test]
	fn examples() {
		// One heavy feeder outweighs any number of light ones.
		let mut items = vec![(1u32, 10_000), (3, 1_000), (3, 1_000), (3, 1_000)];
		assert_eq!(weighted_median(&mut items), Some(1));
		// More than half the weight moves it.
		let mut items = vec![(1u32, 10_000), (3, 10_001)];
		assert_eq!(weighted_median(&mut items), Some(3));
		// Exactly half: the lower value.
		let mut items = vec![(1u32, 5), (3, 5)];
		assert_eq!(weighted_median(&mut items), Some(1));
		// Equal weights: the ordinary (lower) median.
		let mut items = vec![(5u32, 1), (1, 1), (4, 1), (2, 1), (3, 1)];
		assert_eq!(weighted_median(&mut items), Some(3));
		let mut items: Vec<(u32, Balance)> = vec![(1, 0)];
		assert_eq!(weighted_median(&mut items), None);
		let mut items: Vec<(u32, Balance)> = vec![(1, u128::MAX), (2, 1)];
		assert_eq!(weighted_median(&mut items), None);
	}

	#[test]
	fn a_median_needs_most_of_the_stake_to_agree() {
		let f = FixedU128::from_u32;
		let band = Perbill::from_percent(10);
		// 30 % lies at 3, 25 % says 1, the rest is silent: no agreed value.
		let mut items = vec![((f(3), 0u64), 30), ((f(1), 0), 25)];
		assert_eq!(agreed_median(&mut items, 100, band), None);
		// 55 % at 1 (within 10 %): agreed.
		let mut items = vec![((f(3), 0u64), 30), ((f(1), 0), 55)];
		assert_eq!(agreed_median(&mut items, 100, band).map(|m| m.0), Some(f(1)));
		// Exactly half agreeing is not enough.
		let mut items = vec![((f(1), 0u64), 50), ((f(3), 0), 50)];
		assert_eq!(agreed_median(&mut items, 100, band), None);
	}

	proptest! {
		/// Stake below half of the total cannot move the median outside the range of the rest's
		/// values, whatever values it feeds (checked against a direct count).
		#[test]
		fn a_minority_cannot_move_it(
			honest in proptest::collection::vec((0u32..1_000, 1u128..1_000_000), 1..10),
			attacker in proptest::collection::vec((0u32..1_000_000, 1u128..1_000_000), 0..10),
		) {
			let honest_weight: u128 = honest.iter().map(|(_, w)| w).sum();
			let attacker_weight: u128 = attacker.iter().map(|(_, w)| w).sum();
			let mut items: Vec<_> = honest.iter().chain(attacker.iter()).cloned().collect();
			let median = weighted_median(&mut items).unwrap();
			// The result satisfies the definition: at least half the weight at or below it, and
			// less than half strictly below it.
			let total = honest_weight + attacker_weight;
			let at_or_below: u128 = items.iter().filter(|(v, _)| *v <= median).map(|(_, w)| w).sum();
			let below: u128 = items.iter().filter(|(v, _)| *v < median).map(|(_, w)| w).sum();
			prop_assert!(2 * at_or_below >= total);
			prop_assert!(2 * below < total);
			if attacker_weight < honest_weight {
				let lo = honest.iter().map(|(v, _)| *v).min().unwrap();
				let hi = honest.iter().map(|(v, _)| *v).max().unwrap();
				prop_assert!(median >= lo && median <= hi, "{median} outside [{lo}, {hi}]");
			}
		}
	}
}

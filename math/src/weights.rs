//! Index weights: target weights from oracle signals, clipped to bounds, and linear schedules
//! that move weights gradually (PowerIndex `setDynamicWeight`, Balancer gradual updates).
//!
//! A weight is a fraction with [`ONE`] = 10^18 meaning 100 %. Every function returns weights that
//! sum to exactly [`ONE`]: rounding remainders go to the largest weight (lowest index on ties), a
//! deterministic rule that never moves a weight by more than one unit per constituent.

use crate::Balance;
use alloc::vec::Vec;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// 100 %, the sum of the weights of every index.
pub const ONE: u128 = 1_000_000_000_000_000_000;

/// Gives the units `weights` lack (or have too many) to reach [`ONE`] to the largest weight.
/// `None` when the correction would underflow it.
fn settle(mut weights: Vec<u128>) -> Option<Vec<u128>> {
	let sum = weights.iter().try_fold(0u128, |s, w| s.checked_add(*w))?;
	let largest = largest_index(&weights)?;
	let slot = weights.get_mut(largest)?;
	if sum <= ONE {
		*slot = slot.checked_add(ONE - sum)?;
	} else {
		*slot = slot.checked_sub(sum - ONE)?;
	}
	Some(weights)
}

/// Index of the largest weight (the lowest index among equals).
fn largest_index(weights: &[u128]) -> Option<usize> {
	weights
		.iter()
		.enumerate()
		.fold(None, |best: Option<(usize, u128)>, (i, w)| match best {
			Some((_, b)) if b >= *w => best,
			_ => Some((i, *w)),
		})
		.map(|(i, _)| i)
}

/// Weights proportional to `values`: `value_i / Σ value`, summing to [`ONE`]. `None` when
/// `values` is empty or sums to zero.
pub fn normalize(values: &[Balance]) -> Option<Vec<u128>> {
	let total = values.iter().try_fold(0u128, |s, v| s.checked_add(*v))?;
	if total == 0 {
		return None;
	}
	let weights = values
		.iter()
		.map(|v| multiply_by_rational_with_rounding(*v, ONE, total, Rounding::Down))
		.collect::<Option<Vec<_>>>()?;
	settle(weights)
}

/// `weights` (summing to [`ONE`]) clipped into `[min, max]` while staying proportional where
/// they can: `w_i = clamp(λ × weight_i, min, max)` with the scale `λ` chosen so that the result
/// sums to [`ONE`] (found by bisection, 120 steps for any input). `None` when no such weights
/// exist (`n × min > ONE`, `n × max < ONE` or `min > max`).
pub fn clip(weights: &[u128], min: u128, max: u128) -> Option<Vec<u128>> {
	let n = weights.len() as u128;
	if weights.is_empty() || min > max || n.checked_mul(min)? > ONE || n.checked_mul(max)? < ONE {
		return None;
	}
	let scaled = |lambda: u128| -> Option<Vec<u128>> {
		weights
			.iter()
			.map(|w| {
				multiply_by_rational_with_rounding(*w, lambda, ONE, Rounding::Down)
					.map(|x| x.clamp(min, max))
			})
			.collect()
	};
	let sum = |ws: &[u128]| ws.iter().try_fold(0u128, |s, w| s.checked_add(*w));
	// Any weight of at least one unit reaches `max` at λ = ONE², so the sum reaches n × max ≥ ONE.
	let (mut low, mut high) = (0u128, ONE.checked_mul(ONE)?);
	while high - low > 1 {
		let mid = low + (high - low) / 2;
		if sum(&scaled(mid)?)? >= ONE {
			high = mid;
		} else {
			low = mid;
		}
	}
	fix_bounds(settle(scaled(high)?)?, min, max)
}

/// Moves single rounding units so every weight is within `[min, max]` while the sum stays
/// [`ONE`]. Only ever moves the few units `settle` added.
fn fix_bounds(mut weights: Vec<u128>, min: u128, max: u128) -> Option<Vec<u128>> {
	for _ in 0..weights.len() {
		if let Some(over) = weights.iter_mut().find(|w| **w > max) {
			let excess = *over - max;
			*over = max;
			// To the smallest weight that can take it.
			let taker = weights.iter_mut().filter(|w| **w < max).min_by_key(|w| **w)?;
			*taker = taker.checked_add(excess)?;
		} else if let Some(under) = weights.iter_mut().find(|w| **w < min) {
			let lack = min - *under;
			*under = min;
			let giver = weights.iter_mut().filter(|w| **w > min).max_by_key(|w| **w)?;
			*giver = giver.checked_sub(lack)?;
		} else {
			return Some(weights);
		}
	}
	weights.iter().all(|w| (min..=max).contains(w)).then_some(weights)
}

/// Target weights from oracle signals (market caps, TVLs, ...): [`normalize`] then [`clip`].
pub fn target_weights(signals: &[Balance], min: u128, max: u128) -> Option<Vec<u128>> {
	clip(&normalize(signals)?, min, max)
}

/// A linear move from `from` to `to` weights between two instants (seconds).
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct LinearSchedule {
	/// Weights at `start`.
	pub from: Vec<u128>,
	/// Weights from `end` on.
	pub to: Vec<u128>,
	/// When the move starts.
	pub start: u64,
	/// When it ends (`> start`, or equal for an immediate change).
	pub end: u64,
}

impl LinearSchedule {
	/// The shortest schedule from `from` to `to` starting at `start` in which no weight moves
	/// faster than `max_per_second` (a fraction of [`ONE`] per second). `None` on a zero rate or
	/// mismatched lengths.
	pub fn bounded(
		from: Vec<u128>,
		to: Vec<u128>,
		start: u64,
		max_per_second: u128,
	) -> Option<Self> {
		if from.len() != to.len() || max_per_second == 0 {
			return None;
		}
		let largest = from.iter().zip(&to).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
		let seconds = u64::try_from(largest.div_ceil(max_per_second)).ok()?;
		Some(Self { from, to, start, end: start.checked_add(seconds)? })
	}

	/// The weights at `now`: `from + (to − from) × elapsed / duration`, each rounded toward
	/// `from`, then settled to sum to [`ONE`].
	pub fn weights_at(&self, now: u64) -> Option<Vec<u128>> {
		if now <= self.start {
			return Some(self.from.clone());
		}
		if now >= self.end {
			return Some(self.to.clone());
		}
		let elapsed = u128::from(now - self.start);
		let duration = u128::from(self.end - self.start);
		let weights = self
			.from
			.iter()
			.zip(&self.to)
			.map(|(a, b)| {
				let moved = multiply_by_rational_with_rounding(
					a.abs_diff(*b),
					elapsed,
					duration,
					Rounding::Down,
				)?;
				if b >= a {
					a.checked_add(moved)
				} else {
					a.checked_sub(moved)
				}
			})
			.collect::<Option<Vec<_>>>()?;
		settle(weights)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	const PERCENT: u128 = ONE / 100;

	#[test]
	fn normalize_splits_by_value_and_sums_to_one() {
		assert_eq!(normalize(&[1, 1]), Some(vec![ONE / 2, ONE / 2]));
		let w = normalize(&[1, 1, 1]).unwrap();
		assert_eq!(w.iter().sum::<u128>(), ONE);
		assert_eq!(w[0], ONE / 3 + 1); // the remainder unit goes to the first of equals
		assert_eq!(normalize(&[]), None);
		assert_eq!(normalize(&[0, 0]), None);
	}

	#[test]
	fn clip_pins_outliers_and_shares_the_rest() {
		// 90 / 5 / 5 with a 50 % cap and 10 % floor → 50 / 25 / 25.
		let w =
			clip(&[90 * PERCENT, 5 * PERCENT, 5 * PERCENT], 10 * PERCENT, 50 * PERCENT).unwrap();
		assert_eq!(w, vec![50 * PERCENT, 25 * PERCENT, 25 * PERCENT]);
		// Impossible bounds.
		assert_eq!(clip(&[ONE / 2, ONE / 2], 60 * PERCENT, ONE), None);
		assert_eq!(clip(&[ONE / 2, ONE / 2], 0, 40 * PERCENT), None);
		assert_eq!(clip(&[ONE / 2, ONE / 2], 50 * PERCENT, 40 * PERCENT), None);
	}

	#[test]
	fn a_schedule_moves_linearly_and_stops_at_its_ends() {
		let s = LinearSchedule::bounded(
			vec![ONE / 2, ONE / 2],
			vec![80 * PERCENT, 20 * PERCENT],
			100,
			PERCENT,
		)
		.unwrap();
		assert_eq!(s.end, 130);
		assert_eq!(s.weights_at(50).unwrap(), vec![ONE / 2, ONE / 2]);
		assert_eq!(s.weights_at(115).unwrap(), vec![65 * PERCENT, 35 * PERCENT]);
		assert_eq!(s.weights_at(1_000).unwrap(), vec![80 * PERCENT, 20 * PERCENT]);
		assert_eq!(LinearSchedule::bounded(vec![ONE], vec![ONE], 0, 0), None);
	}

	fn weights_strategy() -> impl Strategy<Value = Vec<u128>> {
		proptest::collection::vec(1u128..1_000_000_000_000_000_000_000, 2..=16)
			.prop_map(|values| normalize(&values).unwrap())
	}

	proptest! {
		/// Weights from any signals sum to one.
		#[test]
		fn normalized_weights_sum_to_one(values in proptest::collection::vec(0u128..u64::MAX as u128, 1..=16)) {
			if let Some(w) = normalize(&values) {
				prop_assert_eq!(w.iter().sum::<u128>(), ONE);
			} else {
				prop_assert!(values.iter().all(|v| *v == 0));
			}
		}

		/// Clipped weights sum to one and respect both bounds whenever bounds can be met.
		#[test]
		fn clipped_weights_respect_bounds(weights in weights_strategy(), min_pct in 0u128..6, max_pct in 10u128..=100) {
			let (min, max) = (min_pct * PERCENT, max_pct * PERCENT);
			let n = weights.len() as u128;
			match clip(&weights, min, max) {
				Some(w) => {
					prop_assert_eq!(w.iter().sum::<u128>(), ONE);
					prop_assert!(w.iter().all(|x| *x >= min && *x <= max), "{:?} outside [{}, {}]", w, min, max);
				},
				None => prop_assert!(n * min > ONE || n * max < ONE),
			}
		}

		/// Along a schedule weights always sum to one and no weight moves faster than the bound.
		#[test]
		fn schedules_sum_to_one_and_respect_the_rate(
			from in weights_strategy(),
			seed in any::<u64>(),
			rate_pct in 1u128..50,
			t in 0u64..200,
		) {
			// A target of the same length: the weights rotated by one place.
			let mut to = from.clone();
			to.rotate_left((seed % from.len() as u64) as usize);
			let rate = rate_pct * PERCENT / 10;
			let s = LinearSchedule::bounded(from.clone(), to.clone(), 1_000, rate).unwrap();
			let now = s.weights_at(1_000 + t).unwrap();
			let next = s.weights_at(1_001 + t).unwrap();
			prop_assert_eq!(now.iter().sum::<u128>(), ONE);
			for (a, b) in now.iter().zip(&next) {
				// One second's move, plus the settling unit(s).
				prop_assert!(a.abs_diff(*b) <= rate + from.len() as u128);
			}
			prop_assert_eq!(s.weights_at(s.end).unwrap(), to);
		}
	}
}

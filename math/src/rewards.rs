//! Emissions and reward accumulators (reactors, restaking).
//!
//! **Balance rule** (Tokemak): a reactor's emission depends on how its two sides compare in
//! value: `v_lp`, the LP assets, and `v_ld`, the SLC staked by liquidity directors. With
//! `b = min / max ∈ [0, 1]` the reactor earns `E × (1 + b) / 2` (a balanced reactor earns the
//! whole emission, a one-sided one half of it), and the side in deficit takes the larger share:
//! the LD share is `v_lp / (v_lp + v_ld)`. Amounts round down; what is not paid stays unminted.
//!
//! **Reward per share**: an accumulator `rps` (fixed point, [`RPS_ONE`] = 1 reward unit per
//! share unit) grows by `reward / shares` on every distribution (rounded down, so the sum of
//! claims never exceeds what was distributed); a position of `s` shares that last settled at
//! `rps₀` is owed `s × (rps − rps₀)`, rounded down.

use crate::{shares::mul_div, Balance};
use sp_arithmetic::Rounding;

/// Fixed-point unit of reward-per-share accumulators: 10^18.
pub const RPS_ONE: u128 = 1_000_000_000_000_000_000;

/// `(lp, ld)` parts of `emission` by the balance rule. Both sides empty pays nothing; a
/// one-sided reactor pays half the emission, all of it to the empty side (so nothing reaches
/// anyone until that side is joined: the incentive to join it).
pub fn split_emission(
	emission: Balance,
	v_lp: Balance,
	v_ld: Balance,
) -> Option<(Balance, Balance)> {
	let total = v_lp.checked_add(v_ld)?;
	if total == 0 {
		return Some((0, 0));
	}
	let high = v_lp.max(v_ld);
	// E × (1 + b) / 2 = E × (high + low) / (2 × high).
	let paid = mul_div(emission, total, high.checked_mul(2)?, Rounding::Down)?;
	let ld = mul_div(paid, v_lp, total, Rounding::Down)?;
	let lp = mul_div(paid, v_ld, total, Rounding::Down)?;
	Some((lp, ld))
}

/// The accumulator's growth when `reward` is shared by `shares`. `None` when nobody holds
/// shares (the caller keeps the reward) or on overflow.
pub fn rps_increment(reward: Balance, shares: Balance) -> Option<u128> {
	if shares == 0 {
		return None;
	}
	mul_div(reward, RPS_ONE, shares, Rounding::Down)
}

/// Owed to `shares` for the accumulator's move from `rps_then` to `rps_now`. Rounds down.
pub fn accrued(shares: Balance, rps_then: u128, rps_now: u128) -> Option<Balance> {
	mul_div(shares, rps_now.checked_sub(rps_then)?, RPS_ONE, Rounding::Down)
}

/// Part of a reward stream's `left` tokens that `elapsed` of its `remaining` blocks release
/// (streams pay evenly over their period): `left × elapsed / remaining`, rounded down, and all
/// of `left` once `elapsed ≥ remaining`, so a stream pays exactly what was put in by its end.
pub fn streamed(left: Balance, elapsed: u64, remaining: u64) -> Balance {
	if elapsed >= remaining {
		return left;
	}
	mul_div(left, u128::from(elapsed), u128::from(remaining), Rounding::Down).unwrap_or(0)
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn balanced_reactors_earn_the_whole_emission_split_evenly() {
		assert_eq!(split_emission(1_000, 500, 500), Some((500, 500)));
		// One-sided: half of the emission, all to the side that has value.
		assert_eq!(split_emission(1_000, 500, 0), Some((0, 500)));
		assert_eq!(split_emission(1_000, 0, 0), Some((0, 0)));
		// LP surplus 3:1: 2/3 of E paid, 3/4 of it to the LDs.
		assert_eq!(split_emission(1_200, 300, 100), Some((200, 600)));
	}

	#[test]
	fn accumulator_pays_pro_rata_and_rounds_down() {
		let inc = rps_increment(10, 3).unwrap();
		let a = accrued(1, 0, inc).unwrap();
		let b = accrued(2, 0, inc).unwrap();
		assert_eq!((a, b), (3, 6));
		assert!(a + b <= 10);
		assert_eq!(rps_increment(10, 0), None);
		assert_eq!(accrued(1, 5, 4), None);
	}

	#[test]
	fn streams_pay_evenly_and_exactly() {
		assert_eq!(streamed(100, 1, 4), 25);
		assert_eq!(streamed(100, 4, 4), 100);
		assert_eq!(streamed(100, 9, 4), 100);
		assert_eq!(streamed(10, 1, 3), 3);
		assert_eq!(streamed(0, 1, 3), 0);
	}

	proptest! {
		/// However a stream's period is cut into steps, it pays exactly what it holds by the
		/// end, and never more before it.
		#[test]
		fn a_stream_pays_what_it_holds(
			left in 0u128..1u128 << 100,
			steps in proptest::collection::vec(1u64..50, 1..20),
		) {
			let period: u64 = steps.iter().sum();
			let (mut remaining, mut rest, mut paid) = (period, left, 0u128);
			for step in steps {
				let part = streamed(rest, step, remaining);
				prop_assert!(part <= rest);
				rest -= part;
				paid += part;
				remaining -= step;
			}
			prop_assert_eq!(paid, left);
		}

		#[test]
		fn split_never_pays_more_than_the_emission(
			e in 0u128..1u128 << 100, lp in 0u128..1u128 << 100, ld in 0u128..1u128 << 100,
		) {
			let (a, b) = split_emission(e, lp, ld).unwrap();
			prop_assert!(a + b <= e);
			// The side in deficit gets at least as much as the other.
			if lp < ld { prop_assert!(a >= b) } else if ld < lp { prop_assert!(b >= a) }
		}

		#[test]
		fn balance_earns_the_most(e in 1u128..1u128 << 80, v in 1u128..1u128 << 60, skew in 1u128..1_000) {
			let (a, b) = split_emission(e, v, v).unwrap();
			let (c, d) = split_emission(e, v.saturating_mul(skew + 1), v).unwrap();
			prop_assert!(c + d <= a + b);
		}

		#[test]
		fn claims_never_exceed_distributions(
			rewards in proptest::collection::vec(0u128..1u128 << 64, 1..10),
			holdings in proptest::collection::vec(1u128..1u128 << 64, 1..10),
		) {
			let total: u128 = holdings.iter().sum();
			let mut rps = 0u128;
			for r in &rewards {
				rps += rps_increment(*r, total).unwrap();
			}
			let paid: u128 = holdings.iter().map(|h| accrued(*h, 0, rps).unwrap()).sum();
			prop_assert!(paid <= rewards.iter().sum::<u128>());
		}
	}
}

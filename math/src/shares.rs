//! Share pricing of a value-accruing pool token (vSLC, and later index and restaking shares).
//!
//! A pool worth `value` (in the underlying token) has issued `supply` shares; one share is worth
//! `value / supply`. Deposits are priced at that rate rounding the shares down, redemptions
//! rounding the value down, fees rounding up: each rounding leaves the remainder in the pool.
//!
//! Withdrawal queues that must share a later loss pro rata use a *queue factor*: a number that
//! starts at one and is multiplied by `(queue − loss) / queue` on every loss, so a request valued
//! `nominal` when the factor was `f₀` is worth `nominal × f / f₀` now, in O(1) per request.

use crate::Balance;
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill, Permill, Rounding,
};

/// `a × b / c` in 256-bit intermediate precision, rounded as told; `None` on `c = 0` or when the
/// result does not fit in 128 bits.
pub fn mul_div(a: Balance, b: Balance, c: Balance, rounding: Rounding) -> Option<Balance> {
	if c == 0 {
		return None;
	}
	multiply_by_rational_with_rounding(a, b, c, rounding)
}

/// Value of `amount` smallest units of a token with `decimals` decimals at `price` per whole
/// token (`FixedU128` inner, 10^18 = one unit of account), as a `FixedU128` inner. Rounds down.
pub fn value_at_price(amount: Balance, price: u128, decimals: u8) -> Option<Balance> {
	mul_div(amount, price, 10u128.checked_pow(u32::from(decimals))?, Rounding::Down)
}

/// The inverse of [`value_at_price`]: smallest units worth `value` at `price`. Rounds down.
pub fn amount_at_price(value: Balance, price: u128, decimals: u8) -> Option<Balance> {
	mul_div(value, 10u128.checked_pow(u32::from(decimals))?, price, Rounding::Down)
}

/// Shares minted for `amount` put into a pool worth `value` with `supply` shares outstanding.
///
/// Rounds down (the pool keeps the fraction). `None` when the pool has no shares or no value:
/// a pool is seeded with locked shares at creation, so that state means it is broken, not empty.
pub fn shares_for_amount(amount: Balance, value: Balance, supply: Balance) -> Option<Balance> {
	if supply == 0 || value == 0 {
		return None;
	}
	mul_div(amount, supply, value, Rounding::Down)
}

/// Value of `shares` in a pool worth `value` with `supply` shares outstanding. Rounds down.
pub fn value_of_shares(shares: Balance, value: Balance, supply: Balance) -> Option<Balance> {
	if shares > supply {
		return None;
	}
	mul_div(shares, value, supply, Rounding::Down)
}

/// Shares worth at least `amount`: the shares a user must give up to take `amount` out. Rounds up.
pub fn shares_to_take(amount: Balance, value: Balance, supply: Balance) -> Option<Balance> {
	if supply == 0 || value == 0 {
		return None;
	}
	mul_div(amount, supply, value, Rounding::Up)
}

/// The fee part of `amount`, rounded up (the protocol never undercharges by rounding).
pub fn fee_of(amount: Balance, fee: Permill) -> Balance {
	fee.mul_ceil(amount)
}

/// Shares to mint to a fee recipient so that it owns `fee_value` of a pool worth `value` (which
/// already includes `fee_value`) with `supply` shares before the mint:
/// `s / (supply + s) = fee_value / value`, so `s = fee_value × supply / (value − fee_value)`.
/// Rounds down (existing holders keep the fraction).
pub fn shares_for_fee(fee_value: Balance, value: Balance, supply: Balance) -> Option<Balance> {
	let rest = value.checked_sub(fee_value)?;
	if fee_value.is_zero() {
		return Some(0);
	}
	mul_div(fee_value, supply, rest, Rounding::Down)
}

/// How a `loss` splits between a pool worth `pool` and a withdrawal queue worth `queue`, pro rata
/// to their value. Returns `(pool_part, queue_part)`, which sum to the loss capped at
/// `pool + queue`. The queue's part rounds up: those leaving never shift a rounding unit of
/// their loss onto those who stay.
pub fn split_loss(loss: Balance, pool: Balance, queue: Balance) -> Option<(Balance, Balance)> {
	let total = pool.checked_add(queue)?;
	let loss = loss.min(total);
	if total == 0 {
		return Some((0, 0));
	}
	let queue_part = mul_div(loss, queue, total, Rounding::Up)?.min(queue).min(loss);
	let pool_part = loss.checked_sub(queue_part)?;
	// The queue's part may round up by one unit past what the pool can take; never past the pool.
	Some((pool_part.min(pool), queue_part))
}

/// The queue factor after the queue, worth `queue`, loses `queue_loss`: `factor × (queue −
/// queue_loss) / queue`, rounded down. `None` when the queue is empty or loses more than it has.
pub fn scale_factor(factor: FixedU128, queue: Balance, queue_loss: Balance) -> Option<FixedU128> {
	let left = queue.checked_sub(queue_loss)?;
	let inner = mul_div(factor.into_inner(), left, queue, Rounding::Down)?;
	Some(FixedU128::from_inner(inner))
}

/// Current value of a queued request valued `nominal` when the queue factor was `factor_then`,
/// the factor being `factor_now` today. Rounds down; a zero `factor_then` values it at zero.
pub fn request_value(nominal: Balance, factor_then: FixedU128, factor_now: FixedU128) -> Balance {
	if factor_now >= factor_then {
		// Factors only fall; equal means no loss since the request was made.
		return nominal;
	}
	mul_div(nominal, factor_now.into_inner(), factor_then.into_inner(), Rounding::Down).unwrap_or(0)
}

/// The exchange rate `value / supply` (underlying per share), rounded down; `None` without
/// shares.
pub fn rate(value: Balance, supply: Balance) -> Option<FixedU128> {
	if supply == 0 {
		return None;
	}
	let inner = mul_div(value, FixedU128::accuracy(), supply, Rounding::Down)?;
	Some(FixedU128::from_inner(inner))
}

/// Whether moving from rate `old` to rate `new` stays within `bound` of `old` (either way).
pub fn within_bound(old: FixedU128, new: FixedU128, bound: Perbill) -> bool {
	let allowed = FixedU128::from_inner(bound.mul_ceil(old.into_inner()));
	let change = if new > old { new.saturating_sub(old) } else { old.saturating_sub(new) };
	change <= allowed
}

/// How a deposit of `amount` enters a pool whose holders own `exit` now and `held` (`ready` and
/// `new`) later: income held back until it is released to them. The deposit buys shares at the
/// full value `exit + held`, so it pays for its part of the held income and earns none of it until
/// released; and it adds to `exit` no more than its shares' pro-rata part, so the exit rate
/// `exit / supply` never rises by a deposit. Returns `(shares, to_exit, to_ready, to_new)`, which
/// sum to `amount` (the rounding remainder is held as new income). `None` without shares or value.
pub fn deposit_split(
	amount: Balance,
	exit: Balance,
	ready: Balance,
	new: Balance,
	supply: Balance,
) -> Option<(Balance, Balance, Balance, Balance)> {
	let full = exit.checked_add(ready)?.checked_add(new)?;
	let shares = shares_for_amount(amount, full, supply)?;
	let to_exit = mul_div(shares, exit, supply, Rounding::Down)?;
	let to_ready = mul_div(shares, ready, supply, Rounding::Down)?;
	let to_new = amount.checked_sub(to_exit)?.checked_sub(to_ready)?;
	Some((shares, to_exit, to_ready, to_new))
}

/// What `shares` of `supply` take out of a pool whose holders own `exit`: `(paid, removed)`.
/// `paid` is their pro-rata part rounded down; `removed` is what leaves `exit`, rounded up, so that
/// the exit rate never rises by an exit (`removed − paid` is kept as held income). Their part of
/// held income stays in the pool. `None` for more shares than the supply.
pub fn exit_split(shares: Balance, exit: Balance, supply: Balance) -> Option<(Balance, Balance)> {
	if shares > supply {
		return None;
	}
	let paid = mul_div(shares, exit, supply, Rounding::Down)?;
	let left = mul_div(supply.checked_sub(shares)?, exit, supply, Rounding::Down)?;
	Some((paid, exit.checked_sub(left)?))
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;
	use sp_arithmetic::traits::One;

	const UNIT: Balance = 1_000_000_000_000;

	#[test]
	fn a_fresh_pool_prices_one_to_one() {
		assert_eq!(shares_for_amount(5 * UNIT, 100 * UNIT, 100 * UNIT), Some(5 * UNIT));
		assert_eq!(value_of_shares(5 * UNIT, 100 * UNIT, 100 * UNIT), Some(5 * UNIT));
		assert_eq!(rate(100 * UNIT, 100 * UNIT), Some(FixedU128::one()));
	}

	#[test]
	fn rounding_keeps_the_remainder_in_the_pool() {
		// Pool worth 3 with 2 shares: 1 unit buys 0.66 shares → 0.
		assert_eq!(shares_for_amount(1, 3, 2), Some(0));
		// One share is worth 1.5 → 1.
		assert_eq!(value_of_shares(1, 3, 2), Some(1));
		// Taking out 1 unit costs 0.66 shares → 1.
		assert_eq!(shares_to_take(1, 3, 2), Some(1));
		assert_eq!(fee_of(1, Permill::from_percent(1)), 1);
	}

	#[test]
	fn broken_pools_and_overflows_are_none() {
		assert_eq!(shares_for_amount(1, 0, 10), None);
		assert_eq!(shares_for_amount(1, 10, 0), None);
		assert_eq!(value_of_shares(11, 10, 10), None);
		assert_eq!(mul_div(u128::MAX, u128::MAX, 1, Rounding::Down), None);
		assert_eq!(rate(1, 0), None);
		assert_eq!(shares_for_fee(11, 10, 10), None);
		assert_eq!(scale_factor(FixedU128::one(), 10, 11), None);
		assert_eq!(scale_factor(FixedU128::one(), 0, 0), None);
	}

	#[test]
	fn the_fee_recipient_gets_exactly_its_share() {
		// Pool of 100 shares worth 110 after a reward of 10; fee 1 → 100 × 1 / 109 shares.
		let s = shares_for_fee(UNIT, 110 * UNIT, 100 * UNIT).unwrap();
		let worth = value_of_shares(s, 110 * UNIT, 100 * UNIT + s).unwrap();
		assert!(worth <= UNIT && UNIT - worth <= 1);
	}

	#[test]
	fn a_loss_splits_pro_rata_and_scales_the_queue() {
		let (pool, queue) = split_loss(30, 200, 100).unwrap();
		assert_eq!((pool, queue), (20, 10));
		let factor = scale_factor(FixedU128::one(), 100, 10).unwrap();
		assert_eq!(factor, FixedU128::from_rational(9, 10));
		assert_eq!(request_value(50, FixedU128::one(), factor), 45);
		// A request made after the loss is not touched by it.
		assert_eq!(request_value(50, factor, factor), 50);
		// Losses beyond everything are capped.
		assert_eq!(split_loss(1_000, 200, 100), Some((200, 100)));
		assert_eq!(split_loss(5, 0, 0), Some((0, 0)));
	}

	#[test]
	fn the_rate_bound_is_symmetric() {
		let one = FixedU128::one();
		let bound = Perbill::from_percent(1);
		assert!(within_bound(one, FixedU128::from_rational(101, 100), bound));
		assert!(within_bound(one, FixedU128::from_rational(99, 100), bound));
		assert!(!within_bound(one, FixedU128::from_rational(102, 100), bound));
		assert!(!within_bound(one, FixedU128::from_rational(98, 100), bound));
	}

	proptest! {
		/// Staking then unstaking at the same rate never returns more than was staked.
		#[test]
		fn stake_then_unstake_never_returns_more(
			amount in 1u128..1_000_000_000 * UNIT,
			value in 1u128..1_000_000_000 * UNIT,
			supply in 1u128..1_000_000_000 * UNIT,
		) {
			let shares = shares_for_amount(amount, value, supply).unwrap();
			let back = value_of_shares(shares, value + amount, supply + shares).unwrap();
			prop_assert!(back <= amount);
		}

		/// A deposit never lowers the rate seen by existing holders.
		#[test]
		fn a_deposit_never_lowers_the_rate(
			amount in 1u128..1_000_000_000 * UNIT,
			value in 1u128..1_000_000_000 * UNIT,
			supply in 1u128..1_000_000_000 * UNIT,
		) {
			let shares = shares_for_amount(amount, value, supply).unwrap();
			// value/supply <= (value + amount)/(supply + shares), i.e. the old rate applied to the
			// new supply needs no more than the new value (exact: both sides are integers).
			let needed = mul_div(value, supply + shares, supply, Rounding::Up).unwrap();
			prop_assert!(needed <= value + amount);
		}

		/// Redeeming shares never lowers the rate seen by those who stay.
		#[test]
		fn a_redemption_never_lowers_the_rate(
			value in 1u128..1_000_000_000 * UNIT,
			supply in 2u128..1_000_000_000 * UNIT,
			part in 1u128..1_000_000,
		) {
			let shares = supply * part / 1_000_001;
			let paid = value_of_shares(shares, value, supply).unwrap();
			let needed = mul_div(value, supply - shares, supply, Rounding::Up).unwrap();
			prop_assert!(needed <= value - paid);
		}

		/// Splitting a loss never creates value and the queue never loses more than its share
		/// plus one rounding unit.
		#[test]
		fn a_loss_split_adds_up(
			loss in 0u128..1_000_000 * UNIT,
			pool in 0u128..1_000_000 * UNIT,
			queue in 0u128..1_000_000 * UNIT,
		) {
			let (p, q) = split_loss(loss, pool, queue).unwrap();
			prop_assert!(p <= pool && q <= queue);
			prop_assert_eq!(p + q, loss.min(pool + queue));
			if pool + queue > 0 {
				let exact_q = mul_div(loss.min(pool + queue), queue, pool + queue, Rounding::Down).unwrap();
				prop_assert!(q <= exact_q + 1);
			}
		}

		/// After any sequence of losses the requests' values never add up to more than the queue
		/// aggregate: lazily valued requests cannot pay out value the pool no longer has.
		#[test]
		fn lazy_request_values_never_exceed_the_queue(
			nominals in proptest::collection::vec(1u128..1_000 * UNIT, 1..8),
			losses in proptest::collection::vec(0u32..1_000_000_000, 0..6),
		) {
			let mut factor = FixedU128::one();
			let mut queue: Balance = nominals.iter().sum();
			for part in losses {
				let loss = Perbill::from_parts(part).mul_floor(queue);
				if queue == 0 { break; }
				factor = scale_factor(factor, queue, loss).unwrap();
				queue -= loss;
			}
			let sum: Balance = nominals.iter().map(|n| request_value(*n, FixedU128::one(), factor)).sum();
			prop_assert!(sum <= queue);
		}

		/// The rate never decreases without a loss: rewards and fee shares only raise it.
		#[test]
		fn rewards_never_lower_the_rate(
			value in 1u128..1_000_000_000 * UNIT,
			supply in 1u128..1_000_000_000 * UNIT,
			reward in 0u128..1_000_000 * UNIT,
			fee in 0u32..1_000_000,
		) {
			let before = rate(value, supply).unwrap();
			let new_value = value + reward;
			let fee_value = fee_of(reward, Permill::from_parts(fee));
			let minted = shares_for_fee(fee_value, new_value, supply).unwrap();
			let after = rate(new_value, supply + minted).unwrap();
			prop_assert!(after >= before);
		}
	}

	proptest! {
		/// A deposit never raises the exit rate, and a round trip (deposit, then exit of the
		/// shares) never pays back more than was put in.
		#[test]
		fn deposits_and_exits_never_raise_the_exit_rate(
			exit in 1u128..1u128 << 90,
			ready in 0u128..1u128 << 80,
			new in 0u128..1u128 << 80,
			supply in 1u128..1u128 << 90,
			amount in 0u128..1u128 << 90,
			leave in 0u128..1u128 << 90,
		) {
			let Some((shares, to_exit, to_ready, to_new)) =
				deposit_split(amount, exit, ready, new, supply) else { return Ok(()) };
			prop_assert_eq!(to_exit + to_ready + to_new, amount);
			let (exit2, supply2) = (exit + to_exit, supply + shares);
			// exit2 / supply2 <= exit / supply (to a rounding unit)
			prop_assert!(
				mul_div(exit2, supply, supply2, Rounding::Up).is_none_or(|scaled| scaled <= exit + 1)
			);
			let (paid, removed) = exit_split(shares, exit2, supply2).expect("shares ≤ supply");
			prop_assert!(paid <= amount, "paid {} for {}", paid, amount);
			prop_assert!(removed >= paid && removed <= exit2);
			let leave = leave % (supply2 + 1);
			let (_, removed) = exit_split(leave, exit2, supply2).expect("shares ≤ supply");
			let (exit3, supply3) = (exit2 - removed, supply2 - leave);
			// exit3 / supply3 <= exit2 / supply2
			prop_assert!(
				supply3 == 0 ||
					mul_div(exit3, supply2, supply3, Rounding::Down)
						.is_none_or(|scaled| scaled <= exit2)
			);
		}
	}

	#[test]
	fn a_deposit_pays_for_held_income_at_the_full_value() {
		// Holders own 1 000 now and 100 later, with 1 000 shares: 110 buys 100 shares, of which
		// 100 go to what can be taken out now and 10 to the held income.
		assert_eq!(deposit_split(110, 1_000, 60, 40, 1_000), Some((100, 100, 6, 4)));
		// Those 100 shares take out 100 at once (not 110): the held income is not theirs yet.
		assert_eq!(exit_split(100, 1_100, 1_100), Some((100, 100)));
		// 1 share of 3 in a pool of 10 takes 3 and removes 4 (the exit rate stays 3.33…).
		assert_eq!(exit_split(1, 10, 3), Some((3, 4)));
		assert_eq!(exit_split(4, 10, 3), None);
	}
}

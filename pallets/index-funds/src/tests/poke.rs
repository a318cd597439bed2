//! `poke`: re-targeting from the oracle and the linear move of the weights.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_math::weights::{target_weights, ONE};
use sluice_primitives::OracleKey;
use sp_runtime::FixedU128;

fn poke(id: u32) -> sp_runtime::DispatchResult {
	IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id)
}

fn weights_now(id: u32) -> Vec<u128> {
	IndexFunds::weights_at(&info(id), IndexFunds::now()).expect("weights")
}

fn refeed() {
	for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400), (A3, 50)] {
		feed_price(asset.clone(), cents);
		feed(OracleKey::Supply(asset.clone()), FixedU128::from_u32(1_000_000));
		feed(OracleKey::Tvl(asset), FixedU128::from_u32(1_000_000));
	}
}

#[test]
fn market_cap_poke_targets_caps_and_moves_weights_linearly_at_a_bounded_rate() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(poke(id));
		let info0 = info(id);
		// Caps $2 M, $1 M, $4 M: targets 2/7, 1/7, 4/7.
		let expected = target_weights(&[2, 1, 4], 2 * ONE / 100, 3 * ONE / 4).expect("targets");
		assert_eq!(info0.schedule.to.to_vec(), expected);
		// Nothing moves in the poke's own block.
		assert_eq!(weights_now(id), vec![4 * ONE / 10, 3 * ONE / 10, 3 * ONE / 10]);
		// The largest move, 30 % → 57.14 %, at 0.01 % per second takes 2 715 s.
		assert_eq!(info0.schedule.end - info0.schedule.start, 2_715);
		System::assert_last_event(
			Event::Poked { index: id, target: bounded(expected.clone()), end: info0.schedule.end }
				.into(),
		);
		let mut last = weights_now(id);
		for _ in 0..30 {
			advance(100);
			let now = weights_now(id);
			assert_eq!(now.iter().sum::<u128>(), ONE);
			for (a, b) in now.iter().zip(&last) {
				assert!(a.abs_diff(*b) <= 100 * ONE / 10_000 + 1, "moved faster than allowed");
			}
			// Every weight moves monotonically toward its target.
			for ((a, b), t) in now.iter().zip(&last).zip(&expected) {
				assert!(a.abs_diff(*t) <= b.abs_diff(*t));
			}
			last = now;
		}
		assert_eq!(weights_now(id), expected);
	});
}

#[test]
fn pokes_wait_for_the_interval() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(poke(id));
		assert_noop!(poke(id), Error::<Test>::TooEarly);
		advance(3_599);
		refeed();
		assert_noop!(poke(id), Error::<Test>::TooEarly);
		advance(1);
		refeed();
		assert_ok!(poke(id));
		assert_noop!(poke(9), Error::<Test>::IndexNotFound);
	});
}

#[test]
fn tvl_poke_targets_tvl_shares_clipped_to_bounds() {
	build_and_execute(|| {
		let id = create_fund(Strategy::Tvl);
		for (asset, tvl) in [(SLC, 1u32), (A1, 3), (A2, 96)] {
			feed(OracleKey::Tvl(asset), FixedU128::from_u32(tvl * 1_000_000));
		}
		assert_ok!(poke(id));
		let target = info(id).schedule.to.to_vec();
		// 1 %, 3 %, 96 % clipped into [2 %, 75 %] keeping proportions where possible.
		assert_eq!(target.iter().sum::<u128>(), ONE);
		assert_eq!(target[2], 3 * ONE / 4);
		assert!(target[0] >= 2 * ONE / 100 && target[1] > target[0]);
	});
}

#[test]
fn momentum_poke_shifts_weight_toward_risers() {
	build_and_execute(|| {
		let id = create_fund(Strategy::PriceMomentum);
		// A2 up 5 %, A1 down 5 % since creation.
		feed_price(A1, 95);
		feed_price(A2, 420);
		assert_ok!(poke(id));
		let target = info(id).schedule.to.to_vec();
		let expected = target_weights(&[40 * 100, 30 * 95, 30 * 105], 2 * ONE / 100, 3 * ONE / 4)
			.expect("targets");
		assert_eq!(target, expected);
		assert!(target[2] > 3 * ONE / 10 && target[1] < 3 * ONE / 10);
	});
}

#[test]
fn fixed_poke_keeps_the_weights_and_refreshes_the_breaker() {
	build_and_execute(|| {
		let id = create_fund(Strategy::Fixed);
		feed_price(A1, 150);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::PriceJump
		);
		assert_ok!(poke(id));
		// The targets stay. The weights re-anchor toward the values at the new prices ($400
		// SLC, $450 A1, $300 A2) no faster than weights move: in the creation's second, not
		// at all. Selling A1 at the pool's old price is allowed (the seller loses); buying it
		// there would pay 50 % over the oracle.
		assert_eq!(info(id).schedule.to.to_vec(), vec![4 * ONE / 10, 3 * ONE / 10, 3 * ONE / 10]);
		assert_eq!(weights_now(id), vec![4 * ONE / 10, 3 * ONE / 10, 3 * ONE / 10]);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A2, UNIT, A1, 0, None),
			Error::<Test>::PriceOutOfBound
		);
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
		// An hour later (36 points of weight movement allowed) the next poke re-anchors fully.
		advance(3_600);
		for (asset, cents) in [(SLC, 200), (A1, 150), (A2, 400)] {
			feed_price(asset, cents);
		}
		assert_ok!(poke(id));
		let b = info(id).balances.to_vec();
		let values = [b[0] * 2, b[1] * 3 / 2, b[2] * 4];
		assert_eq!(
			weights_now(id),
			target_weights(&values, 2 * ONE / 100, 3 * ONE / 4).expect("weights")
		);
	});
}

#[test]
fn stale_missing_or_useless_oracle_data_changes_nothing() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		OracleValues::remove(OracleKey::Supply(A1));
		assert_noop!(poke(id), Error::<Test>::MissingOracleData);
		advance(601);
		refeed();
		feed(OracleKey::Supply(A2), FixedU128::from_u32(1));
		advance(601);
		feed_price(SLC, 200);
		feed_price(A1, 100);
		feed_price(A2, 400);
		// Prices fresh, supplies ten minutes old.
		assert_noop!(poke(id), Error::<Test>::StaleOracleData);
		// Zero is no value.
		for asset in [SLC, A1, A2] {
			feed(OracleKey::Supply(asset), FixedU128::from_u32(0));
		}
		assert_noop!(poke(id), Error::<Test>::MissingOracleData);
	});
}

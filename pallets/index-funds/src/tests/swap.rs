//! `swap`.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_math::weighted;

#[test]
fn swap_pays_the_weighted_math_amount_and_the_quote() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let amount = 10 * UNIT;
		let quote = IndexFunds::quote_swap(id, SLC, amount, A2).expect("quotes");
		let expected = weighted::out_given_in(
			200 * UNIT,
			4 * sluice_math::weights::ONE / 10,
			75 * UNIT,
			3 * sluice_math::weights::ONE / 10,
			amount,
			3_000_000_000_000_000,
		)
		.expect("swaps");
		assert_eq!(quote, expected);
		// 10 SLC ($20) buys about $20 of A2 at $4 (5 A2), less fee and price impact.
		assert!(quote > 4_700_000_000_000 && quote < 5 * UNIT, "{quote}");
		let log_before = log_invariant(id);
		let (bob_slc, bob_a2) = (balance(SLC, BOB), balance(A2, BOB));
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, SLC, amount, A2, quote, None));
		assert_eq!(bob_slc - balance(SLC, BOB), amount);
		assert_eq!(balance(A2, BOB) - bob_a2, quote);
		assert_eq!(info(id).balances.to_vec(), vec![210 * UNIT, 300 * UNIT, 75 * UNIT - quote]);
		assert!(log_invariant(id) >= log_before);
		System::assert_last_event(
			Event::Swapped {
				index: id,
				who: BOB,
				asset_in: SLC,
				amount_in: amount,
				asset_out: A2,
				amount_out: quote,
			}
			.into(),
		);
	});
}

#[test]
fn swap_rejects_bad_input() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let bob = || RuntimeOrigin::signed(BOB);
		assert_noop!(
			IndexFunds::swap(bob(), 9, SLC, UNIT, A1, 0, None),
			Error::<Test>::IndexNotFound
		);
		assert_noop!(IndexFunds::swap(bob(), id, A1, UNIT, A1, 0, None), Error::<Test>::SameAsset);
		assert_noop!(
			IndexFunds::swap(bob(), id, A3, UNIT, A1, 0, None),
			Error::<Test>::AssetNotInIndex
		);
		assert_noop!(
			IndexFunds::swap(bob(), id, A1, UNIT, A3, 0, None),
			Error::<Test>::AssetNotInIndex
		);
		assert_noop!(IndexFunds::swap(bob(), id, A1, 0, A2, 0, None), Error::<Test>::ZeroAmount);
		// More than half the in balance.
		next_block();
		assert_noop!(
			IndexFunds::swap(bob(), id, A1, 151 * UNIT, A2, 0, None),
			Error::<Test>::RatioExceeded
		);
		// Within the in limit but more than a third of the out balance.
		next_block();
		assert_noop!(
			IndexFunds::swap(bob(), id, SLC, 99 * UNIT, A2, 0, None),
			Error::<Test>::RatioExceeded
		);
		// Too little in to pay out anything after rounding.
		assert_noop!(IndexFunds::swap(bob(), id, A1, 1, A2, 0, None), Error::<Test>::TooSmall);
		next_block();
		assert_noop!(
			IndexFunds::swap(bob(), id, A1, UNIT, A2, UNIT, None),
			Error::<Test>::SlippageExceeded
		);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(NOBODY), id, A1, UNIT, A2, 0, None),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		assert_noop!(
			IndexFunds::swap(bob(), id, A1, UNIT, A2, 0, None),
			Error::<Test>::IndexPaused
		);
	});
}

#[test]
fn circuit_breaker_stops_swaps_on_a_price_jump_until_a_poke() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id));
		// A1 from $1 to $1.10 is within the 10 % bound; to $1.11 is not.
		feed_price(A1, 110);
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
		feed_price(A1, 111);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::PriceJump
		);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A2, UNIT, A1, 0, None),
			Error::<Test>::PriceJump
		);
		assert_eq!(IndexFunds::quote_swap(id, A1, UNIT, A2), Err(Error::<Test>::PriceJump.into()));
		// A swap between the other two is not affected.
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, SLC, UNIT, A2, 0, None));
		// The interval has not passed, but the jump lets anyone poke at once; swaps resume.
		assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id));
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
		// A fall is a jump too.
		feed_price(A2, 300);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::PriceJump
		);
	});
}

#[test]
fn swaps_need_fresh_prices() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		advance(601);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::StaleOracleData
		);
		feed_price(A1, 100);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::StaleOracleData
		);
		feed_price(A2, 400);
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
		OracleValues::remove(sluice_primitives::OracleKey::Price(A2));
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::MissingOracleData
		);
	});
}

#[test]
fn mid_schedule_quotes_are_what_the_calls_execute() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id));
		// Not so far that the weights' move takes the pool's prices beyond the oracle bound.
		advance(50);
		// Weights are between start and target now: quotes use them, and so do the calls.
		let weights = IndexFunds::weights_at(&info(id), IndexFunds::now()).expect("weights");
		assert!(
			weights != info(id).schedule.from.to_vec() && weights != info(id).schedule.to.to_vec()
		);
		for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400)] {
			feed_price(asset, cents);
		}
		let quote = IndexFunds::quote_swap(id, A1, 5 * UNIT, SLC).expect("quotes");
		let slc = balance(SLC, BOB);
		next_block();
		assert_ok!(IndexFunds::swap(
			RuntimeOrigin::signed(BOB),
			id,
			A1,
			5 * UNIT,
			SLC,
			quote,
			None
		));
		assert_eq!(balance(SLC, BOB) - slc, quote);
		let single = IndexFunds::quote_join_single(id, A2, UNIT).expect("quotes");
		next_block();
		assert_ok!(IndexFunds::join_single(RuntimeOrigin::signed(BOB), id, A2, UNIT, single.pool));
		assert_eq!(index_tokens(id, BOB), single.pool);
		let out = IndexFunds::quote_exit_single(id, SLC, single.pool).expect("quotes");
		let slc = balance(SLC, BOB);
		next_block();
		assert_ok!(IndexFunds::exit_single(
			RuntimeOrigin::signed(BOB),
			id,
			SLC,
			single.pool,
			out.amount
		));
		assert_eq!(balance(SLC, BOB) - slc, out.amount);
	});
}

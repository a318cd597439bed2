//! `join_single` and `exit_single`: one constituent against index tokens.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_math::weighted;

#[test]
fn join_single_mints_what_the_math_and_the_quote_say() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let amount = 30 * UNIT;
		let quote = IndexFunds::quote_join_single(id, A1, amount).expect("quotes");
		let pool = weighted::pool_out_given_single_in(
			300 * UNIT,
			3 * sluice_math::weights::ONE / 10,
			INITIAL_SUPPLY,
			amount,
			3_000_000_000_000_000,
		)
		.expect("joins");
		let fee = pool.div_ceil(1_000);
		assert_eq!((quote.amount, quote.pool, quote.fee), (amount, pool - fee, fee));
		// Ten percent more A1 at a 30 % weight: about 2.9 % more supply, less the fees.
		assert!(pool > 2 * UNIT && pool < 3 * UNIT, "{pool}");
		next_block();
		assert_ok!(IndexFunds::join_single(RuntimeOrigin::signed(BOB), id, A1, amount, quote.pool));
		assert_eq!(index_tokens(id, BOB), quote.pool);
		assert_eq!(index_tokens(id, MANAGER), fee);
		assert_eq!(info(id).balances[1], 330 * UNIT);
		assert_eq!(info(id).supply, INITIAL_SUPPLY + pool);
		System::assert_last_event(
			Event::JoinedSingle {
				index: id,
				who: BOB,
				asset: A1,
				amount_in: amount,
				minted: quote.pool,
				fee,
			}
			.into(),
		);
	});
}

#[test]
fn exit_single_pays_what_the_math_and_the_quote_say() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let pool_in = 5 * UNIT;
		let quote = IndexFunds::quote_exit_single(id, A2, pool_in).expect("quotes");
		let fee = pool_in * 2 / 1_000;
		let out = weighted::single_out_given_pool_in(
			75 * UNIT,
			3 * sluice_math::weights::ONE / 10,
			INITIAL_SUPPLY,
			pool_in - fee,
			3_000_000_000_000_000,
		)
		.expect("exits");
		assert_eq!((quote.amount, quote.pool, quote.fee), (out, pool_in, fee));
		let alice_a2 = balance(A2, ALICE);
		next_block();
		assert_ok!(IndexFunds::exit_single(RuntimeOrigin::signed(ALICE), id, A2, pool_in, out));
		assert_eq!(balance(A2, ALICE) - alice_a2, out);
		assert_eq!(info(id).balances[2], 75 * UNIT - out);
		assert_eq!(info(id).supply, INITIAL_SUPPLY - (pool_in - fee));
		System::assert_last_event(
			Event::ExitedSingle {
				index: id,
				who: ALICE,
				asset: A2,
				burned: pool_in - fee,
				fee,
				amount_out: out,
			}
			.into(),
		);
	});
}

#[test]
fn single_sided_calls_reject_bad_input() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let origin = || RuntimeOrigin::signed(ALICE);
		next_block();
		assert_noop!(
			IndexFunds::join_single(origin(), 9, A1, UNIT, 0),
			Error::<Test>::IndexNotFound
		);
		next_block();
		assert_noop!(
			IndexFunds::join_single(origin(), id, A3, UNIT, 0),
			Error::<Test>::AssetNotInIndex
		);
		assert_noop!(IndexFunds::join_single(origin(), id, A1, 0, 0), Error::<Test>::ZeroAmount);
		// More than half of the A1 balance in one go.
		next_block();
		assert_noop!(
			IndexFunds::join_single(origin(), id, A1, 151 * UNIT, 0),
			Error::<Test>::RatioExceeded
		);
		next_block();
		assert_noop!(
			IndexFunds::join_single(origin(), id, A1, UNIT, UNIT),
			Error::<Test>::SlippageExceeded
		);
		next_block();
		assert_noop!(
			IndexFunds::exit_single(origin(), id, A3, UNIT, 0),
			Error::<Test>::AssetNotInIndex
		);
		assert_noop!(IndexFunds::exit_single(origin(), id, A1, 0, 0), Error::<Test>::ZeroAmount);
		next_block();
		assert_noop!(
			IndexFunds::exit_single(RuntimeOrigin::signed(BOB), id, A1, UNIT, 0),
			Error::<Test>::InsufficientIndexTokens
		);
		// Redeeming 20 % of the supply in A2 alone would take more than a third of it.
		next_block();
		assert_noop!(
			IndexFunds::exit_single(origin(), id, A2, 20 * UNIT, 0),
			Error::<Test>::RatioExceeded
		);
		next_block();
		assert_noop!(
			IndexFunds::exit_single(origin(), id, A1, UNIT, 100 * UNIT),
			Error::<Test>::SlippageExceeded
		);
		feed_price(A2, 500);
		assert_noop!(IndexFunds::join_single(origin(), id, A1, UNIT, 0), Error::<Test>::PriceJump);
		assert_noop!(IndexFunds::exit_single(origin(), id, A1, UNIT, 0), Error::<Test>::PriceJump);
		feed_price(A2, 400);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::root(), id));
		next_block();
		assert_noop!(
			IndexFunds::join_single(origin(), id, A1, UNIT, 0),
			Error::<Test>::IndexPaused
		);
		next_block();
		assert_noop!(
			IndexFunds::exit_single(origin(), id, A1, UNIT, 0),
			Error::<Test>::IndexPaused
		);
	});
}

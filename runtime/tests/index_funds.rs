//! Index funds on the real runtime: the oracle feeder posts prices and supplies of three tokens
//! (vSLC from liquid staking, USDS with 6 decimals, WETH with 18), Alice creates a market-cap
//! fund, Bob pokes it, the weights move toward the targets block by block, and a swap, a join
//! and an exit settle at the runtime's quotes.

mod common;

use common::*;
use frame_support::storage::{with_transaction, TransactionOutcome};
use pallet_index_funds::{Fees, Indices, Strategy};
use sluice_math::weights::{target_weights, ONE};
use sluice_runtime::{
	configs::{index_funds::INDEX_TOKEN_ID_BASE, liquid_staking::VSLC_ASSET_ID},
	genesis_config_presets::{USDS, USD_STABLE, WETH, WRAPPED_ETH},
	AssetKind, IndexFunds, OracleKey, Runtime, RuntimeCall, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{FixedU128, Perbill};

const VSLC: AssetKind = AssetKind::WithId(VSLC_ASSET_ID);
const USD: AssetKind = AssetKind::WithId(USD_STABLE);
const ETH: AssetKind = AssetKind::WithId(WRAPPED_ETH);

fn apply(who: sp_keyring::Sr25519Keyring, call: RuntimeCall) {
	let results = produce_block(vec![signed(who, call.clone())]);
	assert_eq!(results, vec![Ok(Ok(()))], "{call:?}");
	IndexFunds::do_try_state().expect("index-fund invariants hold");
}

fn index_call(call: pallet_index_funds::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::IndexFunds(call)
}

/// Alice, the dev chain's oracle feeder, posts prices ($1 vSLC, $1 USDS, $3 000 WETH) and
/// circulating supplies (1 M vSLC, 2 M USDS, 1 000 WETH: caps $1 M, $2 M, $3 M).
fn feed_oracle() {
	let values = vec![
		(OracleKey::Price(VSLC), FixedU128::from_u32(1)),
		(OracleKey::Price(USD), FixedU128::from_u32(1)),
		(OracleKey::Price(ETH), FixedU128::from_u32(3_000)),
		(OracleKey::Supply(VSLC), FixedU128::from_u32(1_000_000)),
		(OracleKey::Supply(USD), FixedU128::from_u32(2_000_000)),
		(OracleKey::Supply(ETH), FixedU128::from_u32(1_000)),
	];
	apply(
		Alice,
		RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: values.try_into().expect("fits"),
		}),
	);
}

/// What `quote` returns in the state the next block will execute in (its timestamp set, the
/// rest unchanged), without keeping any change.
fn quote_in_next_block<R>(quote: impl FnOnce() -> R) -> R {
	with_transaction(|| {
		let next = pallet_timestamp::Now::<Runtime>::get() + sluice_runtime::time::SLOT_DURATION;
		pallet_timestamp::Now::<Runtime>::put(next);
		TransactionOutcome::Rollback(Ok::<_, sp_runtime::DispatchError>(quote()))
	})
	.expect("rolled back")
}

fn weights() -> Vec<u128> {
	IndexFunds::api_index(0).expect("the fund exists").weights
}

#[test]
fn market_cap_fund_retargets_from_the_oracle_and_trades_at_quotes() {
	on_dev_chain(|| {
		// vSLC from liquid staking, then the oracle feed.
		apply(
			Alice,
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::stake { amount: 1_000 * SLC }),
		);
		feed_oracle();

		// $340 of vSLC, $330 of USDS and $330 of WETH at 34 / 33 / 33 %.
		let amounts = vec![340 * SLC, 330 * USDS, 11 * WETH / 100];
		apply(
			Alice,
			index_call(pallet_index_funds::Call::create_index {
				assets: vec![VSLC, USD, ETH].try_into().expect("fits"),
				weights: [34, 33, 33].map(Perbill::from_percent).to_vec().try_into().expect("fits"),
				amounts: amounts.clone().try_into().expect("fits"),
				strategy: Strategy::MarketCap,
				fees: Fees {
					swap: Perbill::from_rational(3u32, 1_000),
					join: Perbill::from_rational(1u32, 1_000),
					exit: Perbill::from_rational(2u32, 1_000),
				},
				manager: Alice.to_account_id(),
				name: b"Sluice index".to_vec().try_into().expect("fits"),
				symbol: b"SIX".to_vec().try_into().expect("fits"),
			}),
		);
		let token = INDEX_TOKEN_ID_BASE;
		let fund = Indices::<Runtime>::get(0).expect("created");
		assert_eq!(fund.balances.to_vec(), amounts);
		assert_eq!(asset_balance(token, &Alice.to_account_id()), 100 * SLC - 1_000_000);
		// $1 000 over 100 index tokens, across 6-, 12- and 18-decimal constituents.
		assert_eq!(IndexFunds::api_nav(0), Ok(FixedU128::from_u32(10)));

		// A swap at static weights settles at the quote: Bob sells 10 USDS for WETH.
		let bob = Bob.to_account_id();
		let quote = IndexFunds::quote_swap(0, USD, 10 * USDS, ETH).expect("quotes");
		let weth_before = asset_balance(WRAPPED_ETH, &bob);
		apply(
			Bob,
			index_call(pallet_index_funds::Call::swap {
				index: 0,
				asset_in: USD,
				amount_in: 10 * USDS,
				asset_out: ETH,
				min_amount_out: quote,
				max_price: None,
			}),
		);
		assert_eq!(asset_balance(WRAPPED_ETH, &bob) - weth_before, quote);
		// About $10 of WETH at $3 000, less fee and price impact.
		assert!(quote > WETH / 310 && quote < WETH / 300, "{quote}");

		// Bob pokes: targets from market caps, clipped to [2 %, 80 %].
		apply(Bob, index_call(pallet_index_funds::Call::poke { index: 0 }));
		let expected = target_weights(&[1, 2, 3], 2 * ONE / 100, 8 * ONE / 10).expect("targets");
		let view = IndexFunds::api_index(0).expect("exists");
		assert_eq!(view.target, expected);
		// The weights re-anchor toward the value shares at the oracle's prices (Bob's swap
		// moved $10 of USDS in and a little under $10 of WETH out), at most 0.01 % a second
		// since the fund was created: they lie between the initial weights and the shares.
		let fund = Indices::<Runtime>::get(0).expect("exists");
		let decimals = [12u32, 6, 18];
		let values: Vec<u128> = fund
			.balances
			.iter()
			.zip(&fund.prices)
			.zip(decimals)
			.map(|((b, p), d)| b * (p.into_inner() / 1_000_000_000_000) / 10u128.pow(d))
			.collect();
		let total: u128 = values.iter().sum();
		let initial = [34 * ONE / 100, 33 * ONE / 100, 33 * ONE / 100];
		for ((w, v), i) in view.weights.iter().zip(&values).zip(initial) {
			let share = v * ONE / total;
			let (low, high) = (share.min(i), share.max(i));
			let slack = ONE / 1_000_000;
			assert!(*w + slack >= low && *w <= high + slack, "{:?} vs {values:?}", view.weights);
		}
		let before = view.weights;

		// Block by block the weights move toward the targets, at most 0.01 % per second.
		let mut last = before;
		for _ in 0..5 {
			produce_block(vec![]);
			let now = weights();
			assert_eq!(now.iter().sum::<u128>(), ONE);
			assert_ne!(now, last);
			for ((w, l), t) in now.iter().zip(&last).zip(&expected) {
				assert!(w.abs_diff(*t) < l.abs_diff(*t), "a weight moved away from its target");
				assert!(w.abs_diff(*l) <= ONE / 10_000 + 1, "a weight moved too fast");
			}
			last = now;
		}

		// Mid-schedule, a swap still settles at the quote for the block that includes it.
		let quote = quote_in_next_block(|| IndexFunds::quote_swap(0, ETH, WETH / 100, VSLC))
			.expect("quotes");
		let vslc_before = asset_balance(VSLC_ASSET_ID, &bob);
		apply(
			Bob,
			index_call(pallet_index_funds::Call::swap {
				index: 0,
				asset_in: ETH,
				amount_in: WETH / 100,
				asset_out: VSLC,
				min_amount_out: quote,
				max_price: None,
			}),
		);
		assert_eq!(asset_balance(VSLC_ASSET_ID, &bob) - vslc_before, quote);

		// Bob joins with 5 index tokens and exits them: both at the quotes.
		let (amounts_in, minted) = IndexFunds::quote_join(0, 5 * SLC).expect("quotes");
		let usd_before = asset_balance(USD_STABLE, &bob);
		apply(
			Bob,
			index_call(pallet_index_funds::Call::join {
				index: 0,
				pool_out: 5 * SLC,
				max_amounts_in: amounts_in.clone().try_into().expect("fits"),
			}),
		);
		assert_eq!(usd_before - asset_balance(USD_STABLE, &bob), amounts_in[1]);
		assert_eq!(asset_balance(token, &bob), minted);
		let amounts_out = IndexFunds::quote_exit(0, minted).expect("quotes");
		let eth_before = asset_balance(WRAPPED_ETH, &bob);
		apply(
			Bob,
			index_call(pallet_index_funds::Call::exit {
				index: 0,
				pool_in: minted,
				min_amounts_out: amounts_out.clone().try_into().expect("fits"),
			}),
		);
		assert_eq!(asset_balance(WRAPPED_ETH, &bob) - eth_before, amounts_out[2]);
		assert_eq!(asset_balance(token, &bob), 0);
		// Fees and rounding: Bob got back less than he paid of every constituent.
		assert!(amounts_out.iter().zip(&amounts_in).all(|(o, i)| o < i));
	});
}

#[test]
fn a_fund_without_oracle_data_cannot_be_created() {
	on_dev_chain(|| {
		let call = index_call(pallet_index_funds::Call::create_index {
			assets: vec![USD, ETH].try_into().expect("fits"),
			weights: vec![Perbill::from_percent(50); 2].try_into().expect("fits"),
			amounts: vec![100 * USDS, WETH / 10].try_into().expect("fits"),
			strategy: Strategy::Tvl,
			fees: Fees::default(),
			manager: Alice.to_account_id(),
			name: b"Sluice index".to_vec().try_into().expect("fits"),
			symbol: b"SIX".to_vec().try_into().expect("fits"),
		});
		let results = produce_block(vec![signed(Alice, call)]);
		assert_eq!(
			results,
			vec![Ok(Err(pallet_index_funds::Error::<Runtime>::MissingOracleData.into()))]
		);
		assert!(Indices::<Runtime>::get(0).is_none());
	});
}

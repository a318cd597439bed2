//! The asset-conversion DEX on the real runtime: swaps at the runtime API's quote, liquidity in
//! and out, slippage limits.

mod common;

use common::*;
use sluice_runtime::{
	genesis_config_presets::{USDS, USD_STABLE, WETH, WRAPPED_ETH},
	AssetConversion, AssetKind, PoolAssets, Runtime, RuntimeCall, SLC,
};
use sp_keyring::Sr25519Keyring::{Eve, Ferdie};
use sp_runtime::DispatchError;

fn usds() -> Box<AssetKind> {
	Box::new(AssetKind::WithId(USD_STABLE))
}

fn native() -> Box<AssetKind> {
	Box::new(AssetKind::Native)
}

/// The runtime API's quote for `amount_in` SLC into USDS.
fn quote_slc_for_usds(amount_in: u128) -> u128 {
	AssetConversion::quote_price_exact_tokens_for_tokens(
		AssetKind::Native,
		AssetKind::WithId(USD_STABLE),
		amount_in,
		true,
	)
	.expect("pool exists")
}

/// Ferdie swaps exactly `amount_in` SLC for at least `amount_out_min` USDS.
fn swap_slc_for_usds(amount_in: u128, amount_out_min: u128) -> sluice_runtime::UncheckedExtrinsic {
	signed(
		Ferdie,
		RuntimeCall::AssetConversion(pallet_asset_conversion::Call::swap_exact_tokens_for_tokens {
			path: vec![native(), usds()],
			amount_in,
			amount_out_min,
			send_to: Ferdie.to_account_id(),
			keep_alive: true,
		}),
	)
}

#[test]
fn swap_exact_slc_for_usds_pays_the_quote() {
	on_dev_chain(|| {
		let ferdie = Ferdie.to_account_id();
		let amount_in = 100 * SLC;
		let quote = quote_slc_for_usds(amount_in);
		// 100 SLC at ~1 USD each, less the 0.3 % fee and price impact.
		assert!(quote > 99 * USDS && quote < 100 * USDS, "quote {quote}");
		let (slc_before, usd_before) = (free_balance(&ferdie), asset_balance(USD_STABLE, &ferdie));

		let results = produce_block(vec![swap_slc_for_usds(amount_in, quote)]);
		assert_eq!(results, vec![Ok(Ok(()))]);
		assert_eq!(asset_balance(USD_STABLE, &ferdie), usd_before + quote);
		assert_eq!(free_balance(&ferdie), slc_before - amount_in - last_fee_paid());
	});
}

#[test]
fn a_swap_below_the_minimum_output_is_refused_and_moves_nothing() {
	on_dev_chain(|| {
		let ferdie = Ferdie.to_account_id();
		let amount_in = 10 * SLC;
		let quote = quote_slc_for_usds(amount_in);
		let reserves_before =
			AssetConversion::get_reserves(AssetKind::Native, AssetKind::WithId(USD_STABLE)).ok();
		let (slc_before, usd_before) = (free_balance(&ferdie), asset_balance(USD_STABLE, &ferdie));

		let results = produce_block(vec![swap_slc_for_usds(amount_in, quote + 1)]);
		assert_eq!(
			results,
			vec![Ok(Err(DispatchError::from(
				pallet_asset_conversion::Error::<Runtime>::ProvidedMinimumNotSufficientForSwap
			)))]
		);
		assert_eq!(asset_balance(USD_STABLE, &ferdie), usd_before);
		assert_eq!(free_balance(&ferdie), slc_before - last_fee_paid());
		assert_eq!(
			AssetConversion::get_reserves(AssetKind::Native, AssetKind::WithId(USD_STABLE)).ok(),
			reserves_before
		);
	});
}

#[test]
fn liquidity_added_to_the_weth_pool_can_be_removed() {
	on_dev_chain(|| {
		let eve = Eve.to_account_id();
		let weth = Box::new(AssetKind::WithId(WRAPPED_ETH));
		let lp_token = pallet_asset_conversion::Pools::<Runtime>::get((
			AssetKind::Native,
			AssetKind::WithId(WRAPPED_ETH),
		))
		.expect("genesis pool")
		.lp_token;

		let results = produce_block(vec![signed(
			Eve,
			RuntimeCall::AssetConversion(pallet_asset_conversion::Call::add_liquidity {
				asset1: native(),
				asset2: weth.clone(),
				amount1_desired: 3_000 * SLC,
				amount2_desired: WETH,
				amount1_min: 2_990 * SLC,
				amount2_min: WETH / 2,
				mint_to: eve.clone(),
			}),
		)]);
		assert_eq!(results, vec![Ok(Ok(()))]);
		let lp = PoolAssets::balance(lp_token, &eve);
		assert!(lp > 0);

		let weth_before = asset_balance(WRAPPED_ETH, &eve);
		let results = produce_block(vec![signed(
			Eve,
			RuntimeCall::AssetConversion(pallet_asset_conversion::Call::remove_liquidity {
				asset1: native(),
				asset2: weth,
				lp_token_burn: lp,
				amount1_min_receive: 2_990 * SLC,
				amount2_min_receive: WETH * 99 / 100,
				withdraw_to: eve.clone(),
			}),
		)]);
		assert_eq!(results, vec![Ok(Ok(()))]);
		assert_eq!(PoolAssets::balance(lp_token, &eve), 0);
		assert!(asset_balance(WRAPPED_ETH, &eve) >= weth_before + WETH * 99 / 100);
	});
}

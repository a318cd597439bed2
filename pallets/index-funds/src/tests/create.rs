//! `create_index`.

use super::*;
use crate::{Event, Fees, Strategy};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::InspectHold,
		fungibles::{Create, Inspect as _},
	},
};
use sluice_math::weights::ONE;
use sp_runtime::{FixedU128, Perbill, TokenError};

fn weights(v: &[u32]) -> crate::PerAsset<Test, Perbill> {
	bounded(v.iter().map(|p| Perbill::from_percent(*p)).collect())
}

fn create(
	assets: Vec<AssetKind>,
	w: &[u32],
	amounts: Vec<u128>,
	fees: Fees,
) -> sp_runtime::DispatchResult {
	IndexFunds::create_index(
		RuntimeOrigin::signed(ALICE),
		bounded(assets),
		weights(w),
		bounded(amounts),
		Strategy::MarketCap,
		fees,
		MANAGER,
	)
}

#[test]
fn create_moves_funds_mints_supply_and_holds_deposit() {
	build_and_execute(|| {
		let slc_before = balance(SLC, ALICE);
		let id = create_fund(Strategy::MarketCap);
		assert_eq!(id, 0);
		let account = IndexFunds::account_of(id);
		let fund = info(id);
		assert_eq!(fund.balances.to_vec(), vec![200 * UNIT, 300 * UNIT, 75 * UNIT]);
		assert_eq!(fund.schedule.from.to_vec(), vec![4 * ONE / 10, 3 * ONE / 10, 3 * ONE / 10]);
		assert_eq!(fund.schedule.to, fund.schedule.from);
		assert_eq!(fund.supply, INITIAL_SUPPLY);
		assert_eq!(
			fund.prices.to_vec(),
			vec![FixedU128::from_u32(2), FixedU128::from_u32(1), FixedU128::from_u32(4)]
		);
		// The account holds the balances plus each token's minimum balance.
		assert_eq!(balance(SLC, account), 200 * UNIT + ED);
		assert_eq!(balance(A1, account), 300 * UNIT + ASSET_MIN);
		assert_eq!(balance(A2, account), 75 * UNIT + ASSET_MIN);
		// Alice paid them and the deposit is held.
		assert_eq!(slc_before - balance(SLC, ALICE), 200 * UNIT + ED + DEPOSIT);
		assert_eq!(
			Balances::balance_on_hold(&crate::HoldReason::IndexDeposit.into(), &ALICE),
			DEPOSIT
		);
		// The supply is minted, all but the locked part to Alice.
		assert_eq!(issuance(id), INITIAL_SUPPLY);
		assert_eq!(index_tokens(id, ALICE), INITIAL_SUPPLY - LOCKED);
		assert_eq!(index_tokens(id, account), LOCKED);
		System::assert_last_event(
			Event::IndexCreated {
				index: 0,
				token: TOKEN_BASE,
				creator: ALICE,
				manager: MANAGER,
				assets: bounded(vec![SLC, A1, A2]),
				strategy: Strategy::MarketCap,
			}
			.into(),
		);
		assert_eq!(create_fund(Strategy::Tvl), 1);
		assert_eq!(info(1).token, TOKEN_BASE + 1);
	});
}

#[test]
fn create_rejects_malformed_funds() {
	build_and_execute(|| {
		let ok_amounts = vec![UNIT, UNIT, UNIT];
		assert_noop!(
			create(vec![SLC], &[100], vec![UNIT], fees()),
			Error::<Test>::TooFewConstituents
		);
		assert_noop!(
			create(vec![SLC, A1, A2], &[50, 50], ok_amounts.clone(), fees()),
			Error::<Test>::LengthMismatch
		);
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, UNIT], fees()),
			Error::<Test>::LengthMismatch
		);
		assert_noop!(
			create(vec![SLC, A1, SLC], &[40, 30, 30], ok_amounts.clone(), fees()),
			Error::<Test>::DuplicateAsset
		);
		assert_noop!(
			create(vec![SLC, AssetKind::WithId(77)], &[50, 50], vec![UNIT, UNIT], fees()),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			create(vec![SLC, A1, A2], &[1, 49, 50], ok_amounts.clone(), fees()),
			Error::<Test>::WeightOutOfBounds
		);
		assert_noop!(
			create(vec![SLC, A1], &[80, 20], vec![UNIT, UNIT], fees()),
			Error::<Test>::WeightOutOfBounds
		);
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 29], ok_amounts.clone(), fees()),
			Error::<Test>::WeightsNotNormalized
		);
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, 0, UNIT], fees()),
			Error::<Test>::ZeroAmount
		);
		let high = Fees { swap: Perbill::from_percent(11), ..fees() };
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], ok_amounts.clone(), high),
			Error::<Test>::FeeTooHigh
		);
		let high = Fees { exit: Perbill::from_percent(6), ..fees() };
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], ok_amounts.clone(), high),
			Error::<Test>::FeeTooHigh
		);
		// More than the creator has: a token error, nothing moved, nothing held.
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, 2_000_000 * UNIT, UNIT], fees()),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn create_needs_fresh_prices_and_a_free_token_id() {
	build_and_execute(|| {
		let amounts = vec![UNIT, UNIT, UNIT];
		OracleValues::remove(sluice_primitives::OracleKey::Price(A3));
		assert_noop!(
			create(vec![SLC, A1, A3], &[40, 30, 30], amounts.clone(), fees()),
			Error::<Test>::MissingOracleData
		);
		advance(601);
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], amounts.clone(), fees()),
			Error::<Test>::StaleOracleData
		);
		for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400)] {
			feed_price(asset, cents);
		}
		// Someone created the asset id fund 0's token would take.
		assert_ok!(<Assets as Create<AccountId>>::create(TOKEN_BASE, BOB, true, 1));
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], amounts, fees()),
			Error::<Test>::TokenIdTaken
		);
	});
}

#[test]
fn at_most_max_indices_funds() {
	build_and_execute(|| {
		for _ in 0..4 {
			create_fund(Strategy::Fixed);
		}
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, UNIT, UNIT], fees()),
			Error::<Test>::TooManyIndices
		);
		assert_eq!(Assets::total_issuance(TOKEN_BASE + 4), 0);
	});
}

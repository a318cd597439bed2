//! `create_index`.

use super::*;
use crate::{Event, Fees, Strategy};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{InspectHold, Mutate as _},
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
		name(b"Test index"),
		name(b"TIX"),
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
		// The token's metadata deposit (1 + 1 per byte of "Test index" and "TIX" in the mock)
		// is Alice's too.
		assert_eq!(slc_before - balance(SLC, ALICE), 200 * UNIT + ED + DEPOSIT + 14);
		use frame_support::traits::fungibles::metadata::Inspect as _;
		assert_eq!(Assets::name(fund.token), b"Test index".to_vec());
		assert_eq!(Assets::symbol(fund.token), b"TIX".to_vec());
		assert_eq!(Assets::decimals(fund.token), 12);
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
fn live_funds_are_limited_their_deposit_doubles_and_a_closed_fund_frees_its_slot() {
	build_and_execute(|| {
		// MaxIndices is 4 in the mock, so the deposit doubles with every live fund.
		let held = || Balances::balance_on_hold(&crate::HoldReason::IndexDeposit.into(), &ALICE);
		for (k, deposit) in [10, 20, 40, 80].into_iter().enumerate() {
			let before = held();
			assert_eq!(create_fund(Strategy::Fixed), k as u32);
			assert_eq!(held() - before, deposit * UNIT);
		}
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, UNIT, UNIT], fees()),
			Error::<Test>::TooManyIndices
		);
		// Fund 0 closes once every holder left: only its creator (or the admin) may close it.
		assert_noop!(
			IndexFunds::close_index(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotCreator
		);
		assert_noop!(
			IndexFunds::close_index(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::HoldersRemain
		);
		let all = INITIAL_SUPPLY - LOCKED;
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(ALICE), 0, all, bounded(vec![0; 3])));
		let fee = index_tokens(0, MANAGER);
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(MANAGER), 0, fee, bounded(vec![0; 3])));
		assert_eq!(info(0).supply, LOCKED);
		let rest = info(0).balances.to_vec();
		let (slc, a1, a2) = (balance(SLC, ALICE), balance(A1, ALICE), balance(A2, ALICE));
		let deposits = held();
		assert_ok!(IndexFunds::close_index(RuntimeOrigin::signed(ALICE), 0));
		System::assert_last_event(
			Event::IndexClosed { index: 0, token: TOKEN_BASE, creator: ALICE }.into(),
		);
		// Alice gets the locked supply's share, the kept minimum balances, the metadata
		// deposit (14) and her deposit (10) back; the account is empty, the token destroyed.
		let account = IndexFunds::account_of(0);
		assert_eq!(balance(SLC, ALICE) - slc, rest[0] + ED + 14 + 10 * UNIT);
		assert_eq!(balance(A1, ALICE) - a1, rest[1] + ASSET_MIN);
		assert_eq!(balance(A2, ALICE) - a2, rest[2] + ASSET_MIN);
		assert_eq!(deposits - held(), 10 * UNIT);
		assert_eq!([balance(SLC, account), balance(A1, account), balance(A2, account)], [0; 3]);
		assert!(!Assets::asset_exists(TOKEN_BASE));
		assert!(Indices::<Test>::get(0).is_none());
		assert_eq!(LiveIndices::<Test>::get(), 3);

		// A new fund takes id 4 and fund 0's token id, at the deposit of the fourth live fund.
		let before = held();
		assert_eq!(create_fund(Strategy::Fixed), 4);
		assert_eq!(info(4).token, TOKEN_BASE);
		assert_eq!(held() - before, 80 * UNIT);
		assert_eq!(IndexFunds::index_of_token(TOKEN_BASE), Some(4));
		assert_eq!(index_tokens_of(TOKEN_BASE, ALICE), INITIAL_SUPPLY - LOCKED);
	});
}

#[test]
fn a_closed_funds_token_held_open_by_others_is_reused_only_once_destroyed() {
	build_and_execute(|| {
		for _ in 0..4 {
			create_fund(Strategy::Fixed);
		}
		let token = info(0).token;
		// Five accounts touched fund 0's token (a zero balance with a deposit): more than the
		// four accounts a close removes itself.
		for who in [BOB, CHARLIE, MANAGER, 20, 21] {
			let _ = Balances::mint_into(&who, UNIT);
			assert_ok!(Assets::touch(RuntimeOrigin::signed(who), token));
		}
		let all = INITIAL_SUPPLY - LOCKED;
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(ALICE), 0, all, bounded(vec![0; 3])));
		let fee = index_tokens(0, MANAGER);
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(MANAGER), 0, fee, bounded(vec![0; 3])));
		assert_ok!(IndexFunds::close_index(RuntimeOrigin::signed(ALICE), 0));
		assert!(Assets::asset_exists(token), "the close could not finish the destruction");
		// The next fund cannot take the id yet; anyone finishes the destruction.
		assert_noop!(
			create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, UNIT, UNIT], fees()),
			Error::<Test>::TokenIdsBeingDestroyed
		);
		assert_ok!(Assets::destroy_accounts(RuntimeOrigin::signed(BOB), token));
		assert_ok!(Assets::destroy_approvals(RuntimeOrigin::signed(BOB), token));
		assert_ok!(Assets::finish_destroy(RuntimeOrigin::signed(BOB), token));
		assert_ok!(create(vec![SLC, A1, A2], &[40, 30, 30], vec![UNIT, UNIT, UNIT], fees()));
		assert_eq!(info(4).token, token);
	});
}

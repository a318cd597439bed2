use super::*;
use crate::{Eras, Pool};
use frame_support::traits::{
	fungible::Balanced,
	tokens::{Fortitude, Precision, Preservation},
	OnUnbalanced,
};

/// `amount` taken from `from` as a credit, as transaction payment or the auction hands it on.
fn credit(
	from: AccountId,
	amount: Balance,
) -> frame_support::traits::fungible::Credit<AccountId, Balances> {
	<Balances as Balanced<AccountId>>::withdraw(
		&from,
		amount,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.unwrap()
}

/// A tip of `amount` from `from`.
pub(crate) fn pay(from: AccountId, amount: Balance) {
	LiquidStaking::on_unbalanced(credit(from, amount));
}

/// A winning auction bid of `amount` from `from`, through the auction's sink.
pub(crate) fn bid(from: AccountId, amount: Balance) {
	crate::AuctionBids::<Test>::on_unbalanced(credit(from, amount));
}

#[test]
fn mev_is_held_for_an_era_then_raises_the_rate() {
	ExtBuilder::default().build_and_execute(|| {
		let treasury = slc(TREASURY);
		pay(EVE, 10 * UNIT);
		// 10 % to the treasury in SLC, 9 SLC into the buffer, held: the rate has not moved.
		assert_eq!(slc(TREASURY), treasury + UNIT);
		assert_eq!(Pool::<Test>::get().buffer, 9 * UNIT);
		assert_eq!(Pool::<Test>::get().held_new, 9 * UNIT);
		assert_eq!(rate(), sp_runtime::FixedU128::from_u32(1));
		let record = Eras::<Test>::get(0);
		assert_eq!((record.tips, record.bids, record.protocol_fee), (10 * UNIT, 0, UNIT));
		start_era(1);
		assert_eq!(rate(), sp_runtime::FixedU128::from_u32(1));
		start_era(2);
		assert_eq!(rate(), sp_runtime::FixedU128::from_rational(109, 100));
	});
}

#[test]
fn auction_bids_are_recorded_apart_from_tips() {
	ExtBuilder::default().build_and_execute(|| {
		bid(EVE, 4 * UNIT);
		pay(EVE, UNIT);
		let record = Eras::<Test>::get(0);
		assert_eq!((record.tips, record.bids), (UNIT, 4 * UNIT));
	});
}

#[test]
fn the_mev_fee_rounds_up() {
	ExtBuilder::default()
		.params(|p| p.protocol_fee = sp_runtime::Permill::from_percent(1))
		.build_and_execute(|| {
			let treasury = slc(TREASURY);
			// 1 % of 50 units is 0.5: the treasury takes 1, the pool 49.
			pay(EVE, 50);
			assert_eq!(slc(TREASURY), treasury + 1);
			assert_eq!(Pool::<Test>::get().buffer, 49);
		});
}

//! Signed transfers through `Executive`, with fees.

mod common;

use common::*;
use sluice_runtime::{configs::TreasuryAccount, RuntimeCall, SLC};
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError, TokenError,
};

fn transfer(to: sp_keyring::Sr25519Keyring, value: u128) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.to_account_id().into(),
		value,
	})
}

#[test]
fn a_signed_transfer_moves_funds_and_pays_the_fee_to_the_treasury() {
	on_dev_chain(|| {
		let (bob, charlie) = (Bob.to_account_id(), Charlie.to_account_id());
		let (bob_before, charlie_before) = (free_balance(&bob), free_balance(&charlie));
		let treasury_before = free_balance(&TreasuryAccount::get());

		let results = produce_block(vec![signed(Bob, transfer(Charlie, 25 * SLC))]);
		assert_eq!(results, vec![Ok(Ok(()))]);

		let fee = last_fee_paid();
		assert!(fee > 0);
		assert_eq!(free_balance(&charlie), charlie_before + 25 * SLC);
		assert_eq!(free_balance(&bob), bob_before - 25 * SLC - fee);
		assert_eq!(free_balance(&TreasuryAccount::get()), treasury_before + fee);
	});
}

#[test]
fn a_transfer_above_the_balance_fails_and_moves_only_the_fee() {
	on_dev_chain(|| {
		let (dave, charlie) = (Dave.to_account_id(), Charlie.to_account_id());
		let (dave_before, charlie_before) = (free_balance(&dave), free_balance(&charlie));

		let results = produce_block(vec![signed(Dave, transfer(Charlie, dave_before + SLC))]);
		assert_eq!(results, vec![Ok(Err(DispatchError::Token(TokenError::FundsUnavailable)))]);

		assert_eq!(free_balance(&charlie), charlie_before);
		assert_eq!(free_balance(&dave), dave_before - last_fee_paid());
	});
}

#[test]
fn a_stale_nonce_and_a_bad_signature_are_refused_before_dispatch() {
	on_dev_chain(|| {
		let bob = Bob.to_account_id();
		assert_eq!(produce_block(vec![signed(Bob, transfer(Charlie, SLC))]), vec![Ok(Ok(()))]);
		let bob_before = free_balance(&bob);

		// Nonce 0 was used by the transfer above.
		let stale = signed_with(Bob, transfer(Charlie, SLC), 0, 0);
		// Signed by Dave but claiming to come from Bob.
		let forged = {
			let mut xt = signed(Dave, transfer(Charlie, SLC));
			if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = xt.preamble {
				*address = sp_runtime::MultiAddress::Id(bob.clone());
			}
			xt
		};
		let results = produce_block(vec![stale, forged]);
		assert_eq!(
			results,
			vec![
				Err(TransactionValidityError::Invalid(InvalidTransaction::Stale)),
				Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof)),
			]
		);
		assert_eq!(free_balance(&bob), bob_before);
	});
}

//! MEV paid into the pool: transaction tips and the block auction's winning bids arrive as
//! credits of the native token through [`OnUnbalanced`].

use crate::pallet::*;
use frame_support::traits::{
	fungible::{Balanced, Credit},
	tokens::imbalance::Imbalance as _,
	Get, OnUnbalanced,
};
use sluice_math::shares;

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for Pallet<T> {
	/// Takes the protocol fee to the treasury and adds the rest to the buffer, where it raises
	/// the exchange rate at once. Recorded in the era's MEV figure.
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		let fee = shares::fee_of(amount, Params::<T>::get().protocol_fee);
		let (fee_credit, mut pool_credit) = credit.split(fee);
		let mut fee_taken = fee;
		if let Err(unpaid) = T::Currency::resolve(&T::Treasury::get(), fee_credit) {
			// A fee below the treasury's existential deposit stays in the pool.
			fee_taken = 0;
			pool_credit.subsume(unpaid);
		}
		let to_pool = pool_credit.peek();
		if T::Currency::resolve(&Self::account_id(), pool_credit).is_err() {
			// The pool account always holds its existential deposit, so this cannot happen; the
			// credit is dropped (burned) rather than counted without the funds.
			frame_support::defensive!("liquid staking: the pool account refused MEV");
			return;
		}
		Pool::<T>::mutate(|state| {
			// Saturating: bounded by the total issuance of SLC.
			state.buffer = state.buffer.saturating_add(to_pool);
			Eras::<T>::mutate(state.era, |record| {
				record.mev = record.mev.saturating_add(amount);
				record.protocol_fee = record.protocol_fee.saturating_add(fee_taken);
			});
		});
	}
}

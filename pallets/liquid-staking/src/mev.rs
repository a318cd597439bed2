//! MEV paid into the pool: transaction tips (through the pallet itself) and the block auction's
//! winning bids (through [`AuctionBids`]) arrive as credits of the native token through
//! [`OnUnbalanced`].

use crate::pallet::*;
use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{Balanced, Credit},
	tokens::imbalance::Imbalance as _,
	Get, OnUnbalanced,
};
use sluice_math::shares;

/// Where a credit of MEV came from, for the era records.
#[derive(Clone, Copy)]
enum Source {
	Tip,
	Bid,
}

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for Pallet<T> {
	/// Transaction tips: see [`Pallet::receive_mev`].
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		Self::receive_mev(credit, Source::Tip);
	}
}

/// The block auction's MEV sink: winning bids, recorded apart from tips.
pub struct AuctionBids<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for AuctionBids<T> {
	fn on_nonzero_unbalanced(credit: Credit<T::AccountId, T::Currency>) {
		Pallet::<T>::receive_mev(credit, Source::Bid);
	}
}

impl<T: Config> Pallet<T> {
	/// Takes the protocol fee to the treasury and holds the rest as this era's income: it joins
	/// the buffer at once but reaches the rate only when released, a whole era later, so a stake
	/// that enters just before it arrives gets none of it (see `release_income`). Recorded in the
	/// era's tips or bids.
	fn receive_mev(credit: Credit<T::AccountId, T::Currency>, source: Source) {
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
			state.held_new = state.held_new.saturating_add(to_pool);
			Eras::<T>::mutate(state.era, |record| {
				match source {
					Source::Tip => record.tips = record.tips.saturating_add(amount),
					Source::Bid => record.bids = record.bids.saturating_add(amount),
				}
				record.protocol_fee = record.protocol_fee.saturating_add(fee_taken);
			});
		});
	}
}

//! Bidding and running the winning bundle.

use crate::{pallet::*, weights::WeightInfo};
use alloc::vec::Vec;
use codec::{DecodeLimit, Encode};
use frame_support::{
	dispatch::GetDispatchInfo,
	ensure,
	storage::{with_transaction, TransactionOutcome},
	traits::{
		fungible::{BalancedHold, MutateHold},
		tokens::Precision,
		Get, OnUnbalanced,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_math::shares::fee_of;
use sluice_primitives::Balance;
use sp_runtime::{
	traits::{Dispatchable, One, Saturating},
	DispatchError, DispatchResult,
};

/// Nesting limit when decoding a stored bundle (as for extrinsics).
const MAX_DECODE_DEPTH: u32 = 256;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_submit_bundle(
		searcher: T::AccountId,
		calls: Vec<<T as Config>::RuntimeCall>,
		bid: Balance,
	) -> DispatchResult {
		ensure!(!calls.is_empty(), Error::<T>::EmptyBundle);
		ensure!(calls.len() as u32 <= T::MaxCallsPerBundle::get(), Error::<T>::TooManyCalls);
		ensure!(bid >= T::MinBid::get(), Error::<T>::BidTooLow);
		let target = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
		let best = Best::<T>::get().filter(|b| b.target == target);
		if let Some(best) = &best {
			ensure!(bid > best.bid, Error::<T>::BidNotHigher);
		}
		let weight = calls
			.iter()
			.fold(Weight::zero(), |w, call| w.saturating_add(call.get_dispatch_info().call_weight));
		ensure!(T::MaxBundleWeight::get().all_gte(weight), Error::<T>::BundleTooHeavy);
		let encoded: BoundedVec<u8, T::MaxBundleLength> =
			calls.encode().try_into().map_err(|_| Error::<T>::BundleTooLarge)?;
		if let Some(best) = best {
			T::Currency::release(
				&HoldReason::Bid.into(),
				&best.searcher,
				best.bid,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::Outbid { searcher: best.searcher, bid: best.bid });
		}
		T::Currency::hold(&HoldReason::Bid.into(), &searcher, bid)?;
		let count = calls.len() as u32;
		Best::<T>::put(Bundle {
			searcher: searcher.clone(),
			bid,
			target,
			calls: count,
			weight,
			encoded,
		});
		Self::deposit_event(Event::BundleSubmitted { searcher, bid, target, calls: count });
		Ok(())
	}

	/// The best bid for the next block (see `BlockAuctionApi::best_bid`).
	pub fn best_bid() -> Option<(T::AccountId, Balance, BlockNumberFor<T>)> {
		let next = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
		Best::<T>::get().filter(|b| b.target == next).map(|b| (b.searcher, b.bid, b.target))
	}

	/// Runs the winning bundle of block `n`, if there is one. Returns the weight used.
	pub(crate) fn run_auction(n: BlockNumberFor<T>) -> Weight {
		let Some(bundle) = Best::<T>::get() else {
			return T::WeightInfo::on_initialize_empty();
		};
		if bundle.target > n {
			return T::WeightInfo::on_initialize_empty();
		}
		Best::<T>::kill();
		let overhead = T::WeightInfo::on_initialize_bundle(bundle.calls);
		let reason = HoldReason::Bid.into();
		let calls = match Vec::<<T as Config>::RuntimeCall>::decode_with_depth_limit(
			MAX_DECODE_DEPTH,
			&mut &bundle.encoded[..],
		) {
			Ok(calls) if bundle.target == n => calls,
			_ => {
				// Undecodable (the runtime's calls changed) or stale: release the whole bid.
				let _ = T::Currency::release(
					&reason,
					&bundle.searcher,
					bundle.bid,
					Precision::BestEffort,
				);
				Self::deposit_event(Event::BundleDropped {
					searcher: bundle.searcher,
					bid: bundle.bid,
				});
				return overhead;
			}
		};
		let outcome = Self::execute(&bundle.searcher, calls);
		let (used, result) = match outcome {
			Ok(used) => (used, Ok(())),
			Err((used, index, error)) => (used, Err((index, error))),
		};
		match result {
			Ok(()) => {
				let (credit, _) = T::Currency::slash(&reason, &bundle.searcher, bundle.bid);
				T::MevSink::on_unbalanced(credit);
				Self::deposit_event(Event::BundleExecuted {
					searcher: bundle.searcher,
					bid: bundle.bid,
					calls: bundle.calls,
				});
			}
			Err((index, error)) => {
				let fee = fee_of(bundle.bid, T::FailedBundleFee::get());
				let (credit, _) = T::Currency::slash(&reason, &bundle.searcher, fee);
				T::MevSink::on_unbalanced(credit);
				let rest = bundle.bid.saturating_sub(fee);
				let _ =
					T::Currency::release(&reason, &bundle.searcher, rest, Precision::BestEffort);
				Self::deposit_event(Event::BundleFailed {
					searcher: bundle.searcher,
					index,
					error,
					fee,
				});
			}
		}
		// The declared weight bounds the calls' actual weight.
		overhead.saturating_add(used.min(bundle.weight))
	}

	/// Dispatches `calls` in one storage transaction under `searcher`'s signed origin; rolls
	/// everything back at the first failure. Returns the weight used, and on failure the index
	/// and error of the failing call.
	fn execute(
		searcher: &T::AccountId,
		calls: Vec<<T as Config>::RuntimeCall>,
	) -> Result<Weight, (Weight, u32, DispatchError)> {
		let mut used = Weight::zero();
		// The outer error is the storage layer's own (nesting too deep); the inner one a call's.
		let result = with_transaction(|| -> TransactionOutcome<Result<_, DispatchError>> {
			for (index, call) in calls.into_iter().enumerate() {
				let info = call.get_dispatch_info();
				let origin = frame_system::RawOrigin::Signed(searcher.clone()).into();
				match call.dispatch(origin) {
					Ok(post) => used.saturating_accrue(post.calc_actual_weight(&info)),
					Err(e) => {
						used.saturating_accrue(e.post_info.calc_actual_weight(&info));
						return TransactionOutcome::Rollback(Ok(Err((index as u32, e.error))));
					}
				}
			}
			TransactionOutcome::Commit(Ok(Ok(())))
		});
		match result {
			Ok(Ok(())) => Ok(used),
			Ok(Err((index, error))) => Err((used, index, error)),
			Err(error) => Err((used, 0, error)),
		}
	}

	/// Checks the auction's invariants: the best bundle is held in full and bids for a block
	/// still to come.
	pub fn do_try_state(n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		if let Some(best) = Best::<T>::get() {
			ensure!(best.target > n, "a bundle outlived its block");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Bid.into(), &best.searcher) == best.bid,
				"the best bid is not held in full"
			);
			ensure!(best.calls > 0 && best.calls <= T::MaxCallsPerBundle::get(), "bad call count");
			ensure!(T::MaxBundleWeight::get().all_gte(best.weight), "bundle too heavy");
		}
		Ok(())
	}
}

/// Decodes without a depth limit; used by tests to read a stored bundle back.
#[cfg(test)]
pub(crate) fn decode_calls<T: Config>(bundle: &Bundle<T>) -> Vec<<T as Config>::RuntimeCall> {
	codec::Decode::decode(&mut &bundle.encoded[..]).expect("stored bundles decode")
}

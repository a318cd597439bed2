//! Bidding and running the winning bundle.

use crate::{pallet::*, weights::WeightInfo, BlockSpacePrice};
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
		let best = Best::<T>::get();
		if let Some(stale) = best.as_ref().filter(|b| b.target != target) {
			// Cannot happen (`on_initialize` closes every auction); never leave a bid held.
			Self::drop_bundle(stale)?;
		}
		let best = best.filter(|b| b.target == target);
		if let Some(best) = &best {
			ensure!(bid > best.bid, Error::<T>::BidNotHigher);
		}
		let weight = calls
			.iter()
			.fold(Weight::zero(), |w, call| w.saturating_add(call.get_dispatch_info().call_weight));
		ensure!(T::MaxBundleWeight::get().all_gte(weight), Error::<T>::BundleTooHeavy);
		let encoded: BoundedVec<u8, T::MaxBundleLength> =
			calls.encode().try_into().map_err(|_| Error::<T>::BundleTooLarge)?;
		let space = T::BlockSpacePrice::price(weight, encoded.len() as u32);
		ensure!(bid >= space, Error::<T>::BidBelowBlockSpacePrice);
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

	/// Closes the auction for block `n`: the winning bundle's whole bid is paid to the MEV sink
	/// and the bundle moves to [`Pending`] for the bundle inherent. Nothing is decoded or run
	/// here, so nothing a bundle holds can make this hook (and with it the block) fail. Returns
	/// the weight used, including `on_finalize`'s.
	pub(crate) fn close_auction(n: BlockNumberFor<T>) -> Weight {
		// `on_finalize` reads `Pending` in every block.
		let finalize = T::DbWeight::get().reads(1);
		let Some(bundle) = Best::<T>::get() else {
			return T::WeightInfo::on_initialize_empty().saturating_add(finalize);
		};
		if bundle.target > n {
			return T::WeightInfo::on_initialize_empty().saturating_add(finalize);
		}
		Best::<T>::kill();
		let reason = HoldReason::Bid.into();
		if bundle.target < n {
			// Its block passed without this hook (it cannot happen on a live chain): release.
			let _ = Self::drop_bundle(&bundle);
			return T::WeightInfo::on_initialize_bundle().saturating_add(finalize);
		}
		// The winner pays in full whatever its calls do: a failure fee below the bid would sell
		// the searcher an option on its own trade.
		let (credit, _) = T::Currency::slash(&reason, &bundle.searcher, bundle.bid);
		T::MevSink::on_unbalanced(credit);
		Self::deposit_event(Event::BundleWon {
			searcher: bundle.searcher.clone(),
			bid: bundle.bid,
		});
		Pending::<T>::put(bundle);
		T::WeightInfo::on_initialize_bundle().saturating_add(T::WeightInfo::on_finalize_skipped())
	}

	/// Removes a winning bundle the block did not run (`on_finalize`).
	pub(crate) fn skip_unrun() {
		if let Some(bundle) = Pending::<T>::take() {
			Self::deposit_event(Event::BundleSkipped {
				searcher: bundle.searcher,
				bid: bundle.bid,
			});
		}
	}

	/// Releases the best bid when the runtime is upgraded: its calls were encoded for the old
	/// runtime and may not decode, or mean something else, under the new one.
	pub(crate) fn drop_best_on_upgrade() -> Weight {
		let db = T::DbWeight::get();
		let Some(bundle) = Best::<T>::take() else { return db.reads(1) };
		let _ = Self::drop_bundle(&bundle);
		db.reads_writes(3, 3)
	}

	/// Releases a bundle's whole bid unrun (`BundleDropped`).
	fn drop_bundle(bundle: &Bundle<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::Bid.into(),
			&bundle.searcher,
			bundle.bid,
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::BundleDropped {
			searcher: bundle.searcher.clone(),
			bid: bundle.bid,
		});
		Ok(())
	}

	/// The bundle inherent: decodes and runs this block's winning bundle. A failing call rolls
	/// the whole bundle back and is reported in an event; the inherent itself succeeds.
	pub(crate) fn do_execute_bundle(
		calls: u32,
		weight: Weight,
	) -> frame_support::dispatch::DispatchResultWithPostInfo {
		let bundle = Pending::<T>::get().ok_or(Error::<T>::NoPendingBundle)?;
		ensure!(bundle.calls == calls && bundle.weight == weight, Error::<T>::InherentMismatch);
		Pending::<T>::kill();
		let overhead = T::WeightInfo::execute_bundle(calls);
		let decoded = Vec::<<T as Config>::RuntimeCall>::decode_with_depth_limit(
			MAX_DECODE_DEPTH,
			&mut &bundle.encoded[..],
		);
		let Ok(decoded) = decoded else {
			// Cannot happen: an upgrade releases the best bid before its block. Defensive.
			Self::deposit_event(Event::BundleSkipped {
				searcher: bundle.searcher,
				bid: bundle.bid,
			});
			return Ok(Some(overhead).into());
		};
		let used = match Self::execute(&bundle.searcher, decoded) {
			Ok(used) => {
				Self::deposit_event(Event::BundleExecuted {
					searcher: bundle.searcher,
					bid: bundle.bid,
					calls: bundle.calls,
				});
				used
			}
			Err((used, index, error)) => {
				Self::deposit_event(Event::BundleFailed {
					searcher: bundle.searcher,
					index,
					error,
					bid: bundle.bid,
				});
				used
			}
		};
		// The declared weight bounds the calls' actual weight.
		Ok(Some(overhead.saturating_add(used.min(bundle.weight))).into())
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
		// A won bundle lives only within its block.
		ensure!(Pending::<T>::get().is_none(), "a won bundle outlived its block");
		Ok(())
	}
}

/// Decodes without a depth limit; used by tests to read a stored bundle back.
#[cfg(test)]
pub(crate) fn decode_calls<T: Config>(bundle: &Bundle<T>) -> Vec<<T as Config>::RuntimeCall> {
	codec::Decode::decode(&mut &bundle.encoded[..]).expect("stored bundles decode")
}

#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod auction;
pub mod runtime_api;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{self, Credit},
			OnUnbalanced,
		},
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::Balance;
	use sp_runtime::{traits::Dispatchable, Permill};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The calls a bundle may hold.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo
			+ From<frame_system::Call<Self>>
			+ IsType<<Self as frame_system::Config>::RuntimeCall>;

		/// The native token, in which bids are held and paid.
		type Currency: fungible::Inspect<Self::AccountId, Balance = Balance>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::BalancedHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Receives winning bids and failed-bundle fees (the liquid-staking pool).
		type MevSink: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// Smallest bid.
		#[pallet::constant]
		type MinBid: Get<Balance>;

		/// Part of the bid a winning bundle that fails pays (to the MEV sink).
		#[pallet::constant]
		type FailedBundleFee: Get<Permill>;

		/// Most calls in one bundle.
		#[pallet::constant]
		type MaxCallsPerBundle: Get<u32>;

		/// Largest encoded bundle, in bytes.
		#[pallet::constant]
		type MaxBundleLength: Get<u32>;

		/// Largest total dispatch weight of a bundle's calls.
		#[pallet::constant]
		type MaxBundleWeight: Get<Weight>;

		/// Weights of the call and the hook.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A bid on the next block's top slot.
		Bid,
	}

	/// A bundle bidding for the top of a block.
	#[derive(
		CloneNoBound,
		DebugNoBound,
		Decode,
		Encode,
		EqNoBound,
		MaxEncodedLen,
		PartialEqNoBound,
		TypeInfo,
	)]
	#[scale_info(skip_type_params(T))]
	pub struct Bundle<T: Config> {
		/// Who submitted it; its calls run under this account's signed origin.
		pub searcher: T::AccountId,
		/// The bid, held from the searcher.
		pub bid: Balance,
		/// The block whose top it bids for.
		pub target: BlockNumberFor<T>,
		/// Number of calls.
		pub calls: u32,
		/// Sum of the calls' dispatch weights.
		pub weight: Weight,
		/// The SCALE-encoded `Vec` of calls.
		pub encoded: BoundedVec<u8, T::MaxBundleLength>,
	}

	/// The highest bundle for the next block, if any.
	#[pallet::storage]
	pub type Best<T: Config> = StorageValue<_, Bundle<T>, OptionQuery>;

	/// Events of the auction.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A bundle became the highest bid for `target`.
		BundleSubmitted {
			/// The searcher.
			searcher: T::AccountId,
			/// The bid.
			bid: Balance,
			/// The block it bids for.
			target: BlockNumberFor<T>,
			/// Its number of calls.
			calls: u32,
		},
		/// A bundle was outbid; its bid is released.
		Outbid {
			/// The searcher.
			searcher: T::AccountId,
			/// The released bid.
			bid: Balance,
		},
		/// The winning bundle ran; its bid was paid to the pool.
		BundleExecuted {
			/// The searcher.
			searcher: T::AccountId,
			/// The bid paid.
			bid: Balance,
			/// Calls executed.
			calls: u32,
		},
		/// The winning bundle failed and was rolled back; it paid the failure fee.
		BundleFailed {
			/// The searcher.
			searcher: T::AccountId,
			/// Index of the call that failed.
			index: u32,
			/// Its error.
			error: DispatchError,
			/// Fee paid to the pool; the rest of the bid was released.
			fee: Balance,
		},
		/// The winning bundle could not be decoded (the runtime changed its calls since it was
		/// submitted); its bid was released in full.
		BundleDropped {
			/// The searcher.
			searcher: T::AccountId,
			/// The released bid.
			bid: Balance,
		},
	}

	/// Errors of the auction.
	#[pallet::error]
	pub enum Error<T> {
		/// A bundle needs at least one call.
		EmptyBundle,
		/// More calls than [`Config::MaxCallsPerBundle`].
		TooManyCalls,
		/// The encoded bundle exceeds [`Config::MaxBundleLength`].
		BundleTooLarge,
		/// The calls' total weight exceeds [`Config::MaxBundleWeight`].
		BundleTooHeavy,
		/// The bid is below [`Config::MinBid`].
		BidTooLow,
		/// The bid does not beat the current highest bid for the next block.
		BidNotHigher,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::run_auction(n)
		}

		fn integrity_test() {
			assert!(T::MaxCallsPerBundle::get() > 0, "a bundle must hold a call");
			assert!(T::MinBid::get() > 0, "bids must cost something");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state(n)
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Bids `bid` for the top of the next block with `calls`, run in order under the
		/// caller's origin, all or nothing. The bid is held until the auction ends; a higher
		/// bid releases it at once.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_bundle(calls.len() as u32))]
		pub fn submit_bundle(
			origin: OriginFor<T>,
			calls: Vec<<T as Config>::RuntimeCall>,
			#[pallet::compact] bid: Balance,
		) -> DispatchResult {
			let searcher = ensure_signed(origin)?;
			Self::do_submit_bundle(searcher, calls, bid)
		}
	}
}

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

/// What block space costs: the least a bundle of a given weight and length must bid.
pub trait BlockSpacePrice {
	/// The fee an ordinary transaction of `weight` and `length` bytes would pay now.
	fn price(weight: frame_support::weights::Weight, length: u32) -> sluice_primitives::Balance;
}

/// Block space is free (mock runtimes).
impl BlockSpacePrice for () {
	fn price(_: frame_support::weights::Weight, _: u32) -> sluice_primitives::Balance {
		0
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		inherent::{InherentData, InherentIdentifier, MakeFatalError, ProvideInherent},
		pallet_prelude::*,
		traits::{
			fungible::{self, Credit},
			OnUnbalanced,
		},
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::Balance;
	use sp_runtime::traits::Dispatchable;

	/// Identifies the bundle inherent (it carries no inherent data).
	pub const INHERENT_IDENTIFIER: InherentIdentifier = *b"slcbundl";

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

		/// Receives the winning bids (the liquid-staking pool).
		type MevSink: OnUnbalanced<Credit<Self::AccountId, Self::Currency>>;

		/// Smallest bid.
		#[pallet::constant]
		type MinBid: Get<Balance>;

		/// The fee an ordinary transaction would pay for a bundle's weight: a bid must cover it.
		type BlockSpacePrice: crate::BlockSpacePrice;

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

	/// The in-code storage version: a migration that changes the layout raises it, and the
	/// runtime's upgrade checks compare it with the one stored on chain.
	const STORAGE_VERSION: frame_support::traits::StorageVersion =
		frame_support::traits::StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
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

	/// The bundle that won this block: its bid is paid, and the bundle inherent runs its calls.
	/// Taken by the inherent, or removed unrun in `on_finalize` when the block has none.
	#[pallet::storage]
	pub type Pending<T: Config> = StorageValue<_, Bundle<T>, OptionQuery>;

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
		/// The bundle won this block's top slot; its whole bid was paid to the pool, whatever
		/// its calls do.
		BundleWon {
			/// The searcher.
			searcher: T::AccountId,
			/// The bid paid.
			bid: Balance,
		},
		/// The winning bundle's calls ran.
		BundleExecuted {
			/// The searcher.
			searcher: T::AccountId,
			/// The bid it paid.
			bid: Balance,
			/// Calls executed.
			calls: u32,
		},
		/// A call of the winning bundle failed: every call was rolled back; the bid stays paid.
		BundleFailed {
			/// The searcher.
			searcher: T::AccountId,
			/// Index of the call that failed.
			index: u32,
			/// Its error.
			error: DispatchError,
			/// The bid it paid.
			bid: Balance,
		},
		/// The winning bundle did not run: the block's author left its inherent out (it trapped,
		/// did not fit, or the author chose not to run it), or its calls no longer decode. The
		/// bid stays paid and the bundle is gone.
		BundleSkipped {
			/// The searcher.
			searcher: T::AccountId,
			/// The bid it paid.
			bid: Balance,
		},
		/// The best bid was released in full without running: its block passed unbuilt, or the
		/// runtime was upgraded (its calls may mean something else now).
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
		/// The bid is below what an ordinary transaction of the bundle's weight would pay in
		/// fees ([`Config::BlockSpacePrice`]).
		BidBelowBlockSpacePrice,
		/// The bundle inherent found no winning bundle in this block.
		NoPendingBundle,
		/// The bundle inherent does not describe this block's winning bundle.
		InherentMismatch,
		/// The bid does not beat the current highest bid for the next block.
		BidNotHigher,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::close_auction(n)
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::skip_unrun();
		}

		fn on_runtime_upgrade() -> Weight {
			Self::drop_best_on_upgrade()
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
		/// bid releases it at once. A winning bid is paid in full whether or not the calls
		/// succeed, and must cover what an ordinary transaction of the calls' weight would pay.
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

		/// The bundle inherent: runs this block's winning bundle (see the crate docs). Only the
		/// block author places it, before every transaction; a block without it skips the
		/// bundle, whose bid was already paid.
		#[pallet::call_index(1)]
		#[pallet::weight((
			T::WeightInfo::execute_bundle(*calls).saturating_add(*weight),
			DispatchClass::Normal,
		))]
		pub fn execute_bundle(
			origin: OriginFor<T>,
			calls: u32,
			weight: Weight,
		) -> DispatchResultWithPostInfo {
			ensure_none(origin)?;
			Self::do_execute_bundle(calls, weight)
		}
	}

	#[pallet::inherent]
	impl<T: Config> ProvideInherent for Pallet<T> {
		type Call = Call<T>;
		type Error = MakeFatalError<()>;
		const INHERENT_IDENTIFIER: InherentIdentifier = INHERENT_IDENTIFIER;

		fn create_inherent(_data: &InherentData) -> Option<Self::Call> {
			Pending::<T>::get()
				.map(|bundle| Call::execute_bundle { calls: bundle.calls, weight: bundle.weight })
		}

		/// Never required: a block whose author leaves it out is valid, and skips the bundle.
		fn is_inherent_required(_data: &InherentData) -> Result<Option<Self::Error>, Self::Error> {
			Ok(None)
		}

		fn is_inherent(call: &Self::Call) -> bool {
			matches!(call, Call::execute_bundle { .. })
		}
	}
}

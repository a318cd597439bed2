#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod adapters;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod weights;

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
		dispatch::{DispatchResultWithPostInfo, Pays, PostDispatchInfo},
		pallet_prelude::*,
		traits::SortedMembers,
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::{
		oracle::{FeedSink, FeederSet},
		Balance, OracleKey, OracleValue,
	};
	use sp_runtime::traits::{Saturating, UniqueSaturatedInto, Zero};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The feeders and the stake behind each (restaking's oracle service).
		type Feeders: FeederSet<Self::AccountId>;

		/// The oracle the checked feeds go to.
		type Sink: FeedSink<Self::AccountId>;

		/// Registers and removes the keys that may be fed.
		type RegisterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most feeders in the snapshot.
		#[pallet::constant]
		type MaxFeeders: Get<u32>;

		/// Most registered keys.
		#[pallet::constant]
		type MaxFeeds: Get<u32>;

		/// Most values in one feed.
		#[pallet::constant]
		type MaxFeedValues: Get<u32>;

		/// A feed of at most this many values is free, once per `FreeInterval` blocks per feeder
		/// (what an honest feeder's heartbeat needs); any other feed pays for its whole weight.
		#[pallet::constant]
		type FreeValues: Get<u32>;

		/// Blocks between two free feeds of one feeder.
		#[pallet::constant]
		type FreeInterval: Get<BlockNumberFor<Self>>;

		/// Most free feeds in one block (later ones pay), so that free feeds never take more
		/// than a bounded share of a block.
		#[pallet::constant]
		type MaxFreePerBlock: Get<u32>;

		/// Blocks between two snapshots of the feeders and their weights.
		#[pallet::constant]
		type RefreshInterval: Get<BlockNumberFor<Self>>;

		/// Weights of the calls and the hook.
		type WeightInfo: WeightInfo;

		/// Keys, feeders and oracle values for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// The in-code storage version: a migration that changes the layout raises it, and the
	/// runtime's upgrade checks compare it with the one stored on chain.
	const STORAGE_VERSION: frame_support::traits::StorageVersion =
		frame_support::traits::StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Leavers forgotten in `on_initialize` when the backlog is too long.
	pub const FORCED_FORGETS: u32 = 8;

	/// The keys that may be fed: those of the assets the chain prices.
	#[pallet::storage]
	pub type Feeds<T: Config> = CountedStorageMap<_, Blake2_128Concat, OracleKey, (), OptionQuery>;

	/// The feeders and their weights (value of counted stake allocated to the oracle), sorted by
	/// account; taken every `RefreshInterval` blocks.
	#[pallet::storage]
	pub type Feeders<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, Balance), T::MaxFeeders>, ValueQuery>;

	/// Per feeder, the block it last fed in (one feed per block) and the block of its last free
	/// feed, if any.
	#[pallet::storage]
	pub type LastFed<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		(BlockNumberFor<T>, Option<BlockNumberFor<T>>),
		OptionQuery,
	>;

	/// The block free feeds were last counted in, and how many it took.
	#[pallet::storage]
	pub type FreeFeeds<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	/// Feeders that left the snapshot and whose values are still to be forgotten (a few per
	/// block, with the block's spare weight: `on_idle`).
	#[pallet::storage]
	pub type Leavers<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Genesis: the registered keys; the snapshot is taken at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Keys that may be fed.
		pub feeds: Vec<OracleKey>,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for key in &self.feeds {
				Pallet::<T>::do_register_feed(key.clone()).expect("genesis feeds fit and differ");
			}
			Pallet::<T>::refresh();
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A key may be fed.
		FeedRegistered {
			/// The key.
			key: OracleKey,
		},
		/// A key may no longer be fed; its values were forgotten.
		FeedRemoved {
			/// The key.
			key: OracleKey,
		},
		/// A new snapshot of the feeders.
		FeedersRefreshed {
			/// Number of feeders.
			count: u32,
			/// Σ of their weights.
			total_weight: Balance,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not in the feeder snapshot.
		NotFeeder,
		/// The caller fed in this block already.
		AlreadyFed,
		/// The key is not registered: the chain prices no such asset.
		UnknownFeed,
		/// A key appears twice in the feed.
		DuplicateKey,
		/// A value of zero (no asset is worth nothing to the chain).
		ZeroValue,
		/// An empty feed.
		EmptyFeed,
		/// The key is registered already.
		AlreadyRegistered,
		/// `MaxFeeds` keys are registered.
		TooManyFeeds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let interval = T::RefreshInterval::get();
			let mut weight = if !interval.is_zero() && (now % interval).is_zero() {
				Self::refresh();
				T::WeightInfo::refresh(T::MaxFeeders::get())
			} else {
				T::WeightInfo::idle()
			};
			// Full blocks leave `on_idle` nothing: past a backlog of `MaxFeeders` leavers, a
			// few are forgotten here (more than a snapshot can add per block on average).
			if Leavers::<T>::count() > T::MaxFeeders::get() {
				for _ in 0..FORCED_FORGETS {
					Self::forget_one();
					weight.saturating_accrue(T::WeightInfo::forget());
				}
			}
			weight
		}

		/// Forgets the values of feeders that left, one feeder at a time, with what weight the
		/// block has left (so a snapshot in which many feeders leave never takes block space
		/// from extrinsics).
		fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let one = T::WeightInfo::forget();
			let mut used = Weight::zero();
			while remaining.all_gte(used.saturating_add(one)) && !Leavers::<T>::count().is_zero() {
				used.saturating_accrue(one);
				Self::forget_one();
			}
			used.saturating_add(T::DbWeight::get().reads(1))
		}

		fn integrity_test() {
			assert!(!T::RefreshInterval::get().is_zero(), "the snapshot is refreshed");
			assert!(T::FreeValues::get() <= T::MaxFeedValues::get(), "a free feed fits a feed");
			assert!(
				FORCED_FORGETS.saturating_mul(T::RefreshInterval::get().unique_saturated_into())
					>= T::MaxFeeders::get(),
				"the forced drain keeps up with the most leavers a snapshot adds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Feed `values` (each for a registered key, none zero) as a feeder in the snapshot;
		/// once per block. A feed of at most `FreeValues` values is free once per
		/// `FreeInterval` blocks; any other pays its whole weight.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::feed(values.len() as u32))]
		pub fn feed(
			origin: OriginFor<T>,
			values: BoundedVec<(OracleKey, OracleValue), T::MaxFeedValues>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let pays_fee = if Self::do_feed(who, &values)? { Pays::No } else { Pays::Yes };
			Ok(PostDispatchInfo { actual_weight: None, pays_fee })
		}

		/// Let `key` be fed.
		#[pallet::call_index(1)]
		pub fn register_feed(origin: OriginFor<T>, key: OracleKey) -> DispatchResult {
			T::RegisterOrigin::ensure_origin(origin)?;
			Self::do_register_feed(key)
		}

		/// Stop `key` being fed and forget the feeders' values of it.
		#[pallet::call_index(2)]
		pub fn remove_feed(origin: OriginFor<T>, key: OracleKey) -> DispatchResult {
			T::RegisterOrigin::ensure_origin(origin)?;
			ensure!(Feeds::<T>::contains_key(&key), Error::<T>::UnknownFeed);
			Feeds::<T>::remove(&key);
			let feeders: Vec<T::AccountId> =
				Feeders::<T>::get().into_iter().map(|(f, _)| f).collect();
			T::Sink::clear(&key, &feeders);
			Self::deposit_event(Event::FeedRemoved { key });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Feeds `values`; returns whether the feed is free.
		pub(crate) fn do_feed(
			who: T::AccountId,
			values: &[(OracleKey, OracleValue)],
		) -> Result<bool, DispatchError> {
			ensure!(!values.is_empty(), Error::<T>::EmptyFeed);
			ensure!(Self::weight_of(&who).is_some(), Error::<T>::NotFeeder);
			let now = frame_system::Pallet::<T>::block_number();
			let last = LastFed::<T>::get(&who);
			ensure!(last.is_none_or(|(fed, _)| fed != now), Error::<T>::AlreadyFed);
			for (i, (key, value)) in values.iter().enumerate() {
				ensure!(Feeds::<T>::contains_key(key), Error::<T>::UnknownFeed);
				ensure!(!value.is_zero(), Error::<T>::ZeroValue);
				ensure!(
					!values.iter().skip(i + 1).any(|(k, _)| k == key),
					Error::<T>::DuplicateKey
				);
			}
			let last_free = last.and_then(|(_, free)| free);
			let (counted_in, counted) = FreeFeeds::<T>::get();
			let free_so_far = if counted_in == now { counted } else { 0 };
			let free = values.len() as u32 <= T::FreeValues::get()
				&& last_free.is_none_or(|free| now >= free.saturating_add(T::FreeInterval::get()))
				&& free_so_far < T::MaxFreePerBlock::get();
			if free {
				FreeFeeds::<T>::put((now, free_so_far.saturating_add(1)));
			}
			LastFed::<T>::insert(&who, (now, if free { Some(now) } else { last_free }));
			for (key, value) in values {
				T::Sink::feed(&who, key, *value)?;
			}
			Ok(free)
		}

		pub(crate) fn do_register_feed(key: OracleKey) -> DispatchResult {
			ensure!(!Feeds::<T>::contains_key(&key), Error::<T>::AlreadyRegistered);
			ensure!(Feeds::<T>::count() < T::MaxFeeds::get(), Error::<T>::TooManyFeeds);
			Feeds::<T>::insert(&key, ());
			Self::deposit_event(Event::FeedRegistered { key });
			Ok(())
		}

		/// Takes a new snapshot of the feeders: at most `MaxFeeders`, the heaviest if there are
		/// more; feeders that left are queued to have their values forgotten. (The hook's work; public for the
		/// runtime's benchmark set-up.)
		pub fn refresh() {
			let mut feeders = T::Feeders::feeders();
			if feeders.len() > T::MaxFeeders::get() as usize {
				feeders.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
				feeders.truncate(T::MaxFeeders::get() as usize);
			}
			feeders.sort_by(|a, b| a.0.cmp(&b.0));
			let old = Feeders::<T>::get();
			let new: Vec<T::AccountId> = feeders.iter().map(|(f, _)| f.clone()).collect();
			// (`new` is sorted: the snapshot is sorted by account.)
			let outgoing: Vec<T::AccountId> = old
				.iter()
				.map(|(f, _)| f.clone())
				.filter(|f| new.binary_search(f).is_err())
				.collect();
			let incoming: Vec<T::AccountId> = new
				.iter()
				.filter(|f| old.binary_search_by(|(o, _)| o.cmp(f)).is_err())
				.cloned()
				.collect();
			// Feeders coming back keep their values; those leaving have theirs forgotten later.
			for feeder in &incoming {
				Leavers::<T>::remove(feeder);
			}
			for feeder in &outgoing {
				LastFed::<T>::remove(feeder);
				Leavers::<T>::insert(feeder, ());
			}
			let total_weight = feeders.iter().fold(0, |t: Balance, (_, w)| t.saturating_add(*w));
			let count = feeders.len() as u32;
			// At most `MaxFeeders` after the truncation above.
			Feeders::<T>::put(BoundedVec::truncate_from(feeders));
			Self::deposit_event(Event::FeedersRefreshed { count, total_weight });
		}

		/// Forgets (up to `MaxFeeds` of) the values of one feeder that left; whether there was
		/// one to forget.
		pub(crate) fn forget_one() -> bool {
			let Some(feeder) = Leavers::<T>::iter_keys().next() else { return false };
			if T::Sink::forget(&feeder, T::MaxFeeds::get()) {
				Leavers::<T>::remove(&feeder);
			}
			true
		}

		/// The weight of `who` in the snapshot, if it is a feeder.
		pub fn weight_of(who: &T::AccountId) -> Option<Balance> {
			let feeders = Feeders::<T>::get();
			feeders
				.binary_search_by(|(f, _)| f.cmp(who))
				.ok()
				.and_then(|i| feeders.get(i))
				.map(|(_, w)| *w)
		}

		/// The snapshot: feeders and weights, sorted by account.
		pub fn feeders() -> Vec<(T::AccountId, Balance)> {
			Feeders::<T>::get().into_inner()
		}

		/// Checks that the snapshot is sorted without repeats, holds only non-zero weights, and
		/// that only feeders in it have a last feed recorded.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let feeders = Feeders::<T>::get();
			ensure!(
				feeders.iter().zip(feeders.iter().skip(1)).all(|(a, b)| a.0 < b.0),
				"the snapshot is not sorted"
			);
			ensure!(feeders.iter().all(|(_, w)| !w.is_zero()), "a feeder without weight");
			for (who, _) in LastFed::<T>::iter() {
				ensure!(Self::weight_of(&who).is_some(), "a last feed of someone who left");
			}
			for who in Leavers::<T>::iter_keys() {
				ensure!(Self::weight_of(&who).is_none(), "a feeder in the snapshot is leaving");
			}
			Ok(())
		}
	}

	/// The snapshot's feeders as a member set (`pallet-oracle`'s `Members`).
	impl<T: Config> SortedMembers<T::AccountId> for Pallet<T> {
		fn sorted_members() -> Vec<T::AccountId> {
			Feeders::<T>::get().into_iter().map(|(f, _)| f).collect()
		}

		fn contains(who: &T::AccountId) -> bool {
			Self::weight_of(who).is_some()
		}
	}
}

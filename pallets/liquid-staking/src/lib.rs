#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod era;
mod impls;
mod mev;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use mev::AuctionBids;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible,
			fungibles::{self, metadata::Mutate as _, Create as _, Mutate as _},
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::{
		staking::{EraIndex, PoolStaking},
		AssetId, Balance,
	};
	use sp_runtime::{traits::AccountIdConversion, FixedU128};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token SLC.
		type Currency: fungible::Inspect<Self::AccountId, Balance = Balance>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// SLC held from an account for each of its queued withdrawal requests (the storage they
		/// take), returned when the request is withdrawn or cancelled.
		#[pallet::constant]
		type RequestDeposit: Get<Balance>;

		/// The multi-asset ledger in which vSLC lives.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = AssetId, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::metadata::Mutate<Self::AccountId>;

		/// The chain's staking system, bonded into from the pool account.
		type Staking: PoolStaking<Self::AccountId, Balance>;

		/// The pallet's id; the pool account is derived from it.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Asset id of vSLC, created at genesis.
		#[pallet::constant]
		type VslcAssetId: Get<AssetId>;

		/// Receives the protocol fee.
		type Treasury: Get<Self::AccountId>;

		/// May change the pool parameters and pause or resume staking.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Smallest SLC amount `stake` accepts.
		#[pallet::constant]
		type MinStake: Get<Balance>;

		/// Most withdrawal requests one account may have queued.
		#[pallet::constant]
		type MaxWithdrawalRequests: Get<u32>;

		/// Most distinct eras in which queued withdrawals become claimable: at least the staking
		/// bonding duration plus two (checked in `integrity_test`).
		#[pallet::constant]
		type MaxQueueEras: Get<u32>;

		/// Most validators the pool nominates.
		#[pallet::constant]
		type MaxNominations: Get<u32>;

		/// Most eras with unclaimed payouts kept (the oldest expires beyond it).
		#[pallet::constant]
		type MaxPayoutEras: Get<u32>;

		/// Most validator candidates read at one era's start; a larger set is scored over several
		/// eras.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// Eras of earnings kept for the runtime API (older records are removed).
		type HistoryDepth: Get<u32>;

		/// Eras in a year, to annualise the APR estimate.
		type ErasPerYear: Get<u32>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;

		/// Prepares the staking system for the benchmarks.
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

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a queued withdrawal request.
		WithdrawalRequest,
	}

	/// Pool parameters.
	#[pallet::storage]
	pub type Params<T> = StorageValue<_, PoolParams, ValueQuery>;

	/// The pool's books.
	#[pallet::storage]
	pub type Pool<T> = StorageValue<_, PoolState, ValueQuery>;

	/// Set while `stake` (and `cancel_unstake`, which also mints) is paused, with the reason.
	#[pallet::storage]
	pub type Paused<T> = StorageValue<_, PauseReason, OptionQuery>;

	/// Queued withdrawal requests of each account.
	#[pallet::storage]
	pub type Withdrawals<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<WithdrawalRequest, T::MaxWithdrawalRequests>,
		ValueQuery,
	>;

	/// The queue by the era in which its requests become claimable, in queue units (a request's
	/// nominal divided by the queue factor when it was made, rounded up): a unit is worth the
	/// current queue factor. Eras up to the pool's era are merged into one entry. Funds are
	/// reserved for a request only from chunks that unlock by its era, and from the buffer.
	#[pallet::storage]
	pub type QueueByEra<T: Config> =
		StorageValue<_, BoundedVec<(EraIndex, Balance), T::MaxQueueEras>, ValueQuery>;

	/// Id of the next withdrawal request.
	#[pallet::storage]
	pub type NextRequestId<T> = StorageValue<_, RequestId, ValueQuery>;

	/// Validators the pool nominates, as last chosen.
	#[pallet::storage]
	pub type Nominations<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxNominations>, ValueQuery>;

	/// Validators the pool was exposed to in an ended era whose rewards it has not claimed yet,
	/// by era. Kept until claimed or the staking system's history depth passes.
	#[pallet::storage]
	pub type PendingPayouts<T: Config> = StorageMap<
		_,
		Twox64Concat,
		EraIndex,
		BoundedVec<T::AccountId, T::MaxNominations>,
		ValueQuery,
	>;

	/// The eras of [`PendingPayouts`], oldest first.
	#[pallet::storage]
	pub type PayoutEras<T: Config> =
		StorageValue<_, BoundedVec<EraIndex, T::MaxPayoutEras>, ValueQuery>;

	/// The nominations in force when an era's validators were elected: the validators the pool
	/// can have been exposed to in that era. Kept until the era's payouts are listed.
	#[pallet::storage]
	pub type ElectedWith<T: Config> = StorageMap<
		_,
		Twox64Concat,
		EraIndex,
		BoundedVec<T::AccountId, T::MaxNominations>,
		OptionQuery,
	>;

	/// Where the pass over the validator set continues at the next era (none: a new pass).
	#[pallet::storage]
	pub type CandidateCursor<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

	/// The best-scored validators of the pass so far: (validator, score, commission).
	#[pallet::storage]
	pub type Shortlist<T: Config> = StorageValue<
		_,
		BoundedVec<(T::AccountId, u128, sp_runtime::Perbill), T::MaxNominations>,
		ValueQuery,
	>;

	/// Earnings per era, kept for [`Config::HistoryDepth`] eras.
	#[pallet::storage]
	pub type Eras<T> = StorageMap<_, Twox64Concat, EraIndex, EraRecord, ValueQuery>;

	/// Genesis: the pool's first bond and the vSLC locked against it.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// SLC bonded at genesis from the pool account (which the balances genesis must endow
		/// with this plus the existential deposit). The same amount of vSLC is minted to the pool
		/// account and can never move: these locked shares make first-depositor inflation
		/// impossible. Zero leaves the pool unseeded (every call refuses).
		pub initial_bond: Balance,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _marker: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if self.initial_bond == 0 {
				// No pool: `stake` refuses with `PoolNotInitialised`.
				return;
			}
			let pool = Pallet::<T>::account_id();
			let id = T::VslcAssetId::get();
			assert!(self.initial_bond >= T::Staking::minimum_bond(), "initial bond below minimum");
			T::Assets::create(id, pool.clone(), false, 1).expect("vSLC asset is created once");
			T::Assets::set(id, &pool, b"Sluice staked SLC".to_vec(), b"vSLC".to_vec(), 12)
				.expect("vSLC metadata fits the string limit");
			T::Staking::bond(&pool, self.initial_bond).expect("the pool account is endowed");
			T::Assets::mint_into(id, &pool, self.initial_bond).expect("vSLC was just created");
			let era = T::Staking::current_era();
			Pool::<T>::put(PoolState { staked: self.initial_bond, era, ..Default::default() });
			Pallet::<T>::renominate();
		}
	}

	/// Events of the pool.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// SLC staked for vSLC.
		Staked {
			/// The staker.
			who: T::AccountId,
			/// SLC paid in.
			amount: Balance,
			/// vSLC minted.
			vslc: Balance,
		},
		/// vSLC burned into a withdrawal request.
		Unstaked {
			/// The staker.
			who: T::AccountId,
			/// The request.
			id: RequestId,
			/// vSLC burned.
			vslc: Balance,
			/// SLC owed.
			amount: Balance,
			/// First era in which it can be withdrawn.
			claimable_era: EraIndex,
		},
		/// A withdrawal request was paid.
		Withdrawn {
			/// The staker.
			who: T::AccountId,
			/// The request.
			id: RequestId,
			/// SLC paid (the request's value after any slash).
			amount: Balance,
		},
		/// A withdrawal request was turned back into vSLC.
		UnstakeCancelled {
			/// The staker.
			who: T::AccountId,
			/// The request.
			id: RequestId,
			/// SLC the request was worth.
			amount: Balance,
			/// vSLC minted for it.
			vslc: Balance,
		},
		/// vSLC redeemed from the buffer at once.
		InstantUnstaked {
			/// The staker.
			who: T::AccountId,
			/// vSLC burned.
			vslc: Balance,
			/// SLC paid.
			amount: Balance,
			/// Fee left in the pool.
			fee: Balance,
		},
		/// Staking rewards were recognised: held as income until released, less the protocol fee.
		RewardsCompounded {
			/// Rewards, in SLC.
			amount: Balance,
			/// The protocol fee on them, owed to the treasury in SLC.
			fee: Balance,
		},
		/// A slash of the pool's bond was recognised.
		Slashed {
			/// Total loss.
			amount: Balance,
			/// The part borne by queued withdrawal requests.
			queue_part: Balance,
		},
		/// The exchange rate moved beyond the per-era bound; `stake` is paused.
		RateOutOfBounds {
			/// Rate at the start of the era.
			from: FixedU128,
			/// Rate now.
			to: FixedU128,
		},
		/// A new era was processed.
		EraStarted {
			/// The era.
			era: EraIndex,
			/// Exchange rate at its start.
			rate: FixedU128,
		},
		/// Held income was released into the value at an era's start: the rate rose.
		IncomeReleased {
			/// SLC released.
			amount: Balance,
			/// Still held (beyond this era's `max_rate_change`, or earned last era).
			held: Balance,
		},
		/// The protocol fee on staking rewards was paid to the treasury in SLC.
		ProtocolFeePaid {
			/// SLC paid.
			amount: Balance,
		},
		/// Buffer above its target was bonded.
		BufferBonded {
			/// SLC bonded.
			amount: Balance,
		},
		/// Unbonding started to refill the buffer.
		BufferRefilling {
			/// SLC unbonded.
			amount: Balance,
		},
		/// The pool nominated a new validator set.
		Nominated {
			/// The validators.
			validators: alloc::vec::Vec<T::AccountId>,
		},
		/// Fewer eligible validators than the spread rule wants; the pool nominates them anyway.
		NominationsUnderSpread {
			/// Validators nominated.
			have: u32,
			/// Validators wanted by `max_validator_share`.
			want: u32,
		},
		/// A pending payout was dropped unclaimed: its era passed the staking history depth, or
		/// more eras were pending than `MaxPayoutEras`.
		PayoutExpired {
			/// The validator.
			validator: T::AccountId,
			/// The era.
			era: EraIndex,
		},
		/// A reward payout could not be claimed (already claimed, or the era is too old).
		PayoutSkipped {
			/// The validator.
			validator: T::AccountId,
			/// The era.
			era: EraIndex,
		},
		/// `stake` was paused.
		StakingPaused {
			/// Why.
			reason: PauseReason,
		},
		/// `stake` was resumed (by the admin, or at an era's start after a rate-bound pause); the
		/// rate bound restarts from the current rate.
		StakingResumed,
		/// The pool parameters changed.
		ParamsSet {
			/// The new parameters.
			params: PoolParams,
		},
	}

	/// Errors of the pool.
	#[pallet::error]
	pub enum Error<T> {
		/// The amount is below [`Config::MinStake`].
		BelowMinimumStake,
		/// The amount is too small to be worth one unit at the current rate.
		AmountTooSmall,
		/// Staking is paused (rate out of bounds, or by the admin).
		StakingPaused,
		/// Staking is not paused.
		NotPaused,
		/// The account holds less vSLC than asked.
		InsufficientVslc,
		/// The account has [`Config::MaxWithdrawalRequests`] queued requests already.
		TooManyRequests,
		/// No queued request with this id belongs to the account.
		RequestNotFound,
		/// The request's bonding duration has not passed yet.
		NotClaimable,
		/// The unbonded SLC for the request has not arrived yet; try again next era.
		FundsNotReady,
		/// The unbonded buffer cannot pay this instant unstake (what this era's stakes brought in
		/// is not available for it).
		InsufficientBuffer,
		/// The queue has an entry for every era a request can wait in already (cannot happen
		/// while `MaxQueueEras` passes `integrity_test`).
		QueueFull,
		/// The account cannot pay the deposit of a withdrawal request ([`Config::RequestDeposit`]).
		CannotPayDeposit,
		/// The staking system refused to re-bond the cancelled request's unlocking funds.
		CannotRebond,
		/// The staking system refused to unbond (the pool's active bond would fall below the
		/// minimum); try a smaller amount or wait for the buffer.
		CannotUnbond,
		/// The pool was not seeded at genesis (no vSLC exists).
		PoolNotInitialised,
		/// An arithmetic step overflowed or the pool's books are inconsistent.
		Arithmetic,
		/// A parameter is out of range (a rate bound or buffer target of zero, a share above 100%).
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let era = if T::Staking::current_era() == Pool::<T>::get().era {
				T::WeightInfo::on_initialize_same_era()
			} else {
				Self::on_new_era();
				T::WeightInfo::on_initialize_new_era(T::MaxCandidates::get())
			};
			// A payout close to expiry is claimed here, full blocks or not.
			era.saturating_add(Self::claim_urgent_payout())
		}

		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::claim_one_payout(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxNominations::get() > 0, "the pool must nominate");
			assert!(T::MaxWithdrawalRequests::get() > 0, "accounts must be able to unstake");
			assert!(T::ErasPerYear::get() > 0, "eras must have a length");
			assert!(T::HistoryDepth::get() > 0, "some history must be kept");
			assert!(
				T::Staking::bonding_duration().saturating_add(2) <= T::MaxQueueEras::get(),
				"the queue must have an entry for every era a request can wait"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Stakes `amount` SLC and mints vSLC at the current rate (rounded down).
		#[pallet::call_index(0)]
		pub fn stake(origin: OriginFor<T>, #[pallet::compact] amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_stake(&who, amount)
		}

		/// Burns `vslc` into a withdrawal request valued at the current rate, claimable after
		/// the staking bonding duration.
		#[pallet::call_index(1)]
		pub fn unstake(origin: OriginFor<T>, #[pallet::compact] vslc: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unstake(&who, vslc)
		}

		/// Pays a withdrawal request whose bonding duration has passed.
		#[pallet::call_index(2)]
		pub fn withdraw(origin: OriginFor<T>, id: RequestId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&who, id)
		}

		/// Turns a queued withdrawal request back into vSLC at the current rate.
		#[pallet::call_index(3)]
		pub fn cancel_unstake(origin: OriginFor<T>, id: RequestId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_unstake(&who, id)
		}

		/// Redeems `vslc` at once from the unbonded buffer, less the instant-unstake fee.
		#[pallet::call_index(4)]
		pub fn instant_unstake(
			origin: OriginFor<T>,
			#[pallet::compact] vslc: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_instant_unstake(&who, vslc)
		}

		/// Claims the rewards `validator` owes its nominators for `era` and compounds the
		/// pool's part. Anyone may call it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::payout().saturating_add(T::Staking::payout_weight()))]
		pub fn payout(
			origin: OriginFor<T>,
			validator: T::AccountId,
			era: EraIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_payout(&who, &validator, era)
		}

		/// Pauses `stake` and `cancel_unstake`.
		#[pallet::call_index(6)]
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_pause(PauseReason::Admin)
		}

		/// Resumes `stake` and `cancel_unstake`; the rate bound restarts from the current rate.
		#[pallet::call_index(7)]
		pub fn resume(origin: OriginFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_resume()
		}

		/// Sets the pool parameters.
		#[pallet::call_index(8)]
		pub fn set_params(origin: OriginFor<T>, params: PoolParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_params(params)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pool account: bonds, holds the buffer, owns the vSLC asset and its locked shares.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}
	}
}

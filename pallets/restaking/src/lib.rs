#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod invariants;
mod operators;
mod oracle;
pub mod origins;
mod rewards;
pub mod runtime_api;
mod services;
mod slashing;
mod stake;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use origins::ResolverOr;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, Contains, EnsureOriginWithArg},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::{oracle::FeedCheck, AssetKind, Balance, OracleKey};
	use sp_runtime::{traits::Convert, Perbill};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Every token: stakes and rewards move through it.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = AssetKind, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The tokens that may be restaked.
		type Restakeable: Contains<AssetKind>;

		/// Value of an amount of a restakeable token in SLC units: what allocations and reward
		/// shares are measured in. It must not depend on the oracle these stakes secure.
		type StakeValue: Convert<(AssetKind, Balance), Balance>;

		/// The pallet's id; its account holds deposits, stakes, slashes in their veto window and
		/// undistributed rewards.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Registers services.
		type ServiceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Vetoes a service's pending slashes: the service's resolver, or a fallback
		/// ([`ResolverOr`]).
		type VetoOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, ServiceId>;

		/// Receives slashed stake.
		type Treasury: Get<Self::AccountId>;

		/// Blocks a queued withdrawal waits, slashable; longer than the veto window.
		type WithdrawalDelay: Get<BlockNumberFor<Self>>;

		/// Blocks before an allocation increase applies.
		type AllocationDelay: Get<BlockNumberFor<Self>>;

		/// Blocks before an allocation decrease applies: the stake stays slashable by the
		/// service until then. At least `WithdrawalDelay`, so leaving a service is never a faster
		/// way out than withdrawing.
		type DeallocationDelay: Get<BlockNumberFor<Self>>;

		/// Length in blocks of a warm-up epoch: stake delegated in one epoch counts in
		/// valuations (membership, oracle weight, reward split) from the start of the epoch
		/// after next.
		type StakeWarmup: Get<BlockNumberFor<Self>>;

		/// Blocks over which a distribution's rewards are released to a pool's stake.
		type RewardPeriod: Get<BlockNumberFor<Self>>;

		/// Blocks before a commission increase applies.
		type CommissionDelay: Get<BlockNumberFor<Self>>;

		/// Blocks a requested slash waits, vetoable, before it is paid out.
		type VetoWindow: Get<BlockNumberFor<Self>>;

		/// Least SLC an operator delegates to itself while registered.
		type MinSelfBond: Get<Balance>;

		/// Most (operator, asset) delegations of one staker.
		#[pallet::constant]
		type MaxDelegations: Get<u32>;

		/// Most queued withdrawals of one staker.
		#[pallet::constant]
		type MaxWithdrawals: Get<u32>;

		/// Smallest deposit, delegation or withdrawal.
		#[pallet::constant]
		type MinAmount: Get<Balance>;

		/// The oracle's feeds, to judge an outlier report.
		type FeedCheck: FeedCheck<Self::AccountId>;

		/// The service whose members feed the oracle.
		#[pallet::constant]
		type OracleService: Get<ServiceId>;

		/// How far from the reference value a feeder's value may stray before it can be
		/// reported.
		#[pallet::constant]
		type OutlierBound: Get<Perbill>;

		/// Fraction of its oracle allocation an outlier report slashes.
		#[pallet::constant]
		type OutlierSlash: Get<Perbill>;

		/// Share of a reported slash paid to its reporter when the slash is settled.
		#[pallet::constant]
		type ReporterReward: Get<Perbill>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Restakeable and reward assets for the benchmarks.
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

	/// Evidence attached to a slash request (its hash is stored).
	pub type Evidence = BoundedVec<u8, ConstU32<1024>>;

	/// Operators (registered, or deregistered with pools left).
	#[pallet::storage]
	pub type Operators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Operator<BlockNumberFor<T>>, OptionQuery>;

	/// Stake delegated to each operator, per asset.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		AssetKind,
		Pool<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Deposits not delegated, per staker and asset.
	#[pallet::storage]
	pub type Idle<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		AssetKind,
		Balance,
		ValueQuery,
	>;

	/// Delegations: (staker, operator, asset).
	#[pallet::storage]
	pub type Delegations<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, AssetKind>,
		),
		Delegation,
		OptionQuery,
	>;

	/// Number of delegations of a staker.
	#[pallet::storage]
	pub type DelegationCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Queued withdrawals, per staker and id.
	#[pallet::storage]
	pub type Withdrawals<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		Withdrawal<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Id of a staker's next withdrawal.
	#[pallet::storage]
	pub type NextWithdrawalId<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Number of queued withdrawals of a staker.
	#[pallet::storage]
	pub type WithdrawalCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Registered services.
	#[pallet::storage]
	pub type Services<T: Config> =
		StorageMap<_, Twox64Concat, ServiceId, Service<T::AccountId>, OptionQuery>;

	/// Id of the next service.
	#[pallet::storage]
	pub type NextServiceId<T> = StorageValue<_, ServiceId, ValueQuery>;

	/// Operators' allocations to services.
	#[pallet::storage]
	pub type Allocations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ServiceId,
		Allocation<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Slashes in their veto window, one per (operator, service): a second request in the same
	/// incident raises it to the larger fraction instead of adding up. At most one per
	/// allocation record, so no one can fill it for someone else.
	#[pallet::storage]
	pub type PendingSlashes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ServiceId,
		PendingSlash<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Rewards (and commission) settled and not yet claimed, per account and reward asset.
	#[pallet::storage]
	pub type Unclaimed<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		AssetKind,
		Balance,
		ValueQuery,
	>;

	/// Timestamp of the last reported value of an operator's feed, so one value is reported
	/// once.
	#[pallet::storage]
	pub type Reported<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		OracleKey,
		u64,
		OptionQuery,
	>;

	/// A genesis operator: account, commission, SLC it deposits and delegates to itself, and
	/// allocations (service, fraction) in force from genesis.
	pub type GenesisOperator<AccountId> =
		(AccountId, Perbill, Balance, alloc::vec::Vec<(ServiceId, Perbill)>);

	/// Genesis: services (ids from 0) and operators with their own stake and allocations.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Services paying rewards in SLC, vetoed by the fallback origin: (slasher, minimum
		/// allocation).
		pub services: alloc::vec::Vec<(T::AccountId, Balance)>,
		/// Operators: (account, commission, SLC it deposits and delegates to itself,
		/// allocations (service, fraction) in force from genesis). Their stake counts from
		/// genesis.
		pub operators: alloc::vec::Vec<GenesisOperator<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use fungibles::{Inspect, Mutate};
			let account = Pallet::<T>::account_id();
			frame_system::Pallet::<T>::inc_providers(&account);
			let ed = T::Assets::minimum_balance(AssetKind::Native);
			T::Assets::mint_into(AssetKind::Native, &account, ed)
				.expect("minting the existential deposit works");
			for (slasher, min_allocation) in &self.services {
				Pallet::<T>::do_register_service(ServiceParams {
					slasher: slasher.clone(),
					resolver: None,
					reward_asset: AssetKind::Native,
					min_allocation: *min_allocation,
				})
				.expect("genesis services are valid");
			}
			for (operator, commission, stake, allocations) in &self.operators {
				Pallet::<T>::do_register_operator(operator.clone(), *commission, *stake)
					.expect("genesis operators are distinct and bond enough");
				// Genesis stake is not warming up.
				Pools::<T>::mutate(operator, AssetKind::Native, |p| {
					if let Some(p) = p {
						p.fresh = Default::default();
					}
				});
				for (service, fraction) in allocations {
					Pallet::<T>::do_allocate(operator.clone(), *service, *fraction)
						.expect("genesis allocations are valid");
					Allocations::<T>::insert(
						operator,
						service,
						Allocation { current: fraction.mul_floor(FULL_MAGNITUDE), pending: None },
					);
				}
			}
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered (or registered again).
		OperatorRegistered {
			/// The operator.
			operator: T::AccountId,
			/// Its commission (an increase over its old one applies after the delay).
			commission: Perbill,
		},
		/// An operator's commission changes (at once for a decrease).
		CommissionSet {
			/// The operator.
			operator: T::AccountId,
			/// The new commission.
			commission: Perbill,
			/// The block from which it applies.
			from: BlockNumberFor<T>,
		},
		/// An operator deregistered; its record and pools stay.
		OperatorDeregistered {
			/// The operator.
			operator: T::AccountId,
		},
		/// A staker deposited.
		Deposited {
			/// The staker.
			who: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Amount.
			amount: Balance,
		},
		/// A staker took idle deposits out.
		Withdrawn {
			/// The staker.
			who: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Amount.
			amount: Balance,
		},
		/// A staker delegated to an operator.
		Delegated {
			/// The staker.
			who: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Amount.
			amount: Balance,
			/// Shares received.
			shares: Balance,
		},
		/// A withdrawal was queued; it stays slashable until it completes.
		WithdrawalQueued {
			/// The staker.
			who: T::AccountId,
			/// The withdrawal's id.
			id: u32,
			/// The operator.
			operator: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Its worth when queued.
			amount: Balance,
			/// The first block it can complete in.
			due: BlockNumberFor<T>,
		},
		/// A queued withdrawal completed: paid out, or delegated again.
		WithdrawalCompleted {
			/// The staker.
			who: T::AccountId,
			/// The withdrawal's id.
			id: u32,
			/// The asset.
			asset: AssetKind,
			/// Its worth (after any slash).
			amount: Balance,
		},
		/// A service was registered.
		ServiceRegistered {
			/// The service.
			service: ServiceId,
			/// Its parameters.
			params: ServiceParams<T::AccountId>,
		},
		/// An operator's allocation to a service changes.
		AllocationSet {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
			/// The new fraction of its stake.
			fraction: Perbill,
			/// The block from which it applies.
			from: BlockNumberFor<T>,
		},
		/// A stronger newcomer took the weakest member's slot in a full service; the weakest
		/// member's allocation is released after the deallocation delay.
		MemberDisplaced {
			/// The service.
			service: ServiceId,
			/// The displaced operator.
			operator: T::AccountId,
			/// The newcomer.
			by: T::AccountId,
		},
		/// An operator left a service whose allocation it had released.
		ServiceLeft {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
		},
		/// A slash was requested (or an incident's slash raised): its tokens are held apart
		/// until the veto window passes.
		SlashRequested {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
			/// Fraction of the allocation the incident takes.
			fraction: Perbill,
			/// The block from which it can be settled.
			due: BlockNumberFor<T>,
			/// Hash of the evidence.
			evidence: [u8; 32],
		},
		/// A slash took tokens from one of the operator's pools (held until settled).
		Slashed {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
			/// The asset.
			asset: AssetKind,
			/// Amount taken.
			amount: Balance,
		},
		/// A pending slash was vetoed: its tokens went back to the pools.
		SlashVetoed {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
		},
		/// A slash's tokens in one asset were paid out after its veto window.
		SlashSettled {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
			/// The asset.
			asset: AssetKind,
			/// Amount paid to the treasury.
			treasury: Balance,
			/// Amount paid to the reporter.
			reporter: Balance,
		},
		/// Rewards were distributed to a service's operators and their delegators.
		RewardsDistributed {
			/// The service.
			service: ServiceId,
			/// The asset.
			asset: AssetKind,
			/// Amount.
			amount: Balance,
		},
		/// Rewards were claimed.
		Claimed {
			/// Who.
			who: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Amount.
			amount: Balance,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is a registered operator already.
		AlreadyOperator,
		/// The account is not a registered operator.
		NotOperator,
		/// The operator still has allocations or pending slashes.
		OperatorInUse,
		/// The operator's own SLC delegation would be below `MinSelfBond`.
		SelfBondTooLow,
		/// The asset may not be restaked.
		AssetNotRestakeable,
		/// The amount is below `MinAmount` (or zero).
		AmountTooSmall,
		/// More than the account has idle, delegated or queued.
		InsufficientBalance,
		/// `MaxDelegations` delegations of the staker.
		TooManyDelegations,
		/// `MaxWithdrawals` queued withdrawals of the staker.
		TooManyWithdrawals,
		/// `MaxAssets` assets delegated to the operator.
		TooManyAssets,
		/// `MaxServicesPerOperator` services of the operator.
		TooManyServices,
		/// The service's slots are full and the newcomer allocates no more than its weakest
		/// member.
		ServiceFull,
		/// The operator's pools track `MaxRewardAssets` reward assets: it cannot join a service
		/// paying in another one.
		RewardSlotsFull,
		/// No such delegation.
		NoDelegation,
		/// No such pool.
		NoPool,
		/// No such withdrawal.
		NoWithdrawal,
		/// The withdrawal's delay has not passed.
		WithdrawalNotDue,
		/// No such service.
		ServiceNotFound,
		/// `NextServiceId` is exhausted.
		NoServiceIdLeft,
		/// The allocations would exceed the operator's stake.
		OverAllocated,
		/// The operator has no allocation in force to this service.
		NotAllocated,
		/// An increase of this allocation is pending: it applies before the allocation changes
		/// again.
		AllocationPending,
		/// The allocation is not released yet (in force or pending).
		AllocationNotReleased,
		/// The caller is not the service's slasher.
		NotSlasher,
		/// A slash of zero.
		ZeroSlash,
		/// No such pending slash.
		SlashNotFound,
		/// The operator has a pending slash: delegations to it and changes of this allocation
		/// wait until it is vetoed or, once due, settled (`settle_slash`).
		SlashPending,
		/// The incident's pending slash already takes at least this fraction.
		SlashAlreadyPending,
		/// The slash's veto window has not passed.
		SlashNotDue,
		/// The slash's veto window has passed: it can only be settled.
		VetoWindowOver,
		/// The operator has no value for this oracle key.
		NoFeed,
		/// No reference to judge the feed against: too little stake fed around the same time.
		NoReference,
		/// The operator's feed is within the bound of the reference.
		NotAnOutlier,
		/// This value of the feed was reported already.
		AlreadyReported,
		/// A new allocation to this service would be worth less than its minimum allocation.
		BelowMinAllocation,
		/// The reward asset does not exist.
		UnknownRewardAsset,
		/// The service pays rewards in another asset.
		RewardAssetMismatch,
		/// Nobody holds counted, allocated stake in the service.
		NoStakeAllocated,
		/// Nothing to claim.
		NothingToClaim,
		/// The operator's pool in this asset was slashed to nothing: it takes no new stake.
		PoolEmptied,
		/// An amount does not fit the balance type.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::WithdrawalDelay::get() > T::VetoWindow::get(),
				"a queued withdrawal stays slashable through the veto window"
			);
			assert!(
				T::DeallocationDelay::get() >= T::WithdrawalDelay::get(),
				"leaving a service is no faster than withdrawing"
			);
			assert!(!T::StakeWarmup::get().is_zero(), "warm-up epochs have a length");
			assert!(!T::RewardPeriod::get().is_zero(), "rewards stream over a period");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register the caller as an operator keeping `commission` of its rewards, delegating
		/// `self_bond` SLC of its own to itself (its own SLC delegation must reach
		/// `MinSelfBond`). Registering again after `deregister` continues the old record: a
		/// commission increase waits `CommissionDelay`.
		#[pallet::call_index(0)]
		pub fn register_operator(
			origin: OriginFor<T>,
			commission: Perbill,
			self_bond: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_operator(who, commission, self_bond)
		}

		/// Change the caller's commission: a decrease applies at once, an increase after
		/// `CommissionDelay` blocks (delegators can leave first).
		#[pallet::call_index(1)]
		pub fn set_commission(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_commission(who, commission)
		}

		/// Stop being an operator; every allocation must have been released and no slash may
		/// be pending. Delegators keep their shares and can still withdraw.
		#[pallet::call_index(2)]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who)
		}

		/// Deposit `amount` of a restakeable asset (idle until delegated).
		#[pallet::call_index(3)]
		pub fn deposit(origin: OriginFor<T>, asset: AssetKind, amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deposit(who, asset, amount)
		}

		/// Take `amount` of idle deposits out (idle stake is at no one's risk: no delay).
		#[pallet::call_index(4)]
		pub fn withdraw(origin: OriginFor<T>, asset: AssetKind, amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, asset, amount)
		}

		/// Delegate `amount` of idle `asset` to `operator`. A staker may delegate to several
		/// operators at once. New stake counts in valuations after its warm-up.
		#[pallet::call_index(5)]
		pub fn delegate(
			origin: OriginFor<T>,
			operator: T::AccountId,
			asset: AssetKind,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_delegate(who, operator, asset, amount)
		}

		/// Queue the whole delegation to `operator` in `asset` for withdrawal.
		#[pallet::call_index(6)]
		pub fn undelegate(
			origin: OriginFor<T>,
			operator: T::AccountId,
			asset: AssetKind,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_queue_withdrawal(who, operator, asset, None)
		}

		/// Queue `amount` of the delegation to `operator` in `asset` for withdrawal: it leaves
		/// after `WithdrawalDelay` blocks and stays slashable until then.
		#[pallet::call_index(7)]
		pub fn queue_withdrawal(
			origin: OriginFor<T>,
			operator: T::AccountId,
			asset: AssetKind,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_queue_withdrawal(who, operator, asset, Some(amount))
		}

		/// Complete a queued withdrawal whose delay has passed: its worth (after any slash) is
		/// paid out.
		#[pallet::call_index(8)]
		pub fn complete_withdrawal(origin: OriginFor<T>, id: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_complete_withdrawal(who, id, None)
		}

		/// Register a service: its slasher may request slashes of its operators, its resolver
		/// (or the runtime's fallback origin) may veto them, rewards are paid in its reward
		/// asset, and members allocate at least its minimum (SLC units).
		#[pallet::call_index(9)]
		pub fn register_service(
			origin: OriginFor<T>,
			params: ServiceParams<T::AccountId>,
		) -> DispatchResult {
			T::ServiceOrigin::ensure_origin(origin)?;
			Self::do_register_service(params).map(|_| ())
		}

		/// Allocate `fraction` of the caller's stake to `service` (all services together at
		/// most all of it); an increase applies after `AllocationDelay` blocks, a decrease after
		/// `DeallocationDelay`.
		#[pallet::call_index(10)]
		pub fn allocate(
			origin: OriginFor<T>,
			service: ServiceId,
			fraction: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_allocate(who, service, fraction)
		}

		/// Release the caller's allocation to `service`, after `DeallocationDelay` blocks (it
		/// stays slashable until then).
		#[pallet::call_index(11)]
		pub fn deallocate(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Allocations::<T>::contains_key(&who, service), Error::<T>::NotAllocated);
			Self::do_allocate(who, service, Perbill::zero())
		}

		/// Request a slash of `fraction` of what `operator` allocated to `service`; from the
		/// service's slasher. Its tokens leave the operator's pools at once (pro rata across
		/// delegators and queued withdrawals, rounded up) and are paid to the treasury after
		/// `VetoWindow` blocks unless vetoed. A second request in the same incident raises it to
		/// the larger fraction.
		#[pallet::call_index(12)]
		pub fn slash(
			origin: OriginFor<T>,
			service: ServiceId,
			operator: T::AccountId,
			fraction: Perbill,
			evidence: Evidence,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Services::<T>::get(service).ok_or(Error::<T>::ServiceNotFound)?;
			ensure!(info.slasher == who, Error::<T>::NotSlasher);
			Self::do_request_slash(service, operator, fraction, &evidence, None)
		}

		/// Veto `operator`'s pending slash by `service`, within its veto window; from the
		/// service's resolver (or the fallback origin). Its tokens go back to the pools.
		#[pallet::call_index(13)]
		pub fn veto_slash(
			origin: OriginFor<T>,
			operator: T::AccountId,
			service: ServiceId,
		) -> DispatchResult {
			T::VetoOrigin::ensure_origin(origin, &service)?;
			Self::do_veto_slash(operator, service)
		}

		/// Pay `amount` of the service's reward asset to its members by counted, allocated
		/// stake: each operator's commission at once, the rest released to its pools' earning
		/// stake over `RewardPeriod` blocks.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::distribute_rewards(<MaxOperatorsPerService as Get<u32>>::get()))]
		pub fn distribute_rewards(
			origin: OriginFor<T>,
			service: ServiceId,
			amount: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let operators = Self::do_distribute_rewards(who, service, amount)?;
			Ok(Some(T::WeightInfo::distribute_rewards(operators)).into())
		}

		/// Claim the caller's rewards in `asset` (commission and every delegation's share).
		#[pallet::call_index(15)]
		pub fn claim(origin: OriginFor<T>, asset: AssetKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, asset)
		}

		/// Report `operator`'s oracle value for `key` as an outlier: if it strays beyond
		/// `OutlierBound` from what the other feeders' stake fed around the same time, an
		/// `OutlierSlash` of its oracle allocation is requested, a `ReporterReward` share of it
		/// for the caller.
		#[pallet::call_index(16)]
		pub fn report_outlier(
			origin: OriginFor<T>,
			operator: T::AccountId,
			key: OracleKey,
		) -> DispatchResult {
			let reporter = ensure_signed(origin)?;
			Self::do_report_outlier(reporter, operator, key)
		}

		/// Pay out `operator`'s slash by `service` once its veto window has passed: to the
		/// treasury, and the reporter's share to its reporter. Anyone may call it.
		#[pallet::call_index(17)]
		pub fn settle_slash(
			origin: OriginFor<T>,
			operator: T::AccountId,
			service: ServiceId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_slash(operator, service)
		}

		/// Leave `service`, whose allocation the caller has released (its deallocation
		/// applied), without deregistering.
		#[pallet::call_index(18)]
		pub fn leave_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_leave_service(who, service)
		}

		/// Complete a queued withdrawal whose delay has passed by delegating its worth to
		/// `operator` (redelegation without taking the tokens out).
		#[pallet::call_index(19)]
		pub fn redelegate(origin: OriginFor<T>, id: u32, operator: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_complete_withdrawal(who, id, Some(operator))
		}
	}
}

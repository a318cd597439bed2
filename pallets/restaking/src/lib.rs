#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod impls;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, Contains},
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

		/// The pallet's id; its account holds deposits, stakes and undistributed rewards.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Registers services.
		type ServiceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Vetoes pending slashes.
		type VetoOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives slashed stake.
		type Treasury: Get<Self::AccountId>;

		/// Blocks a queued withdrawal waits, slashable; longer than the veto window.
		#[pallet::constant]
		type WithdrawalDelay: Get<BlockNumberFor<Self>>;

		/// Blocks before an allocation change applies.
		#[pallet::constant]
		type AllocationDelay: Get<BlockNumberFor<Self>>;

		/// Blocks before a commission increase applies.
		#[pallet::constant]
		type CommissionDelay: Get<BlockNumberFor<Self>>;

		/// Blocks a requested slash waits, vetoable, before it is applied.
		#[pallet::constant]
		type VetoWindow: Get<BlockNumberFor<Self>>;

		/// Most (operator, asset) delegations of one staker.
		#[pallet::constant]
		type MaxDelegations: Get<u32>;

		/// Most queued withdrawals of one staker.
		#[pallet::constant]
		type MaxWithdrawals: Get<u32>;

		/// Most slashes pending at once.
		#[pallet::constant]
		type MaxPendingSlashes: Get<u32>;

		/// Most slashes applied per block.
		#[pallet::constant]
		type MaxSlashesPerBlock: Get<u32>;

		/// Smallest deposit, delegation or withdrawal.
		#[pallet::constant]
		type MinAmount: Get<Balance>;

		/// The oracle's feeds, to judge an outlier report.
		type FeedCheck: FeedCheck<Self::AccountId>;

		/// The service whose members feed the oracle.
		#[pallet::constant]
		type OracleService: Get<ServiceId>;

		/// How far from the combined value a feeder's value may stray before it can be
		/// reported.
		#[pallet::constant]
		type OutlierBound: Get<Perbill>;

		/// How much older (ms) than the combined value a feeder's value may be and still be
		/// judged against it: a value the market has since moved away from is stale, not false.
		#[pallet::constant]
		type OutlierWindow: Get<u64>;

		/// Fraction of its oracle allocation an outlier report slashes.
		#[pallet::constant]
		type OutlierSlash: Get<Perbill>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;

		/// Restakeable and reward assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Evidence attached to a slash request (its hash is stored).
	pub type Evidence = BoundedVec<u8, ConstU32<1024>>;

	/// Registered operators.
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
		Pool,
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

	/// Slashes waiting for their veto window.
	#[pallet::storage]
	pub type PendingSlashes<T: Config> = StorageMap<
		_,
		Twox64Concat,
		SlashId,
		PendingSlash<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Id of the next slash; ids grow in the order slashes fall due.
	#[pallet::storage]
	pub type NextSlashId<T> = StorageValue<_, SlashId, ValueQuery>;

	/// First slash id not yet applied or vetoed.
	#[pallet::storage]
	pub type SlashCursor<T> = StorageValue<_, SlashId, ValueQuery>;

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
		/// Services paying rewards in SLC: (slasher, minimum allocation).
		pub services: alloc::vec::Vec<(T::AccountId, Balance)>,
		/// Operators: (account, commission, SLC it deposits and delegates to itself,
		/// allocations (service, fraction) in force from genesis).
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
				Pallet::<T>::do_register_service(
					slasher.clone(),
					AssetKind::Native,
					*min_allocation,
				)
				.expect("genesis services are valid");
			}
			for (operator, commission, stake, allocations) in &self.operators {
				Pallet::<T>::do_register_operator(operator.clone(), *commission)
					.expect("genesis operators are distinct");
				if *stake > 0 {
					Pallet::<T>::do_deposit(operator.clone(), AssetKind::Native, *stake)
						.expect("genesis operators hold their stake");
					Pallet::<T>::do_delegate(
						operator.clone(),
						operator.clone(),
						AssetKind::Native,
						*stake,
					)
					.expect("delegating a fresh deposit works");
				}
				for (service, fraction) in allocations {
					Pallet::<T>::do_allocate(operator.clone(), *service, *fraction)
						.expect("genesis allocations are valid");
					Allocations::<T>::insert(
						operator,
						service,
						Allocation { current: *fraction, pending: None },
					);
				}
			}
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered.
		OperatorRegistered {
			/// The operator.
			operator: T::AccountId,
			/// Its commission.
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
		/// An operator deregistered.
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
		/// A queued withdrawal completed and was paid out.
		WithdrawalCompleted {
			/// The staker.
			who: T::AccountId,
			/// The withdrawal's id.
			id: u32,
			/// The asset.
			asset: AssetKind,
			/// Amount paid (its worth after any slash).
			amount: Balance,
		},
		/// A service was registered.
		ServiceRegistered {
			/// The service.
			service: ServiceId,
			/// The account that may request slashes.
			slasher: T::AccountId,
			/// The asset its rewards are paid in.
			reward_asset: AssetKind,
			/// Least stake value a member must allocate.
			min_allocation: Balance,
		},
		/// An operator's allocation to a service changes.
		AllocationSet {
			/// The operator.
			operator: T::AccountId,
			/// The service.
			service: ServiceId,
			/// The new fraction.
			fraction: Perbill,
			/// The block from which it applies.
			from: BlockNumberFor<T>,
		},
		/// A slash was requested; it is applied after the veto window.
		SlashRequested {
			/// The slash.
			id: SlashId,
			/// The service.
			service: ServiceId,
			/// The operator.
			operator: T::AccountId,
			/// Fraction of each of the operator's pools it takes.
			portion: Perbill,
			/// The block from which it is applied.
			due: BlockNumberFor<T>,
			/// Hash of the evidence.
			evidence: [u8; 32],
		},
		/// A pending slash was vetoed.
		SlashVetoed {
			/// The slash.
			id: SlashId,
		},
		/// A slash was applied to one of the operator's pools.
		Slashed {
			/// The slash.
			id: SlashId,
			/// The operator.
			operator: T::AccountId,
			/// The asset.
			asset: AssetKind,
			/// Amount taken to the treasury.
			amount: Balance,
		},
		/// A slash could not be applied (its transfer failed) and was dropped.
		SlashFailed {
			/// The slash.
			id: SlashId,
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
		/// The asset may not be restaked.
		AssetNotRestakeable,
		/// The amount is below `MinAmount` (or zero).
		AmountTooSmall,
		/// More than the account has idle, delegated or queued.
		InsufficientBalance,
		/// `MaxDelegations` delegations, `MaxWithdrawals` withdrawals, `MaxAssets` assets per
		/// operator, `MaxServicesPerOperator` or `MaxOperatorsPerService` reached.
		TooMany,
		/// No such delegation.
		NoDelegation,
		/// No such withdrawal.
		NoWithdrawal,
		/// The withdrawal's delay has not passed.
		WithdrawalNotDue,
		/// No such service.
		ServiceNotFound,
		/// The allocations would exceed 100 % of the operator's stake.
		OverAllocated,
		/// The operator has no allocation to this service.
		NotAllocated,
		/// The caller is not the service's slasher.
		NotSlasher,
		/// No such pending slash.
		SlashNotFound,
		/// `MaxPendingSlashes` slashes are pending.
		TooManyPendingSlashes,
		/// The operator's feed is within the bound, or missing.
		NotAnOutlier,
		/// This value of the feed was reported already.
		AlreadyReported,
		/// The feeder's value is older than the combined value by more than `OutlierWindow`.
		StaleFeed,
		/// A new allocation to this service would be worth less than its minimum allocation.
		BelowMinAllocation,
		/// The service pays rewards in another asset, or a pool has `MaxRewardAssets` already.
		RewardAssetMismatch,
		/// Nobody holds allocated stake in the service.
		NoStakeAllocated,
		/// Nothing to claim.
		NothingToClaim,
		/// The operator's pool in this asset was slashed to nothing: it takes no new stake.
		PoolEmptied,
		/// An intermediate value overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::apply_due_slashes(now)
		}

		fn integrity_test() {
			assert!(
				T::WithdrawalDelay::get() > T::VetoWindow::get(),
				"a queued withdrawal stays slashable through the veto window"
			);
			assert!(T::MaxSlashesPerBlock::get() > 0, "slashes are applied");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register the caller as an operator keeping `commission` of its rewards.
		#[pallet::call_index(0)]
		pub fn register_operator(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_operator(who, commission)
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
		/// operators at once.
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
			Self::do_complete_withdrawal(who, id)
		}

		/// Register a service: `slasher` may request slashes of its operators, rewards are
		/// paid in `reward_asset`, and members allocate at least `min_allocation` (SLC units).
		#[pallet::call_index(9)]
		pub fn register_service(
			origin: OriginFor<T>,
			slasher: T::AccountId,
			reward_asset: AssetKind,
			min_allocation: Balance,
		) -> DispatchResult {
			T::ServiceOrigin::ensure_origin(origin)?;
			Self::do_register_service(slasher, reward_asset, min_allocation).map(|_| ())
		}

		/// Allocate `fraction` of the caller's delegated stake to `service` (all services
		/// together at most 100 %); applies after `AllocationDelay` blocks.
		#[pallet::call_index(10)]
		pub fn allocate(
			origin: OriginFor<T>,
			service: ServiceId,
			fraction: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_allocate(who, service, fraction)
		}

		/// Release the caller's allocation to `service`, after `AllocationDelay` blocks (it
		/// stays slashable until then).
		#[pallet::call_index(11)]
		pub fn deallocate(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Allocations::<T>::contains_key(&who, service), Error::<T>::NotAllocated);
			Self::do_allocate(who, service, Perbill::zero())
		}

		/// Request a slash of `fraction` of what `operator` allocated to `service`; from the
		/// service's slasher. Applied after `VetoWindow` blocks unless vetoed, to the
		/// operator's delegators and queued withdrawals pro rata, rounded up.
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
			Self::do_request_slash(service, operator, fraction, &evidence).map(|_| ())
		}

		/// Veto a pending slash.
		#[pallet::call_index(13)]
		pub fn veto_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			T::VetoOrigin::ensure_origin(origin)?;
			PendingSlashes::<T>::take(id).ok_or(Error::<T>::SlashNotFound)?;
			Self::deposit_event(Event::SlashVetoed { id });
			Ok(())
		}

		/// Pay `amount` of the service's reward asset to its operators by allocated stake:
		/// each operator's commission first, then its delegators pro rata.
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
		/// `OutlierBound` from the combined value, an `OutlierSlash` of its oracle allocation
		/// is requested through the oracle service.
		#[pallet::call_index(16)]
		pub fn report_outlier(
			origin: OriginFor<T>,
			operator: T::AccountId,
			key: OracleKey,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_report_outlier(operator, key)
		}
	}
}

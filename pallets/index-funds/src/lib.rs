#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod impls;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
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
		traits::{fungible, fungibles, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::{index::IndexId, oracle::PriceProvider, AssetId, AssetKind, Balance};
	use sp_runtime::{FixedU128, Perbill};

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token SLC, in which the creation deposit is held.
		type Currency: fungible::Inspect<Self::AccountId, Balance = Balance>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Every token a fund may hold: SLC and the `pallet-assets` tokens.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = AssetKind, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The ledger of index tokens (`pallet-assets`): created with metadata, destroyed when
		/// their fund closes.
		type IndexTokens: fungibles::Inspect<Self::AccountId, AssetId = AssetId, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::Destroy<Self::AccountId>
			+ fungibles::metadata::Mutate<Self::AccountId>
			+ fungibles::metadata::MetadataDeposit<Balance>;

		/// Oracle prices, supplies and TVLs.
		type Oracle: PriceProvider;

		/// Decimals of each token (oracle prices are per whole token); index tokens have 12.
		/// Read when a token joins a fund and recorded there; `None` for a token that has no
		/// metadata yet (it cannot join: describing it later would revalue it).
		type Decimals: sp_runtime::traits::Convert<AssetKind, Option<u8>>;

		/// Wall-clock time; schedules and pokes are in seconds.
		type Time: UnixTime;

		/// The pallet's id; each fund's account is derived from it and the fund's id.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// May act as the manager of any fund.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May create a fund; the account pays the deposit and the initial balances.
		type CreateOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Self::AccountId>;

		/// SLC held from the creator while the fund exists, while fewer than `MaxIndices / 8`
		/// funds are live; it doubles with every further `MaxIndices / 8` live funds, so filling
		/// the chain's fund slots costs far more than one fund.
		#[pallet::constant]
		type IndexDeposit: Get<Balance>;

		/// Longest name and symbol of an index token (at most the asset ledger's limit).
		#[pallet::constant]
		type StringLimit: Get<u32>;

		/// Most index-token accounts and approvals a `close_index` removes itself; more are
		/// removed through the asset ledger's own permissionless destroy calls.
		#[pallet::constant]
		type MaxDestroyItems: Get<u32>;

		/// First asset id of index tokens: they take the ids from `IndexTokenIdBase` to
		/// `IndexTokenIdBase + MaxIndices − 1` (which the asset ledger keeps for this pallet),
		/// an id freed by a closed fund being reused once its token is destroyed.
		#[pallet::constant]
		type IndexTokenIdBase: Get<AssetId>;

		/// Most live funds.
		#[pallet::constant]
		type MaxIndices: Get<u32>;

		/// Most constituents of a fund.
		#[pallet::constant]
		type MaxConstituents: Get<u32>;

		/// Smallest weight a constituent may have (initially and as a target).
		#[pallet::constant]
		type MinWeight: Get<Perbill>;

		/// Largest weight a constituent may have (initially and as a target).
		#[pallet::constant]
		type MaxWeight: Get<Perbill>;

		/// Fastest a weight may move, per second.
		#[pallet::constant]
		type MaxWeightChangePerSecond: Get<Perbill>;

		/// Shortest re-targeting: weights reach a new target no sooner than this (seconds).
		#[pallet::constant]
		type WeightUpdateDuration: Get<u64>;

		/// Seconds between pokes of a fund.
		#[pallet::constant]
		type PokeInterval: Get<u64>;

		/// Oldest oracle value a poke or swap accepts (seconds).
		#[pallet::constant]
		type MaxOracleAge: Get<u64>;

		/// Oracle price move since the last poke beyond which swaps stop (circuit breaker).
		#[pallet::constant]
		type MaxPriceJump: Get<Perbill>;

		/// Farthest a swap's, single join's or single exit's execution price may be from the
		/// oracle's in the caller's favour: the value paid out at oracle prices is at most this
		/// much above the value paid in.
		#[pallet::constant]
		type MaxOracleDeviation: Get<Perbill>;

		/// Highest swap fee.
		#[pallet::constant]
		type MaxSwapFee: Get<Perbill>;

		/// Largest change of any one fee in one scheduled change.
		#[pallet::constant]
		type MaxFeeStep: Get<Perbill>;

		/// Seconds between scheduling a fee change and its taking effect; longer than an exit
		/// takes, so holders can leave before a raise.
		#[pallet::constant]
		type FeeTimelock: Get<u64>;

		/// Seconds between scheduling a strategy change and its taking effect.
		#[pallet::constant]
		type StrategyTimelock: Get<u64>;

		/// Highest join or exit fee.
		#[pallet::constant]
		type MaxJoinExitFee: Get<Perbill>;

		/// Accounts that pay no join or exit fee: the reactors' pallet account, which moves its
		/// liquidity out and back every cycle and would otherwise pay the manager each time.
		type FeeExempt: frame_support::traits::Contains<Self::AccountId>;

		/// Index tokens minted at creation.
		#[pallet::constant]
		type InitialSupply: Get<Balance>;

		/// Part of the initial supply kept by the fund's account forever, so the supply never
		/// returns to zero and shares can never be priced from dust.
		#[pallet::constant]
		type LockedSupply: Get<Balance>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates tokens and oracle values for the benchmarks.
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

	/// A fund's record.
	pub type IndexOf<T> =
		IndexInfo<<T as frame_system::Config>::AccountId, <T as Config>::MaxConstituents>;

	/// Constituents, weights or amounts of a fund, one per constituent.
	pub type PerAsset<T, V> = BoundedVec<V, <T as Config>::MaxConstituents>;

	/// The funds.
	#[pallet::storage]
	pub type Indices<T: Config> = StorageMap<_, Twox64Concat, IndexId, IndexOf<T>, OptionQuery>;

	/// Id of the next fund.
	#[pallet::storage]
	pub type NextIndexId<T> = StorageValue<_, IndexId, ValueQuery>;

	/// Funds that exist (created and not closed).
	#[pallet::storage]
	pub type LiveIndices<T> = StorageValue<_, u32, ValueQuery>;

	/// Token ids never used yet: the next fresh one is `IndexTokenIdBase + NextTokenSlot`.
	#[pallet::storage]
	pub type NextTokenSlot<T> = StorageValue<_, u32, ValueQuery>;

	/// Token ids of closed funds, oldest first; reused once the asset ledger has destroyed them.
	#[pallet::storage]
	pub type FreeTokenIds<T: Config> =
		StorageValue<_, BoundedVec<AssetId, T::MaxIndices>, ValueQuery>;

	/// Each fund's account (kept after the fund closes, for what it still owes).
	#[pallet::storage]
	pub type FundAccounts<T: Config> =
		StorageMap<_, Twox64Concat, IndexId, T::AccountId, OptionQuery>;

	/// The live fund of each index token.
	#[pallet::storage]
	pub type IndexOfToken<T> = StorageMap<_, Twox64Concat, AssetId, IndexId, OptionQuery>;

	/// What a fund owes a holder in one constituent: the part of a recovery exit the fund's
	/// account could not pay (the constituent was frozen, or the holder could not receive it).
	/// The holder claims it with `claim`.
	#[pallet::storage]
	pub type Owed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(IndexId, AssetKind),
		Blake2_128Concat,
		T::AccountId,
		Balance,
		ValueQuery,
	>;

	/// Accounts that made a pool operation (join, exit, swap) in this block: one each per block,
	/// so a batch cannot round-trip through a fund within a block. Cleared at the next block.
	#[pallet::storage]
	pub type OperatedThisBlock<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Number of entries in [`OperatedThisBlock`].
	#[pallet::storage]
	pub type OperationsThisBlock<T> = StorageValue<_, u32, ValueQuery>;

	/// Sum of [`Owed`] per fund and constituent: held by the fund's account beside its balance.
	#[pallet::storage]
	pub type OwedTotal<T: Config> =
		StorageMap<_, Twox64Concat, (IndexId, AssetKind), Balance, ValueQuery>;

	/// Why the pallet holds SLC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a fund's creator.
		IndexDeposit,
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A fund was created.
		IndexCreated {
			/// The fund.
			index: IndexId,
			/// Its index token.
			token: AssetId,
			/// Who created and funded it.
			creator: T::AccountId,
			/// Its manager.
			manager: T::AccountId,
			/// Its constituents.
			assets: PerAsset<T, AssetKind>,
			/// Its weighting strategy.
			strategy: Strategy,
		},
		/// A fund was closed: its last balances went to its creator, its deposit was released
		/// and its index token is being destroyed.
		IndexClosed {
			/// The fund.
			index: IndexId,
			/// Its index token, free again once destroyed.
			token: AssetId,
			/// The creator, who got the rest.
			creator: T::AccountId,
		},
		/// Index tokens were minted against every constituent.
		Joined {
			/// The fund.
			index: IndexId,
			/// Who joined.
			who: T::AccountId,
			/// Index tokens minted to `who`.
			minted: Balance,
			/// Index tokens minted to the manager as the join fee.
			fee: Balance,
			/// Paid in, per constituent.
			amounts_in: PerAsset<T, Balance>,
		},
		/// Index tokens were redeemed for every constituent.
		Exited {
			/// The fund.
			index: IndexId,
			/// Who exited.
			who: T::AccountId,
			/// Index tokens burned.
			burned: Balance,
			/// Index tokens paid to the manager as the exit fee.
			fee: Balance,
			/// Paid out, per constituent.
			amounts_out: PerAsset<T, Balance>,
		},
		/// Index tokens were minted against one constituent.
		JoinedSingle {
			/// The fund.
			index: IndexId,
			/// Who joined.
			who: T::AccountId,
			/// The constituent paid in.
			asset: AssetKind,
			/// Amount paid in.
			amount_in: Balance,
			/// Index tokens minted to `who`.
			minted: Balance,
			/// Index tokens minted to the manager as the join fee.
			fee: Balance,
		},
		/// Index tokens were redeemed for one constituent.
		ExitedSingle {
			/// The fund.
			index: IndexId,
			/// Who exited.
			who: T::AccountId,
			/// The constituent paid out.
			asset: AssetKind,
			/// Index tokens burned.
			burned: Balance,
			/// Index tokens paid to the manager as the exit fee.
			fee: Balance,
			/// Amount paid out.
			amount_out: Balance,
		},
		/// One constituent was swapped for another.
		Swapped {
			/// The fund.
			index: IndexId,
			/// Who swapped.
			who: T::AccountId,
			/// Token paid in.
			asset_in: AssetKind,
			/// Amount paid in (swap fee included).
			amount_in: Balance,
			/// Token paid out.
			asset_out: AssetKind,
			/// Amount paid out.
			amount_out: Balance,
		},
		/// A fund was re-targeted from the oracle.
		Poked {
			/// The fund.
			index: IndexId,
			/// The new target weights (10^18 = 100 %).
			target: PerAsset<T, u128>,
			/// When the weights reach them (seconds).
			end: u64,
		},
		/// A strategy change was scheduled; it applies to the first poke from `at` on.
		StrategySet {
			/// The fund.
			index: IndexId,
			/// The new strategy.
			strategy: Strategy,
			/// When it applies (seconds).
			at: u64,
		},
		/// A fee change was scheduled; the fees apply from `at` on.
		FeesSet {
			/// The fund.
			index: IndexId,
			/// The new fees.
			fees: Fees,
			/// When they apply (seconds).
			at: u64,
		},
		/// Index tokens were redeemed through the recovery exit: what could be paid was, the
		/// rest is owed.
		RecoveryExited {
			/// The fund.
			index: IndexId,
			/// Who exited.
			who: T::AccountId,
			/// Index tokens burned.
			burned: Balance,
			/// Index tokens paid to the manager as the exit fee.
			fee: Balance,
			/// Paid out, per constituent.
			paid: PerAsset<T, Balance>,
			/// Left owed (claimable), per constituent.
			owed: PerAsset<T, Balance>,
		},
		/// An owed amount was paid.
		Claimed {
			/// The fund.
			index: IndexId,
			/// Who claimed.
			who: T::AccountId,
			/// The constituent.
			asset: AssetKind,
			/// Amount paid.
			amount: Balance,
		},
		/// The manager proposed a successor.
		ManagerProposed {
			/// The fund.
			index: IndexId,
			/// The proposed manager.
			proposed: T::AccountId,
		},
		/// The fund's manager changed (`None`: renounced).
		ManagerChanged {
			/// The fund.
			index: IndexId,
			/// The new manager.
			manager: Option<T::AccountId>,
		},
		/// A fund's supply cap changed.
		SupplyCapSet {
			/// The fund.
			index: IndexId,
			/// Most index tokens that may exist (`None`: no cap).
			cap: Option<Balance>,
		},
		/// A constituent joined the fund, bought in at the oracle's value by the manager.
		Bound {
			/// The fund.
			index: IndexId,
			/// The new constituent.
			asset: AssetKind,
			/// Amount the manager put in.
			amount: Balance,
			/// Index tokens minted to the manager for it.
			minted: Balance,
			/// When the weights reach their new targets (seconds).
			end: u64,
		},
		/// A constituent's weight started moving to the minimum, before it leaves the fund.
		UnbindStarted {
			/// The fund.
			index: IndexId,
			/// The constituent.
			asset: AssetKind,
			/// When its weight reaches the minimum (seconds).
			end: u64,
		},
		/// The removal of a constituent was called off.
		UnbindCancelled {
			/// The fund.
			index: IndexId,
			/// The constituent that stays.
			asset: AssetKind,
		},
		/// A constituent left the fund: its remainder was bought at the oracle's value with the
		/// other constituents.
		Unbound {
			/// The fund.
			index: IndexId,
			/// The constituent that left.
			asset: AssetKind,
			/// The remainder paid to the buyer.
			remainder: Balance,
			/// Who bought it.
			buyer: T::AccountId,
			/// What the buyer paid, per remaining constituent.
			paid: PerAsset<T, Balance>,
		},
		/// Swaps and joins of a fund were paused.
		Paused {
			/// The fund.
			index: IndexId,
		},
		/// Swaps and joins of a fund were resumed.
		Resumed {
			/// The fund.
			index: IndexId,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// No fund has this id.
		IndexNotFound,
		/// A fund needs at least two constituents.
		TooFewConstituents,
		/// Constituents, weights and amounts must have one entry per constituent.
		LengthMismatch,
		/// A token appears twice among the constituents.
		DuplicateAsset,
		/// A constituent is not a known token.
		UnknownAsset,
		/// A weight is below `MinWeight` or above `MaxWeight`.
		WeightOutOfBounds,
		/// The weights do not sum to 100 %.
		WeightsNotNormalized,
		/// A fee is above its maximum.
		FeeTooHigh,
		/// An amount is zero.
		ZeroAmount,
		/// `MaxIndices` funds exist.
		TooManyIndices,
		/// The asset id of the new fund's index token is already taken.
		TokenIdTaken,
		/// Every free index-token id belongs to a token still being destroyed (finish it with
		/// the asset ledger's `destroy_accounts`, `destroy_approvals` and `finish_destroy`).
		TokenIdsBeingDestroyed,
		/// Index tokens other than the locked supply exist: every holder must exit first.
		HoldersRemain,
		/// The caller is neither the fund's creator nor the admin origin.
		NotCreator,
		/// The fund has `MaxConstituents` constituents.
		TooManyConstituents,
		/// A constituent has more decimals than the fund can value (30).
		UnsupportedDecimals,
		/// A constituent has no metadata (no decimals) yet.
		UndescribedAsset,
		/// The new fund's account already exists (try again in the next block).
		FundAccountInUse,
		/// The removed constituent is still worth more than twice the minimum weight of the
		/// fund: it leaves only once trades have taken it down.
		RemainderTooLarge,
		/// A constituent is being removed; one change of the basket at a time.
		RemovalInProgress,
		/// No constituent is being removed.
		NotRemoving,
		/// The removed constituent's weight has not reached the minimum yet.
		StillRemoving,
		/// The origin is neither the fund's manager nor the admin origin.
		NotManager,
		/// The fund's swaps and joins are paused.
		IndexPaused,
		/// The fund is not paused.
		NotPaused,
		/// A swap needs two different constituents.
		SameAsset,
		/// The token is not a constituent of the fund.
		AssetNotInIndex,
		/// The result is worse than the caller's limit.
		SlippageExceeded,
		/// The amount exceeds the per-trade limit (half of the in balance, a third of the out
		/// balance).
		RatioExceeded,
		/// The amount is too small to be honoured after rounding.
		TooSmall,
		/// An intermediate value overflowed.
		Overflow,
		/// The caller holds fewer index tokens than it tries to redeem.
		InsufficientIndexTokens,
		/// The oracle has no value for a constituent.
		MissingOracleData,
		/// A constituent's oracle value is older than `MaxOracleAge`.
		StaleOracleData,
		/// The oracle signals give no valid weights (all zero, or too large).
		InvalidSignals,
		/// The fund was poked less than `PokeInterval` ago and no price jumped.
		TooEarly,
		/// A constituent's oracle price moved more than `MaxPriceJump` since the last poke;
		/// swaps wait for a poke (circuit breaker).
		PriceJump,
		/// The trade would pay out more than `MaxOracleDeviation` above the value paid in at
		/// oracle prices.
		PriceOutOfBound,
		/// A fee would change by more than `MaxFeeStep` in one step.
		FeeStepTooLarge,
		/// The caller is not the proposed manager.
		NotProposedManager,
		/// The fund owes the caller nothing in this constituent.
		NothingOwed,
		/// The caller already joined, exited or swapped in this block (one pool operation per
		/// account per block).
		OneOperationPerBlock,
		/// The join would take the supply above the fund's cap.
		SupplyCapReached,
		/// The pool's spot price after the swap would be above the caller's `max_price`.
		SpotPriceAboveLimit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Forgets who operated in the last block (as many entries as operations, each paid
		/// for by its call).
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			let operations = OperationsThisBlock::<T>::take();
			if operations > 0 {
				let _ = OperatedThisBlock::<T>::clear(operations, None);
			}
			T::DbWeight::get().reads_writes(1, u64::from(operations).saturating_add(1))
		}

		fn integrity_test() {
			let (min, max) = (T::MinWeight::get(), T::MaxWeight::get());
			assert!(T::MaxConstituents::get() >= 2, "a fund has at least two constituents");
			assert!(!min.is_zero(), "weights must be positive");
			assert!(
				u64::from(min.deconstruct()) * u64::from(T::MaxConstituents::get())
					<= 1_000_000_000,
				"MaxConstituents × MinWeight must not exceed 100 %"
			);
			assert!(
				u64::from(max.deconstruct()) * 2 >= 1_000_000_000,
				"two constituents must fit under MaxWeight"
			);
			assert!(!T::MaxWeightChangePerSecond::get().is_zero(), "weights must be able to move");
			assert!(
				T::LockedSupply::get() > 0 && T::LockedSupply::get() < T::InitialSupply::get(),
				"part, not all, of the initial supply is locked"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a fund of `assets` with initial `weights` (summing to 100 %), funded by the
		/// caller with `amounts` (which set the initial prices: balance / weight). The caller
		/// receives the initial supply of index tokens but a small locked part, the deposit is
		/// held, and the caller pays the index token's metadata deposit (`name`, `symbol`, 12
		/// decimals). Prices of every constituent must be in the oracle.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_index(assets.len() as u32))]
		pub fn create_index(
			origin: OriginFor<T>,
			assets: PerAsset<T, AssetKind>,
			weights: PerAsset<T, Perbill>,
			amounts: PerAsset<T, Balance>,
			strategy: Strategy,
			fees: Fees,
			manager: T::AccountId,
			name: BoundedVec<u8, T::StringLimit>,
			symbol: BoundedVec<u8, T::StringLimit>,
		) -> DispatchResult {
			let creator = T::CreateOrigin::ensure_origin(origin)?;
			let setup = FundSetup { assets, weights, amounts, strategy, fees, manager };
			Self::do_create_index(creator, setup, name.into_inner(), symbol.into_inner())
		}

		/// Mint `pool_out` index tokens (less the join fee) by paying every constituent pro
		/// rata, each at most `max_amounts_in`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::join(max_amounts_in.len() as u32))]
		pub fn join(
			origin: OriginFor<T>,
			index: IndexId,
			pool_out: Balance,
			max_amounts_in: PerAsset<T, Balance>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_join(who, index, pool_out, max_amounts_in)
		}

		/// Redeem `pool_in` index tokens (the exit fee goes to the manager) for every
		/// constituent pro rata, each at least `min_amounts_out`. Never paused.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::exit(min_amounts_out.len() as u32))]
		pub fn exit(
			origin: OriginFor<T>,
			index: IndexId,
			pool_in: Balance,
			min_amounts_out: PerAsset<T, Balance>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_exit(who, index, pool_in, min_amounts_out)
		}

		/// Mint index tokens by paying `amount_in` of one constituent; at least `min_pool_out`
		/// reach the caller.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::join_single(T::MaxConstituents::get()))]
		pub fn join_single(
			origin: OriginFor<T>,
			index: IndexId,
			asset: AssetKind,
			amount_in: Balance,
			min_pool_out: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_join_single(who, index, asset, amount_in, min_pool_out)
		}

		/// Redeem `pool_in` index tokens for one constituent, at least `min_amount_out`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::exit_single(T::MaxConstituents::get()))]
		pub fn exit_single(
			origin: OriginFor<T>,
			index: IndexId,
			asset: AssetKind,
			pool_in: Balance,
			min_amount_out: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_exit_single(who, index, asset, pool_in, min_amount_out)
		}

		/// Swap `amount_in` of `asset_in` for at least `min_amount_out` of `asset_out` at the
		/// fund's current weights; with `max_price`, the pool's spot price after the swap (units
		/// of `asset_in` per unit of `asset_out`, fee included) may not be above it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::swap(T::MaxConstituents::get()))]
		pub fn swap(
			origin: OriginFor<T>,
			index: IndexId,
			asset_in: AssetKind,
			amount_in: Balance,
			asset_out: AssetKind,
			min_amount_out: Balance,
			max_price: Option<FixedU128>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let limit = SwapLimit::ExactIn { amount_in, min_amount_out };
			Self::do_swap(who, index, asset_in, asset_out, limit, max_price)
		}

		/// Re-target a fund from the oracle (anyone, once per `PokeInterval`, or at once after
		/// a price jump): the weights start moving linearly from where they are to the new
		/// targets.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::poke(T::MaxConstituents::get()))]
		pub fn poke(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_poke(index)
		}

		/// Schedule a strategy change: it applies to the first poke after `StrategyTimelock`.
		/// Manager or admin; replaces a change still pending.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_strategy())]
		pub fn set_strategy(
			origin: OriginFor<T>,
			index: IndexId,
			strategy: Strategy,
		) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				let at = Self::now().saturating_add(T::StrategyTimelock::get());
				info.pending_strategy = Some(Pending { value: strategy, at });
				Ok(Event::StrategySet { index, strategy, at })
			})
		}

		/// Schedule a fee change: it applies after `FeeTimelock`, and no fee may move more than
		/// `MaxFeeStep` from the fees in force. Manager or admin; replaces a change still
		/// pending.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_fees())]
		pub fn set_fees(origin: OriginFor<T>, index: IndexId, fees: Fees) -> DispatchResult {
			Self::ensure_fees(&fees)?;
			Self::do_manage(origin, index, |info| {
				Self::ensure_fee_step(&info.fees, &fees)?;
				let at = Self::now().saturating_add(T::FeeTimelock::get());
				info.pending_fees = Some(Pending { value: fees, at });
				Ok(Event::FeesSet { index, fees, at })
			})
		}

		/// Pause a fund's swaps and joins (proportional exits stay open). Manager or admin.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				ensure!(!info.paused, Error::<T>::IndexPaused);
				info.paused = true;
				Ok(Event::Paused { index })
			})
		}

		/// Resume a paused fund. Manager or admin.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				ensure!(info.paused, Error::<T>::NotPaused);
				info.paused = false;
				Ok(Event::Resumed { index })
			})
		}

		/// Redeem `pool_in` index tokens (less the exit fee) for the caller's share of every
		/// constituent, whatever state the fund is in: paused, its prices stale, missing or
		/// jumped (it reads no oracle). A constituent the fund cannot pay (frozen, being
		/// destroyed, or the caller cannot receive it) is left owed to the caller, to `claim`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::recovery_exit(T::MaxConstituents::get()))]
		pub fn recovery_exit(
			origin: OriginFor<T>,
			index: IndexId,
			pool_in: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recovery_exit(who, index, pool_in)
		}

		/// Take what a recovery exit left owed to the caller in `asset`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, index: IndexId, asset: AssetKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, index, asset)
		}

		/// Propose `new` as the fund's manager; it takes over when it accepts. Manager or
		/// admin; replaces an earlier proposal.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::propose_manager())]
		pub fn propose_manager(
			origin: OriginFor<T>,
			index: IndexId,
			new: T::AccountId,
		) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				info.pending_manager = Some(new.clone());
				Ok(Event::ManagerProposed { index, proposed: new })
			})
		}

		/// Become the fund's manager, as proposed.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::accept_manager())]
		pub fn accept_manager(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::fund(index)?;
			ensure!(info.pending_manager.as_ref() == Some(&who), Error::<T>::NotProposedManager);
			info.pending_manager = None;
			info.manager = Some(who.clone());
			Indices::<T>::insert(index, info);
			Self::deposit_event(Event::ManagerChanged { index, manager: Some(who) });
			Ok(())
		}

		/// Swap at most `max_amount_in` of `asset_in` for exactly `amount_out` of `asset_out`;
		/// `max_price` as in `swap`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::swap_exact_out(T::MaxConstituents::get()))]
		pub fn swap_exact_out(
			origin: OriginFor<T>,
			index: IndexId,
			asset_in: AssetKind,
			max_amount_in: Balance,
			asset_out: AssetKind,
			amount_out: Balance,
			max_price: Option<FixedU128>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let limit = SwapLimit::ExactOut { max_amount_in, amount_out };
			Self::do_swap(who, index, asset_in, asset_out, limit, max_price)
		}

		/// Cap the fund's supply of index tokens (`None`: no cap); joins beyond it are refused.
		/// Manager or admin; applies at once (a cap only ever limits joins).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_supply_cap())]
		pub fn set_supply_cap(
			origin: OriginFor<T>,
			index: IndexId,
			cap: Option<Balance>,
		) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				info.supply_cap = cap;
				Ok(Event::SupplyCapSet { index, cap })
			})
		}

		/// Close a fund once every holder has exited (only the fund's account holds index
		/// tokens: the locked supply and any sent to it): what
		/// the fund's account holds beyond what it owes goes to the creator, the deposit is
		/// released, and the index token is destroyed (its id is reused by a later fund).
		/// Creator or admin.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::close_index(T::MaxConstituents::get()))]
		pub fn close_index(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			let info = Self::fund(index)?;
			if T::AdminOrigin::try_origin(origin.clone()).is_err() {
				let who = ensure_signed(origin)?;
				ensure!(who == info.creator, Error::<T>::NotCreator);
			}
			Self::do_close_index(index, info)
		}

		/// Add `asset` to the fund (PowerIndex `bind`): the manager puts in `amount`, worth
		/// between `MinWeight` and `MaxWeight` of the fund after it at oracle prices, and gets
		/// index tokens at the fund's value per token; the weights re-anchor to the value
		/// shares and move toward targets with `target` for the new constituent (a poke
		/// re-targets by the strategy). Signed by the manager.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::bind(T::MaxConstituents::get()))]
		pub fn bind(
			origin: OriginFor<T>,
			index: IndexId,
			asset: AssetKind,
			amount: Balance,
			target: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bind(who, index, asset, amount, target)
		}

		/// Start removing `asset`: its target weight becomes the minimum and the weights move
		/// there at the usual bounded rate; `finish_unbind` then takes it out. Manager or admin.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::unbind(T::MaxConstituents::get()))]
		pub fn unbind(origin: OriginFor<T>, index: IndexId, asset: AssetKind) -> DispatchResult {
			Self::do_manage(origin, index, |info| Self::start_unbind(index, info, asset))
		}

		/// Take the removed constituent out once its weight is at the minimum: the caller
		/// (anyone) buys its remainder at the oracle's value, paying every other constituent
		/// pro rata; the weights re-anchor to the remaining value shares.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::finish_unbind(T::MaxConstituents::get()))]
		pub fn finish_unbind(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_finish_unbind(who, index)
		}

		/// Stop removing the constituent being removed (for example when its issuer froze it
		/// and it cannot be bought out); the next poke re-targets by the strategy. Manager or
		/// admin.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::cancel_unbind())]
		pub fn cancel_unbind(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				let asset = info.removing.take().ok_or(Error::<T>::NotRemoving)?;
				Ok(Event::UnbindCancelled { index, asset })
			})
		}

		/// Give up managing the fund: no manager is left, no join or exit fee is charged from
		/// then on, and only the admin origin may manage it. Manager or admin.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::renounce_manager())]
		pub fn renounce_manager(origin: OriginFor<T>, index: IndexId) -> DispatchResult {
			Self::do_manage(origin, index, |info| {
				info.manager = None;
				info.pending_manager = None;
				Ok(Event::ManagerChanged { index, manager: None })
			})
		}
	}
}

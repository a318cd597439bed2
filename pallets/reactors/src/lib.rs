#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod core_rounds;
mod impls;
mod rollover;
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
		traits::{fungible, fungibles},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sluice_primitives::{
		index::{IndexId, IndexVotes},
		oracle::PriceProvider,
		venue::{Market, Venue, VenueId, VenueKind},
		AssetId, AssetKind, Balance,
	};
	use sp_runtime::Perbill;

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// SLC: staked by liquidity directors (in the stake account), locked by CoRE votes
		/// (held) and paid as emissions (minted).
		type Currency: fungible::Inspect<Self::AccountId, Balance = Balance>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Every token LPs may deposit: SLC and the `pallet-assets` tokens.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = AssetKind, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The ledger of tAssets (`pallet-assets`).
		type TAssets: fungibles::Inspect<Self::AccountId, AssetId = AssetId, Balance = Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>;

		/// Names the tAssets: "Sluice t<symbol>", symbol "t<symbol>", the underlying's decimals.
		type TokenNames: sluice_primitives::metadata::TokenNames;

		/// Where liquidity is deployed.
		type Venue: Venue<Self::AccountId>;

		/// Where a venue loss the reserve and revenue could not cover is bought back with the
		/// reactor's LD stake.
		type Market: Market<Self::AccountId>;

		/// Oracle prices, for the balance rule, the deployment cap and loss cover.
		type Oracle: PriceProvider;

		/// The time, to judge how old an oracle price is.
		type Time: frame_support::traits::UnixTime;

		/// Oracle prices older than this many seconds are missing data.
		#[pallet::constant]
		type MaxOracleAge: Get<u64>;

		/// Decimals of each token (oracle prices are per whole token).
		type Decimals: sp_runtime::traits::Convert<AssetKind, u8>;

		/// Index-fund holdings of SLC that count as voting power (meta-governance).
		type IndexVotes: IndexVotes<Self::AccountId>;

		/// The pallet's id; its account holds idle LP assets and venue positions.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Creates reactors and venues, pauses deposits.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks per cycle.
		type CycleLength: Get<BlockNumberFor<Self>>;

		/// Cycles in a year, to annualise reward rates.
		type CyclesPerYear: Get<u32>;

		/// SLC minted per cycle for LPs and LDs (split by votes, then by the balance rule).
		type EmissionPerCycle: Get<Balance>;

		/// Guardrail: a reactor deploys at most this multiple of the value of its LD stake plus
		/// the revenue it has built (its protocol-controlled value), at oracle prices.
		#[pallet::constant]
		type DeploymentCap: Get<u32>;

		/// Share of venue revenue kept in the reserve that covers losses first.
		#[pallet::constant]
		type ReserveShare: Get<Perbill>;

		/// Most of a reactor's LD stake one venue loss may take. Below 100 %, so a stake with
		/// shares outstanding never reaches zero.
		#[pallet::constant]
		type MaxStakeCover: Get<Perbill>;

		/// How much worse than the oracle price the stake may buy back a loss at; at most
		/// `MaxPoolDeviation`, so a pool pushed within that bound sells the stake nothing at a
		/// premium the bound would refuse.
		#[pallet::constant]
		type CoverSlippage: Get<Perbill>;

		/// Rollovers in a row that may fail to recall a venue before its deployment is written
		/// off (shared pro rata by the reactors' tAssets, paid back by what later recalls bring).
		#[pallet::constant]
		type MaxFailedRecalls: Get<u32>;

		/// A venue whose price differs from the oracle's by more than this (or that the oracle
		/// cannot price) is neither recalled nor deployed into that rollover: a pool pushed just
		/// before the rollover is not traded through.
		#[pallet::constant]
		type MaxPoolDeviation: Get<Perbill>;

		/// Asset id of reactor 0's tAsset; reactor `i` uses `TAssetIdBase + i`.
		#[pallet::constant]
		type TAssetIdBase: Get<AssetId>;

		/// Most reactors.
		#[pallet::constant]
		type MaxReactors: Get<u32>;

		/// Most venues.
		#[pallet::constant]
		type MaxVenues: Get<u32>;

		/// Most (reactor, venue) allocations of one liquidity director.
		#[pallet::constant]
		type MaxAllocations: Get<u32>;

		/// Most rollover steps (one venue or one reactor each) per block.
		#[pallet::constant]
		type MaxStepsPerBlock: Get<u32>;

		/// Smallest deposit or stake.
		#[pallet::constant]
		type MinAmount: Get<Balance>;

		/// Most candidates of a CoRE round.
		#[pallet::constant]
		type MaxCoreCandidates: Get<u32>;

		/// How much more a staked SLC counts than a liquid one in CoRE votes.
		#[pallet::constant]
		type CoreStakeMultiplier: Get<u32>;

		/// SLC held from a CoRE proposer until the round ends.
		#[pallet::constant]
		type CoreProposalDeposit: Get<Balance>;

		/// A candidate that gets less than this share of the round's votes forfeits its
		/// proposer's deposit (burnt): filling the candidate slots costs what it blocks.
		#[pallet::constant]
		type CoreMinSupport: Get<Perbill>;

		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;

		/// Creates venue assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper;
	}

	/// The in-code storage version: a migration that changes the layout raises it, and the
	/// runtime's upgrade checks compare it with the one stored on chain.
	const STORAGE_VERSION: frame_support::traits::StorageVersion =
		frame_support::traits::StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Allocations of a liquidity director: (reactor, venue, share of voting power).
	pub type AllocationsOf<T> =
		BoundedVec<(ReactorId, VenueId, Perbill), <T as Config>::MaxAllocations>;

	/// The reactors.
	#[pallet::storage]
	pub type Reactors<T> = StorageMap<_, Twox64Concat, ReactorId, Reactor, OptionQuery>;

	/// Id of the next reactor.
	#[pallet::storage]
	pub type NextReactorId<T> = StorageValue<_, ReactorId, ValueQuery>;

	/// The venues.
	#[pallet::storage]
	pub type Venues<T> = StorageMap<_, Twox64Concat, VenueId, VenueInfo, OptionQuery>;

	/// Id of the next venue.
	#[pallet::storage]
	pub type NextVenueId<T> = StorageValue<_, VenueId, ValueQuery>;

	/// LP positions.
	#[pallet::storage]
	pub type LpPositions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ReactorId,
		Blake2_128Concat,
		T::AccountId,
		LpPosition,
		OptionQuery,
	>;

	/// Liquidity directors' stakes.
	#[pallet::storage]
	pub type LdPositions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ReactorId,
		Blake2_128Concat,
		T::AccountId,
		LdPosition,
		OptionQuery,
	>;

	/// A liquidity director's SLC staked over all reactors.
	#[pallet::storage]
	pub type Staked<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Balance, ValueQuery>;

	/// A liquidity director's allocations and the voting power they were counted with.
	#[pallet::storage]
	pub type Allocations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (Balance, AllocationsOf<T>), OptionQuery>;

	/// Votes per (reactor, venue).
	#[pallet::storage]
	pub type Tally<T> =
		StorageDoubleMap<_, Twox64Concat, ReactorId, Twox64Concat, VenueId, Votes, ValueQuery>;

	/// Votes over all reactors.
	#[pallet::storage]
	pub type TotalVotes<T> = StorageValue<_, Votes, ValueQuery>;

	/// Total votes when the last rollover started (they split the emission it pays) and when
	/// the current one started (they split the next one's).
	#[pallet::storage]
	pub type EmissionVotes<T> = StorageValue<_, (Balance, Balance), ValueQuery>;

	/// Per reactor, the cohorts positions refer to: amounts that start or stop counting at a
	/// rollover, and what that rollover fixed for them. A cohort is removed once converted and
	/// no position refers to it, so there are at most as many as positions.
	#[pallet::storage]
	pub type Cohorts<T> =
		StorageDoubleMap<_, Twox64Concat, ReactorId, Twox64Concat, Cycle, Cohort, OptionQuery>;

	/// The current cycle.
	#[pallet::storage]
	pub type CurrentCycle<T> = StorageValue<_, Cycle, ValueQuery>;

	/// Where the rollover is.
	#[pallet::storage]
	pub type RolloverPhase<T> = StorageValue<_, Phase, ValueQuery>;

	/// Index funds whose SLC holdings vote for their holders (meta-governance), set by the
	/// admin origin.
	#[pallet::storage]
	pub type VotingIndices<T> = StorageValue<_, BoundedVec<IndexId, ConstU32<4>>, ValueQuery>;

	/// Index tokens an account's votes froze, per voting fund, and the cycle from whose
	/// rollover's end they are free again once it stopped voting (`None` while it votes): a
	/// rollover counts the votes as they stood when it started and splits the next emission by
	/// them, so the tokens stay until then.
	#[pallet::storage]
	pub type IndexVoteLocks<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		(BoundedVec<(IndexId, Balance), ConstU32<4>>, Option<Cycle>),
		ValueQuery,
	>;

	/// The open CoRE round, if any.
	#[pallet::storage]
	pub type CoreRound<T: Config> = StorageValue<_, CoreRoundInfo<BlockNumberFor<T>>, OptionQuery>;

	/// Number of the last CoRE round.
	#[pallet::storage]
	pub type CoreRoundId<T> = StorageValue<_, u32, ValueQuery>;

	/// Candidates of the open CoRE round, their votes and proposers.
	#[pallet::storage]
	pub type CoreCandidates<T: Config> =
		StorageValue<_, BoundedVec<CoreCandidate<T::AccountId>, T::MaxCoreCandidates>, ValueQuery>;

	/// A CoRE voter's vote: its round, the SLC it holds and the stake it counted.
	#[pallet::storage]
	pub type CoreVotes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CoreVote, OptionQuery>;

	/// Fees swept to the treasury per reactor (in its asset), over all cycles, less what
	/// covered the reactor's losses: its protocol-controlled value.
	#[pallet::storage]
	pub type Revenue<T> = StorageMap<_, Twox64Concat, ReactorId, Balance, ValueQuery>;

	/// Genesis: the pallet's accounts receive the existential deposit, so that paying out their
	/// last tokens never reaps them.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Unused.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use fungible::{Inspect, Mutate};
			let ed = T::Currency::minimum_balance();
			for account in [
				Pallet::<T>::account_id(),
				Pallet::<T>::rewards_account(),
				Pallet::<T>::reserve_account(),
				Pallet::<T>::stake_account(),
				Pallet::<T>::pcv_account(),
			] {
				frame_system::Pallet::<T>::inc_providers(&account);
				T::Currency::mint_into(&account, ed)
					.expect("minting the existential deposit works");
			}
		}
	}

	/// Why the pallet holds SLC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// SLC locked by a CoRE vote until the round ends.
		CoreVote,
		/// A CoRE proposer's deposit, until the round ends.
		CoreProposal,
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A reactor was created.
		ReactorCreated {
			/// The reactor.
			reactor: ReactorId,
			/// Its asset.
			asset: AssetKind,
			/// Its tAsset.
			t_asset: AssetId,
		},
		/// Deposits into a reactor were paused or resumed.
		DepositsPaused {
			/// The reactor.
			reactor: ReactorId,
			/// Whether they are paused now.
			paused: bool,
		},
		/// A venue was registered.
		VenueAdded {
			/// The venue.
			venue: VenueId,
			/// Its kind.
			kind: VenueKind,
			/// Reactor of the first asset.
			a: ReactorId,
			/// Reactor of the second asset.
			b: ReactorId,
		},
		/// An LP deposited and received tAssets (1:1 unless the reactor has a shortfall). They
		/// start earning after the next rollover.
		Deposited {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// Amount of the asset.
			amount: Balance,
			/// tAssets minted.
			minted: Balance,
		},
		/// An LP asked to withdraw tAssets after the next rollover; they are frozen and stop
		/// earning.
		WithdrawalRequested {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// Amount.
			amount: Balance,
			/// The cycle after which it can be withdrawn.
			cycle: Cycle,
		},
		/// An LP withdrew, burning tAssets for their share of what the reactor holds.
		Withdrawn {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// tAssets burnt.
			amount: Balance,
			/// The asset paid.
			paid: Balance,
		},
		/// An LP cancelled its withdrawal request; the tAssets earn again after the next
		/// rollover.
		WithdrawalCancelled {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// tAssets.
			amount: Balance,
		},
		/// An LP stopped earning on tAssets, which are no longer frozen.
		Released {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// tAssets.
			amount: Balance,
		},
		/// An LP's unfrozen tAssets start earning after the next rollover.
		Earning {
			/// The reactor.
			reactor: ReactorId,
			/// The LP.
			who: T::AccountId,
			/// tAssets.
			amount: Balance,
		},
		/// A liquidity director staked SLC.
		Staked {
			/// The reactor.
			reactor: ReactorId,
			/// The LD.
			who: T::AccountId,
			/// Amount.
			amount: Balance,
		},
		/// A liquidity director asked to unstake: the shares stop earning and leave the stake
		/// at the next rollover, after its recall.
		UnstakeRequested {
			/// The reactor.
			reactor: ReactorId,
			/// The LD.
			who: T::AccountId,
			/// Amount.
			amount: Balance,
			/// The cycle after which it can be unstaked.
			cycle: Cycle,
		},
		/// A liquidity director cancelled its unstake request; the shares earn again after the
		/// next rollover.
		UnstakeCancelled {
			/// The reactor.
			reactor: ReactorId,
			/// The LD.
			who: T::AccountId,
			/// SLC the shares are worth now.
			amount: Balance,
		},
		/// A liquidity director unstaked.
		Unstaked {
			/// The reactor.
			reactor: ReactorId,
			/// The LD.
			who: T::AccountId,
			/// Amount.
			amount: Balance,
		},
		/// A liquidity director's stake was brought in line with its shares after a loss
		/// cover, and its votes recounted.
		Recounted {
			/// The reactor.
			reactor: ReactorId,
			/// The LD.
			who: T::AccountId,
			/// The SLC its shares are worth now.
			staked: Balance,
		},
		/// A liquidity director set its allocations.
		Voted {
			/// The LD.
			who: T::AccountId,
			/// Its voting power.
			power: Balance,
		},
		/// Rewards were paid.
		Claimed {
			/// The reactor.
			reactor: ReactorId,
			/// Who.
			who: T::AccountId,
			/// SLC paid.
			amount: Balance,
		},
		/// The voting index funds changed; they count from each LD's next recount.
		VotingIndicesSet {
			/// The funds.
			indices: BoundedVec<IndexId, ConstU32<4>>,
		},
		/// A CoRE round opened.
		CoreStarted {
			/// The round.
			round: u32,
			/// Its last block.
			ends: BlockNumberFor<T>,
			/// How many candidates will get reactors.
			winners: u32,
		},
		/// An asset was proposed for a reactor.
		ReactorProposed {
			/// The round.
			round: u32,
			/// Who proposed it.
			who: T::AccountId,
			/// The asset.
			asset: AssetKind,
		},
		/// A CoRE vote.
		CoreVoted {
			/// The round.
			round: u32,
			/// The voter.
			who: T::AccountId,
			/// The candidate.
			asset: AssetKind,
			/// Votes counted.
			power: Balance,
		},
		/// A CoRE round ended.
		CoreCompleted {
			/// The round.
			round: u32,
			/// Reactors created.
			created: u32,
		},
		/// A rollover started.
		RolloverStarted {
			/// The new cycle.
			cycle: Cycle,
		},
		/// Liquidity came back from a venue.
		Recalled {
			/// The venue.
			venue: VenueId,
			/// Quantity of the first asset received.
			a: Balance,
			/// Quantity of the second asset received.
			b: Balance,
		},
		/// Fees earned by a reactor's liquidity went to the treasury (and reserve).
		RevenueSwept {
			/// The reactor.
			reactor: ReactorId,
			/// Fee amount (in the reactor's asset).
			amount: Balance,
		},
		/// A loss on a venue was covered.
		LossCovered {
			/// The reactor.
			reactor: ReactorId,
			/// Covered from the reserve.
			from_reserve: Balance,
			/// Covered from the treasury's revenue.
			from_revenue: Balance,
			/// Covered by buying the asset with the reactor's LD stake.
			from_stake: Balance,
			/// SLC of the reactor's LD stake spent on it.
			stake_spent: Balance,
			/// Not covered (the reactor holds less than its tAsset supply by this much).
			uncovered: Balance,
		},
		/// A reactor's emission for the cycle.
		Emitted {
			/// The reactor.
			reactor: ReactorId,
			/// To LPs.
			lp: Balance,
			/// To LDs.
			ld: Balance,
		},
		/// A reactor's emission was skipped (no oracle price).
		EmissionSkipped {
			/// The reactor.
			reactor: ReactorId,
		},
		/// Liquidity went into a venue.
		Deployed {
			/// The venue.
			venue: VenueId,
			/// Quantity of the first asset.
			a: Balance,
			/// Quantity of the second asset.
			b: Balance,
		},
		/// A venue was left as it is this rollover: its liquidity stays where it is (deployed
		/// or idle) until a rollover finds its price in line with the oracle's.
		VenueSkipped {
			/// The venue.
			venue: VenueId,
			/// Why.
			reason: SkipReason,
		},
		/// A venue refused to give the liquidity back; it stays recorded as deployed and the
		/// recall is tried again at the next rollover.
		VenueRecallFailed {
			/// The venue.
			venue: VenueId,
		},
		/// A venue that could not be recalled for `MaxFailedRecalls` rollovers was written off:
		/// its reactors' shortfalls took the quantities, and later recalls still try to bring
		/// them back.
		VenueWrittenDown {
			/// The venue.
			venue: VenueId,
			/// Quantity of the first asset written off.
			a: Balance,
			/// Quantity of the second asset written off.
			b: Balance,
		},
		/// A venue was paused or resumed.
		VenuePaused {
			/// The venue.
			venue: VenueId,
			/// Whether it is paused now.
			paused: bool,
		},
		/// A venue was removed: its votes no longer count.
		VenueRemoved {
			/// The venue.
			venue: VenueId,
		},
		/// A reactor was paused or resumed.
		ReactorPaused {
			/// The reactor.
			reactor: ReactorId,
			/// Whether it is paused now.
			paused: bool,
		},
		/// A rollover finished.
		RolloverCompleted {
			/// The cycle.
			cycle: Cycle,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// No reactor has this id.
		ReactorNotFound,
		/// No venue has this id.
		VenueNotFound,
		/// A reactor for this asset exists.
		ReactorExists,
		/// `MaxReactors` reactors exist.
		TooManyReactors,
		/// A venue of this kind for this pair exists.
		VenueExists,
		/// `MaxVenues` venues exist.
		TooManyVenues,
		/// The asset id of the new reactor's tAsset is taken.
		TAssetIdTaken,
		/// The asset is not a known token.
		UnknownAsset,
		/// The venue cannot take this pair, or the pair is one reactor twice.
		UnsupportedVenue,
		/// Deposits into this reactor are paused.
		DepositsPaused,
		/// The amount is below `MinAmount` (or zero).
		AmountTooSmall,
		/// More than the caller holds (tAssets or stake).
		InsufficientBalance,
		/// No pending request.
		NoRequest,
		/// The request becomes executable after the next rollover.
		RequestNotDue,
		/// A rollover is running; try again in a few blocks.
		RolloverInProgress,
		/// An allocation names a venue that does not pair the reactor.
		InvalidAllocation,
		/// The allocations exceed 100 % of the voting power.
		AllocationsExceedPower,
		/// The caller has no voting power.
		NoVotingPower,
		/// Nothing to claim.
		NothingToClaim,
		/// An intermediate value overflowed.
		Overflow,
		/// A CoRE round is open (or the caller's round has not ended).
		CoreInProgress,
		/// No CoRE round is open.
		NoCoreRound,
		/// Winners must be 1..=`MaxCoreCandidates` and the round must last.
		InvalidCoreRound,
		/// The asset is a candidate already.
		AlreadyProposed,
		/// `MaxCoreCandidates` candidates are proposed.
		TooManyCandidates,
		/// The caller voted in this round.
		AlreadyVoted,
		/// The asset is not a candidate.
		NotACandidate,
		/// The caller has no CoRE vote to unlock.
		NothingToUnlock,
		/// The stake counts in an open CoRE round's vote: it can leave once the round ends.
		StakeInCoreVote,
		/// The oracle has no fresh price for the asset: a reactor for it could neither be
		/// capped nor paid.
		UnpricedAsset,
		/// The account has no stake on this reactor.
		NoStake,
		/// A withdrawal request is pending: withdraw or cancel it first.
		RequestPending,
		/// The reactor's idle assets do not cover the withdrawal (it is deployed).
		LiquidityDeployed,
		/// The position earns on fewer tAssets than that.
		NothingToRelease,
		/// The caller holds no tAssets that are not earning already.
		NothingToEarn,
		/// The last rollover could not recall one of the reactor's venues, so its books may
		/// hide a loss: deposits and withdrawals wait for a rollover that recalls it.
		ReactorUnsettled,
		/// The reactor has a shortfall: deposits wait until gains have paid it down.
		ReactorInShortfall,
		/// The venue was removed.
		VenueRemoved,
		/// The venue still holds (or may hold) the pallet's liquidity: pause it and let a recall
		/// bring it back first.
		VenueHoldsLiquidity,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now).saturating_add(Self::finish_core(now))
		}

		fn integrity_test() {
			assert!(!T::CycleLength::get().is_zero(), "cycles have blocks");
			assert!(T::MaxStepsPerBlock::get() > 0, "rollovers progress");
			assert!(T::MaxStakeCover::get() < Perbill::one(), "a loss never takes the whole stake");
			assert!(
				T::CoverSlippage::get() <= T::MaxPoolDeviation::get(),
				"the stake never buys at a premium the venue bound refuses"
			);
			assert!(T::MaxFailedRecalls::get() > 0, "a recall is tried before a write-off");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a reactor for `asset`, with a new tAsset.
		#[pallet::call_index(0)]
		pub fn create_reactor(origin: OriginFor<T>, asset: AssetKind) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_create_reactor(asset).map(|_| ())
		}

		/// Pause or resume deposits into a reactor.
		#[pallet::call_index(1)]
		pub fn set_deposits_paused(
			origin: OriginFor<T>,
			reactor: ReactorId,
			paused: bool,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_deposits_paused(reactor, paused)
		}

		/// Register a venue of `kind` pairing the assets of reactors `a` and `b`.
		#[pallet::call_index(2)]
		pub fn add_venue(
			origin: OriginFor<T>,
			a: ReactorId,
			b: ReactorId,
			kind: VenueKind,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_add_venue(a, b, kind)
		}

		/// Deposit `amount` of the reactor's asset for as many tAssets.
		#[pallet::call_index(3)]
		pub fn deposit(
			origin: OriginFor<T>,
			reactor: ReactorId,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deposit(who, reactor, amount)
		}

		/// Ask to withdraw `amount` tAssets after the next rollover (after the one after it when
		/// asked during a rollover). They are frozen and stop earning until withdrawn or the
		/// request is cancelled.
		#[pallet::call_index(4)]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			reactor: ReactorId,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_withdrawal(who, reactor, amount)
		}

		/// Withdraw a request that is due: burns its tAssets for their share of what the reactor
		/// holds, `(supply − shortfall) / supply` each.
		#[pallet::call_index(5)]
		pub fn withdraw(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, reactor)
		}

		/// Stake `amount` SLC on a reactor's LD side.
		#[pallet::call_index(6)]
		pub fn stake(origin: OriginFor<T>, reactor: ReactorId, amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_stake(who, reactor, amount)
		}

		/// Ask to unstake `amount` SLC of stake: its shares stop earning at once and leave the
		/// stake at the next rollover, after its recall (so a loss found there reaches them).
		#[pallet::call_index(7)]
		pub fn request_unstake(
			origin: OriginFor<T>,
			reactor: ReactorId,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_unstake(who, reactor, amount)
		}

		/// Pay out the SLC of shares that have left the stake.
		#[pallet::call_index(8)]
		pub fn unstake(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unstake(who, reactor)
		}

		/// Split the caller's voting power (its stake, plus SLC held through voting index
		/// funds) across (reactor, venue) pairs. Persists across cycles; rescaled when the
		/// power changes. The caller's index tokens of the voting funds are frozen while it
		/// votes; no allocations stops voting and unfreezes them.
		#[pallet::call_index(9)]
		pub fn vote(origin: OriginFor<T>, allocations: AllocationsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, allocations)
		}

		/// Bring `who`'s stake on `reactor` in line with its shares (lower after a loss cover)
		/// and recount its votes with the power that is left (its index-fund holdings too, at
		/// what they hold now). Anyone may call it, so votes stop counting at an old power.
		#[pallet::call_index(16)]
		pub fn recount(
			origin: OriginFor<T>,
			reactor: ReactorId,
			who: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_recount(who, reactor)
		}

		/// Cancel the caller's withdrawal request; its tAssets earn again after the next rollover.
		#[pallet::call_index(17)]
		pub fn cancel_withdrawal(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_withdrawal(who, reactor)
		}

		/// Cancel the caller's unstake request before its shares leave; they earn again after
		/// the next rollover.
		#[pallet::call_index(18)]
		pub fn cancel_unstake(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_unstake(who, reactor)
		}

		/// Stop earning on `amount` of the caller's tAssets, unfreezing them (to transfer them).
		#[pallet::call_index(19)]
		pub fn release(
			origin: OriginFor<T>,
			reactor: ReactorId,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_release(who, reactor, amount)
		}

		/// Start earning on the caller's unfrozen tAssets (received from others or released),
		/// after the next rollover; they are frozen from now on.
		#[pallet::call_index(20)]
		pub fn earn(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_earn(who, reactor)
		}

		/// Claim the caller's LP and LD rewards in a reactor.
		#[pallet::call_index(10)]
		pub fn claim(origin: OriginFor<T>, reactor: ReactorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, reactor)
		}

		/// Open a CoRE round of `duration` blocks in which `winners` reactors are chosen.
		#[pallet::call_index(12)]
		pub fn start_core(
			origin: OriginFor<T>,
			duration: BlockNumberFor<T>,
			winners: u32,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_start_core(duration, winners)
		}

		/// Propose `asset` for a reactor in the open CoRE round, holding `CoreProposalDeposit`
		/// until it ends (burnt if the candidate gets less than `CoreMinSupport` of the votes).
		#[pallet::call_index(13)]
		pub fn propose_reactor(origin: OriginFor<T>, asset: AssetKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_reactor(who, asset)
		}

		/// Vote for a candidate with `amount` liquid SLC (locked until the round ends) plus
		/// the caller's reactor stake times `CoreStakeMultiplier` (which cannot be asked to
		/// leave until the round ends). One vote per round.
		#[pallet::call_index(14)]
		pub fn core_vote(
			origin: OriginFor<T>,
			asset: AssetKind,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_core_vote(who, asset, amount)
		}

		/// Unlock the SLC of a vote in a round that has ended.
		#[pallet::call_index(15)]
		pub fn core_unlock(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_core_unlock(who)
		}

		/// Emergency pause of a venue: it takes no new liquidity, and what it holds is recalled
		/// now (if its price is in line with the oracle's; else at the next rollover that finds
		/// it so). Resuming lets the next rollover deploy into it again.
		#[pallet::call_index(21)]
		pub fn set_venue_paused(
			origin: OriginFor<T>,
			venue: VenueId,
			paused: bool,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_venue_paused(venue, paused)
		}

		/// Remove a venue that holds none of the pallet's liquidity: it is paused for good and
		/// the votes for it stop counting (its voters' other allocations keep theirs).
		#[pallet::call_index(22)]
		pub fn remove_venue(origin: OriginFor<T>, venue: VenueId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_remove_venue(venue)
		}

		/// Emergency pause of a reactor: no deposits, and nothing of it is deployed from the next
		/// rollover (which recalls its venues as usual); withdrawals go on.
		#[pallet::call_index(23)]
		pub fn set_reactor_paused(
			origin: OriginFor<T>,
			reactor: ReactorId,
			paused: bool,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_reactor_paused(reactor, paused)
		}

		/// Set the index funds whose SLC holdings count as their holders' voting power.
		#[pallet::call_index(11)]
		pub fn set_voting_indices(
			origin: OriginFor<T>,
			indices: BoundedVec<IndexId, ConstU32<4>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			VotingIndices::<T>::put(indices.clone());
			Self::deposit_event(Event::VotingIndicesSet { indices });
			Ok(())
		}
	}
}

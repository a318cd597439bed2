//! NPoS: sessions, eras, staking and the on-chain election.
//!
//! Session and era length, the bonding duration and the slash deferral are the network's time
//! grid (`pallet-network-params`, set per chain spec at genesis): 10 s sessions, 30 s eras and a
//! 2-minute unbonding on dev and local chains, hour-long sessions, day-long eras and a 14-day
//! unbonding on the testnet.

use crate::{
	AccountId, Balance, BlockNumber, Runtime, RuntimeEvent, RuntimeHoldReason, Session,
	SessionKeys, Staking, Timestamp,
};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, Nothing},
};
use sp_runtime::{curve::PiecewiseLinear, traits::OpaqueKeys, Perbill};

/// Largest validator set an election may return.
pub const MAX_ACTIVE_VALIDATORS: u32 = 100;

/// Most nominators backing one validator in one exposure page.
pub const MAX_NOMINATORS_PER_VALIDATOR: u32 = 256;

pub use super::network::{BondingDuration, SessionPeriod, SessionsPerEra, SlashDeferDuration};

parameter_types! {
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Eras of staking history kept for reward claims: 84 on every network (84 days on the
	/// testnet). It bounds the ledgers' legacy claimed-rewards list, so it is not per network.
	pub const HistoryDepth: u32 = 84;
	/// Most voters taken into one on-chain election.
	pub ElectionBoundsOnChain: ElectionBounds =
		ElectionBoundsBuilder::default().voters_count(10_000.into()).targets_count(1_000.into()).build();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// The stash is the validator id (controllers are deprecated).
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Staking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = crate::Balances;
	/// Setting session keys holds no deposit.
	type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

// Yearly inflation paid to stakers: 2.5 % at no stake, 10 % at the ideal 50 % staked.
pallet_staking_reward_curve::build! {
	const REWARD_CURVE: PiecewiseLinear<'static> = curve!(
		min_inflation: 0_025_000,
		max_inflation: 0_100_000,
		ideal_stake: 0_500_000,
		falloff: 0_050_000,
		max_piece_count: 40,
		test_precision: 0_005_000,
	);
}

parameter_types! {
	/// The inflation curve above.
	pub const RewardCurve: &'static PiecewiseLinear<'static> = &REWARD_CURVE;
}

/// The on-chain sequential Phragmén election run at each era's end.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type Bounds = ElectionBoundsOnChain;
	type MaxBackersPerWinner = ConstU32<MAX_NOMINATORS_PER_VALIDATOR>;
	type MaxWinnersPerPage = ConstU32<MAX_ACTIVE_VALIDATORS>;
	type Sort = ConstBool<true>;
}

/// Bounds used by the staking benchmarks.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxNominators = ConstU32<1_000>;
	type MaxValidators = ConstU32<MAX_ACTIVE_VALIDATORS>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = crate::Balances;
	type Currency = crate::Balances;
	type CurrencyBalance = Balance;
	type RuntimeHoldReason = RuntimeHoldReason;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	/// The part of the era payout above the stakers' share is burned.
	type RewardRemainder = ();
	type RuntimeEvent = RuntimeEvent;
	/// Slashed bonds go to the treasury (after the reporters' reward, if any).
	type Slash = super::monetary::ToTreasury;
	type Reward = ();
	type SessionsPerEra = SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	/// Root or the staking-admin track: `cancel_deferred_slash`, `manual_slash`,
	/// `set_min_commission`, `restore_ledger`, `deprecate_controller_batch` (the validator count
	/// and staking configs are Root-only in pallet-staking).
	type AdminOrigin = super::governance::StakingAdminOrigin;
	type SessionInterface = Self;
	type EraPayout = pallet_staking::ConvertCurve<RewardCurve>;
	type NextNewSession = Session;
	type MaxExposurePageSize = ConstU32<MAX_NOMINATORS_PER_VALIDATOR>;
	type MaxValidatorSet = ConstU32<MAX_ACTIVE_VALIDATORS>;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type VoterList = pallet_staking::UseNominatorsAndValidatorsMap<Self>;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type MaxUnlockingChunks = ConstU32<32>;
	type HistoryDepth = HistoryDepth;
	type MaxControllersInDeprecationBatch = ConstU32<100>;
	type EventListeners = ();
	type Filter = Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

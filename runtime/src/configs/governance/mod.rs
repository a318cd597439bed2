//! Governance: OpenGov (`pallet-referenda`, `pallet-conviction-voting`, `pallet-scheduler`,
//! `pallet-preimage`) with Sluice's own origins and tracks, and the treasury (`pallet-treasury`).
//!
//! Every privileged call of the Sluice pallets takes a named origin that a referendum on its
//! track dispatches with ([`origins`]), or Root (the root track; sudo on development chains):
//! [`AdminOrigin`] for the protocol's administration, [`StakingAdminOrigin`] for staking's,
//! [`SlashVetoOrigin`] for restaking slash vetoes of services without their own resolver. The
//! treasury spends what its account holds (base fees, pool-setup fees, validator slashes); the
//! reactors' protocol-controlled value, which backs their loss cover, lives in the reactors' own
//! account and is not the treasury's to spend.

pub mod origins;
pub mod tracks;

use super::{monetary::TreasuryPalletId, network::GovernanceHour, TreasuryAccount};
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, Treasury, SLC,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		tokens::{pay::PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, EitherOf, EitherOfDiverse, EqualPrivilegeOnly, Get, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess, EnsureSigned};
use sp_runtime::{traits::AccountIdLookup, Perbill};

/// The largest spend one referendum on the treasurer track may make.
pub const MAX_TREASURER_SPEND: Balance = 250_000 * SLC;

/// Root, or a referendum on the protocol-admin track: the Sluice pallets' administration.
pub type AdminOrigin = EitherOf<EnsureRoot<AccountId>, origins::ProtocolAdmin>;
/// Root, or a referendum on the staking-admin track.
pub type StakingAdminOrigin = EitherOf<EnsureRoot<AccountId>, origins::StakingAdmin>;
/// Root, or a referendum on the slash-veto track.
pub type SlashVetoOrigin = EitherOf<EnsureRoot<AccountId>, origins::SlashVeto>;

/// Declares `$name: Get<BlockNumber>`: `$hours` governance hours, at least one block.
macro_rules! governance_period {
	($(#[$doc:meta])* $name:ident = $hours:expr) => {
		$(#[$doc])*
		pub struct $name;
		impl Get<BlockNumber> for $name {
			fn get() -> BlockNumber {
				GovernanceHour::get().saturating_mul($hours).max(1)
			}
		}
	};
}

governance_period!(
	/// A vote's conviction lock unit: 7 governance days (a 6× conviction locks for 32 of them).
	VoteLockingPeriod = 7 * 24
);
governance_period!(
	/// A referendum that has not started deciding within 14 governance days times out.
	UndecidingTimeout = 14 * 24
);
governance_period!(
	/// The treasury's spend period (approved `spend_local` proposals are paid each period).
	SpendPeriod = 24
);
governance_period!(
	/// A treasury spend may be claimed for 30 governance days after it is valid.
	PayoutPeriod = 30 * 24
);

parameter_types! {
	/// Scheduled calls (enacted proposals) may use 80 % of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * super::system::RuntimeBlockWeights::get().max_block;
	/// A preimage's deposit: 1 SLC and 0.01 SLC per byte.
	pub const PreimageBaseDeposit: Balance = SLC;
	pub const PreimageByteDeposit: Balance = SLC / 100;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Root's treasury spends are unbounded.
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Only Root schedules directly; referenda schedule through the pallet's traits.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	/// Support is measured against the active issuance.
	type MaxTurnout =
		frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	/// Submitting a referendum: 10 SLC, returned once it is decided.
	pub const SubmissionDeposit: Balance = 10 * SLC;
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_support::traits::AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type CancelOrigin = EitherOf<EnsureRoot<AccountId>, origins::ReferendumCanceller>;
	type KillOrigin = EitherOf<EnsureRoot<AccountId>, origins::ReferendumKiller>;
	/// A killed referendum's deposits go to the treasury.
	type Slash = Treasury;
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = frame_support::traits::ConstU32<1>;
	type Tracks = tracks::TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl origins::Config for Runtime {}

impl pallet_treasury::Config for Runtime {
	/// The treasury account fees have always gone to (`slc/trsy`).
	type PalletId = TreasuryPalletId;
	type Currency = Balances;
	type RejectOrigin = EitherOfDiverse<EnsureRoot<AccountId>, origins::Treasurer>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	/// Nothing is burned (`()` is zero).
	type Burn = ();
	type BurnDestination = ();
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin = EitherOf<EnsureRootWithSuccess<AccountId, MaxBalance>, origins::Treasurer>;
	/// Spends are in SLC, paid from the treasury account.
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = AccountIdLookup<AccountId, ()>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TreasuryBenchmarkHelper;
	type BlockNumberProvider = System;
}

/// Benchmark arguments for the treasury: SLC (`()`) and an account from the seed.
#[cfg(feature = "runtime-benchmarks")]
pub struct TreasuryBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_treasury::ArgumentsFactory<(), AccountId> for TreasuryBenchmarkHelper {
	fn create_asset_kind(_seed: u32) {}
	fn create_beneficiary(seed: [u8; 32]) -> AccountId {
		AccountId::new(seed)
	}
}

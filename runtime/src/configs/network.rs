//! Per-network parameters (`pallet-network-params`): the time grid set at genesis and the
//! settings governance changes within bounds, read by the pallets through the `Get` adapters
//! below.
//!
//! Each adapter reads one storage value, the same for every adapter of a kind, so a block reads
//! it once from the database and then from the overlay; the pallets' benchmarks run on the
//! development genesis, where it is present, so their weights include that read.
//!
//! Metadata: the Sluice pallets do not declare these items as metadata constants, but upstream
//! pallets do (`pallet-staking`'s `SessionsPerEra`, `BondingDuration`, `SlashDeferDuration`,
//! `HistoryDepth`; `pallet-referenda`'s `Tracks`, sized in governance hours). The runtime's
//! metadata is one document for every network, built with the built-in values (the public
//! network's, [`TimeGrid::TESTNET`] and [`Settings::TESTNET`]; see
//! [`with_built_in_values`]): a runtime built with `metadata-hash` carries the hash of that
//! metadata, and a wallet that signs with `CheckMetadataHash` computes it from the metadata the
//! node serves, so the two must be the same on a dev chain as on the testnet. A chain's own
//! values are in `networkParams.grid` and `networkParams.currentSettings`.

use crate::{BlockNumber, NetworkParams, Runtime};
use frame_support::traits::Get;
use pallet_network_params::{Settings, TimeGrid};
use sluice_primitives::Balance;

/// Runs `f` (the metadata's construction) as if the chain had no network parameters stored, so
/// that every constant derived from them shows its built-in value, then discards what that
/// changed. The metadata is thereby the same on every chain this runtime serves, and the same as
/// the one the wasm builder hashes (on empty storage) for `CheckMetadataHash`.
pub fn with_built_in_values<R>(f: impl FnOnce() -> R) -> R {
	sp_io::storage::start_transaction();
	pallet_network_params::Grid::<Runtime>::kill();
	pallet_network_params::CurrentSettings::<Runtime>::kill();
	let result = f();
	sp_io::storage::rollback_transaction();
	result
}

/// Declares `$name: Get<$ty>`, computed from the grid or the settings in force.
macro_rules! network_get {
	($(#[$doc:meta])* $name:ident: $ty:ty = grid |$g:ident| $value:expr) => {
		$(#[$doc])*
		pub struct $name;
		impl $name {
			/// The value now.
			pub fn get() -> $ty {
				let $g: TimeGrid = NetworkParams::grid();
				$value
			}
		}
		impl Get<$ty> for $name {
			fn get() -> $ty {
				Self::get()
			}
		}
	};
	($(#[$doc:meta])* $name:ident: $ty:ty = settings |$s:ident| $value:expr) => {
		$(#[$doc])*
		pub struct $name;
		impl $name {
			/// The value now.
			pub fn get() -> $ty {
				let $s: Settings = NetworkParams::settings();
				$value
			}
		}
		impl Get<$ty> for $name {
			fn get() -> $ty {
				Self::get()
			}
		}
	};
}

network_get!(
	/// Blocks in a session.
	SessionPeriod: BlockNumber = grid |g| g.session_period
);
network_get!(
	/// Sessions in a staking era.
	SessionsPerEra: sp_staking::SessionIndex = grid |g| g.sessions_per_era
);
network_get!(
	/// Eras a bond stays locked after `unbond`.
	BondingDuration: sp_staking::EraIndex = grid |g| g.bonding_duration
);
network_get!(
	/// Eras a validator slash is deferred (governance may cancel it meanwhile).
	SlashDeferDuration: sp_staking::EraIndex = grid |g| g.slash_defer_duration
);
network_get!(
	/// Eras in a year (the liquid-staking APR).
	ErasPerYear: u32 = grid |g| g.eras_per_year()
);
network_get!(
	/// Eras of earnings the liquid-staking pool keeps for its APR: a day of them, at least 30.
	LiquidStakingHistory: u32 = grid |g| (pallet_network_params::DAY / g.era_length().max(1)).max(30)
);
network_get!(
	/// Blocks in a reactor cycle.
	CycleLength: BlockNumber = grid |g| g.cycle_length
);
network_get!(
	/// Reactor cycles in a year (the reactors' APR).
	CyclesPerYear: u32 = grid |g| g.cycles_per_year()
);
network_get!(
	/// Blocks in a governance hour: the unit of the referendum tracks' periods.
	GovernanceHour: BlockNumber = grid |g| g.governance_hour
);
network_get!(
	/// Blocks in a restaking warm-up epoch.
	StakeWarmup: u32 = grid |g| g.stake_warmup
);
network_get!(
	/// SLC the reactors emit for a cycle, by the schedule in force: read at the end of the cycle
	/// paid, when the reactors have already moved to the next one (so the cycle paid is the one
	/// before `CurrentCycle`).
	EmissionPerCycle: Balance = settings |s| s.emission.at(paid_cycle())
);

/// The cycle the reactors pay emissions for: the one before the current.
fn paid_cycle() -> u32 {
	pallet_reactors::CurrentCycle::<Runtime>::get().saturating_sub(1)
}
network_get!(
	/// Blocks a restaking withdrawal waits.
	WithdrawalDelay: u32 = settings |s| s.withdrawal_delay
);
network_get!(
	/// Blocks a deallocation waits.
	DeallocationDelay: u32 = settings |s| s.deallocation_delay
);
network_get!(
	/// Blocks a restaking slash can be vetoed.
	VetoWindow: u32 = settings |s| s.veto_window
);
network_get!(
	/// Blocks before an allocation counts.
	AllocationDelay: u32 = settings |s| s.allocation_delay
);
network_get!(
	/// Blocks over which a service's rewards stream.
	RewardPeriod: u32 = settings |s| s.reward_period
);
network_get!(
	/// Blocks a commission change waits.
	CommissionDelay: u32 = settings |s| s.commission_delay
);
network_get!(
	/// SLC an operator stakes on itself.
	MinSelfBond: Balance = settings |s| s.min_self_bond
);

/// SLC in existence.
pub struct Issuance;
impl Get<Balance> for Issuance {
	fn get() -> Balance {
		pallet_balances::TotalIssuance::<Runtime>::get()
	}
}

impl pallet_network_params::Config for Runtime {
	/// Root or the protocol-admin track.
	type AdminOrigin = super::governance::AdminOrigin;
	type Issuance = Issuance;
	type CurrentCycle = CurrentCycle;
	/// The slash-veto track's longest referendum.
	type VetoResolution = super::governance::tracks::VetoResolution;
	type WeightInfo = ();
}

/// The reactors' current cycle.
pub struct CurrentCycle;
impl Get<u32> for CurrentCycle {
	fn get() -> u32 {
		pallet_reactors::CurrentCycle::<Runtime>::get()
	}
}

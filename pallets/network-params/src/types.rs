//! The grid, the settings, their bounds and the values of the two kinds of network.
//!
//! Every duration is in blocks of one second (the runtime's block time), except eras
//! (`bonding_duration`, `slash_defer_duration`), which are counted in eras.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sluice_primitives::{Balance, SLC};
use sp_runtime::{traits::Saturating, Perbill};

/// Blocks in an hour (one-second blocks).
pub const HOUR: u32 = 3_600;
/// Blocks in a day.
pub const DAY: u32 = 24 * HOUR;

/// Shortest session: 5 blocks.
pub const MIN_SESSION_PERIOD: u32 = 5;
/// Longest session: 4 hours.
pub const MAX_SESSION_PERIOD: u32 = 4 * HOUR;
/// Most sessions in an era.
pub const MAX_SESSIONS_PER_ERA: u32 = 48;
/// Shortest bonding duration: 2 eras.
pub const MIN_BONDING_DURATION: u32 = 2;
/// Longest bonding duration: 28 eras. Staking keeps one unlocking chunk per era of it (at most
/// 32) and the liquid-staking pool one queue slot per era of it plus two (at most 32).
pub const MAX_BONDING_DURATION: u32 = 28;
/// Shortest reactor cycle: longer than the slowest rollover (160 steps at 8 a block, 20 blocks),
/// so that no cycle boundary falls inside a rollover and is skipped.
pub const MIN_CYCLE_LENGTH: u32 = 21;
/// Longest reactor cycle: a week.
pub const MAX_CYCLE_LENGTH: u32 = 7 * DAY;
/// Longest restaking warm-up epoch: a day.
pub const MAX_STAKE_WARMUP: u32 = DAY;
/// Longest governance hour: a real hour.
pub const MAX_GOVERNANCE_HOUR: u32 = HOUR;

/// Shortest veto window of a restaking slash: 10 blocks.
pub const MIN_VETO_WINDOW: u32 = 10;
/// Longest restaking delay (withdrawal, deallocation, commission): 28 days.
pub const MAX_DELAY: u32 = 28 * DAY;
/// Longest allocation delay: a week.
pub const MAX_ALLOCATION_DELAY: u32 = 7 * DAY;
/// Longest reward stream: 30 days.
pub const MAX_REWARD_PERIOD: u32 = 30 * DAY;
/// Smallest operator self-bond: 1 SLC.
pub const MIN_SELF_BOND: Balance = SLC;
/// Largest operator self-bond: 100 000 SLC.
pub const MAX_SELF_BOND: Balance = 100_000 * SLC;
/// Most the reactors may emit in a year at the emission schedule's current rate, as a share of
/// the SLC in existence when governance sets it: 5 %.
pub const MAX_YEARLY_EMISSION: Perbill = Perbill::from_percent(5);
/// Seconds in a (365-day) year: blocks in a year at one block a second.
pub const YEAR: u32 = 365 * DAY;

/// The time grid: how the chain's clock is cut into sessions, eras and cycles. Set at genesis
/// and never changed: staking counts eras from session indices and stores unlocking chunks and
/// deferred slashes by era, the reactors number cycles from block 0, and restaking stores warm-up
/// epochs by index, so a change on a live chain would cut an era, a cycle or a warm-up short.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimeGrid {
	/// Blocks in a session (validator keys rotate, the era may end).
	pub session_period: u32,
	/// Sessions in a staking era.
	pub sessions_per_era: u32,
	/// Eras a bond stays locked after `unbond`.
	pub bonding_duration: u32,
	/// Eras a validator slash waits before it applies (governance may cancel it meanwhile): at
	/// least one (a report then has until the slash's era to arrive) and less than the bonding
	/// duration, so slashed stake cannot have left.
	pub slash_defer_duration: u32,
	/// Blocks in a reactor cycle (votes, deployment and emissions roll over at its end).
	pub cycle_length: u32,
	/// Blocks in a restaking warm-up epoch: stake counts from the epoch after next.
	pub stake_warmup: u32,
	/// Blocks in a governance hour, the unit of the referendum tracks' periods and of vote
	/// locking: an hour on a public network, a block on development chains (where a referendum
	/// is decided and enacted in minutes).
	pub governance_hour: u32,
}

/// Why a [`TimeGrid`] cannot be used (genesis refuses it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GridIssue {
	/// `session_period` outside [`MIN_SESSION_PERIOD`]..=[`MAX_SESSION_PERIOD`].
	SessionPeriod,
	/// `sessions_per_era` zero or above [`MAX_SESSIONS_PER_ERA`].
	SessionsPerEra,
	/// `bonding_duration` outside [`MIN_BONDING_DURATION`]..=[`MAX_BONDING_DURATION`].
	BondingDuration,
	/// `slash_defer_duration` zero or not below `bonding_duration`.
	SlashDeferDuration,
	/// `cycle_length` outside [`MIN_CYCLE_LENGTH`]..=[`MAX_CYCLE_LENGTH`].
	CycleLength,
	/// `stake_warmup` zero or above [`MAX_STAKE_WARMUP`].
	StakeWarmup,
	/// `governance_hour` zero or above [`MAX_GOVERNANCE_HOUR`].
	GovernanceHour,
}

impl TimeGrid {
	/// The grid of a public network (the `testnet` preset, and the built-in value): hour-long
	/// sessions, day-long eras, a 14-day unbonding with slashes deferred a week, day-long
	/// reactor cycles, hour-long restaking warm-up epochs and governance hours.
	pub const TESTNET: Self = Self {
		session_period: HOUR,
		sessions_per_era: 24,
		bonding_duration: 14,
		slash_defer_duration: 7,
		cycle_length: DAY,
		stake_warmup: HOUR,
		governance_hour: HOUR,
	};

	/// The grid of development chains (`dev`, `local_testnet`): 10-second sessions, 30-second
	/// eras, a 2-minute unbonding with slashes deferred two eras, 30-block cycles and warm-ups,
	/// one-block governance hours.
	pub const DEVELOPMENT: Self = Self {
		session_period: 10,
		sessions_per_era: 3,
		bonding_duration: 4,
		slash_defer_duration: 2,
		cycle_length: 30,
		stake_warmup: 30,
		governance_hour: 1,
	};

	/// Blocks in an era.
	pub fn era_length(&self) -> u32 {
		self.session_period.saturating_mul(self.sessions_per_era)
	}

	/// Eras in a year (at least one).
	pub fn eras_per_year(&self) -> u32 {
		(YEAR / self.era_length().max(1)).max(1)
	}

	/// Reactor cycles in a year (at least one).
	pub fn cycles_per_year(&self) -> u32 {
		(YEAR / self.cycle_length.max(1)).max(1)
	}

	/// Checks the grid against the bounds above.
	pub fn check(&self) -> Result<(), GridIssue> {
		let within = |v: u32, min: u32, max: u32| (min..=max).contains(&v);
		if !within(self.session_period, MIN_SESSION_PERIOD, MAX_SESSION_PERIOD) {
			return Err(GridIssue::SessionPeriod);
		}
		if !within(self.sessions_per_era, 1, MAX_SESSIONS_PER_ERA) {
			return Err(GridIssue::SessionsPerEra);
		}
		if !within(self.bonding_duration, MIN_BONDING_DURATION, MAX_BONDING_DURATION) {
			return Err(GridIssue::BondingDuration);
		}
		if self.slash_defer_duration == 0 || self.slash_defer_duration >= self.bonding_duration {
			return Err(GridIssue::SlashDeferDuration);
		}
		if !within(self.cycle_length, MIN_CYCLE_LENGTH, MAX_CYCLE_LENGTH) {
			return Err(GridIssue::CycleLength);
		}
		if !within(self.stake_warmup, 1, MAX_STAKE_WARMUP) {
			return Err(GridIssue::StakeWarmup);
		}
		if !within(self.governance_hour, 1, MAX_GOVERNANCE_HOUR) {
			return Err(GridIssue::GovernanceHour);
		}
		Ok(())
	}
}

impl Default for TimeGrid {
	/// [`TimeGrid::TESTNET`]: the value a chain without this pallet's genesis sees, and the one
	/// the runtime's metadata is built with.
	fn default() -> Self {
		Self::TESTNET
	}
}

/// The reactors' emission schedule: `per_cycle` SLC each cycle, lowered by `decay` every
/// `decay_every` cycles (counted from cycle 0).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmissionSchedule {
	/// SLC emitted per cycle before any decay.
	pub per_cycle: Balance,
	/// The share by which the emission falls at each step.
	pub decay: Perbill,
	/// Cycles between two steps (ignored when `decay` is zero).
	pub decay_every: u32,
}

impl EmissionSchedule {
	/// The emission in cycle `cycle`: `per_cycle × (1 − decay)^(cycle / decay_every)`, rounded
	/// down.
	pub fn at(&self, cycle: u32) -> Balance {
		if self.decay.is_zero() || self.decay_every == 0 {
			return self.per_cycle;
		}
		let steps = cycle / self.decay_every;
		(Perbill::one() - self.decay).saturating_pow(steps as usize).mul_floor(self.per_cycle)
	}
}

/// The settings governance may change (within the bounds above): amounts, delays and windows.
/// Each item that depends on one of them records its own due block or amount when it is made, so
/// a change applies to what is made afterwards.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
	/// The reactors' emissions.
	pub emission: EmissionSchedule,
	/// Blocks a restaking withdrawal waits (longer than the veto window, so a slash requested
	/// before it still applies).
	pub withdrawal_delay: u32,
	/// Blocks a deallocation waits before the stake leaves a service (at least the withdrawal
	/// delay).
	pub deallocation_delay: u32,
	/// Blocks a restaking slash may be vetoed before it is paid out.
	pub veto_window: u32,
	/// Blocks an allocation to a service waits before it counts.
	pub allocation_delay: u32,
	/// Blocks over which a service's reward is streamed to its stakers.
	pub reward_period: u32,
	/// Blocks a commission change waits (at least the withdrawal delay, so delegators can leave
	/// first).
	pub commission_delay: u32,
	/// SLC an operator must stake on itself to register.
	pub min_self_bond: Balance,
}

/// Why [`Settings`] cannot be used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SettingsIssue {
	/// The emission's yearly rate is above [`MAX_YEARLY_EMISSION`] of the issuance.
	EmissionAboveCap,
	/// A decaying emission with zero cycles between steps.
	EmissionStepZero,
	/// `veto_window` below [`MIN_VETO_WINDOW`].
	VetoWindowTooShort,
	/// `veto_window` not longer than the slowest governance veto of a slash.
	VetoWindowEndsBeforeVeto,
	/// `withdrawal_delay` not longer than `veto_window`.
	WithdrawalNotAfterVeto,
	/// A delay above [`MAX_DELAY`].
	DelayTooLong,
	/// `deallocation_delay` shorter than `withdrawal_delay`.
	DeallocationBeforeWithdrawal,
	/// `commission_delay` shorter than `withdrawal_delay`.
	CommissionBeforeWithdrawal,
	/// `allocation_delay` above [`MAX_ALLOCATION_DELAY`].
	AllocationDelayTooLong,
	/// `reward_period` zero or above [`MAX_REWARD_PERIOD`].
	RewardPeriodOutOfBounds,
	/// `min_self_bond` outside [`MIN_SELF_BOND`]..=[`MAX_SELF_BOND`].
	SelfBondOutOfBounds,
}

impl Settings {
	/// The settings of a public network: 650 SLC a day-long cycle, 20 % less each year (about
	/// 2 % of the genesis supply in the first year and 1.19 M SLC in all); week-long withdrawal,
	/// deallocation and commission delays, a two-day veto window, a day before an allocation
	/// counts and for each reward stream, and a 1 000 SLC self-bond.
	pub const TESTNET: Self = Self {
		emission: EmissionSchedule {
			per_cycle: 650 * SLC,
			decay: Perbill::from_percent(20),
			decay_every: 365,
		},
		withdrawal_delay: 7 * DAY,
		deallocation_delay: 7 * DAY,
		veto_window: 2 * DAY,
		allocation_delay: DAY,
		reward_period: DAY,
		commission_delay: 7 * DAY,
		min_self_bond: 1_000 * SLC,
	};

	/// The settings of development chains: 100 SLC a 30-block cycle without decay (far above
	/// what a public network may emit: dev chains exercise emissions, not supply), 2-minute
	/// withdrawals and deallocations, a 1-minute veto window, 30 blocks before an allocation
	/// counts, 5-minute reward streams and commission delay, a 100 SLC self-bond.
	pub const DEVELOPMENT: Self = Self {
		emission: EmissionSchedule { per_cycle: 100 * SLC, decay: Perbill::zero(), decay_every: 0 },
		withdrawal_delay: 120,
		deallocation_delay: 120,
		veto_window: 60,
		allocation_delay: 30,
		reward_period: 300,
		commission_delay: 300,
		min_self_bond: 100 * SLC,
	};

	/// Checks the delays, windows and self-bond against the bounds above (the emission's cap is
	/// checked by [`Settings::check_emission`], which needs the issuance).
	pub fn check(&self) -> Result<(), SettingsIssue> {
		if self.emission.decay_every == 0 && !self.emission.decay.is_zero() {
			return Err(SettingsIssue::EmissionStepZero);
		}
		if self.veto_window < MIN_VETO_WINDOW {
			return Err(SettingsIssue::VetoWindowTooShort);
		}
		if self.withdrawal_delay <= self.veto_window {
			return Err(SettingsIssue::WithdrawalNotAfterVeto);
		}
		if [self.withdrawal_delay, self.deallocation_delay, self.commission_delay]
			.iter()
			.any(|d| *d > MAX_DELAY)
		{
			return Err(SettingsIssue::DelayTooLong);
		}
		if self.deallocation_delay < self.withdrawal_delay {
			return Err(SettingsIssue::DeallocationBeforeWithdrawal);
		}
		if self.commission_delay < self.withdrawal_delay {
			return Err(SettingsIssue::CommissionBeforeWithdrawal);
		}
		if self.allocation_delay > MAX_ALLOCATION_DELAY {
			return Err(SettingsIssue::AllocationDelayTooLong);
		}
		if self.reward_period == 0 || self.reward_period > MAX_REWARD_PERIOD {
			return Err(SettingsIssue::RewardPeriodOutOfBounds);
		}
		if !(MIN_SELF_BOND..=MAX_SELF_BOND).contains(&self.min_self_bond) {
			return Err(SettingsIssue::SelfBondOutOfBounds);
		}
		Ok(())
	}

	/// Checks that the veto window outlasts `resolution`, the blocks a governance veto of a
	/// slash may take at the longest (the runtime's slowest slash-veto referendum).
	pub fn check_veto_resolution(&self, resolution: u32) -> Result<(), SettingsIssue> {
		if self.veto_window <= resolution {
			return Err(SettingsIssue::VetoWindowEndsBeforeVeto);
		}
		Ok(())
	}

	/// Checks that the emission schedule's rate now (`cycle`), over a year of `grid`'s cycles,
	/// stays within [`MAX_YEARLY_EMISSION`] of `issuance`.
	pub fn check_emission(
		&self,
		grid: &TimeGrid,
		cycle: u32,
		issuance: Balance,
	) -> Result<(), SettingsIssue> {
		let yearly = self.emission.at(cycle).saturating_mul(Balance::from(grid.cycles_per_year()));
		if yearly > MAX_YEARLY_EMISSION.mul_floor(issuance) {
			return Err(SettingsIssue::EmissionAboveCap);
		}
		Ok(())
	}
}

impl Default for Settings {
	/// [`Settings::TESTNET`], as for the grid.
	fn default() -> Self {
		Self::TESTNET
	}
}

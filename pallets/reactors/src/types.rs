//! The records the pallet keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use sluice_primitives::{venue::VenueKind, AssetId, AssetKind, Balance};

/// Identifier of a reactor.
pub type ReactorId = u32;

/// Number of a cycle; cycle `c` starts at block `c × CycleLength`.
pub type Cycle = u32;

/// Votes that a rollover reads as they stood when it started: a change made while rollover `c`
/// runs keeps the value the rollover reads (`frozen`) and takes effect from the next one.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Votes {
	/// The votes now.
	pub live: Balance,
	/// The votes rollover `.0` reads, if they changed while it ran.
	pub frozen: Option<(Cycle, Balance)>,
}

impl Votes {
	/// What a reader sees while rollover `rollover` runs (`None`: no rollover runs).
	pub fn counted(&self, rollover: Option<Cycle>) -> Balance {
		match (rollover, self.frozen) {
			(Some(now), Some((cycle, votes))) if now == cycle => votes,
			_ => self.live,
		}
	}

	/// Sets the live votes, keeping what a running rollover reads.
	pub fn set(&mut self, rollover: Option<Cycle>, live: Balance) {
		if let Some(now) = rollover {
			if self.frozen.map(|(cycle, _)| cycle) != Some(now) {
				self.frozen = Some((now, self.live));
			}
		}
		self.live = live;
	}
}

/// A reactor: one asset's LP side and the SLC its liquidity directors stake on it.
///
/// Amounts deposited or staked in cycle `c` (or while the rollover into `c` runs, counted as
/// `c + 1`) are *fresh*: they start earning once the rollover that deploys them has run, so
/// emissions go only to liquidity and stake at risk for the whole cycle they pay for.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Reactor {
	/// The asset LPs deposit.
	pub asset: AssetKind,
	/// The reactor's tAsset (`pallet-assets`), minted 1:1 on deposit.
	pub t_asset: AssetId,
	/// Whether deposits are paused.
	pub deposits_paused: bool,
	/// Whether the reactor is paused in an emergency: no deposits, and nothing deployed (its
	/// venues' liquidity comes back at the next rollover); withdrawals go on.
	pub paused: bool,
	/// tAssets in existence (= the tAsset's supply): claims on `idle + deployed`.
	pub supply: Balance,
	/// LP assets held by the pallet, not deployed.
	pub idle: Balance,
	/// LP assets in venues (at the quantities deployed).
	pub deployed: Balance,
	/// LP assets lost in venues beyond what the reserve, revenue and stake covered; every tAsset
	/// redeems for `(supply − shortfall) / supply`, and later revenue pays it down.
	pub shortfall: Balance,
	/// tAssets under withdrawal requests (frozen in their holders' accounts), kept out of the
	/// next deployment at their redemption value.
	pub withheld: Balance,
	/// SLC staked by liquidity directors on this reactor, kept in the stake account; a loss
	/// the reserve and revenue could not cover is bought back with part of it.
	pub staked: Balance,
	/// Shares of `staked` the liquidity directors own (Σ of their positions' shares). A loss
	/// cover lowers `staked` but not the shares: it reaches every LD pro rata in one write.
	pub stake_shares: Balance,
	/// SLC of unstake requests that have left the stake, owed to their LDs (in the stake
	/// account, no longer at risk).
	pub unbonding: Balance,
	/// LP amounts earning emissions (deposits past their first rollover, not requested).
	pub lp_earning: Balance,
	/// Stake shares earning emissions (past their first rollover, not requested).
	pub ld_earning: Balance,
	/// LP reward per earning unit (fixed point, 10^18).
	pub lp_rps: u128,
	/// LD reward per earning stake share (fixed point, 10^18).
	pub ld_rps: u128,
	/// Votes directing this reactor's liquidity (Σ over its venues).
	pub votes: Votes,
	/// The votes that directed this reactor's last deployment: they split the emission paid
	/// for the cycle that deployment was at risk.
	pub emission_votes: Balance,
	/// What this reactor's next deployment may use (set when a rollover starts deploying).
	pub deployable: Balance,
	/// The quantity at risk in venues during the current cycle (what stayed deployed and what
	/// the last rollover deployed): the emission for the cycle pays for that much liquidity.
	pub at_risk: Balance,
	/// The oldest cohort not converted yet.
	pub open_cohort: Cycle,
	/// Set to the rollover's cycle when one of the reactor's venues was not recalled (skipped
	/// or failing): its books may hide a loss, so until a rollover recalls everything it takes
	/// no deposits, pays no withdrawals and converts no cohort.
	pub unsettled: Option<Cycle>,
	/// What its venues have written off and may still give back (Σ of their `written_down`
	/// sides, removed venues aside). While it is not zero the loss is not known: no cover is
	/// spent on the shortfall and deposits wait.
	pub written_off: Balance,
	/// SLC of the stake spent on covers during rollover `.0`: one rollover's covers take at
	/// most `MaxStakeCover` of the stake it started with.
	pub stake_cover: Option<(Cycle, Balance)>,
}

/// What a reactor's positions of one cohort (the cycle their amounts start or stop counting
/// from) owe the reactor's totals, and what the cohort's rollover fixed for them.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Cohort {
	/// LP amounts deposited for this cohort.
	pub lp_fresh: Balance,
	/// Stake shares staked for this cohort.
	pub ld_fresh: Balance,
	/// Stake shares requested to leave at this cohort's rollover.
	pub ld_leaving: Balance,
	/// Positions that still refer to the cohort.
	pub refs: u32,
	/// Set by the cohort's rollover: the accumulators when its fresh amounts started earning,
	/// and the stake's (SLC, shares) when its leaving shares left.
	pub converted: Option<Conversion>,
}

/// What a cohort's rollover fixed.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Conversion {
	/// `lp_rps` when the cohort's deposits started earning.
	pub lp_rps: u128,
	/// `ld_rps` when the cohort's stake started earning.
	pub ld_rps: u128,
	/// The stake's SLC when the leaving shares left.
	pub staked: Balance,
	/// The stake's shares then.
	pub shares: Balance,
}

/// A venue: a pair of reactors whose assets are deployed together.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct VenueInfo {
	/// The kind of venue (DEX pool, index fund).
	pub kind: VenueKind,
	/// Reactor of the pair's first asset.
	pub a: ReactorId,
	/// Reactor of the pair's second asset.
	pub b: ReactorId,
	/// Quantity of `a`'s asset deployed in the venue.
	pub deployed_a: Balance,
	/// Quantity of `b`'s asset deployed in the venue.
	pub deployed_b: Balance,
	/// Whether it takes no new liquidity (what it holds is recalled at the next rollover).
	pub paused: bool,
	/// Whether it was removed: paused for good, its votes no longer count and none can be cast.
	pub removed: bool,
	/// Rollovers in a row that could not recall it (skipped or failing).
	pub failed_recalls: u32,
	/// Quantities written off after `MaxFailedRecalls` failed recalls: the venue may still hold
	/// them, and what a later recall brings back pays the reactors' shortfall down.
	pub written_down: (Balance, Balance),
}

impl VenueInfo {
	/// Reactor `reactor`'s side of `amounts` (the venue's `(a, b)` quantities), 0 if it is not
	/// one of the pair.
	pub fn side_of(&self, reactor: ReactorId, amounts: (Balance, Balance)) -> Balance {
		let a = if self.a == reactor { amounts.0 } else { 0 };
		let b = if self.b == reactor { amounts.1 } else { 0 };
		a.saturating_add(b)
	}

	/// Whether the venue may hold some of the pallet's liquidity (deployed or written off).
	pub fn holds_liquidity(&self) -> bool {
		self.deployed_a != 0
			|| self.deployed_b != 0
			|| self.written_down.0 != 0
			|| self.written_down.1 != 0
	}
}

/// An LP's position in a reactor. Its tAssets `earning + fresh + requested` are frozen in the
/// LP's account, so earning units cannot be moved away from the position that counts them.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct LpPosition {
	/// Units earning rewards.
	pub earning: Balance,
	/// Units deposited that start earning with their cohort: (amount, cohort).
	pub fresh: Option<(Balance, Cycle)>,
	/// `lp_rps` when the position was last settled.
	pub rps_paid: u128,
	/// Rewards settled and not yet claimed.
	pub unclaimed: Balance,
	/// A pending withdrawal request: tAssets and the cycle from which it can be withdrawn.
	pub request: Option<(Balance, Cycle)>,
}

impl LpPosition {
	/// The tAssets the position freezes in its holder's account.
	pub fn locked(&self) -> Balance {
		self.earning
			.saturating_add(self.fresh.map_or(0, |(amount, _)| amount))
			.saturating_add(self.request.map_or(0, |(amount, _)| amount))
	}
}

/// A liquidity director's stake on a reactor.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct LdPosition {
	/// Shares of the reactor's stake (earning, fresh and leaving).
	pub shares: Balance,
	/// Shares earning rewards.
	pub earning: Balance,
	/// Shares staked that start earning with their cohort: (shares, cohort).
	pub fresh: Option<(Balance, Cycle)>,
	/// Shares requested to leave at their cohort's rollover: (shares, cohort). They stop
	/// earning at once and stay at stake until they leave.
	pub leaving: Option<(Balance, Cycle)>,
	/// SLC of shares that have left, ready to unstake.
	pub unbonded: Balance,
	/// The SLC the position counted in its LD's voting power when last touched (its shares
	/// not leaving, at their worth then).
	pub staked: Balance,
	/// `ld_rps` when the position was last settled.
	pub rps_paid: u128,
	/// Rewards settled and not yet claimed.
	pub unclaimed: Balance,
}

/// An open CoRE round.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct CoreRoundInfo<BlockNumber> {
	/// The round's number.
	pub round: u32,
	/// Its last block: it is counted at the start of this block.
	pub ends: BlockNumber,
	/// How many candidates get reactors.
	pub winners: u32,
}

/// Why a rollover left a venue as it was.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum SkipReason {
	/// The oracle has no fresh price for one of the pair.
	Unpriced,
	/// The venue's price is further from the oracle's than `MaxPoolDeviation`.
	OffOracle,
}

/// A candidate of the open CoRE round.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct CoreCandidate<AccountId> {
	/// The asset proposed for a reactor.
	pub asset: AssetKind,
	/// Votes for it.
	pub votes: Balance,
	/// Who proposed it (and paid the deposit held until the round ends).
	pub proposer: AccountId,
}

/// A CoRE vote: its round, the liquid SLC it holds, and the stake it counted (which cannot be
/// asked to leave until the round ends).
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct CoreVote {
	/// The round.
	pub round: u32,
	/// Liquid SLC held for the vote.
	pub locked: Balance,
	/// Reactor stake the vote counted.
	pub staked: Balance,
}

/// Where a rollover is: it runs in steps, a bounded number per block.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum Phase {
	/// Between rollovers.
	#[default]
	Idle,
	/// Recalling liquidity from venue `n` onwards (fees to PCV, losses covered).
	Recall(u32),
	/// Paying reactor `n` onwards its emission and fixing what it may deploy.
	Settle(u32),
	/// Deploying into venue `n` onwards by the votes.
	Deploy(u32),
}

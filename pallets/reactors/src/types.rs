//! The records the pallet keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use sluice_primitives::{venue::VenueKind, AssetId, AssetKind, Balance};

/// Identifier of a reactor.
pub type ReactorId = u32;

/// Number of a cycle; cycle `c` starts at block `c × CycleLength`.
pub type Cycle = u32;

/// A reactor: one asset's LP side and the SLC its liquidity directors stake on it.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Reactor {
	/// The asset LPs deposit.
	pub asset: AssetKind,
	/// The reactor's tAsset (`pallet-assets`), minted 1:1 on deposit.
	pub t_asset: AssetId,
	/// Whether deposits are paused.
	pub deposits_paused: bool,
	/// LP assets owned by tAsset holders (= the tAsset's supply).
	pub supply: Balance,
	/// Part of `supply` held by the pallet, not deployed.
	pub idle: Balance,
	/// Part of `supply` in venues (at the quantities deployed).
	pub deployed: Balance,
	/// LP assets lost in venues beyond what the reserve and revenue covered.
	pub shortfall: Balance,
	/// Requested withdrawals, kept out of the next deployment.
	pub withheld: Balance,
	/// SLC staked by liquidity directors on this reactor, kept in the stake account; a loss
	/// the reserve and revenue could not cover is bought back with part of it.
	pub staked: Balance,
	/// Shares of `staked` the liquidity directors own (Σ of their positions' shares). A loss
	/// cover lowers `staked` but not the shares: it reaches every LD pro rata in one write.
	pub stake_shares: Balance,
	/// Sum of LP earning positions.
	pub lp_positions: Balance,
	/// LP reward per earning position unit (fixed point, 10^18).
	pub lp_rps: u128,
	/// LD reward per stake share (fixed point, 10^18).
	pub ld_rps: u128,
	/// Votes directing this reactor's liquidity (Σ over its venues).
	pub votes: Balance,
	/// What this reactor's next deployment may use (set when a rollover starts deploying).
	pub deployable: Balance,
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
}

/// An LP's position in a reactor.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct LpPosition {
	/// Deposits earning rewards (reduced by withdrawals; clamped to the tAsset balance whenever
	/// the position is touched, so tAssets moved away stop earning for their former holder).
	pub earning: Balance,
	/// `lp_rps` when the position was last settled.
	pub rps_paid: u128,
	/// Rewards settled and not yet claimed.
	pub unclaimed: Balance,
	/// A pending withdrawal request: amount and the cycle it was made in.
	pub request: Option<(Balance, Cycle)>,
}

/// A liquidity director's stake on a reactor.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct LdPosition {
	/// Shares of the reactor's stake.
	pub shares: Balance,
	/// The SLC those shares were worth when the position was last touched: what counts in the
	/// LD's voting power until the next touch (or `recount`) after a loss cover.
	pub staked: Balance,
	/// `ld_rps` when the position was last settled.
	pub rps_paid: u128,
	/// Rewards settled and not yet claimed.
	pub unclaimed: Balance,
	/// A pending unstake request: shares and the cycle it was made in. Requested shares stay
	/// at stake until they are unstaked, so a loss cover reaches them too.
	pub request: Option<(Balance, Cycle)>,
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

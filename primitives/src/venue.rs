//! Where reactors deploy liquidity: a venue holds a pair of tokens on behalf of an owner and
//! earns trading fees on them (an asset-conversion pool, an index-fund pool, ...).

use crate::{index::IndexId, AssetKind, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// Identifier of a venue, as registered with the reactors.
pub type VenueId = u32;

/// Which kind of venue holds a pair's liquidity.
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
pub enum VenueKind {
	/// The DEX (asset-conversion) pool of the pair.
	Dex,
	/// Index fund `id`, whose constituents are exactly the pair (joined and exited pro rata).
	IndexFund(IndexId),
}

/// Liquidity venues for pairs of tokens.
pub trait Venue<AccountId> {
	/// Puts at most `amounts` of the pair `(a, b)` from `owner` into the venue, in the venue's
	/// current ratio. Returns the amounts actually taken; the rest stays with `owner`.
	fn deploy(
		kind: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
		amounts: (Balance, Balance),
	) -> Result<(Balance, Balance), DispatchError>;

	/// Takes all of `owner`'s liquidity of the pair out of the venue, back to `owner`. Returns
	/// the amounts received (what was deployed, plus fees earned, less any loss).
	fn recall(
		kind: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
	) -> Result<(Balance, Balance), DispatchError>;

	/// Whether the venue can take liquidity of the pair.
	fn supports(kind: VenueKind, pair: (&AssetKind, &AssetKind)) -> bool;

	/// The venue's price of the pair now, as amounts `(a, b)` of equal worth in it (a pool's
	/// reserves, each scaled by the other's weight in a weighted pool); `None` if the venue
	/// has no price for the pair.
	fn spot(kind: VenueKind, pair: (&AssetKind, &AssetKind)) -> Option<(Balance, Balance)>;
}

/// A market that exchanges one token for another: the reactors buy back a venue loss with the
/// stake of the reactor's liquidity directors through it.
pub trait Market<AccountId> {
	/// Buys exactly `amount_out` of `get`, paying at most `max_in` of `pay` from `who`; sends
	/// the bought tokens to `to` and returns what was paid. Atomic: on error nothing moved.
	fn buy(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_out: Balance,
		max_in: Balance,
	) -> Result<Balance, DispatchError>;

	/// Sells exactly `amount_in` of `pay` from `who` for at least `min_out` of `get`, sent to
	/// `to`; returns what was received. Atomic: on error nothing moved.
	fn sell(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_in: Balance,
		min_out: Balance,
	) -> Result<Balance, DispatchError>;
}

//! Where reactors deploy liquidity: a venue holds a pair of tokens on behalf of an owner and
//! earns trading fees on them (an asset-conversion pool, an index-fund pool, ...).

use crate::{AssetKind, Balance};
use sp_runtime::DispatchError;

/// Identifier of a venue, as registered with the reactors.
pub type VenueId = u32;

/// A liquidity venue for a pair of tokens.
pub trait Venue<AccountId> {
	/// Puts at most `amounts` of the pair `(a, b)` from `owner` into the venue, in the venue's
	/// current ratio. Returns the amounts actually taken; the rest stays with `owner`.
	fn deploy(
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
		amounts: (Balance, Balance),
	) -> Result<(Balance, Balance), DispatchError>;

	/// Takes all of `owner`'s liquidity of the pair out of the venue, back to `owner`. Returns
	/// the amounts received (what was deployed, plus fees earned, less any loss).
	fn recall(
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
	) -> Result<(Balance, Balance), DispatchError>;

	/// Whether the venue can take liquidity of the pair.
	fn supports(pair: (&AssetKind, &AssetKind)) -> bool;
}

//! What other pallets may ask of the index funds.

use crate::{AssetKind, Balance};

/// Identifier of an index fund.
pub type IndexId = u32;

/// Meta-governance: the votes an index holder carries through the fund's holdings.
///
/// A holder of `h` index tokens out of a supply `S` owns `h / S` of every constituent the fund
/// holds, and may vote with that share of the fund's balance of a governance token (SLC, vSLC)
/// wherever that token votes (reactor direction).
pub trait IndexVotes<AccountId> {
	/// `holder`'s pro-rata share of index `index`'s balance of `token`, rounded down. Zero when
	/// the index does not exist, does not hold `token`, or `holder` holds none of the index.
	fn holdings_through(index: IndexId, holder: &AccountId, token: &AssetKind) -> Balance;
}

/// No index funds: nobody holds anything through them.
impl<AccountId> IndexVotes<AccountId> for () {
	fn holdings_through(_: IndexId, _: &AccountId, _: &AssetKind) -> Balance {
		0
	}
}

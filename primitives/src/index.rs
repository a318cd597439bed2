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
	/// Index tokens of `index` that `holder` holds (zero for no such index).
	fn tokens_of(index: IndexId, holder: &AccountId) -> Balance;

	/// The pro-rata share of index `index`'s balance of `token` that `tokens` of its index
	/// tokens own, rounded down. Zero when the index does not exist or does not hold `token`.
	fn holdings_of(index: IndexId, tokens: Balance, token: &AssetKind) -> Balance;

	/// `holder`'s pro-rata share of index `index`'s balance of `token`, rounded down.
	fn holdings_through(index: IndexId, holder: &AccountId, token: &AssetKind) -> Balance {
		Self::holdings_of(index, Self::tokens_of(index, holder), token)
	}
}

/// No index funds: nobody holds anything through them.
impl<AccountId> IndexVotes<AccountId> for () {
	fn tokens_of(_: IndexId, _: &AccountId) -> Balance {
		0
	}

	fn holdings_of(_: IndexId, _: Balance, _: &AssetKind) -> Balance {
		0
	}
}

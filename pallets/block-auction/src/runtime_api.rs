//! `BlockAuctionApi`: what a searcher reads before bidding.

use codec::Codec;
use sluice_primitives::Balance;

sp_api::decl_runtime_apis! {
	/// The state of the top-of-block auction.
	pub trait BlockAuctionApi<AccountId, BlockNumber> where AccountId: Codec, BlockNumber: Codec {
		/// The highest bid for the next block: searcher, bid and the block it bids for; `None`
		/// when nobody has bid yet (any bid of at least `min_bid` wins).
		fn best_bid() -> Option<(AccountId, Balance, BlockNumber)>;
		/// The smallest bid accepted.
		fn min_bid() -> Balance;
	}
}

//! Reactors: liquidity as a service. LPs deposit into per-asset reactors for tAssets (asset ids
//! from 3 000), liquidity directors stake SLC and vote, and every cycle the liquidity moves into
//! asset-conversion pools and two-asset index funds by the votes; fees go to the treasury as protocol-controlled value.

use super::index_funds::{OraclePrices, TokenDecimals, MAX_ORACLE_AGE_SECS};
use crate::{
	AccountId, AssetConversion, AssetKind, Balance, Balances, IndexFunds, Runtime,
	RuntimeHoldReason, RuntimeOrigin, SLC,
};
use alloc::boxed::Box;
use frame_support::{
	parameter_types,
	traits::{fungibles::Inspect, ConstU128, ConstU32},
	PalletId,
};
use pallet_asset_conversion::PoolLocator;
use sluice_math::shares::mul_div;
use sluice_primitives::venue::{Market, Venue, VenueKind};
use sp_runtime::{DispatchError, Perbill, Rounding};

parameter_types! {
	/// The reactors' account (idle LP assets, pool positions) is derived from this id.
	pub const ReactorsPalletId: PalletId = PalletId(*b"slc/rctr");
	/// A tenth of venue fees stays in the reserve that covers losses first.
	pub const ReactorReserveShare: Perbill = Perbill::from_percent(10);
	/// One venue loss takes at most half of the reactor's LD stake.
	pub const ReactorMaxStakeCover: Perbill = Perbill::from_percent(50);
	/// The stake buys a loss back at most 2 % worse than the oracle price (the venue bound).
	pub const ReactorCoverSlippage: Perbill = Perbill::from_percent(2);
	/// A venue whose price is more than 2 % off the oracle's is neither recalled nor deployed
	/// into that rollover.
	pub const ReactorMaxPoolDeviation: Perbill = Perbill::from_percent(2);
	/// A CoRE candidate needs 1 % of the round's votes for its proposer's deposit back.
	pub const ReactorCoreMinSupport: Perbill = Perbill::from_percent(1);
}

/// Asset id of reactor 0's tAsset; reactor `n`'s is `T_ASSET_ID_BASE + n` (reserved).
pub const T_ASSET_ID_BASE: u32 = 3_000;

/// Most reactors.
pub const MAX_REACTORS: u32 = 32;

/// Token names from the main assets ledger; the chain sets its own tokens' metadata (no deposit).
pub struct SluiceTokenNames;
impl sluice_primitives::metadata::TokenNames for SluiceTokenNames {
	fn symbol(asset: &AssetKind) -> alloc::vec::Vec<u8> {
		match asset {
			AssetKind::Native => b"SLC".to_vec(),
			AssetKind::WithId(id) => {
				let symbol =
					pallet_assets::Metadata::<Runtime, super::assets::MainAssetsInstance>::get(id)
						.symbol
						.into_inner();
				// An asset with no symbol is named by its id.
				if symbol.is_empty() {
					alloc::format!("{id}").into_bytes()
				} else {
					symbol
				}
			}
		}
	}

	fn set(
		id: sluice_primitives::AssetId,
		mut name: alloc::vec::Vec<u8>,
		mut symbol: alloc::vec::Vec<u8>,
		decimals: u8,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::Get;
		let limit = <<Runtime as pallet_assets::Config<super::assets::MainAssetsInstance>>::StringLimit as Get<u32>>::get() as usize;
		name.truncate(limit);
		symbol.truncate(limit);
		crate::Assets::force_set_metadata(
			RuntimeOrigin::root(),
			id.into(),
			name,
			symbol,
			decimals,
			false,
		)
	}
}

/// The reactors' pallet account, which holds the LP assets and the venue positions.
pub struct ReactorsAccount;
impl frame_support::traits::Contains<AccountId> for ReactorsAccount {
	fn contains(who: &AccountId) -> bool {
		*who == pallet_reactors::Pallet::<Runtime>::account_id()
	}
}

/// The reactors' venues: asset-conversion pools (liquidity added and removed through the DEX's
/// own calls) and two-asset index funds (joined and exited pro rata through the fund's own
/// calls), both signed by the owner and measured by the owner's balance changes.
pub struct SluiceVenues;

impl SluiceVenues {
	fn balances(pair: (&AssetKind, &AssetKind), owner: &AccountId) -> (Balance, Balance) {
		type Assets = super::assets::NativeAndAssets;
		(Assets::balance(pair.0.clone(), owner), Assets::balance(pair.1.clone(), owner))
	}

	/// What `owner` received (`true`) or paid (`false`) of each asset around `action`.
	fn measured(
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
		received: bool,
		action: impl FnOnce() -> Result<(), DispatchError>,
	) -> Result<(Balance, Balance), DispatchError> {
		let before = Self::balances(pair, owner);
		action()?;
		let after = Self::balances(pair, owner);
		Ok(if received {
			(after.0.saturating_sub(before.0), after.1.saturating_sub(before.1))
		} else {
			(before.0.saturating_sub(after.0), before.1.saturating_sub(after.1))
		})
	}

	fn lp_tokens(pair: (&AssetKind, &AssetKind), owner: &AccountId) -> Option<Balance> {
		let id = <Runtime as pallet_asset_conversion::Config>::PoolLocator::pool_id(pair.0, pair.1)
			.ok()?;
		let pool = pallet_asset_conversion::Pools::<Runtime>::get(id)?;
		Some(crate::PoolAssets::balance(pool.lp_token, owner))
	}

	/// Fund `id` if its constituents are exactly the pair, and the pair's positions in it.
	fn fund(
		id: u32,
		pair: (&AssetKind, &AssetKind),
	) -> Option<(pallet_index_funds::IndexOf<Runtime>, usize, usize)> {
		let info = pallet_index_funds::Indices::<Runtime>::get(id)?;
		if info.assets.len() != 2 {
			return None;
		}
		let a = info.assets.iter().position(|x| x == pair.0)?;
		let b = info.assets.iter().position(|x| x == pair.1)?;
		(a != b).then_some((info, a, b))
	}
}

impl Venue<AccountId> for SluiceVenues {
	fn deploy(
		kind: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
		amounts: (Balance, Balance),
	) -> Result<(Balance, Balance), DispatchError> {
		let origin = || RuntimeOrigin::signed(owner.clone());
		match kind {
			VenueKind::Dex => Self::measured(pair, owner, false, || {
				AssetConversion::add_liquidity(
					origin(),
					Box::new(pair.0.clone()),
					Box::new(pair.1.clone()),
					amounts.0,
					amounts.1,
					0,
					0,
					owner.clone(),
				)
			}),
			VenueKind::IndexFund(id) => {
				let (info, a, b) =
					Self::fund(id, pair).ok_or(DispatchError::Other("no such fund"))?;
				let balance = |i: usize| info.balances.get(i).copied().unwrap_or(0);
				// The most index tokens both amounts pay for (the fund rounds the cost up, to at
				// most these amounts).
				let afford = |amount: Balance, i: usize| {
					mul_div(amount, info.supply, balance(i), Rounding::Down).unwrap_or(0)
				};
				let pool_out = afford(amounts.0, a).min(afford(amounts.1, b));
				let mut max = [0; 2];
				max[a] = amounts.0;
				max[b] = amounts.1;
				Self::measured(pair, owner, false, || {
					IndexFunds::join(
						origin(),
						id,
						pool_out,
						max.to_vec().try_into().unwrap_or_default(),
					)
				})
			}
		}
	}

	fn recall(
		kind: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
	) -> Result<(Balance, Balance), DispatchError> {
		let origin = || RuntimeOrigin::signed(owner.clone());
		match kind {
			VenueKind::Dex => {
				let lp = Self::lp_tokens(pair, owner).unwrap_or(0);
				if lp == 0 {
					return Ok((0, 0));
				}
				Self::measured(pair, owner, true, || {
					AssetConversion::remove_liquidity(
						origin(),
						Box::new(pair.0.clone()),
						Box::new(pair.1.clone()),
						lp,
						0,
						0,
						owner.clone(),
					)
				})
			}
			VenueKind::IndexFund(id) => {
				let (info, _, _) =
					Self::fund(id, pair).ok_or(DispatchError::Other("no such fund"))?;
				let held = crate::Assets::balance(info.token, owner);
				if held == 0 {
					return Ok((0, 0));
				}
				Self::measured(pair, owner, true, || {
					IndexFunds::exit(
						origin(),
						id,
						held,
						alloc::vec![0, 0].try_into().unwrap_or_default(),
					)
				})
			}
		}
	}

	fn supports(kind: VenueKind, pair: (&AssetKind, &AssetKind)) -> bool {
		match kind {
			VenueKind::Dex => Self::lp_tokens(pair, &AccountId::new([0; 32])).is_some(),
			VenueKind::IndexFund(id) => Self::fund(id, pair).is_some(),
		}
	}

	fn spot(kind: VenueKind, pair: (&AssetKind, &AssetKind)) -> Option<(Balance, Balance)> {
		match kind {
			VenueKind::Dex => AssetConversion::get_reserves(pair.0.clone(), pair.1.clone()).ok(),
			VenueKind::IndexFund(id) => {
				use frame_support::traits::UnixTime;
				let (info, a, b) = Self::fund(id, pair)?;
				let now = <crate::Timestamp as UnixTime>::now().as_secs();
				let weights = IndexFunds::weights_at(&info, now).ok()?;
				let (balance_a, balance_b) = (*info.balances.get(a)?, *info.balances.get(b)?);
				let (weight_a, weight_b) = (*weights.get(a)?, *weights.get(b)?);
				// Equal worth: balance_a / weight_a of A against balance_b / weight_b of B,
				// scaled by weight_a × weight_b (weights are 10^18 at most).
				let scale = 1_000_000_000_000_000_000;
				Some((
					mul_div(balance_a, weight_b, scale, Rounding::Down)?,
					mul_div(balance_b, weight_a, scale, Rounding::Down)?,
				))
			}
		}
	}
}

/// The market the reactors buy a venue loss back through: asset-conversion swaps (a direct pool
/// of the two tokens), keeping the payer alive.
pub struct SluiceMarket;

impl Market<AccountId> for SluiceMarket {
	fn buy(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_out: Balance,
		max_in: Balance,
	) -> Result<Balance, DispatchError> {
		<AssetConversion as pallet_asset_conversion::Swap<AccountId>>::swap_tokens_for_exact_tokens(
			who.clone(),
			alloc::vec![pay.clone(), get.clone()],
			amount_out,
			Some(max_in),
			to.clone(),
			true,
		)
	}

	fn sell(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_in: Balance,
		min_out: Balance,
	) -> Result<Balance, DispatchError> {
		<AssetConversion as pallet_asset_conversion::Swap<AccountId>>::swap_exact_tokens_for_tokens(
			who.clone(),
			alloc::vec![pay.clone(), get.clone()],
			amount_in,
			Some(min_out),
			to.clone(),
			true,
		)
	}
}

impl pallet_reactors::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = super::assets::NativeAndAssets;
	type TAssets = crate::Assets;
	type TokenNames = SluiceTokenNames;
	type Venue = SluiceVenues;
	type Market = SluiceMarket;
	type Oracle = OraclePrices;
	type Time = crate::Timestamp;
	type MaxOracleAge = frame_support::traits::ConstU64<MAX_ORACLE_AGE_SECS>;
	type Decimals = TokenDecimals;
	type IndexVotes = IndexFunds;
	type PalletId = ReactorsPalletId;
	/// Root or the protocol-admin track creates reactors and venues and pauses deposits.
	type AdminOrigin = super::governance::AdminOrigin;
	/// The network's cycle (30 blocks on dev chains, a day on the testnet) and the emissions by
	/// its schedule (100 SLC a cycle on dev chains; 650 SLC a day on the testnet, 20 % less each
	/// year), for LPs and LDs.
	type CycleLength = super::network::CycleLength;
	type CyclesPerYear = super::network::CyclesPerYear;
	type EmissionPerCycle = super::network::EmissionPerCycle;
	type ReserveShare = ReactorReserveShare;
	type MaxStakeCover = ReactorMaxStakeCover;
	type CoverSlippage = ReactorCoverSlippage;
	type MaxPoolDeviation = ReactorMaxPoolDeviation;
	type MaxFailedRecalls = ConstU32<3>;
	/// Deploy at most 10 × (LD stake + revenue built), by value.
	type DeploymentCap = ConstU32<10>;
	/// Sixteen candidates per CoRE round.
	type MaxCoreCandidates = ConstU32<16>;
	/// A staked SLC counts three times a liquid one in CoRE.
	type CoreStakeMultiplier = ConstU32<3>;
	/// 100 SLC held from a CoRE proposer until the round ends.
	type CoreProposalDeposit = ConstU128<{ 100 * SLC }>;
	/// A candidate with less than 1 % of the round's votes forfeits that deposit.
	type CoreMinSupport = ReactorCoreMinSupport;
	type TAssetIdBase = ConstU32<T_ASSET_ID_BASE>;
	type MaxReactors = ConstU32<MAX_REACTORS>;
	type MaxVenues = ConstU32<64>;
	type MaxAllocations = ConstU32<16>;
	/// Eight venue or reactor steps per block.
	type MaxStepsPerBlock = ConstU32<8>;
	/// 10^-6 SLC (and the same number of units of any asset).
	type MinAmount = ConstU128<1_000_000>;
	type WeightInfo = crate::weights::pallet_reactors::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ReactorsBenchmarkHelper;
}

/// Venue assets for the benchmarks: a new token paired with SLC in a new asset-conversion pool
/// with liquidity, both priced at $1 in the oracle.
#[cfg(feature = "runtime-benchmarks")]
pub struct ReactorsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_reactors::benchmarking::BenchmarkHelper for ReactorsBenchmarkHelper {
	fn venue_asset(i: u32) -> AssetKind {
		use frame_support::traits::{
			fungible::Mutate as _,
			fungibles::{Create, Mutate},
		};
		let id = 20_000 + i;
		let asset = AssetKind::WithId(id);
		let funder = AccountId::new([7u8; 32]);
		// Set-up steps of a benchmark: a failure shows up as the benchmark's own failure.
		let _ = Balances::mint_into(&funder, 1_000_000 * SLC);
		let _ = <crate::Assets as Create<AccountId>>::create(id, funder.clone(), true, 1);
		// Twelve decimals, as SLC: the pool below is then at the oracle's price.
		let _ =
			<crate::Assets as frame_support::traits::fungibles::metadata::Mutate<AccountId>>::set(
				id,
				&funder,
				b"Bench".to_vec(),
				b"BNCH".to_vec(),
				12,
			);
		let _ = <crate::Assets as Mutate<AccountId>>::mint_into(id, &funder, 1_000_000 * SLC);
		let origin = || RuntimeOrigin::signed(funder.clone());
		let native = Box::new(AssetKind::Native);
		let _ = AssetConversion::create_pool(origin(), native.clone(), Box::new(asset.clone()));
		let _ = AssetConversion::add_liquidity(
			origin(),
			native,
			Box::new(asset.clone()),
			100_000 * SLC,
			100_000 * SLC,
			0,
			0,
			funder.clone(),
		);
		let timestamp = pallet_timestamp::Now::<Runtime>::get();
		for kind in [AssetKind::Native, asset.clone()] {
			pallet_oracle::Values::<Runtime>::insert(
				crate::OracleKey::Price(kind),
				pallet_oracle::TimestampedValue {
					value: sp_runtime::FixedU128::from_u32(1),
					timestamp,
				},
			);
		}
		asset
	}

	fn move_price(asset: AssetKind) {
		let funder = AccountId::new([7u8; 32]);
		// A purchase of `asset` moving its price about 1 % (within the rollover's 2 % bound on
		// the pool's price and the cover's oracle bound): the pool keeps less of it and more
		// SLC.
		let _ = AssetConversion::swap_exact_tokens_for_tokens(
			RuntimeOrigin::signed(funder.clone()),
			alloc::vec![Box::new(AssetKind::Native), Box::new(asset)],
			500 * SLC,
			1,
			funder,
			false,
		);
	}
}

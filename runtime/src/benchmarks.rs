//! The pallets benchmarked by `sluice-node benchmark pallet` (built with `--features
//! runtime-benchmarks`).

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_assets, Assets]
	[pallet_asset_conversion, AssetConversion]
	[pallet_oracle, Oracle]
	[pallet_liquid_staking, LiquidStaking]
	[pallet_block_auction, BlockAuction]
	[pallet_index_funds, IndexFunds]
	[pallet_reactors, Reactors]
	[pallet_restaking, Restaking]
	[pallet_oracle_feeds, OracleFeeds]
	[pallet_network_params, NetworkParams]
);

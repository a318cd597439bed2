//! What the Sluice pallets' fuzzers (`pallets/*/src/tests/fuzz.rs`) share. Each fuzzer runs
//! random sequences of operations on its pallet's mock runtime with the invariants checked after
//! every one, and a coverage test that runs a fixed-seed batch and requires the operations to get
//! past the errors. Tests only: a dev-dependency.

use proptest::{
	collection::{vec, VecStrategy},
	strategy::{Strategy, ValueTree},
	test_runner::{Config, TestRunner},
};
use std::{collections::BTreeSet, fmt::Debug};

/// The number of sequences a fuzz run executes: `FUZZ_CASES`, or 64 (the suite's short run).
pub fn cases() -> u32 {
	std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
}

/// The fuzzers' proptest configuration: [`cases`] sequences, the rest as proptest's defaults.
pub fn config() -> Config {
	Config { cases: cases(), ..Config::default() }
}

/// Sequences of 1 to 59 operations drawn from `op`.
pub fn sequences<S: Strategy>(op: S) -> VecStrategy<S> {
	vec(op, 1..60)
}

/// `n` sequences of [`sequences`], always the same ones (a fixed seed).
pub fn fixed_sequences<S: Strategy>(op: S, n: usize) -> Vec<Vec<S::Value>> {
	let mut runner = TestRunner::deterministic();
	let strategy = sequences(op);
	(0..n)
		.map(|_| strategy.new_tree(&mut runner).expect("the strategy generates").current())
		.collect()
}

/// The kind of an operation: its `Debug` form up to the first parenthesis (the variant's name).
pub fn kind(op: &impl Debug) -> String {
	format!("{op:?}").split('(').next().unwrap_or_default().to_string()
}

/// What a fuzzer's operations reached: the kinds that succeeded somewhere, and how many of the
/// calls (operations that are extrinsics, not changes of the surroundings) succeeded.
#[derive(Debug, Default)]
pub struct Coverage {
	pub kinds: BTreeSet<String>,
	pub calls: usize,
	pub succeeded: usize,
}

impl Coverage {
	/// Records `op`, whether it is a call and whether it succeeded; returns its kind.
	pub fn record(&mut self, op: &impl Debug, is_call: bool, succeeded: bool) -> String {
		let kind = kind(op);
		self.calls += usize::from(is_call);
		if succeeded {
			self.succeeded += usize::from(is_call);
			self.kinds.insert(kind.clone());
		}
		kind
	}

	/// Panics unless `count` kinds succeeded somewhere and at least one call in `one_in` did.
	pub fn assert_reached(&self, count: usize, one_in: usize) {
		assert_eq!(
			self.kinds.len(),
			count,
			"kinds that never succeeded are missing from {:?}",
			self.kinds
		);
		self.assert_success_rate(one_in);
	}

	/// Panics unless at least one call in `one_in` succeeded.
	pub fn assert_success_rate(&self, one_in: usize) {
		assert!(
			self.succeeded * one_in >= self.calls,
			"{} of {} calls succeeded",
			self.succeeded,
			self.calls
		);
	}
}

/// Runs `apply` as the node's block builder applies an extrinsic: in a storage transaction that
/// is committed when `apply` returns `Ok`, and rolled back when it returns `Err` or panics (a
/// trap). A panic leaves the storage transactions it was inside open; the client closes them when
/// the runtime call ends, so here every open transaction is rolled back (call this with none open
/// outside it). `None` when `apply` panicked.
pub fn apply_as_block_builder<R, E>(apply: impl FnOnce() -> Result<R, E>) -> Option<Result<R, E>> {
	sp_io::storage::start_transaction();
	match std::panic::catch_unwind(std::panic::AssertUnwindSafe(apply)) {
		Ok(Ok(applied)) => {
			sp_io::storage::commit_transaction();
			Some(Ok(applied))
		}
		Ok(Err(refused)) => {
			sp_io::storage::rollback_transaction();
			Some(Err(refused))
		}
		Err(_) => {
			// Roll back until no transaction is open (the last attempt panics, and is caught).
			while std::panic::catch_unwind(sp_io::storage::rollback_transaction).is_ok() {}
			None
		}
	}
}

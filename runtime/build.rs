//! Builds the wasm blob of the runtime (skipped with `SKIP_WASM_BUILD=1`), with the hash of its
//! metadata for `CheckMetadataHash` (feature `metadata-hash`, on by default).
//!
//! The blob does not depend on where the checkout is: two builds of one commit from different
//! paths give the same bytes (`scripts/reproducible-wasm.sh` checks it). Rust puts absolute paths
//! into a wasm in two ways. Panic locations name source files: those are remapped. And cargo hashes
//! the absolute path of every path dependency that lies outside the workspace being built into the
//! crate's `-C metadata`, which reaches the code through symbol names and `TypeId`s; the wasm
//! builder's project (in the target dir) is always such a workspace, so no remapping helps there.
//! So the wasm is built from a copy of the workspace at one fixed path, `SLUICE_WASM_SOURCE`
//! (default `/tmp/sluice-wasm-source`), kept in step with the checkout file by file under a lock
//! inside it: a file is rewritten only when its bytes differ, with a time that keeps cargo's
//! freshness checks right whichever checkout or target dir built last. The copy is a directory
//! of the builder's own (created `0700` and marked as the copy, refused if it is a symlink, holds
//! anything else, or another user can write to it: the sync deletes what the checkout lacks), and
//! no cargo configuration may lie around it (cargo would apply it to the wasm build).

#[cfg(feature = "std")]
mod source {
	use std::{
		collections::BTreeSet,
		env, fs, io,
		path::{Path, PathBuf},
		time::SystemTime,
	};

	/// The workspace files besides the members' directories that the wasm build reads.
	const ROOT_FILES: &[&str] = &["Cargo.toml", "Cargo.lock", "rust-toolchain.toml"];
	/// What changes the blob: the build script reruns when one of these files changes.
	const WASM_INPUTS: &[&str] =
		&["Cargo.toml", "Cargo.lock", "math", "pallets", "primitives", "runtime"];

	pub const SOURCE_ENV: &str = "SLUICE_WASM_SOURCE";
	const DEFAULT_SOURCE: &str = "/tmp/sluice-wasm-source";
	/// Touched by every build after its wasm build, before it lets go of the lock.
	const LAST_BUILD: &str = ".last-wasm-build";
	/// There while a wasm build of the copy runs: left behind, a build failed or was stopped.
	const IN_PROGRESS: &str = ".wasm-build-in-progress";
	/// Marks the directory as the copy: the sync deletes only in a directory that has it.
	const MARKER: &str = ".sluice-wasm-source";
	/// The lock that serializes the builds using the copy.
	const LOCK: &str = ".lock";

	/// Where the copy is: an absolute path outside the workspace (compared once symlinks are
	/// resolved), itself no symlink.
	pub fn dir(workspace: &Path) -> Result<PathBuf, String> {
		let dir =
			env::var_os(SOURCE_ENV).map_or_else(|| PathBuf::from(DEFAULT_SOURCE), PathBuf::from);
		let outside = |dir: &Path, workspace: &Path| {
			!dir.starts_with(workspace) && !workspace.starts_with(dir)
		};
		let resolved = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
		let workspace_resolved =
			fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
		if !dir.is_absolute()
			|| !outside(&dir, workspace)
			|| !outside(&resolved, &workspace_resolved)
		{
			return Err(format!(
				"{SOURCE_ENV}={} must be an absolute path outside the workspace {}",
				dir.display(),
				workspace.display()
			));
		}
		if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
			return Err(format!("{SOURCE_ENV}={} is a symlink: name a directory", dir.display()));
		}
		Ok(dir)
	}

	/// Makes `copy` a directory of the copy's own: created (`0700`) and marked if it is not
	/// there, refused if it holds anything without the mark (the sync would delete it), belongs
	/// to another user than `owner_of` or is writable by others.
	pub fn prepare(copy: &Path, owner_of: &Path) -> Result<(), String> {
		let shown = copy.display();
		if !copy.exists() {
			let mut builder = fs::DirBuilder::new();
			builder.recursive(true);
			#[cfg(unix)]
			std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
			builder.create(copy).map_err(|e| format!("{shown} cannot be created: {e}"))?;
		}
		#[cfg(unix)]
		{
			use std::os::unix::fs::MetadataExt;
			let owner = |path: &Path| fs::metadata(path).map(|m| m.uid()).ok();
			let mode = fs::symlink_metadata(copy).map(|m| m.mode()).unwrap_or(0o777);
			if owner(copy) != owner(owner_of) || mode & 0o022 != 0 {
				return Err(format!(
					"{shown} must belong to the user building and be writable by no one else: \
					 another user could change the sources the runtime is built from; set \
					 {SOURCE_ENV} to a dir of yours"
				));
			}
		}
		// A copy made before the mark existed has the record of its last build.
		if !copy.join(MARKER).is_file() && !copy.join(LAST_BUILD).is_file() {
			let empty = fs::read_dir(copy)
				.map_err(|e| format!("{shown} cannot be read: {e}"))?
				.next()
				.is_none();
			if !empty {
				return Err(format!(
					"{shown} holds files that no Sluice build put there (it has no {MARKER}); \
					 the wasm build would delete them: set {SOURCE_ENV} to an empty or new dir"
				));
			}
		}
		if !copy.join(MARKER).is_file() {
			fs::write(copy.join(MARKER), "the runtime's wasm is built from this copy\n")
				.map_err(|e| format!("{shown} is not writable: {e}"))?;
		}
		Ok(())
	}

	/// The first cargo configuration file around `copy` (in it or a parent, other than
	/// `cargo_home`'s own), which cargo would apply to the wasm build.
	pub fn cargo_config_around(copy: &Path, cargo_home: &Path) -> Option<PathBuf> {
		copy.ancestors()
			.map(|dir| dir.join(".cargo"))
			.filter(|dot_cargo| dot_cargo.as_path() != cargo_home)
			.flat_map(|dot_cargo| [dot_cargo.join("config"), dot_cargo.join("config.toml")])
			.find(|config| config.exists())
	}

	/// Takes the copy's lock, saying so when another build holds it.
	pub fn lock(copy: &Path) -> io::Result<fs::File> {
		let lock =
			fs::File::options().create(true).truncate(false).write(true).open(copy.join(LOCK))?;
		if lock.try_lock().is_err() {
			println!(
				"cargo:warning=waiting for {}: another build of the runtime's wasm uses it",
				copy.join(LOCK).display()
			);
			lock.lock()?;
		}
		Ok(lock)
	}

	/// The top directories of the workspace's members (`members = [...]` in its manifest:
	/// cargo loads them all to resolve the workspace).
	fn member_dirs(workspace: &Path) -> io::Result<BTreeSet<String>> {
		let manifest = fs::read_to_string(workspace.join("Cargo.toml"))?;
		let members =
			manifest.lines().find_map(|line| line.trim().strip_prefix("members = [")).ok_or_else(
				|| io::Error::other("the workspace manifest has no one-line `members = [...]`"),
			)?;
		Ok(members
			.split('"')
			.skip(1)
			.step_by(2)
			.filter_map(|member| member.split('/').next())
			.map(str::to_owned)
			.collect())
	}

	fn skipped(name: &std::ffi::OsStr) -> bool {
		name.to_str().is_some_and(|n| n.starts_with('.') || n == "target" || n == "node_modules")
	}

	/// The files and directories under `dir` (relative to `root`), without build outputs and
	/// hidden entries.
	fn walk(
		root: &Path,
		dir: &Path,
		files: &mut BTreeSet<PathBuf>,
		dirs: &mut BTreeSet<PathBuf>,
	) -> io::Result<()> {
		dirs.insert(dir.to_path_buf());
		for entry in fs::read_dir(root.join(dir))? {
			let entry = entry?;
			if skipped(&entry.file_name()) {
				continue;
			}
			let relative = dir.join(entry.file_name());
			let kind = entry.file_type()?;
			if kind.is_dir() {
				walk(root, &relative, files, dirs)?;
			} else if kind.is_file() {
				files.insert(relative);
			}
		}
		Ok(())
	}

	struct Tree {
		files: BTreeSet<PathBuf>,
		dirs: BTreeSet<PathBuf>,
	}

	fn tree(root: &Path, members: &BTreeSet<String>) -> io::Result<Tree> {
		let mut files: BTreeSet<PathBuf> =
			ROOT_FILES.iter().map(PathBuf::from).filter(|f| root.join(f).is_file()).collect();
		let mut dirs = BTreeSet::new();
		for member in members {
			if root.join(member).is_dir() {
				walk(root, Path::new(member), &mut files, &mut dirs)?;
			}
		}
		Ok(Tree { files, dirs })
	}

	/// Makes `copy` hold exactly the workspace files of `workspace`, writing only those whose
	/// bytes differ, and returns the files the wasm depends on (for `rerun-if-changed`).
	///
	/// A rewritten file gets the time this build script started (`started`) when every wasm
	/// build of the copy (from any target dir) finished before that, else the current time (also
	/// when a build's end was never recorded, or one was left unfinished: it may have compiled
	/// files after `started`): either way it is newer than every build that saw its old bytes, so
	/// those builds see it changed.
	pub fn sync(workspace: &Path, copy: &Path, started: SystemTime) -> io::Result<Vec<PathBuf>> {
		let members = member_dirs(workspace)?;
		let wanted = tree(workspace, &members)?;
		// Everything in the copy, members the checkout no longer has (a deleted pallet) included.
		let all_dirs: BTreeSet<String> = fs::read_dir(copy)?
			.filter_map(Result::ok)
			.filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && !skipped(&e.file_name()))
			.filter_map(|e| e.file_name().into_string().ok())
			.collect();
		let present = tree(copy, &all_dirs)?;
		for stale in present.files.difference(&wanted.files) {
			fs::remove_file(copy.join(stale))?;
		}
		// Deepest first (a directory sorts before what it holds); what is left in a stale
		// directory is only what the copy skips.
		let stale_dirs: Vec<&PathBuf> = present.dirs.difference(&wanted.dirs).collect();
		for stale in stale_dirs.into_iter().rev() {
			fs::remove_dir_all(copy.join(stale))?;
		}

		let last_build = fs::metadata(copy.join(LAST_BUILD)).and_then(|m| m.modified()).ok();
		let unfinished = copy.join(IN_PROGRESS).exists();
		let stamp = match last_build {
			Some(last) if last < started && !unfinished => started,
			_ => SystemTime::now(),
		};
		for file in &wanted.files {
			let bytes = fs::read(workspace.join(file))?;
			let target = copy.join(file);
			if fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
				if let Some(parent) = target.parent() {
					fs::create_dir_all(parent)?;
				}
				fs::write(&target, &bytes)?;
				fs::File::options().write(true).open(&target)?.set_modified(stamp)?;
			}
		}
		Ok(wanted
			.files
			.into_iter()
			.filter(|f| WASM_INPUTS.iter().any(|input| f.starts_with(input)))
			.map(|f| workspace.join(f))
			.collect())
	}

	/// Notes that a wasm build of the copy starts (see [`sync`]).
	pub fn building(copy: &Path) -> io::Result<()> {
		fs::write(copy.join(IN_PROGRESS), [])
	}

	/// Notes that a wasm build of the copy finished (see [`sync`]).
	pub fn built(copy: &Path) -> io::Result<()> {
		fs::File::create(copy.join(LAST_BUILD))?.set_modified(SystemTime::now())?;
		fs::remove_file(copy.join(IN_PROGRESS))
	}
}

#[cfg(feature = "std")]
fn main() {
	use std::{env, fs, path::PathBuf};

	// The wasm builder's own switches (it returns before building when they are set).
	if env::var_os("SKIP_WASM_BUILD").is_some()
		|| env::var_os("SKIP_SLUICE_RUNTIME_WASM_BUILD").is_some()
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		return;
	}

	let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
	let workspace = manifest_dir.parent().expect("the runtime is a member of the workspace");
	let copy = source::dir(workspace).unwrap_or_else(|e| panic!("{e}"));
	println!("cargo:rerun-if-env-changed={}", source::SOURCE_ENV);

	// `<target>/<profile>`, where the builder puts its project (`wbuild`): build scripts' outputs
	// inside it are included into the code of some crates.
	let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
	let profile_dir = out_dir
		.ancestors()
		.find(|dir| dir.file_name().is_some_and(|name| name == "build"))
		.and_then(|build| build.parent())
		.expect("OUT_DIR is <target>/<profile>/build/<crate>/out");
	// Cargo's record of when it started this script (what it compares rerun-if-changed files with).
	let started = out_dir
		.parent()
		.map(|run| run.join("invoked.timestamp"))
		.and_then(|stamp| fs::metadata(stamp).and_then(|m| m.modified()).ok())
		.unwrap_or_else(std::time::SystemTime::now);

	source::prepare(&copy, &out_dir).unwrap_or_else(|e| panic!("{e}"));
	let cargo_home = env::var_os("CARGO_HOME")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"));
	if let Some(config) = source::cargo_config_around(&copy, &cargo_home) {
		panic!(
			"{} would configure cargo for the wasm build of {}: remove it or set {} elsewhere",
			config.display(),
			copy.display(),
			source::SOURCE_ENV
		);
	}
	let lock = source::lock(&copy).expect("the wasm source dir can be locked");
	let inputs = source::sync(workspace, &copy, started)
		.expect("the workspace can be copied to the wasm source dir");
	for input in inputs {
		println!("cargo:rerun-if-changed={}", input.display());
	}
	// The builder reads the lock file and the workspace's metadata from the copy, and its cargo
	// runs there (cargo's configuration is looked up from the working dir).
	env::set_var("WASM_BUILD_WORKSPACE_HINT", &copy);
	env::set_current_dir(&copy).expect("the wasm source dir is a dir");
	// The toolchain's own sources: rustc names the standard library's files by their place in
	// the rust-src component (the toolchain's directory) in code it inlines from there.
	let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
	let sysroot = std::process::Command::new(rustc)
		.args(["--print", "sysroot"])
		.output()
		.ok()
		.filter(|out| out.status.success())
		.map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
		.expect("rustc prints its sysroot");
	let remaps = [
		(copy.as_path(), "/sluice"),
		(cargo_home.as_path(), "/cargo"),
		(profile_dir, "/target"),
		(sysroot.as_path(), "/rust"),
	]
	.map(|(from, to)| {
		let from = from.display().to_string();
		assert!(
			!from.contains(char::is_whitespace),
			"{from} has whitespace, which RUSTFLAGS cannot carry: build from paths without"
		);
		format!("--remap-path-prefix={from}={to}")
	});
	// scripts/wasm-only.sh builds other variants in the builder's target dir with the same flags,
	// so that the crates they share are compiled once.
	let wbuild = profile_dir.join("wbuild");
	fs::create_dir_all(&wbuild).expect("the builder's dir can be created");
	fs::write(wbuild.join("sluice-runtime.rustflags"), remaps.join(" "))
		.expect("the builder's dir is writable");

	let mut builder = substrate_wasm_builder::WasmBuilder::new()
		.with_project(copy.join("runtime/Cargo.toml"))
		.expect("the copy has the runtime's manifest");
	for flag in remaps {
		builder = builder.append_to_rust_flags(flag);
	}
	let builder = builder.import_memory().export_heap_base();
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("SLC", 12);
	source::building(&copy).expect("the wasm source dir is writable");
	builder.build();
	source::built(&copy).expect("the wasm source dir is writable");
	drop(lock);
}

#[cfg(not(feature = "std"))]
fn main() {}

/// Fazhi's version: the one place it is written. `fazhi --version` prints it, `--help` shows it, and
/// `scripts/package` names the tarball after it.
let fazhiVersion = "0.1.0"

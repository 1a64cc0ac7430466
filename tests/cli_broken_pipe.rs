//! Regression: `ibcf explain … | head` panicked with "failed printing to
//! stdout: Broken pipe". A closed stdout is not an error (exit 0, no panic).

use std::process::{Command, Stdio};

#[test]
fn closed_stdout_is_not_a_panic() {
    let root = env!("CARGO_MANIFEST_DIR");
    for args in [
        &["explain", "scenarios/november-2017"][..],
        &["calibrate", "scenarios/tutorial"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ibcf"))
            .args(args)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ibcf starts");
        // Close the read end at once, as `head` does after its lines.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ibcf finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert!(
            out.status.success(),
            "{args:?} exit {:?}: {stderr}",
            out.status
        );
    }
}

//! Shell integration: the completion scripts loaded in real shells offer the tracker's task ids,
//! the man pages render without warnings, the help shows examples, exit codes and environment.
//! zsh, fish, man and groff are optional here: a test whose tool is missing says SKIPPED loudly,
//! and fails under `FTRACK_REQUIRE_TOOLS=1` (`.ci/run` installs them and sets it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Run, TestEnv, have};

/// A tracker in `work/` with two items done.
fn tracker() -> TestEnv {
    let env = TestEnv::init();
    env.run(&["done", "kickoff-meeting", "begin-onboarding"])
        .ok();
    env
}

/// `program -c script` in `dir`, with ftrack's directory first on PATH and the harness's
/// environment (temp HOME, no FTRACK_DIR from the developer).
fn shell(env: &TestEnv, dir: &Path, program: &str, args: &[&str], script: &str) -> Run {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ftrack"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = Command::new(program)
        .args(args)
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", env.path().join("home"))
        .env("XDG_DATA_HOME", env.path().join("home/.local/share"))
        .env("XDG_CONFIG_HOME", env.path().join("home/.config"))
        .env("FTRACK_USER", "tester")
        .env("FTRACK_NOW", &env.now)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("run the shell");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// What bash's completion offers for `words` (the last one being completed).
pub(crate) fn bash_complete(env: &TestEnv, dir: &Path, words: &str) -> Run {
    let script = format!(
        r#"source <(ftrack completions bash) || exit 9
complete -p ftrack >/dev/null || exit 8
COMP_WORDS=({words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}
fn=$(complete -p ftrack | sed -E 's/.* -F ([^ ]+) .*/\1/')
"$fn" ftrack "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    shell(env, dir, "bash", &["--norc", "--noprofile"], &script)
}

fn lines(run: &Run) -> Vec<&str> {
    run.stdout.lines().collect()
}

#[test]
fn bash_completes_done_to_the_outstanding_ids_only() {
    let env = tracker();
    let run = bash_complete(&env, &env.work(), r#"ftrack done """#).ok();
    let offered = lines(&run);
    assert!(offered.contains(&"program-management"), "{offered:?}");
    assert!(offered.contains(&"stakeholders"), "{offered:?}");
    assert!(!offered.contains(&"kickoff-meeting"), "{offered:?}");
    assert!(!offered.contains(&"begin-onboarding"), "{offered:?}");
    assert_eq!(run.stderr, "");
}

#[test]
fn bash_completes_reopen_to_the_closed_ids_and_a_prefix_narrows() {
    let env = tracker();
    env.run(&["waive", "software", "--reason", "n/a"]).ok();
    let run = bash_complete(&env, &env.work(), r#"ftrack reopen """#).ok();
    let ids: Vec<_> = lines(&run)
        .into_iter()
        .filter(|l| !l.starts_with('-'))
        .collect();
    // In catalog order: `software` is a general responsibility, listed before initiate's items.
    assert_eq!(ids, ["software", "begin-onboarding", "kickoff-meeting"]);

    let run = bash_complete(&env, &env.work(), "ftrack show kick").ok();
    assert_eq!(lines(&run), ["kickoff-meeting"]);
}

#[test]
fn bash_completes_phase_names() {
    let env = tracker();
    let run = bash_complete(&env, &env.work(), "ftrack list --phase a").ok();
    assert_eq!(lines(&run), ["assess"]);
    let run = bash_complete(&env, &env.work(), r#"ftrack gate """#).ok();
    assert!(
        lines(&run).starts_with(&["general", "initiate", "assess", "remediate", "enable"]),
        "{}",
        run.stdout
    );
}

#[test]
fn bash_completion_reads_the_tracker_named_by_dir_on_the_line() {
    let env = tracker();
    let line = format!(r#"ftrack --dir {} reopen """#, env.tracker().display());
    // From HOME, where no .ftrack/ is found: only --dir leads to the tracker.
    let run = bash_complete(&env, &env.path().join("home"), &line).ok();
    assert!(lines(&run).contains(&"kickoff-meeting"), "{}", run.stdout);
}

#[test]
fn bash_completion_offers_nothing_quietly_when_the_catalog_is_broken() {
    let env = tracker();
    let bad = env.write("bad.yaml", "schema: [\n");
    let line = format!(r#"ftrack --catalog {} done """#, bad.display());
    let run = bash_complete(&env, &env.work(), &line).ok();
    assert!(
        lines(&run).iter().all(|l| l.starts_with('-')),
        "only flags expected:\n{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn zsh_completes_task_ids_with_titles() {
    if !have("zsh") {
        return;
    }
    let env = tracker();
    // compdef and _describe come from compinit in an interactive zsh; stand-ins here print what
    // the script would hand to zsh's completion system.
    let script = r#"compdef() { : }
_describe() { print -rl -- "${(@P)${@[-1]}}" }
source <(ftrack completions zsh) || exit 9
words=(ftrack reopen ""); CURRENT=3
_clap_dynamic_completer_ftrack"#;
    let run = shell(&env, &env.work(), "zsh", &["-f"], script).ok();
    let offered = lines(&run);
    assert!(
        offered
            .contains(&"kickoff-meeting:Lead the kick-off meeting, confirm remediation timelines"),
        "{}",
        run.stdout
    );
    assert!(!offered.iter().any(|l| l.starts_with("stakeholders")));
}

#[test]
fn fish_completes_task_ids_with_titles() {
    if !have("fish") {
        return;
    }
    let env = tracker();
    let script = r#"ftrack completions fish | source; or exit 9
complete --do-complete "ftrack done st""#;
    let run = shell(&env, &env.work(), "fish", &["--no-config"], script).ok();
    assert_eq!(
        lines(&run),
        ["stakeholders\tIdentify stakeholders, including a project manager"]
    );
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_shell_is_a_usage_error() {
    let env = TestEnv::new();
    for sh in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", sh]).ok();
        assert!(run.stdout.contains("ftrack"), "{sh}:\n{}", run.stdout);
        assert!(
            run.stdout.contains("_FTRACK_COMPLETE"),
            "{sh}:\n{}",
            run.stdout
        );
    }
    let run = env.run(&["completions", "tcsh"]).code(2);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

#[test]
fn help_lists_exit_codes_environment_and_examples() {
    let env = TestEnv::new();
    let run = env.run(&["--help"]).ok();
    for want in [
        "Exit codes:",
        "3  a gate is blocked",
        "FTRACK_DIR",
        "FTRACK_CATALOG",
        "FTRACK_USER",
        "NO_COLOR",
    ] {
        assert!(run.stdout.contains(want), "no {want:?} in:\n{}", run.stdout);
    }
    let run = env.run(&["catalog", "check", "--help"]).ok();
    assert!(
        run.stdout
            .trim_end()
            .ends_with("ftrack catalog check my-catalog.yaml"),
        "{}",
        run.stdout
    );
}

const PAGES: &[&str] = &[
    "ftrack.1",
    "ftrack-init.1",
    "ftrack-status.1",
    "ftrack-list.1",
    "ftrack-show.1",
    "ftrack-done.1",
    "ftrack-reopen.1",
    "ftrack-waive.1",
    "ftrack-assign.1",
    "ftrack-advance.1",
    "ftrack-note.1",
    "ftrack-undo.1",
    "ftrack-gate.1",
    "ftrack-log.1",
    "ftrack-catalog.1",
    "ftrack-catalog-check.1",
    "ftrack-completions.1",
    "ftrack-man.1",
    "ftrack-schema.1",
    "ftrack-plan.1",
    "ftrack-portfolio.1",
    "ftrack-doctor.1",
    "ftrack-add.1",
    "ftrack-retire.1",
    "ftrack-catalog-import.1",
    "ftrack-catalog-use.1",
    "ftrack-catalog-diff.1",
    "ftrack-report.1",
];

#[test]
fn man_prints_the_top_level_page_and_writes_one_per_subcommand() {
    let env = TestEnv::new();
    let run = env.run(&["man"]).ok();
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &run.stdout[..80]
    );
    assert!(run.stdout.contains(".TH ftrack 1"), "{}", run.stdout);
    assert!(run.stdout.contains(".SH \"EXIT STATUS\""), "{}", run.stdout);

    let out = env.path().join("share/man/man1");
    let run = env.run(&["man", "--output", out.to_str().unwrap()]).ok();
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
    expected.sort();
    assert_eq!(written, expected, "no temp file may be left behind");
    assert_eq!(run.stdout.lines().count(), PAGES.len(), "{}", run.stdout);
}

#[test]
fn man_into_an_unwritable_place_is_one_error() {
    let env = TestEnv::new();
    let file = env.write("plain-file", "");
    let run = env
        .run(&["man", "--output", file.join("man1").to_str().unwrap()])
        .code(1);
    assert!(
        run.stderr.starts_with("error: cannot create "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\nhint: "), "{}", run.stderr);
}

#[test]
fn man_pages_render_without_warnings() {
    if !have("groff") {
        return;
    }
    let env = TestEnv::new();
    let out = env.path().join("man1");
    env.run(&["man", "--output", out.to_str().unwrap()]).ok();
    for page in PAGES {
        let path = out.join(page);
        let run = shell(
            &env,
            env.path(),
            "sh",
            &[],
            &format!("groff -ww -z -man '{}'", path.display()),
        );
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{page}");
    }
    if !have("man") {
        return;
    }
    let run = shell(
        &env,
        env.path(),
        "sh",
        &[],
        &format!(
            "MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -l '{}'",
            out.join("ftrack-done.1").display()
        ),
    );
    assert_eq!(run.stderr, "");
    for want in [
        "NAME\n       ftrack-done",
        "Mark items done",
        "EXAMPLES",
        "ftrack done kickoff-meeting --note \"held 2026-11-24\"",
        "SEE ALSO",
    ] {
        assert!(run.stdout.contains(want), "no {want:?} in:\n{}", run.stdout);
    }
}

#[test]
fn bash_completes_report_and_add_phases_retire_to_live_added_items_and_reopen_without_retired() {
    let env = tracker();
    let run = bash_complete(&env, &env.work(), "ftrack report --phase r").ok();
    assert_eq!(lines(&run), ["remediate"]);
    let run = bash_complete(&env, &env.work(), "ftrack add --phase e").ok();
    assert_eq!(lines(&run), ["enable"]);
    env.run(&["add", "--phase", "remediate", "Upgrade AD FS"])
        .ok();
    env.run(&["add", "--phase", "remediate", "Old proxy rule"])
        .ok();
    env.run(&["retire", "remediate-old-proxy-rule", "--reason", "gone"])
        .ok();
    let run = bash_complete(&env, &env.work(), "ftrack retire rem").ok();
    assert_eq!(lines(&run), ["remediate-upgrade-ad-fs"]);
    let run = bash_complete(&env, &env.work(), r#"ftrack reopen """#).ok();
    assert!(
        !lines(&run).contains(&"remediate-old-proxy-rule"),
        "{:?}",
        lines(&run)
    );
}

#[test]
fn bash_completes_portfolio_paths_to_folders_and_its_flags() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.work().join("customers/contoso")).unwrap();
    std::fs::write(env.work().join("customers.txt"), "").unwrap();
    let run = bash_complete(&env, &env.work(), "ftrack portfolio cu").ok();
    assert_eq!(lines(&run), ["customers/"], "folders only: {}", run.stdout);
    let run = bash_complete(&env, &env.work(), "ftrack portfolio --de").ok();
    assert_eq!(lines(&run), ["--depth"]);
    let run = bash_complete(&env, &env.work(), r#"ftrack portfolio --format """#).ok();
    assert_eq!(
        lines(&run),
        ["text", "markdown", "html", "json", "csv", "xlsx"],
        "no calendar"
    );
}

#[test]
fn the_portfolio_man_page_says_what_it_reads_and_how() {
    if !have("man") {
        return;
    }
    let env = TestEnv::new();
    let out = env.path().join("man1");
    env.run(&["man", "--output", out.to_str().unwrap()]).ok();
    let run = shell(
        &env,
        env.path(),
        "sh",
        &[],
        &format!(
            "MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -l '{}'",
            out.join("ftrack-portfolio.1").display()
        ),
    );
    assert_eq!(run.stderr, "");
    for want in [
        "NAME\n       ftrack-portfolio",
        "--depth",
        "--pull",
        "EXAMPLES",
        "ftrack portfolio ~/customers --depth 2 --since 7d",
    ] {
        assert!(run.stdout.contains(want), "no {want:?} in:\n{}", run.stdout);
    }
}

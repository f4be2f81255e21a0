//! The `rcs` command line as users expect it: help everywhere, --version, completions,
//! `--opt=value` and `--`, one set of exit statuses, quiet closed pipes, colour only when
//! wanted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Every command and subcommand.
const COMMANDS: &[&[&str]] = &[
    &["inspect"],
    &["validate"],
    &["preview"],
    &["gen"],
    &["fallback"],
    &["fallback", "sms"],
    &["fallback", "card"],
    &["sip"],
    &["sip", "serve"],
    &["sip", "send"],
    &["smsc"],
    &["smsc", "serve"],
    &["smsc", "send"],
    &["completions"],
];

#[test]
fn help_for_every_command_both_ways() {
    for path in COMMANDS {
        let mut args = path.to_vec();
        args.push("--help");
        let (code, out, err) = rcs(&args, b"");
        assert_eq!(code, 0, "{args:?}: {err}");
        // A line continuation written as an escaped backslash shows up as one.
        assert!(
            !out.contains("\\\n"),
            "{args:?}: a stray backslash in\n{out}"
        );
        let usage = format!("Usage: rcs {}", path.join(" "));
        assert!(out.contains(&usage), "{args:?}: {out}");
        // Every option is described (clap prints the doc line after the option).
        for line in out.lines().filter(|l| l.trim_start().starts_with("--")) {
            let described = line.trim_start().split_once("  ").is_some();
            assert!(described || out.contains(line), "{args:?}: {line}");
        }
        // `rcs help PATH…` says the same.
        let mut help = vec!["help"];
        help.extend_from_slice(path);
        let (code, same, _) = rcs(&help, b"");
        assert_eq!(code, 0, "{help:?}");
        assert_eq!(same, out, "{help:?}");
    }
    let (code, out, _) = rcs(&["--help"], b"");
    assert_eq!(code, 0);
    for cmd in [
        "inspect",
        "validate",
        "preview",
        "gen",
        "fallback",
        "sip",
        "smsc",
        "completions",
    ] {
        assert!(out.contains(cmd), "{cmd}");
    }
    assert!(out.contains("Exit status:"));
}

#[test]
fn version() {
    let (code, out, _) = rcs(&["--version"], b"");
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("rcs {}", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = rcs(&["inspect", "--version"], b"");
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef rcs"),
        ("fish", "complete -c rcs"),
    ] {
        let (code, out, err) = rcs(&["completions", shell], b"");
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}");
        // fish names long options without their dashes (`-l profile`).
        for word in [
            "inspect",
            "validate",
            "profile",
            "allow-bare-lf",
            "smart-sms",
        ] {
            assert!(out.contains(word), "{shell}: {word}");
        }
    }
    assert_eq!(rcs(&["completions", "tcsh"], b"").0, 2);
}

#[test]
fn equals_form_and_double_dash() {
    let card = br#"{"message":{"generalPurposeCard":{"content":{"title":"T"}}}}"#;
    let (code, out, err) = rcs(&["validate", "--profile=cmcc", "--json", "-"], card);
    assert!(code == 0 || code == 3, "{err}");
    assert!(out.contains(r#""profile":"cmcc""#), "{out}");
    // After `--`, a text that starts with dashes is the text.
    let (code, out, err) = rcs(&["fallback", "sms", "--json", "--", "--not-an-option"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""text":"--not-an-option""#), "{out}");
}

#[test]
fn usage_errors_name_the_problem_and_exit_2() {
    for (args, says) in [
        (&["validate", "--profile", "att", "x"][..], "att"),
        (&["validate"], "FILE"),
        (&["inspect", "--as", "xmpp"], "xmpp"),
        (&["fallback", "sms", "--ref", "70000", "x"], "70000"),
        (&["smsc", "send", "--connect", "127.0.0.1:1"], "--protocol"),
        (&["sip", "serve", "--register", "sip:a@b"], "--proxy"),
        (&["inspect", "--sample", "file.sip"], "--sample"),
    ] {
        let (code, out, err) = rcs(args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(err.contains("--help"), "{args:?}: {err}");
    }
    // Empty stdin is an error wherever stdin is read.
    for args in [
        &["inspect", "-"][..],
        &["validate", "-"],
        &["fallback", "card", "-"],
    ] {
        let (code, _, err) = rcs(args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("no input on stdin"), "{args:?}: {err}");
    }
}

/// Runs `rcs inspect` on a long MSRP stream and closes its stdout after the first bytes.
#[test]
fn a_closed_pipe_ends_quietly() {
    let frame = b"MSRP a786hjs2 SEND\r\nTo-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n\
From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\nMessage-ID: 87652491\r\n\
Byte-Range: 1-5/5\r\nContent-Type: text/plain\r\n\r\nhello\r\n-------a786hjs2$\r\n";
    let input: Vec<u8> = frame.repeat(20_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(["inspect", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let unread = b"unread";
    let run = |args: &[&str], no_color: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rcs"));
        c.args(args).stdin(Stdio::piped()).stdout(Stdio::piped());
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        let mut child = c.spawn().unwrap();
        // --sample does not read stdin: it may be closed before this is written.
        let _ = child.stdin.take().unwrap().write_all(unread);
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let sip = ["inspect", "--sample"];
    // Piped: plain.
    assert!(!run(&sip, false).contains('\x1b'));
    // Forced: styled, and the text is the same once the styles are removed.
    let forced = run(&["--color", "always", "inspect", "--sample"], false);
    assert!(forced.contains("\x1b["), "{forced}");
    let plain = run(&sip, false);
    assert_eq!(strip(&forced), plain);
    assert!(!run(&["--color=never", "inspect", "--sample"], false).contains('\x1b'));
    // JSON is never styled.
    assert!(
        !run(
            &["--color", "always", "inspect", "--json", "--sample"],
            false
        )
        .contains('\x1b')
    );
    // NO_COLOR wins over a terminal; with `always` the user asked explicitly.
    assert!(!run(&sip, true).contains('\x1b'));
}

/// `s` without ANSI SGR sequences.
fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn json_keys_come_in_the_documented_order() {
    let (code, out, _) = rcs(&["inspect", "--json", "--sample"], b"");
    assert_eq!(code, 0);
    assert!(
        out.starts_with(r#"{"protocol":"sip","kind":"request","method":"INVITE","uri":"#),
        "{}",
        &out[..80]
    );
    let (code, out, _) = rcs(&["fallback", "sms", "--json", "hi"], b"");
    assert_eq!(code, 0);
    assert!(
        out.starts_with(r#"{"encoding":"gsm7","national":null,"segments":1,"unit":"septets","#),
        "{out}"
    );
}

//! The `rcs` command: inspect RCS protocol messages, validate chatbot JSON, plan SMS
//! fallback, and run SIP user agents and SMS gateway peers for testing.
//!
//! `rcs --help` lists the commands; `rcs help COMMAND` (or `rcs COMMAND --help`) describes
//! one. Every command's exit statuses come from [`term::Exit`].

mod card;
mod chatbot;
mod cpim;
mod gateway;
mod generate;
mod inspect;
mod json;
mod mms;
mod msrp;
mod preview;
mod sdp;
mod sip;
mod sms;
mod term;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use term::Exit;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "rcs",
    version,
    about = "Inspect, validate and carry RCS / 5G Messaging protocol messages",
    long_about = "Inspect, validate and carry RCS / 5G Messaging protocol messages: SIP, SDP, \
MSRP, CPIM and its XML bodies, chatbot JSON, SMS TPDUs, SMPP/CMPP/SGIP/SMGP and MMS.\n\n\
Start with `rcs inspect --sample`, or `rcs inspect FILE`.",
    after_help = term::EXIT_HELP,
    arg_required_else_help = true,
    propagate_version = true
)]
struct Cli {
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_name = "WHEN", value_enum, global = true, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::InspectArgs),
    Validate(chatbot::ValidateArgs),
    Preview(preview::PreviewArgs),
    /// Fall back to SMS: plan a text, or transcode a chatbot message
    #[command(subcommand)]
    Fallback(FallbackCommand),
    /// A SIP user agent on the transaction engine, for people who test SIP networks
    #[command(subcommand)]
    Sip(sip::ua::SipCommand),
    /// An SMSC / ISMG and a client on the gateway session engine, for testing SMS gateways
    #[command(subcommand)]
    Smsc(gateway::smsc::SmscCommand),
    Gen(generate::GenArgs),
    /// Print a completion script for a shell (e.g. `rcs completions bash > /etc/bash_completion.d/rcs`)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
enum FallbackCommand {
    Sms(sms::SmsArgs),
    Card(card::CardArgs),
}

/// The bundled sample: an RCS 1-to-1 chat INVITE with an MSRP offer.
const SAMPLE: &[u8] = include_bytes!("../samples/invite-chat.sip");

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and --version go to stdout (0); a usage error to stderr with the usage (2).
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    run(cli.command).into()
}

fn run(command: Command) -> Exit {
    match command {
        Command::Inspect(args) => {
            let input = match args.file.as_deref() {
                Some(file) => read_input(file),
                None if args.sample || std::io::stdin().is_terminal() => Ok(SAMPLE.to_vec()),
                None => read_input("-"),
            };
            match input {
                Ok(input) => inspect::inspect(&input, &args, &mut term::stdout()),
                Err(exit) => exit,
            }
        }
        Command::Validate(args) => chatbot::validate(&args, &mut term::stdout()),
        Command::Preview(args) => preview::preview(&args, &mut std::io::stdout().lock()),
        Command::Fallback(FallbackCommand::Sms(args)) => {
            sms::fallback_sms(&args, &mut term::stdout())
        }
        Command::Fallback(FallbackCommand::Card(args)) => {
            card::fallback_card(&args, &mut term::stdout())
        }
        Command::Gen(args) => generate::run(&args, &mut std::io::stdout().lock()),
        Command::Sip(command) => sip::ua::run(command),
        Command::Smsc(command) => gateway::smsc::run(command),
        Command::Completions { shell } => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "rcs", &mut out);
            Exit::Ok
        }
    }
}

/// A usage error found after parsing (two options that only go together, a URI the command
/// cannot use): `error: MESSAGE`, the usage line of `rcs PATH…`, status 2.
pub(crate) fn usage_error(path: &[&str], message: impl std::fmt::Display) -> Exit {
    let mut command = Cli::command();
    command.build();
    for name in path {
        match command.find_subcommand(name) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
    }
    let _ = command
        .error(clap::error::ErrorKind::ValueValidation, message)
        .print();
    Exit::Usage
}

/// FILE's octets, or stdin's for `-`; empty stdin is an error (a mistake upstream, not an
/// empty message). An error is reported here and comes back as the usage status.
pub(crate) fn read_input(file: &str) -> Result<Vec<u8>, Exit> {
    let read = if file == "-" {
        read_stdin().and_then(|input| {
            if input.is_empty() {
                Err("no input on stdin".into())
            } else {
                Ok(input)
            }
        })
    } else {
        std::fs::read(file).map_err(|e| format!("{file}: {e}"))
    };
    read.map_err(|e| {
        term::error(e);
        Exit::Usage
    })
}

/// All of stdin.
pub(crate) fn read_stdin() -> Result<Vec<u8>, String> {
    let mut v = Vec::new();
    std::io::stdin()
        .read_to_end(&mut v)
        .map_err(|e| format!("stdin: {e}"))?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_option_has_help() {
        fn walk(c: &clap::Command, path: &str) {
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(a.get_help().is_some(), "{path} {id} has no help");
            }
            for s in c.get_subcommands() {
                let name = format!("{path} {}", s.get_name());
                if s.get_name() != "help" {
                    assert!(s.get_about().is_some(), "{name} has no about");
                }
                walk(s, &name);
            }
        }
        let mut c = Cli::command();
        c.build();
        walk(&c, "rcs");
    }
}

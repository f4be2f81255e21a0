//! `rcs gen`: messages for fuzzing other implementations. Valid messages come from realistic
//! RCS templates and from the libraries' `arbitrary` implementations (the whole grammar each
//! crate understands), each checked by our own parser (it decodes, `rcs inspect` finds nothing
//! wrong, and it reads back equal); mutated messages get one grammar-aware mutation each and the
//! verdict `rcs inspect --as PROTO` gives them. Everything is reproducible from the seed: message
//! N depends only on the seed and N.

mod mutate;
mod realistic;

use std::io::Write;
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};

/// `rcs gen`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Generate valid and mutated messages for fuzzing other implementations",
    long_about = "Generates messages of one protocol: valid ones drawn from realistic RCS traffic \
and from the whole grammar the library understands (its `arbitrary` implementations), each \
checked to decode with our parser, to validate, and to read back equal; with --mutate, a share \
of them get one grammar-aware mutation (a boundary length or count at a limit, a wrong \
Content-Length, Byte-Range or command_length, folding, case, escapes, a duplicated \
single-valued header, bare LF, truncation, deep nesting, an encoding) and the verdict our own \
parser gives: valid, syntax error or semantic error (what `rcs inspect --as` says). The same \
seed gives the same messages. --out DIR writes one file per message and DIR/manifest.tsv; \
otherwise one JSON line per message goes to stdout.",
    after_help = "Exit status: 0 generated, 1 a generated valid message failed our own checks (a bug: please report it), 2 usage error."
)]
pub(crate) struct GenArgs {
    /// The protocol
    #[arg(value_enum)]
    proto: GenProto,
    /// How many messages
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    count: u32,
    /// The seed: the same seed gives the same messages
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The share of messages mutated, from 0 (none) to 1 (all)
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = rate)]
    mutate: f64,
    /// Write one file per message and manifest.tsv into DIR (created if absent)
    #[arg(long, value_name = "DIR", conflicts_with = "jsonl")]
    out: Option<PathBuf>,
    /// One JSON line per message on stdout (the default)
    #[arg(long)]
    jsonl: bool,
}

fn rate(v: &str) -> Result<f64, String> {
    v.parse::<f64>()
        .ok()
        .filter(|r| (0.0..=1.0).contains(r))
        .ok_or_else(|| "a number from 0 to 1".to_owned())
}

/// What `rcs gen` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GenProto {
    /// SIP requests and responses
    Sip,
    /// SDP descriptions
    Sdp,
    /// MSRP frames
    Msrp,
    /// CPIM messages
    Cpim,
    /// IMDN notifications (XML)
    Imdn,
    /// Chatbot JSON (cards, carousels, chip lists)
    Chatbot,
    /// SMS TPDUs (binary)
    Tpdu,
    /// SMPP 3.4 PDUs (binary)
    Smpp,
    /// CMPP 3.0 PDUs (binary)
    Cmpp,
    /// MMS PDUs (binary)
    Mms,
}

impl GenProto {
    fn name(self) -> &'static str {
        match self {
            Self::Sip => "sip",
            Self::Sdp => "sdp",
            Self::Msrp => "msrp",
            Self::Cpim => "cpim",
            Self::Imdn => "imdn",
            Self::Chatbot => "chatbot",
            Self::Tpdu => "tpdu",
            Self::Smpp => "smpp",
            Self::Cmpp => "cmpp",
            Self::Mms => "mms",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Imdn => "xml",
            Self::Chatbot => "json",
            other => other.name(),
        }
    }

    fn binary(self) -> bool {
        matches!(self, Self::Tpdu | Self::Smpp | Self::Cmpp | Self::Mms)
    }

    /// The `rcs inspect --as` name the verdict is asked under.
    fn inspect_as(self, bytes: &[u8]) -> &'static str {
        match self {
            Self::Chatbot => match crate::chatbot::detect(bytes) {
                Some("botsuggestion") => "botsuggestion",
                _ => "botmessage",
            },
            other => other.name(),
        }
    }
}

/// A small deterministic generator (SplitMix64): message N depends only on the seed and N.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    fn for_message(seed: u64, index: u64) -> Self {
        let mut r = Self(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// One of `xs`, which the callers never pass empty (their literal lists).
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        let i = self.below(xs.len());
        // An empty list would be a bug here: its first element is asked for, and the
        // caller's literal is never empty.
        &xs[i.min(xs.len().saturating_sub(1))]
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    /// A token of letters and digits.
    pub(crate) fn token(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        (0..len).map(|_| *self.pick(CHARS) as char).collect()
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

/// What our own parser says of a message, as `rcs inspect` exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Valid,
    Syntax,
    Semantic,
}

impl Verdict {
    fn name(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Syntax => "syntax-error",
            Self::Semantic => "semantic-error",
        }
    }
}

/// `rcs inspect --as NAME`'s verdict, its diagnostics silenced.
pub(crate) fn verdict(name: &str, bytes: &[u8]) -> Verdict {
    let args = InspectArgs {
        protocol: Some(name.to_owned()),
        ..InspectArgs::default()
    };
    term::set_silent(true);
    let exit = crate::inspect::inspect(bytes, &args, &mut std::io::sink());
    term::set_silent(false);
    match exit {
        Exit::Ok => Verdict::Valid,
        Exit::Invalid => Verdict::Semantic,
        _ => Verdict::Syntax,
    }
}

/// A value from the library's `arbitrary` implementation over the generator's bytes.
fn from_arbitrary<T: for<'a> Arbitrary<'a>>(rng: &mut Rng, len: usize) -> Option<T> {
    let data = rng.bytes(len);
    T::arbitrary(&mut Unstructured::new(&data)).ok()
}

/// A message from the whole grammar, through the library's `arbitrary`.
fn arbitrary_message(proto: GenProto, rng: &mut Rng) -> Option<Vec<u8>> {
    use rcs_fallback::gateway::cmpp::CmppPdu;
    use rcs_fallback::gateway::smpp::SmppPdu;
    Some(match proto {
        GenProto::Sip => {
            let made = from_arbitrary::<rcs_sip::Message<'static>>(rng, 1024)?;
            realistic::sip_with_extensions(rng, &made)
        }
        GenProto::Sdp => from_arbitrary::<rcs_sdp::Session<'static>>(rng, 1024)?
            .to_bytes()
            .to_vec(),
        GenProto::Msrp => from_arbitrary::<rcs_msrp::Frame<'static>>(rng, 1024)?
            .to_bytes()
            .to_vec(),
        GenProto::Cpim => from_arbitrary::<rcs_cpim::Message<'static>>(rng, 1024)?
            .to_bytes()
            .to_vec(),
        GenProto::Imdn => return None,
        GenProto::Chatbot => from_arbitrary::<rcs_chatbot::ChatbotBody<'static>>(rng, 2048)?
            .to_bytes()
            .to_vec(),
        GenProto::Tpdu => from_arbitrary::<rcs_fallback::Tpdu>(rng, 512)?
            .to_bytes()
            .to_vec(),
        GenProto::Smpp => from_arbitrary::<SmppPdu<'static>>(rng, 512)?
            .to_bytes()
            .to_vec(),
        GenProto::Cmpp => from_arbitrary::<CmppPdu<'static>>(rng, 512)?
            .to_bytes()
            .to_vec(),
        GenProto::Mms => {
            let parts = from_arbitrary::<Vec<rcs_fallback::mms::NewPart>>(rng, 1024)?;
            realistic::mms_with_parts(rng, &parts)
        }
    })
}

/// Whether `bytes` reads back equal: decoded, written again, decoded again, the two values
/// are the same (and for the formats we write canonically, so are the octets).
pub(crate) fn round_trips(proto: GenProto, bytes: &[u8]) -> bool {
    use rcs_fallback::gateway::cmpp::{CmppPdu, CmppVersion};
    use rcs_fallback::gateway::smpp::SmppPdu;
    fn again<T: PartialEq>(a: Option<T>, re: impl Fn(&T) -> Option<T>) -> bool {
        a.is_some_and(|a| re(&a).is_some_and(|b| a == b))
    }
    match proto {
        GenProto::Sip => {
            let opts = rcs_sip::ParseOptions::new();
            again(rcs_sip::Message::parse_datagram(bytes, &opts).ok(), |m| {
                rcs_sip::Message::parse_bytes(m.to_bytes(), &opts).ok()
            })
        }
        GenProto::Sdp => again(crate::sdp::parse(bytes).ok(), |s| {
            let b = s.to_bytes();
            crate::sdp::parse(&b).ok().map(|s| s.into_owned())
        }),
        GenProto::Msrp => again(rcs_msrp::Frame::parse(bytes).ok(), |f| {
            let b = f.to_bytes();
            rcs_msrp::Frame::parse(&b).ok().map(|f| f.into_owned())
        }),
        GenProto::Cpim => again(rcs_cpim::Message::parse(bytes).ok(), |m| {
            let b = m.to_bytes();
            rcs_cpim::Message::parse(&b).ok().map(|m| m.into_owned())
        }),
        GenProto::Imdn => {
            let o = rcs_cpim::XmlOptions::default();
            let without_warnings = |mut d: rcs_cpim::Imdn| {
                d.warnings.clear();
                d
            };
            again(
                rcs_cpim::Imdn::parse(bytes, &o).ok().map(without_warnings),
                |d| {
                    rcs_cpim::Imdn::parse(d.to_xml().as_bytes(), &o)
                        .ok()
                        .map(without_warnings)
                },
            )
        }
        GenProto::Chatbot => again(rcs_chatbot::ChatbotBody::parse(bytes).ok(), |b| {
            let out = b.to_bytes();
            rcs_chatbot::ChatbotBody::parse(&out)
                .ok()
                .map(|b| b.into_owned())
        }),
        GenProto::Tpdu => {
            again(rcs_fallback::Tpdu::parse(bytes).ok(), |t| {
                rcs_fallback::Tpdu::parse(&t.to_bytes()).ok()
            }) && rcs_fallback::Tpdu::parse(bytes).is_ok_and(|t| t.to_bytes() == bytes)
        }
        GenProto::Smpp => SmppPdu::parse(bytes).is_ok_and(|p| p.to_bytes() == bytes),
        // A CMPP 2.0 PDU (the library's `arbitrary` makes both versions) reads as 2.0.
        GenProto::Cmpp => [CmppVersion::V30, CmppVersion::V20]
            .into_iter()
            .any(|v| CmppPdu::parse(bytes, v).is_ok_and(|p| p.to_bytes() == bytes)),
        GenProto::Mms => {
            let opts = rcs_fallback::mms::MmsOptions::new();
            rcs_fallback::mms::MmsPdu::parse_with(bytes, &opts).is_ok()
        }
    }
}

/// One generated message.
pub(crate) struct Generated {
    pub(crate) bytes: Vec<u8>,
    /// Where it came from: `template:NAME` or `arbitrary`.
    pub(crate) origin: String,
    /// The mutation applied, `none` for a valid message.
    pub(crate) mutation: &'static str,
    pub(crate) verdict: Verdict,
    /// The `rcs inspect --as` name the verdict was asked under.
    pub(crate) inspect_as: &'static str,
}

/// The most tries for a valid message from the arbitrary path before a template is used.
const TRIES: usize = 8;

/// Message `index` of the stream `seed`; an error when a message meant to be valid failed our
/// own checks (a bug in a template or an `arbitrary` implementation).
pub(crate) fn generate(
    proto: GenProto,
    seed: u64,
    index: u64,
    mutate_rate: f64,
) -> Result<Generated, String> {
    let mut rng = Rng::for_message(seed, index);
    let mutate = rng.chance(mutate_rate);
    let mut valid = None;
    // Realistic traffic most of the time; the rest of the grammar through `arbitrary`.
    if !rng.chance(0.7) {
        for _ in 0..TRIES {
            if let Some(b) = arbitrary_message(proto, &mut rng)
                && verdict(proto.inspect_as(&b), &b) == Verdict::Valid
                && round_trips(proto, &b)
            {
                valid = Some((b, "arbitrary".to_owned()));
                break;
            }
        }
    }
    let (bytes, origin) = match valid {
        Some(v) => v,
        None => {
            let (b, name) = realistic::message(proto, &mut rng);
            let as_name = proto.inspect_as(&b);
            let v = verdict(as_name, &b);
            if v != Verdict::Valid || !round_trips(proto, &b) {
                let shown: String = String::from_utf8_lossy(&b).chars().take(4000).collect();
                return Err(format!(
                    "message {index} (template {name}) is not valid to our own parser ({}; reads back equal: {}): {shown:?}",
                    v.name(),
                    round_trips(proto, &b)
                ));
            }
            let origin = if name == "arbitrary" {
                name.to_owned()
            } else {
                format!("template:{name}")
            };
            (b, origin)
        }
    };
    if !mutate {
        let inspect_as = proto.inspect_as(&bytes);
        return Ok(Generated {
            bytes,
            origin,
            mutation: "none",
            verdict: Verdict::Valid,
            inspect_as,
        });
    }
    let (bytes, mutation) = mutate::mutate(proto, bytes, &mut rng);
    let inspect_as = proto.inspect_as(&bytes);
    Ok(Generated {
        verdict: verdict(inspect_as, &bytes),
        bytes,
        origin,
        mutation,
        inspect_as,
    })
}

/// `rcs gen ...`.
pub(crate) fn run(args: &GenArgs, out: &mut impl Write) -> Exit {
    let proto = args.proto;
    let mut manifest = None;
    if let Some(dir) = &args.out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            term::error(format_args!("{}: {e}", dir.display()));
            return Exit::Usage;
        }
        match std::fs::File::create(dir.join("manifest.tsv")) {
            Ok(mut f) => {
                let _ = writeln!(
                    f,
                    "file\tproto\tinspect_as\tindex\tseed\torigin\tmutation\tverdict\tsize"
                );
                manifest = Some(std::io::BufWriter::new(f));
            }
            Err(e) => {
                term::error(format_args!("{}: {e}", dir.join("manifest.tsv").display()));
                return Exit::Usage;
            }
        }
    }
    let mut status = Exit::Ok;
    let written = (|| -> std::io::Result<()> {
        for index in 0..u64::from(args.count) {
            let g = match generate(proto, args.seed, index, args.mutate) {
                Ok(g) => g,
                Err(e) => {
                    term::error(format_args!("{} {e}", proto.name()));
                    status = Exit::Failed;
                    continue;
                }
            };
            match (&args.out, &mut manifest) {
                (Some(dir), Some(m)) => {
                    let file = format!("{index:06}.{}", proto.extension());
                    std::fs::write(dir.join(&file), &g.bytes)?;
                    writeln!(
                        m,
                        "{file}\t{}\t{}\t{index}\t{}\t{}\t{}\t{}\t{}",
                        proto.name(),
                        g.inspect_as,
                        args.seed,
                        g.origin,
                        g.mutation,
                        g.verdict.name(),
                        g.bytes.len()
                    )?;
                }
                _ => {
                    let mut line = serde_json::json!({
                        "index": index,
                        "proto": proto.name(),
                        "inspect_as": g.inspect_as,
                        "seed": args.seed,
                        "origin": g.origin,
                        "mutation": g.mutation,
                        "verdict": g.verdict.name(),
                        "size": g.bytes.len(),
                    });
                    match std::str::from_utf8(&g.bytes) {
                        Ok(t) if !proto.binary() => line["text"] = t.into(),
                        _ => line["hex"] = crate::json::hex(&g.bytes).into(),
                    }
                    writeln!(out, "{line}")?;
                }
            }
        }
        if let Some(m) = &mut manifest {
            m.flush()?;
        }
        Ok(())
    })();
    if args.out.is_some()
        && let Err(e) = &written
    {
        term::error(format_args!("writing the messages: {e}"));
        return Exit::Usage;
    }
    term::finish(written, status)
}

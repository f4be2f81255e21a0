//! Timer values, table bounds and the parse options for received messages.

use std::time::Duration;

use rcs_sip::ParseOptions;

/// The RFC 3261 timer base values (§17.1.1.1, Table 4) and the engine's own deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// T1, the round-trip estimate: first retransmission interval; 64×T1 is every
    /// transaction timeout (B, F, H, J, L, M). Default 500 ms.
    pub t1: Duration,
    /// T2, the longest retransmission interval of non-INVITE requests and INVITE responses.
    /// Default 4 s.
    pub t2: Duration,
    /// T4, how long a message may stay in the network (Timers I and K). Default 5 s.
    pub t4: Duration,
    /// Timer D on unreliable transports (at least 32 s). Default 32 s.
    pub d: Duration,
    /// How long an INVITE server transaction waits for the TU before sending 100 Trying
    /// itself (§17.2.1). Default 200 ms.
    pub trying: Duration,
    /// How long a non-INVITE server transaction waits for the TU's final response before it
    /// is dropped (the client gave up at Timer F = 64×T1 anyway). Default 32 s.
    pub non_invite_answer: Duration,
    /// How long an INVITE server transaction waits for the TU's final response before the
    /// engine answers 408 itself (like a proxy's Timer C, > 3 min). Default 181 s.
    pub invite_answer: Duration,
}

impl Timers {
    /// The RFC's defaults.
    pub const DEFAULT: Self = Self {
        t1: Duration::from_millis(500),
        t2: Duration::from_secs(4),
        t4: Duration::from_secs(5),
        d: Duration::from_secs(32),
        trying: Duration::from_millis(200),
        non_invite_answer: Duration::from_secs(32),
        invite_answer: Duration::from_secs(181),
    };

    /// 64×T1: Timers B, F, H, J, L and M.
    pub fn timeout(&self) -> Duration {
        self.t1.saturating_mul(64)
    }
}

impl Default for Timers {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Bounds on what the engine keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Transactions open at once, client and server together. A request that would open
    /// one more is answered 503 (Retry-After) without a transaction; `send_request` refuses.
    /// Default 100,000.
    pub max_transactions: usize,
    /// Dialogs a [`UserAgent`](crate::UserAgent) keeps; one more is not kept (the request is
    /// still answered; requests inside it then get 481). Default 100,000.
    pub max_dialogs: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_transactions: 100_000,
        max_dialogs: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How the engine runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Timer values.
    pub timers: Timers,
    /// Table bounds.
    pub limits: Limits,
    /// How received messages are parsed (size and header limits, leniency).
    pub parse: ParseOptions,
    /// Seed of the generator of branches and tags. Give each engine a different seed from
    /// a random source (the engine reads no randomness of its own, so runs replay exactly).
    pub seed: u64,
}

impl Config {
    /// Defaults with this seed.
    pub fn new(seed: u64) -> Self {
        Self {
            timers: Timers::DEFAULT,
            limits: Limits::DEFAULT,
            parse: ParseOptions::new(),
            seed,
        }
    }
}

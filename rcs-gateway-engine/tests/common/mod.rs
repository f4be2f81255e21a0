//! A client and a server joined on virtual time.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use rcs_gateway_engine::rcs_fallback::gateway::cmpp::CmppVersion;
use rcs_gateway_engine::rcs_fallback::{SmsOptions, SmsPlan};
use rcs_gateway_engine::{
    Client, Config, Event, Output, Protocol, RequestId, Server, ShortMessage, SmscMessageId,
    SubmitAnswer,
};

pub const UNIX: i64 = 1_733_400_000;

pub fn all_protocols() -> [Protocol; 5] {
    [
        Protocol::Smpp,
        Protocol::Cmpp(CmppVersion::V30),
        Protocol::Cmpp(CmppVersion::V20),
        Protocol::Sgip,
        Protocol::Smgp,
    ]
}

/// Options every protocol can carry (the Chinese gateways take ASCII or UCS-2).
pub fn plan(text: &str) -> SmsPlan<'_> {
    let options = if text.is_ascii() {
        SmsOptions::default()
    } else {
        SmsOptions {
            ucs2_only: true,
            ..SmsOptions::DEFAULT
        }
    };
    SmsPlan::new(text, &options).unwrap()
}

pub type Answer = Box<dyn FnMut(&ShortMessage) -> SubmitAnswer>;

pub struct Pair {
    pub client: Client,
    pub server: Server,
    pub t0: Instant,
    pub now: Instant,
    pub secret: Vec<u8>,
    pub client_events: Vec<Event>,
    pub server_events: Vec<Event>,
    /// `None`: submits are held in `held` unanswered.
    pub answer: Option<Answer>,
    pub held: Vec<(RequestId, ShortMessage)>,
    /// Ids the server accepted with, in order.
    pub server_ids: Vec<SmscMessageId>,
    /// Submits the server saw, with the time.
    pub submits_at: Vec<Instant>,
    /// Drop what either side writes (a dead peer).
    pub cut_client_to_server: bool,
    pub cut_server_to_client: bool,
    /// Everything written, per direction.
    pub c2s: Vec<Bytes>,
    pub s2c: Vec<Bytes>,
    /// Feed octets one at a time.
    pub bytewise: bool,
}

impl Pair {
    pub fn configs(protocol: Protocol) -> (Config, Config) {
        let mut c = Config::client(protocol, "900001", b"s3cret");
        c.node_id = 3_010_000_001;
        let mut s = Config::server(protocol, "smsc");
        s.node_id = 123;
        (c, s)
    }

    /// The link that carries delivers and receipts to the client: the same one, except on
    /// SGIP, where the SMG (server) logs in to the SP (client).
    pub fn delivering(protocol: Protocol) -> Self {
        if protocol != Protocol::Sgip {
            return Self::new(protocol);
        }
        let mut c = Config::client(protocol, "", b"");
        c.login = rcs_gateway_engine::Login::Accept;
        c.mode = rcs_gateway_engine::BindMode::Receiver;
        c.system_id = "sp".into();
        let mut s = Config::server(protocol, "smg");
        s.login = rcs_gateway_engine::Login::Initiate {
            system_id: "smg".into(),
            password: b"s3cret".to_vec(),
            system_type: String::new(),
        };
        s.mode = rcs_gateway_engine::BindMode::Receiver;
        s.node_id = 123;
        Self::with(c, s)
    }

    pub fn new(protocol: Protocol) -> Self {
        let (c, s) = Self::configs(protocol);
        Self::with(c, s)
    }

    pub fn with(client: Config, server: Config) -> Self {
        let t0 = Instant::now();
        let mut p = Self {
            client: Client::new(client),
            server: Server::new(server),
            t0,
            now: t0,
            secret: b"s3cret".to_vec(),
            client_events: Vec::new(),
            server_events: Vec::new(),
            answer: Some(Box::new(|_| SubmitAnswer::Accept)),
            held: Vec::new(),
            server_ids: Vec::new(),
            submits_at: Vec::new(),
            cut_client_to_server: false,
            cut_server_to_client: false,
            c2s: Vec::new(),
            s2c: Vec::new(),
            bytewise: false,
        };
        p.server.start(t0, UNIX).unwrap();
        p.client.start(t0, UNIX).unwrap();
        p.run();
        p
    }

    fn feed_server(&mut self, bytes: &Bytes) {
        if self.bytewise {
            for b in bytes.iter() {
                self.server.handle_input(self.now, &[*b]);
            }
        } else {
            self.server.handle_input(self.now, bytes);
        }
    }

    fn feed_client(&mut self, bytes: &Bytes) {
        if self.bytewise {
            for b in bytes.iter() {
                self.client.handle_input(self.now, &[*b]);
            }
        } else {
            self.client.handle_input(self.now, bytes);
        }
    }

    /// Carries octets both ways until both sides are quiet.
    pub fn run(&mut self) {
        for _ in 0..10_000 {
            let mut quiet = true;
            while let Some(out) = self.client.poll_output() {
                quiet = false;
                match out {
                    Output::Transmit(b) => {
                        self.c2s.push(b.clone());
                        if !self.cut_client_to_server {
                            self.feed_server(&b);
                        }
                    }
                    Output::Event(Event::LoginRequest { .. }) => {
                        let secret = self.secret.clone();
                        self.client.accept_login(self.now, &secret).unwrap();
                    }
                    Output::Event(e) => self.client_events.push(e),
                }
            }
            while let Some(out) = self.server.poll_output() {
                quiet = false;
                match out {
                    Output::Transmit(b) => {
                        self.s2c.push(b.clone());
                        if !self.cut_server_to_client {
                            self.feed_client(&b);
                        }
                    }
                    Output::Event(Event::LoginRequest { .. }) => {
                        let secret = self.secret.clone();
                        self.server.accept_login(self.now, &secret).unwrap();
                    }
                    Output::Event(Event::Submitted {
                        request, message, ..
                    }) => {
                        self.submits_at.push(self.now);
                        match self.answer.as_mut() {
                            Some(answer) => {
                                let a = answer(&message);
                                if let Some(id) =
                                    self.server.respond_submit(self.now, request, a).unwrap()
                                {
                                    self.server_ids.push(id);
                                }
                            }
                            None => self.held.push((request, message)),
                        }
                    }
                    Output::Event(e) => self.server_events.push(e),
                }
            }
            if quiet {
                return;
            }
        }
        panic!("the two sides never went quiet");
    }

    /// Moves virtual time on by `d`, running every timer due on the way.
    pub fn advance(&mut self, d: Duration) {
        let target = self.now + d;
        loop {
            let next = [self.client.poll_timeout(), self.server.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t <= target => {
                    self.now = self.now.max(t);
                    self.client.handle_timeout(self.now);
                    self.server.handle_timeout(self.now);
                    self.run();
                }
                _ => break,
            }
        }
        self.now = target;
        self.client.handle_timeout(self.now);
        self.server.handle_timeout(self.now);
        self.run();
    }

    pub fn take_client_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.client_events)
    }

    pub fn take_server_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.server_events)
    }
}

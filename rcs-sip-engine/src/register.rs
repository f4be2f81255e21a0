//! The REGISTER client (RFC 3261 §10, RFC 3327 Path, RFC 3608 Service-Route, RFC 3455
//! P-Associated-URI, RFC 5626 instance and reg-id, RFC 5627 GRUU): builds each REGISTER,
//! answers Digest and AKA challenges (RFC 2617/7616, RFC 3310) through rcs-sip's digest code,
//! and says when to register again. Sans-IO: the transaction user sends what it builds through
//! the [`TransactionLayer`](crate::TransactionLayer) and hands back the final response.

use std::time::{Duration, Instant};

use rcs_sip::{Auth, DigestClient, KnownHeader, Message, MessageBuilder};

/// What a registration is for.
#[derive(Clone)]
pub struct RegistrationConfig {
    /// The registrar's Request-URI (`sip:ims.example.com`).
    pub registrar: String,
    /// The address of record, in From and To (`sip:+8613800138000@ims.example.com`).
    pub aor: String,
    /// This UA's contact URI (`sip:192.0.2.1:5060;transport=udp`).
    pub contact: String,
    /// Contact parameters sent with it after `expires` (the RCS feature tags:
    /// `;+g.3gpp.icsi-ref="..."`), as written.
    pub contact_params: String,
    /// RFC 5626 `+sip.instance` (`<urn:uuid:...>`), which also asks for a GRUU.
    pub instance: Option<String>,
    /// RFC 5626 `reg-id` (needs `instance`).
    pub reg_id: Option<u32>,
    /// Seconds asked for. Default 600.
    pub expires: u32,
    /// Digest user name (the IMPI in IMS).
    pub username: Option<String>,
    /// Digest password. For AKAv1-MD5 the secret is the RES of each challenge, given with
    /// [`Registration::answer_aka`] instead.
    pub password: Option<Vec<u8>>,
    /// Call-ID, kept for every REGISTER of this registration (§10.2).
    pub call_id: String,
    /// From tag.
    pub from_tag: String,
}

impl core::fmt::Debug for RegistrationConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RegistrationConfig")
            .field("registrar", &self.registrar)
            .field("aor", &self.aor)
            .field("contact", &self.contact)
            .field("expires", &self.expires)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("call_id", &self.call_id)
            .finish_non_exhaustive()
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationState {
    /// Not registered (never, expired, or removed with expires 0).
    Unregistered,
    /// A REGISTER is out.
    Registering,
    /// Registered until then; refresh at [`Registration::refresh_at`].
    Registered {
        /// When the binding expires.
        until: Instant,
    },
    /// Refused with this final status (after the one challenge answered, or not a challenge).
    Failed(u16),
}

/// What a final response to a REGISTER means for the transaction user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistrationOutcome {
    /// Registered for this long (what the registrar granted).
    Registered {
        /// The granted expiry.
        expires: Duration,
    },
    /// Unregistered (the answer to expires 0).
    Unregistered,
    /// Send [`Registration::request`] again now: a challenge to answer (401/407) or a
    /// longer expiry to ask for (423).
    Retry,
    /// An AKA challenge (RFC 3310): compute RES from this nonce (RAND and AUTN, base64) on
    /// the SIM, give it to [`Registration::answer_aka`], then send `request()` again.
    AkaChallenge {
        /// The challenge's nonce.
        nonce: String,
    },
    /// Refused.
    Failed {
        /// The status.
        status: u16,
    },
}

#[derive(Clone)]
struct Challenge {
    /// The challenge as received (WWW- or Proxy-Authenticate value).
    value: String,
    /// Whether it came in a 407 (answered with Proxy-Authorization).
    proxy: bool,
    /// Nonce count used with it so far.
    nc: u32,
    aka: bool,
}

/// A registration binding kept alive.
pub struct Registration {
    config: RegistrationConfig,
    state: RegistrationState,
    cseq: u32,
    expires: u32,
    challenge: Option<Challenge>,
    /// Challenges answered since the last success: a second in a row means the credentials
    /// are wrong (unless the server says `stale`).
    answered: u8,
    aka_res: Option<Vec<u8>>,
    refresh_at: Option<Instant>,
    service_route: Vec<String>,
    path: Vec<String>,
    associated_uris: Vec<String>,
    pub_gruu: Option<String>,
    temp_gruu: Option<String>,
    removing: bool,
}

impl core::fmt::Debug for Registration {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Registration")
            .field("config", &self.config)
            .field("state", &self.state)
            .field("cseq", &self.cseq)
            .field("refresh_at", &self.refresh_at)
            .finish_non_exhaustive()
    }
}

impl Registration {
    /// A registration not yet sent.
    pub fn new(config: RegistrationConfig) -> Self {
        let expires = config.expires;
        Self {
            config,
            state: RegistrationState::Unregistered,
            cseq: 0,
            expires,
            challenge: None,
            answered: 0,
            aka_res: None,
            refresh_at: None,
            service_route: Vec::new(),
            path: Vec::new(),
            associated_uris: Vec::new(),
            pub_gruu: None,
            temp_gruu: None,
            removing: false,
        }
    }

    /// Where it stands.
    pub fn state(&self) -> RegistrationState {
        self.state
    }

    /// When to send the next REGISTER to keep the binding: half the granted time for short
    /// bindings, ten minutes before expiry for long ones.
    pub fn refresh_at(&self) -> Option<Instant> {
        self.refresh_at
    }

    /// The Service-Route of the last 200 (RFC 3608): the Route of requests this UA sends.
    pub fn service_route(&self) -> &[String] {
        &self.service_route
    }

    /// The Path of the last 200 (RFC 3327).
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The identities registered with the AoR (P-Associated-URI, RFC 3455).
    pub fn associated_uris(&self) -> &[String] {
        &self.associated_uris
    }

    /// The public GRUU the registrar assigned (RFC 5627), if any.
    pub fn pub_gruu(&self) -> Option<&str> {
        self.pub_gruu.as_deref()
    }

    /// The temporary GRUU, if any.
    pub fn temp_gruu(&self) -> Option<&str> {
        self.temp_gruu.as_deref()
    }

    /// Gives the RES of the pending AKA challenge (RFC 3310: the digest secret).
    pub fn answer_aka(&mut self, res: &[u8]) {
        self.aka_res = Some(res.to_vec());
    }

    /// Asks to remove the binding: the next `request()` carries expires 0.
    pub fn unregister(&mut self) {
        self.removing = true;
        self.refresh_at = None;
    }

    /// The next REGISTER, with the top Via the caller gives (transport, sent-by host, port,
    /// a new branch) and, after a challenge, its answer.
    pub fn request(
        &mut self,
        via: (&str, &str, Option<u16>, &str),
        cnonce: &str,
    ) -> Result<Message<'static>, rcs_sip::BuildError> {
        self.cseq = self.cseq.wrapping_add(1).max(1);
        self.state = RegistrationState::Registering;
        let c = &self.config;
        let expires = if self.removing { 0 } else { self.expires };
        let (transport, host, port, branch) = via;
        let mut params = format!(";expires={expires}");
        if let Some(i) = &c.instance {
            params.push_str(&format!(";+sip.instance=\"{i}\""));
            if let Some(r) = c.reg_id {
                params.push_str(&format!(";reg-id={r}"));
            }
        }
        params.push_str(&c.contact_params);
        let mut b = MessageBuilder::request("REGISTER", &c.registrar)
            .via(transport, host, port, branch, true)
            .max_forwards(70)
            .from(None, &c.aor, &c.from_tag)
            .to(None, &c.aor, None)
            .call_id(&c.call_id)
            .cseq(self.cseq, "REGISTER")
            .contact(&c.contact, &params)
            .header(KnownHeader::Expires, &expires.to_string());
        let supported = if c.instance.is_some() {
            "path, gruu, outbound"
        } else {
            "path"
        };
        b = b.header(KnownHeader::Supported, supported);
        if let Some(answer) = self.authorization(cnonce) {
            b = b.header(answer.0, &answer.1);
        }
        b.build()
    }

    /// The Authorization (or Proxy-Authorization) answering the kept challenge.
    fn authorization(&mut self, cnonce: &str) -> Option<(KnownHeader, String)> {
        let ch = self.challenge.as_mut()?;
        let secret: Vec<u8> = if ch.aka {
            self.aka_res.clone()?
        } else {
            self.config.password.clone()?
        };
        let username = self.config.username.clone()?;
        ch.nc = ch.nc.wrapping_add(1);
        let raw = format!("WWW-Authenticate: {}\r\n", ch.value);
        let kind = if ch.proxy {
            KnownHeader::ProxyAuthorization
        } else {
            KnownHeader::Authorization
        };
        // Read the kept challenge with the typed parser (it was one when received).
        let holder = format!("SIP/2.0 401 X\r\n{raw}Content-Length: 0\r\n\r\n");
        let m = Message::parse(holder.as_bytes()).ok()?;
        let auth = m.first::<Auth<'_>>(KnownHeader::WwwAuthenticate)?.ok()?;
        let client = DigestClient {
            username: &username,
            secret: &secret,
            cnonce,
            nc: ch.nc,
        };
        let value = client
            .authorize(&auth, "REGISTER", &self.config.registrar, b"")
            .ok()?;
        Some((kind, value))
    }

    /// Reads the final response to the last REGISTER at `now`.
    pub fn on_response(&mut self, now: Instant, response: &Message<'_>) -> RegistrationOutcome {
        let status = response.status().unwrap_or(0);
        match status {
            200..=299 => {
                self.answered = 0;
                self.aka_res = None;
                if self.removing {
                    self.state = RegistrationState::Unregistered;
                    self.refresh_at = None;
                    self.removing = false;
                    return RegistrationOutcome::Unregistered;
                }
                let granted = self.granted(response);
                if granted == 0 {
                    self.state = RegistrationState::Unregistered;
                    self.refresh_at = None;
                    return RegistrationOutcome::Unregistered;
                }
                let expires = Duration::from_secs(u64::from(granted));
                let refresh = if granted > 1200 {
                    Duration::from_secs(u64::from(granted) - 600)
                } else {
                    expires / 2
                };
                self.state = RegistrationState::Registered {
                    until: now + expires,
                };
                self.refresh_at = Some(now + refresh);
                let values = |kind: KnownHeader| -> Vec<String> {
                    response
                        .headers_of(kind)
                        .flat_map(|h| {
                            h.split_values()
                                .map(|v| v.trim().to_owned())
                                .collect::<Vec<_>>()
                        })
                        .filter(|v| !v.is_empty())
                        .collect()
                };
                self.service_route = values(KnownHeader::ServiceRoute);
                self.path = values(KnownHeader::Path);
                self.associated_uris = values(KnownHeader::PAssociatedUri);
                RegistrationOutcome::Registered { expires }
            }
            401 | 407 => {
                let kind = if status == 401 {
                    KnownHeader::WwwAuthenticate
                } else {
                    KnownHeader::ProxyAuthenticate
                };
                let Some(Ok(auth)) = response.first::<Auth<'_>>(kind) else {
                    return self.fail(status);
                };
                let stale = auth
                    .param("stale")
                    .is_some_and(|s| s.eq_ignore_ascii_case("true"));
                if !auth.is_digest() || (self.answered >= 1 && !stale) {
                    return self.fail(status);
                }
                let aka = auth
                    .param("algorithm")
                    .is_some_and(|a| a.to_ascii_uppercase().starts_with("AKAV"));
                if (!aka && self.config.password.is_none()) || self.config.username.is_none() {
                    return self.fail(status);
                }
                self.answered += 1;
                self.challenge = Some(Challenge {
                    // The header as received: its first challenge is the one answered.
                    value: response
                        .headers_of(kind)
                        .next()
                        .map(|h| h.unfolded_value().into_owned())
                        .unwrap_or_default(),
                    proxy: status == 407,
                    nc: 0,
                    aka,
                });
                if aka {
                    self.aka_res = None;
                    let nonce = auth
                        .param("nonce")
                        .map(|n| n.into_owned())
                        .unwrap_or_default();
                    return RegistrationOutcome::AkaChallenge { nonce };
                }
                RegistrationOutcome::Retry
            }
            423 => {
                // Interval Too Brief: ask for the Min-Expires the registrar wants (§10.2.8).
                let min = response
                    .headers_of(KnownHeader::MinExpires)
                    .next()
                    .and_then(|h| h.value().trim().parse::<u32>().ok());
                match min {
                    Some(m) if m > self.expires => {
                        self.expires = m;
                        RegistrationOutcome::Retry
                    }
                    _ => self.fail(status),
                }
            }
            _ => self.fail(status),
        }
    }

    fn fail(&mut self, status: u16) -> RegistrationOutcome {
        self.state = RegistrationState::Failed(status);
        self.refresh_at = None;
        RegistrationOutcome::Failed { status }
    }

    /// The expiry granted to this UA's contact: its `expires` in the 200's Contact list,
    /// else the Expires header, else what was asked for. Also picks up its GRUUs.
    fn granted(&mut self, response: &Message<'_>) -> u32 {
        let mine = response.contacts().filter_map(Result::ok).find(|c| {
            c.address()
                .is_some_and(|a| a.uri().as_str() == self.config.contact)
                || self.config.instance.as_ref().is_some_and(|i| {
                    c.params()
                        .value("+sip.instance")
                        .is_some_and(|v| v.trim_matches('"') == i)
                })
        });
        if let Some(c) = &mine {
            self.pub_gruu = c
                .params()
                .value("pub-gruu")
                .map(|v| v.trim_matches('"').to_owned());
            self.temp_gruu = c
                .params()
                .value("temp-gruu")
                .map(|v| v.trim_matches('"').to_owned());
        }
        mine.and_then(|c| c.expires())
            .or_else(|| response.expires().and_then(Result::ok))
            .unwrap_or(self.expires)
    }
}

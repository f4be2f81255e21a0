//! Any split of any byte sequence gives the same frames (and the same error, at the same
//! point of the stream) as feeding it whole.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Decoder, ParseOptions};

fn run(
    stream: &[u8],
    sizes: &[u8],
    opts: ParseOptions,
) -> (Vec<bytes::Bytes>, Option<rcs_msrp::ErrorKind>) {
    let mut d = Decoder::new(opts);
    let mut buf = BytesMut::new();
    let (mut out, mut pos, mut i) = (Vec::new(), 0, 0);
    while pos < stream.len() {
        let n = if sizes.is_empty() {
            stream.len()
        } else {
            usize::from(sizes[i % sizes.len()]).max(1)
        };
        i += 1;
        let end = (pos + n).min(stream.len());
        buf.extend_from_slice(&stream[pos..end]);
        pos = end;
        loop {
            match d.decode(&mut buf) {
                Ok(Some(f)) => out.push(f.to_bytes()),
                Ok(None) => break,
                Err(e) => return (out, Some(e.kind())),
            }
        }
    }
    (out, None)
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>)| {
    let (sizes, stream) = input;
    for opts in [ParseOptions::new(), ParseOptions::new().allow_bare_lf(true)] {
        let whole = run(&stream, &[], opts);
        assert_eq!(whole, run(&stream, &sizes, opts));
        assert_eq!(whole, run(&stream, &[1], opts));
    }
});

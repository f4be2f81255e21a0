#!/usr/bin/env python3
"""Differential check of `rcs fallback sms` against the oracles of ../shared/ORACLES.md:
PyPI smsutil (scalar splits), npm sms-segments-calculator (grapheme splits) and PyPI gsmcodecs
(national-table septets). Texts: the corpus segmentation bodies and seeded random mixes.
Usage: differential-fallback.py RCS_BINARY NODE_MODULES_DIR [CORPUS_DIR]
Prints one line per disagreement and a closing `differential fallback: N passed, M failed`."""
import json, os, random, subprocess, sys

import gsmcodecs  # noqa: F401  (registers the gsm23.038-L-S codecs)
import smsutil

rcs, node_modules = sys.argv[1], sys.argv[2]
corpus = sys.argv[3] if len(sys.argv) > 3 else None

texts = []
if corpus:
    d = json.load(open(os.path.join(corpus, "fallback/sms/segmentation_vectors.json")))
    texts += [c["body"] for c in d["segment_count"] + d["split_boundaries"]]
rng = random.Random(20261121)
pieces = ["hello ", "SMS ", "12345 ", "{", "}", "[", "]", "~", "^", "|", "\\", "€", "@", "$",
          "_", "\n", "é", "à", "Ä", "ß", "Δ", "Ω", "ğ", "ı", "ş", "Ç", "á", "í", "ó", "ú", "ñ",
          "ã", "õ", "ê", "क", "ि", "्", "ন", "ா", "中", "文", "。", "，", "😀", "👍🏽", "🇨🇳",
          "👨‍👩‍👧", "—", "’", "“"]
for _ in range(400):
    n = rng.choice([3, 20, 60, 150, 300])
    texts.append("".join(rng.choice(pieces) for _ in range(n)))
for s in ["a" * 160, "a" * 161, "a" * 152 + "€" + "b" * 10, "中" * 70, "中" * 71,
          "a" * 66 + "😀" + "b", "Sayın müşterimiz, kargonuz yola çıktı. Teslimat günü kapıda "
          "ödeme seçeneği geçerlidir. " * 2, "नमस्ते, आपका पैकेज भेजा गया है। " * 5]:
    texts.append(s)
texts = [t for t in texts if t and "\x00" not in t]


def ours(text, *args):
    out = subprocess.run([rcs, "fallback", "sms", "--json", *args, text], capture_output=True,
                         check=True)
    return json.loads(out.stdout)


def utf16(s):
    return len(s.encode("utf-16-be")) // 2


def septets_of(part):
    """Our part's septets: unpack the hex after the header (UDH octets, then fill bits)."""
    ud = bytes.fromhex(part["hex"])
    h = ud[0] + 1 if part["udhi"] else 0
    skip = (h * 8 + 6) // 7
    count = part["udl"] - skip
    bits = int.from_bytes(ud, "little")
    start = skip * 7
    return bytes((bits >> (start + 7 * i)) & 0x7F for i in range(count))


# Twilio's calculator, all texts in one node run.
with open("/tmp/diff-texts.json", "w") as f:
    json.dump(texts, f)
js = """
const {SegmentedMessage} = require('sms-segments-calculator');
const texts = JSON.parse(require('fs').readFileSync('/tmp/diff-texts.json', 'utf8'));
console.log(JSON.stringify(texts.map(t => {
  const m = new SegmentedMessage(t);
  return [m.encodingName, m.segmentsCount];
})));
"""
twilio = json.loads(subprocess.run(["node", "-e", js], capture_output=True, check=True,
                                   env={**os.environ, "NODE_PATH": node_modules}).stdout)

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("DIFF", what)


for text, (t_enc, t_count) in zip(texts, twilio):
    short = repr(text[:40])
    # smsutil: scalar splits, no national tables.
    mine = ours(text)
    s = smsutil.split(text)
    s_enc = {"gsm0338": "gsm7", "utf_16_be": "ucs2"}[s.encoding]
    check(mine["encoding"] == s_enc, f"smsutil encoding {short}: {mine['encoding']} vs {s_enc}")
    check([utf16(p["text"]) for p in mine["parts"]] == [utf16(p.content) for p in s.parts],
          f"smsutil parts {short}: {[utf16(p['text']) for p in mine['parts']]} vs "
          f"{[utf16(p.content) for p in s.parts]}")
    # Twilio: grapheme splits, no national tables.
    g = ours(text, "--split", "grapheme")
    check(({"gsm7": "GSM-7", "ucs2": "UCS-2"}[g["encoding"]], g["segments"]) == (t_enc, t_count),
          f"twilio {short}: {g['encoding']}/{g['segments']} vs {t_enc}/{t_count}")
    # gsmcodecs: every national-table plan writes the septets gsmcodecs writes.
    n = ours(text, "--nls", "auto")
    if n["encoding"] == "gsm7-nls":
        ids = {"turkish": 1, "spanish": 2, "portuguese": 3, "bengali": 4, "gujarati": 5,
               "hindi": 6, "kannada": 7, "malayalam": 8, "oriya": 9, "punjabi": 10, "tamil": 11,
               "telugu": 12, "urdu": 13}
        lock = ids.get(n["national"]["locking"], 0)
        shift = ids.get(n["national"]["single_shift"], 0)
        codec = f"gsm23.038-{lock}-{shift}"
        for p in n["parts"]:
            if lock >= 4:
                # The documented choice (table_disagreements.tsv): Indic locking 0x2C is COMMA
                # here, APOSTROPHE in gsmcodecs; the apostrophe is single-shift 0x09 in both.
                theirs = b"".join(b"\x2c" if c == "," else b"\x1b\x09" if c == "'"
                                  else c.encode(codec) for c in p["text"])
            else:
                theirs = p["text"].encode(codec)
                check(theirs.decode(codec) == p["text"], f"gsmcodecs decode {codec} {short}")
            check(septets_of(p) == theirs, f"gsmcodecs {codec} {short}")
    check(n["segments"] <= mine["segments"], f"nls auto worse than none {short}")

print(f"differential fallback: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

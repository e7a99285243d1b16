"""One phone set for every speech engine: the CMU / ARPAbet phones (lower case, as festival, flite
and FreeTTS name them) plus "ax" for the reduced vowel.

festival's diphone voices, flite and FreeTTS already speak in these names. espeak-ng reports IPA
(its phoneme events); ``from_espeak`` maps each of its en-us phonemes onto one or two of these
phones (an r-coloured vowel such as "ɑːɹ" becomes "aa r", its time split evenly), so that an
encoder frame is labelled with the same class whichever engine spoke it. A pause is "".
"""

PHONES = ("aa ae ah ao aw ax ay b ch d dh eh er ey f g hh ih iy jh k l m n ng ow oy p r s sh t "
          "th uh uw v w y z zh").split()

# espeak-ng en-us IPA -> CMU phones
_ESPEAK = {
    "n": "n", "k": "k", "t": "t", "l": "l", "s": "s", "ɹ": "r", "r": "r", "ə": "ax", "ɪ": "ih",
    "d": "d", "b": "b", "æ": "ae", "a": "ae", "p": "p", "ɛ": "eh", "e": "eh", "m": "m",
    "oʊ": "ow", "o": "ow", "i": "iy", "f": "f", "iː": "iy", "ʌ": "ah", "ɡ": "g", "g": "g",
    "aɪ": "ay", "w": "w", "eɪ": "ey", "h": "hh", "ɚ": "er", "z": "z", "ɑː": "aa", "ɑ": "aa",
    "ɒ": "aa", "v": "v", "ŋ": "ng", "uː": "uw", "u": "uw", "aʊ": "aw", "əl": "ax l", "ɔː": "ao",
    "ɔ": "ao", "oː": "ao", "ɑːɹ": "aa r", "ɾ": "t", "ʔ": "t", "dʒ": "jh", "ɜː": "er", "ɜ": "er",
    "tʃ": "ch", "θ": "th", "ð": "dh", "ɐ": "ax", "oːɹ": "ao r", "ɔːɹ": "ao r", "ɔɹ": "ao r",
    "ʃ": "sh", "ʒ": "zh", "ʊ": "uh", "j": "y", "ᵻ": "ih", "iə": "iy ax", "ɛɹ": "eh r",
    "ɔɪ": "oy", "aɪɚ": "ay er", "aɪə": "ay ax", "ɪɹ": "ih r", "ʊɹ": "uh r", "aɪʊ": "ay uh",
    "n̩": "ax n", "l̩": "ax l", "m̩": "ax m", "x": "hh",
}


def from_espeak(ipa):
    """The CMU phones (a list of one or two) for one espeak-ng IPA phoneme; [] for a pause."""
    if not ipa:
        return []
    if ipa not in _ESPEAK:
        raise ValueError("no CMU phone for the espeak-ng phoneme %r" % ipa)
    return _ESPEAK[ipa].split()


def normalise(name):
    """A festival / flite / FreeTTS phone name in the common set ("" for a pause)."""
    name = name.lower()
    if name in ("pau", "h#", "sil", "brth", ""):
        return ""
    if name == "axr":
        return "er"
    if name not in PHONES:
        raise ValueError("phone %r is not in the common phone set" % name)
    return name


def espeak_segments(events, end_sample):
    """espeak-ng phoneme events [(start sample, IPA)] -> segments [(start s, end s, CMU phone)]
    at 16 kHz; a phoneme mapped to two phones has its span split evenly."""
    out = []
    for k, (start, ipa) in enumerate(events):
        end = events[k + 1][0] if k + 1 < len(events) else end_sample
        names = from_espeak(ipa)
        if not names:
            out.append((start / 16000.0, end / 16000.0, ""))
            continue
        step = (end - start) / len(names)
        for j, p in enumerate(names):
            out.append(((start + j * step) / 16000.0, (start + (j + 1) * step) / 16000.0, p))
    return out

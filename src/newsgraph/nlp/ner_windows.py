"""The model's NER run only where an entity can be: windows around the tokens that can start one.

The small English model's ``ner`` embeds every token with its own CNN (depth 4, window 1: a token's
vector depends on the four tokens either side of it and on nothing further) and then decides token
by token. It is the most expensive component of the pipeline (about 40 % of plain ``nlp.pipe``),
yet in news text a third of the tokens are more than four tokens away from anything that can be an
entity: a word with a capital letter (other than a closed-class word opening a sentence), a digit,
a number word, a currency sign, or a word of time ("summer", "weekend", "midnight").

``WindowedNER`` replaces ``ner`` under the same name. For each doc it takes every such token, widens
it by the CNN's reach on both sides (so that its vector is exactly what the whole doc gives it),
merges overlapping windows, and runs the model's own ``ner`` over one shorter doc made of those
windows (a sentence start at each window's first token, so no entity crosses from one window into
the next; the token norms copied, so "n't" still reads as "not"). The entities found there are set
on the original doc, every other token outside. Over the first 200 allsides articles 68 % of the
tokens went through the NER, which took 0.75x of its time over the whole texts, and 20,659 of its
20,672 entities were the same (the few that differ sit at a window's edge, where the model's
decision can see a different left neighbour): ``python benchmarks/ner_windows.py --n 200``.

``NEWSGRAPH_NER_WINDOWS=0`` keeps the model's own ``ner``; a NER that listens to a shared
``tok2vec`` (whose vectors come from the whole doc) is never replaced.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import NORM, ORTH, SENT_START, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

# words of time and number that the model tags as DATE, TIME, CARDINAL, ORDINAL, QUANTITY or
# PERCENT without a capital or a digit in them (a general English list, not drawn from any text)
TIME_AND_NUMBER_WORDS = frozenset("""
today yesterday tomorrow tonight now currently recently ago last next previous past earlier later
morning mornings afternoon afternoons evening evenings night nights overnight midnight noon dawn dusk
day days week weeks weekend weekends fortnight month months year years decade decades century
centuries millennium millennia hour hours minute minutes second seconds moment season seasons
quarter quarters semester term spring summer fall autumn winter eve holiday holidays
daily weekly monthly yearly annual annually quarterly biannual biennial hourly nightly
age aged old
percent percentage per cent dozen dozens score hundred hundreds thousand thousands million millions
billion billions trillion trillions half halves twice thrice once double triple quadruple
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth
hundredth thousandth millionth several few many
""".split())
SYMBOLS = frozenset("$ € £ ¥ ₽ % # §".split())
# a doc whose windows cover this share of its tokens or more goes through the NER whole
WHOLE = 0.9


class WindowedNER:
    """Drop-in for the model's ``ner`` (same name in the pipeline): see the module's docstring."""

    def __init__(self, ner, vocab, context: int):
        self.ner = ner
        self.vocab = vocab
        self.context = context
        self.name = getattr(ner, "name", "ner")
        self._flags: dict[int, int] = {}  # ORTH -> 1 (always a candidate), 2 (unless it opens a sentence), 0

    # the pipeline's bookkeeping reaches the wrapped component
    def __getattr__(self, attr):
        return getattr(self.__dict__["ner"], attr)

    def _flag(self, orth: int) -> int:
        f = self._flags.get(orth)
        if f is None:
            w = self.vocab.strings[orth]
            low = w.lower()
            if any(c.isdigit() for c in w) or low in TIME_AND_NUMBER_WORDS or w in SYMBOLS or self.vocab[orth].like_num:
                f = 1
            elif any(c.isupper() for c in w):
                f = 2 if low in STOP_WORDS else 1
            else:
                f = 0
            if len(self._flags) > 500_000:
                self._flags.clear()
            self._flags[orth] = f
        return f

    def covered(self, doc: Doc) -> np.ndarray:
        """Indices of the tokens within reach of a token that can be part of an entity, ascending."""
        n = len(doc)
        if not n:
            return np.zeros(0, dtype=np.int64)
        arr = doc.to_array([ORTH, SENT_START])
        orths, inverse = np.unique(arr[:, 0], return_inverse=True)
        flags = np.fromiter((self._flag(o) for o in orths.tolist()), dtype=np.int8, count=len(orths))[inverse]
        starts = arr[:, 1] == 1
        starts[0] = True
        seeds = (flags == 1) | ((flags == 2) & ~starts)
        k = self.context
        sums = np.concatenate(([0], np.cumsum(seeds, dtype=np.int64)))  # seeds in [a, b): sums[b] - sums[a]
        pos = np.arange(n)
        near = sums[np.minimum(pos + k + 1, n)] > sums[np.maximum(pos - k, 0)]
        return np.flatnonzero(near)

    def _short_doc(self, doc: Doc, idx: np.ndarray) -> Doc:
        arr = doc.to_array([ORTH, SPACY, SENT_START, NORM])[idx]
        starts = arr[:, 2] == 1
        starts[0] = True
        starts[1:][np.diff(idx) > 1] = True  # each window opens a sentence: no entity spans two
        strings = self.vocab.strings
        short = Doc(self.vocab, words=[strings[o] for o in arr[:, 0].tolist()],
                    spaces=arr[:, 1].astype(bool).tolist(), sent_starts=starts.tolist())
        short.from_array([NORM], arr[:, 3:4].astype("uint64"))
        return short

    def _run(self, docs: list[Doc]) -> None:
        inputs, owners = [], []
        for doc in docs:
            idx = self.covered(doc)
            if len(idx) >= WHOLE * len(doc):
                inputs.append(doc)  # nearly all of it: the model's NER on the doc itself
                owners.append((doc, None))
            elif len(idx):
                inputs.append(self._short_doc(doc, idx))
                owners.append((doc, idx))
            else:
                doc.set_ents([], default="outside")
        for (doc, idx), done in zip(owners, self.ner.pipe(inputs, batch_size=max(1, len(inputs)))):
            if idx is not None:
                ents = [Span(doc, int(idx[e.start]), int(idx[e.end - 1]) + 1, label=e.label) for e in done.ents]
                doc.set_ents(ents, default="outside")

    def __call__(self, doc: Doc) -> Doc:
        self._run([doc])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for batch in minibatch(docs, size=batch_size):
            self._run(batch)
            yield from batch


def window_ner(nlp: Language) -> Language:
    """Put ``WindowedNER`` in place of ``ner`` (in place, same name) where the NER embeds tokens
    itself with a known reach; otherwise leave the pipeline as it is."""
    for i, (name, proc) in enumerate(list(nlp._components)):
        if name != "ner" or isinstance(proc, WindowedNER):
            continue
        k = ner_reach(nlp.config, name)
        if k is not None:
            nlp._components[i] = (name, WindowedNER(proc, nlp.vocab, k))
    return nlp


def ner_reach(config, name: str = "ner") -> int | None:
    """The NER's reach in tokens (CNN depth x window size) from the pipeline's config, or None when it
    listens to a shared tok2vec or is built some other way."""
    try:
        model = config["components"][name]["model"]
        tok2vec = model["tok2vec"]
        if "Listener" in tok2vec.get("@architectures", ""):
            return None
        enc = tok2vec["encode"]
        if not enc.get("@architectures", "").startswith("spacy.MaxoutWindowEncoder"):
            return None
        if not tok2vec.get("@architectures", "").startswith("spacy.Tok2Vec"):
            return None
        if model.get("@architectures", "").split(".")[1:2] != ["TransitionBasedParser"] \
                or model.get("state_type") != "ner" or model.get("extra_state_tokens"):
            return None
        return int(enc["depth"]) * int(enc["window_size"])
    except (KeyError, TypeError, AttributeError, ValueError):
        return None

"""The model's NER run only where an entity can be: windows around the tokens that can start one.

The small English model's ``ner`` embeds every token with its own CNN (depth 4, window 1: a token's
vector depends on the four tokens either side of it and on nothing further) and then decides token
by token, from left to right. It is the most expensive component of the pipeline (about 40 % of
plain ``nlp.pipe``), yet in news text a third of the tokens are more than four tokens away from
anything that can be an entity: a word with a capital letter (other than a closed-class word opening
a sentence), a digit, a number word, a currency sign or word, or a word of time ("summer",
"weekend", "midnight", "the end of").

``WindowedNER`` replaces ``ner`` under the same name and spends each of the NER's two parts only
where it is needed:

1. **Vectors.** Every such token, widened by the CNN's reach on both sides (so that its own vector
   is exactly what the whole doc gives it, and its neighbours' nearly so), makes a window; the
   NER's own embedding runs over the windows' tokens, merged and in order (read straight from the
   doc's arrays, so "n't" still reads as "not").
2. **Decisions.** The transition system, a loop over tokens that costs about twice the CNN per
   token, reads a token's own vector and, inside an entity, the vectors of the entity's first token
   and of the token before it. Outside an entity, a token that is not part of one changes nothing
   in the state: it can be skipped. So the decisions run only over a narrower window around each
   candidate, ``LEFT`` tokens before it and ``RIGHT`` after ("the end of June", "more than 10,000",
   "hundreds of millions of dollars" each fit), on the vectors from step 1, in a shorter doc made
   of those tokens (a sentence start after each gap, so that no entity spans one; norms copied).

The entities found are set on the original doc, every other token outside. Over the first 200
allsides articles, doc by doc, 68 % of the tokens went through the CNN and 50 % through the
decisions, the NER took 0.56x of its CPU time over the whole texts (0.75x with the decisions over
the CNN's windows), and 20,645 of its 20,672 entities were the same; most of the others are the
whole-text NER's own slips ("cryogenic" as a number, "Please" as a person) that no window reaches
(``python benchmarks/ner_windows.py --n 200``).

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
from thinc.api import Model

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
end beginning start middle
""".split())
SYMBOLS = frozenset("$ € £ ¥ ₽ % # §".split())
CURRENCY_WORDS = frozenset("""
dollar dollars euro euros pound pounds sterling cent cents penny pence yen yuan renminbi rupee rupees
ruble rubles rouble roubles hryvnia hryvnias franc francs peso pesos lira dinar dinars riyal riyals
shekel shekels won rand krona kronor krone kroner zloty bitcoin bitcoins
""".split())
# the decisions' window around a candidate: entities reach further to the left of the word that
# marks them ("as much as 10 inches", "the end of June") than to the right
LEFT, RIGHT = 3, 1
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
            if (any(c.isdigit() for c in w) or low in TIME_AND_NUMBER_WORDS or low in CURRENCY_WORDS
                    or w in SYMBOLS or self.vocab[orth].like_num):
                f = 1
            elif any(c.isupper() for c in w):
                f = 2 if low in STOP_WORDS else 1
            else:
                f = 0
            if len(self._flags) > 500_000:
                self._flags.clear()
            self._flags[orth] = f
        return f

    def seeds(self, doc: Doc) -> np.ndarray:
        """A boolean per token: can it be part of an entity (see the module's docstring)."""
        arr = doc.to_array([ORTH, SENT_START])
        orths, inverse = np.unique(arr[:, 0], return_inverse=True)
        flags = np.fromiter((self._flag(o) for o in orths.tolist()), dtype=np.int8, count=len(orths))[inverse]
        starts = arr[:, 1] == 1
        starts[0] = True
        return (flags == 1) | ((flags == 2) & ~starts)

    def covered(self, doc: Doc, before: int | None = None, after: int | None = None,
                seeds: np.ndarray | None = None) -> np.ndarray:
        """Indices, ascending, of the tokens at most ``before`` tokens before or ``after`` tokens after
        a token that can be part of an entity (both default to the CNN's reach)."""
        n = len(doc)
        if not n:
            return np.zeros(0, dtype=np.int64)
        if seeds is None:
            seeds = self.seeds(doc)
        before = self.context if before is None else before
        after = self.context if after is None else after
        sums = np.concatenate(([0], np.cumsum(seeds, dtype=np.int64)))  # seeds in [a, b): sums[b] - sums[a]
        pos = np.arange(n)
        near = sums[np.minimum(pos + before + 1, n)] > sums[np.maximum(pos - after, 0)]
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
        whole, parts = [], []  # parts: (doc, tokens through the CNN, tokens through the decisions)
        for doc in docs:
            if not len(doc):
                continue
            seeds = self.seeds(doc)
            cnn = self.covered(doc, seeds=seeds)
            if len(cnn) >= WHOLE * len(doc):
                whole.append(doc)  # nearly all of it: the model's NER on the doc itself
                continue
            decide = self.covered(doc, min(LEFT, self.context), min(RIGHT, self.context), seeds=seeds)
            if len(decide):
                parts.append((doc, cnn, decide))
            else:
                doc.set_ents([], default="outside")
        if whole:
            self.ner.set_annotations(whole, self.ner.predict(whole))
        if not parts:
            return
        model = self.ner.model
        embed = model.get_ref("tok2vec")  # the NER's own embedding, projected to its state width
        vectors = embed.predict([_Rows(doc, cnn) for doc, cnn, _ in parts])
        rows, at = [], 0
        for _, cnn, decide in parts:
            rows.append(at + np.searchsorted(cnn, decide))
            at += len(cnn)
        short = [self._short_doc(doc, decide) for doc, _, decide in parts]
        self.ner.model = _with_vectors(model, vectors[np.concatenate(rows)])
        try:
            self.ner.set_annotations(short, self.ner.predict(short))
        finally:
            self.ner.model = model
        for (doc, _, idx), done in zip(parts, short):
            ents = [Span(doc, int(idx[e.start]), int(idx[e.end - 1]) + 1, label=e.label) for e in done.ents]
            doc.set_ents(ents, default="outside")

    def __call__(self, doc: Doc) -> Doc:
        self._run([doc])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for batch in minibatch(docs, size=batch_size):
            self._run(batch)
            yield from batch


class _Rows:
    """Some of a doc's tokens, as the NER's embedding reads a doc (its feature extractor calls
    ``to_array``): the windows' tokens in order, without building a doc of them."""

    __slots__ = ("doc", "idx")

    def __init__(self, doc: Doc, idx: np.ndarray):
        self.doc, self.idx = doc, idx

    @property
    def vocab(self):
        return self.doc.vocab

    def to_array(self, attrs):
        return self.doc.to_array(attrs)[self.idx]

    def __len__(self) -> int:
        return len(self.idx)


def _with_vectors(model: Model, vectors) -> Model:
    """The NER's model with its embedding replaced by vectors already computed for the docs it will
    be given (rows in the docs' order), sharing every other layer and its weights."""

    def given(layer: Model, docs: list[Doc], is_train: bool):
        if is_train or sum(len(d) for d in docs) != len(vectors):
            raise ValueError("the vectors were computed for other docs")
        return vectors, lambda d_vectors: []

    layers = list(model.layers)
    layers[0] = Model("given_vectors", given)
    return Model(model.name, model._func, layers=layers, attrs=dict(model.attrs), dims={"nI": None})


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

"""The model's NER run only where an entity can be, with its decisions made in a few array operations.

The small English model's ``ner`` embeds every token with its own CNN (depth 4, window 1: a token's
vector depends on the four tokens either side of it and on nothing further) and then decides token
by token, from left to right, in spaCy's compiled transition loop. It is the most expensive
component of the pipeline (about 40 % of plain ``nlp.pipe``), yet in news text a third of the tokens
are more than four tokens away from anything that can be an entity: a word with a capital letter
(other than a closed-class word opening a sentence), a digit, a number word, a currency sign or
word, or a word of time ("summer", "weekend", "midnight", "the end of").

``WindowedNER`` replaces ``ner`` under the same name and spends each of the NER's two parts only
where it is needed:

1. **Vectors.** Every such token, widened by the CNN's reach on both sides (so that its own vector
   is exactly what the whole doc gives it, and its neighbours' nearly so), makes a window; the
   NER's own embedding runs over the windows' tokens, merged and in order (read straight from the
   doc's arrays, so "n't" still reads as "not").
2. **Decisions** (``GreedyNERDecoder``). The transition system's state, for the NER, is three
   tokens: the next token, the first token of the open entity and the token before the next one,
   the last two only while an entity is open. Outside an entity the state is therefore the next
   token alone, and its action (O, B-X or U-X) depends on that token's vector and nothing else:
   for every token at once it is one matrix product and an arg-max over the actions valid there.
   Only from a B-X on does a decision depend on the one before (I-X or L-X, same label), and
   those run as rounds over every open entity together. A walk over the tokens that are not O
   then keeps the entities the left-to-right loop would have kept. The weights, the validity
   rules (no entity starting on whitespace, crossing a sentence start or the end of a window) and
   the tie-breaking (the first action in the model's order) are the model's own, so the entities
   are those of its loop on the same vectors (the tests check it against that loop). SpaCy's loop
   spent about 70 us per token decided (doc by doc), twice the CNN; see below for the whole.

The entities found are set on the original doc, every other token outside. Over the first 200
allsides articles 68 % of the tokens went through the CNN, the NER took 0.19x of the CPU time of
the model's NER over the whole texts, and 20,659 of the whole-text NER's 20,672 entities were found
identically (``python benchmarks/ner_windows.py --n 200``).

``NEWSGRAPH_NER_WINDOWS=0`` keeps the model's own ``ner``; a NER that listens to a shared
``tok2vec`` (whose vectors come from the whole doc), one built another way, one with a beam, or a
doc that arrives with entities already set, goes through the model's own NER.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START
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
end beginning start middle
""".split())
SYMBOLS = frozenset("$ € £ ¥ ₽ % # §".split())
CURRENCY_WORDS = frozenset("""
dollar dollars euro euros pound pounds sterling cent cents penny pence yen yuan renminbi rupee rupees
ruble rubles rouble roubles hryvnia hryvnias franc francs peso pesos lira dinar dinars riyal riyals
shekel shekels won rand krona kronor krone kroner zloty bitcoin bitcoins
""".split())


class WindowedNER:
    """Drop-in for the model's ``ner`` (same name in the pipeline): see the module's docstring."""

    def __init__(self, ner, vocab, context: int):
        self.ner = ner
        self.vocab = vocab
        self.context = context
        self.name = getattr(ner, "name", "ner")
        self.decoder = GreedyNERDecoder.of(ner)  # None: the model's own loop decides
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

    def covered(self, doc: Doc) -> np.ndarray:
        """Indices, ascending, of the tokens within the CNN's reach of a token that can be part of an
        entity (see the module's docstring)."""
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

    def _run(self, docs: list[Doc]) -> None:
        decoder = self.decoder
        parts = []  # (doc, the tokens through the CNN)
        for doc in docs:
            if not len(doc):
                continue
            if decoder is None or doc.has_annotation("ENT_IOB"):
                self.ner.set_annotations([doc], self.ner.predict([doc]))  # the model's own loop
                continue
            cnn = self.covered(doc)
            if len(cnn):
                parts.append((doc, cnn))
            else:
                doc.set_ents([], default="outside")
        if not parts:
            return
        # the NER's own embedding (projected to its state width) over every window of the batch
        vectors = self.ner.model.get_ref("tok2vec").predict([_Rows(doc, cnn) for doc, cnn in parts])
        flags = [window_flags(doc, cnn) for doc, cnn in parts]
        found = decoder(vectors, np.concatenate([f[0] for f in flags]), np.concatenate([f[1] for f in flags]))
        at, k = 0, 0
        for doc, cnn in parts:
            ents = []
            while k < len(found) and found[k][0] < at + len(cnn):
                first, last, label = found[k]
                ents.append(Span(doc, int(cnn[first - at]), int(cnn[last - at]) + 1, label=label))
                k += 1
            doc.set_ents(ents, default="outside")
            at += len(cnn)

    def __call__(self, doc: Doc) -> Doc:
        self._run([doc])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for batch in minibatch(docs, size=batch_size):
            self._run(batch)
            yield from batch


def window_flags(doc: Doc, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the doc's tokens at ``idx`` (ascending): which open a sentence (the first, and each one
    after a gap, too, so that no entity spans two windows) and which are whitespace, as the decoder
    reads them."""
    arr = doc.to_array([SENT_START, IS_SPACE])[idx]
    start = arr[:, 0] == 1
    start[0] = True
    start[1:][np.diff(idx) > 1] = True
    return start, arr[:, 1] != 0


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


class GreedyNERDecoder:
    """The decisions of a transition-based NER's greedy loop (spaCy's ``ner`` with ``state_type:
    ner``: three state tokens, a precomputable hidden layer with maxout, an output layer, moves
    B/I/L/U per label and O), made over arrays: see the module's docstring."""

    def __init__(self, ner):
        model = ner.model
        self.lower, upper = model.get_ref("lower"), model.get_ref("upper")
        self.lower_b = self.lower.get_param("b")
        self.W, self.b = upper.get_param("W"), upper.get_param("b")
        self.ops = model.ops
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        split = [n.split("-", 1) if "-" in n else (n, "") for n in names]
        index = {(m, label): i for i, (m, label) in enumerate(split)}
        self.O = index[("O", "")]
        self.B = np.array([i for i, (m, label) in enumerate(split) if m == "B" and label], dtype=np.int64)
        self.U = np.array([i for i, (m, label) in enumerate(split) if m == "U" and label], dtype=np.int64)
        self.I_of_B = np.array([index[("I", split[i][1])] for i in self.B], dtype=np.int64)
        self.L_of_B = np.array([index[("L", split[i][1])] for i in self.B], dtype=np.int64)
        self.label = {i: split[i][1] for i in (*self.B.tolist(), *self.U.tolist())}
        # columns in the model's order (every B before every U, O last): arg-max picks the first best,
        # as the loop does; I before L for the same reason
        self.outside = np.concatenate([self.B, self.U, [self.O]])
        if not (self.B.max() < self.U.min() < self.O and (self.I_of_B < self.L_of_B).all()):
            raise ValueError("unexpected order of the NER's moves")

    @classmethod
    def of(cls, ner) -> "GreedyNERDecoder | None":
        """A decoder for this NER, or None when it is not the model this decoder reads."""
        try:
            model = ner.model
            if ner.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper") \
                    or model.attrs.get("unseen_classes") or model.get_ref("lower").get_dim("nF") != 3 \
                    or type(ner.moves).__name__ != "BiluoPushDown":
                return None
            return cls(ner)
        except (AttributeError, KeyError, ValueError, TypeError):
            return None

    def _scores(self, hidden_in):
        hidden = hidden_in.max(axis=-1)  # maxout over the pieces
        scores = self.ops.gemm(hidden, self.W, trans2=True)
        scores += self.b
        return scores

    def __call__(self, vectors, start: np.ndarray, space: np.ndarray) -> list[tuple[int, int, str]]:
        """Entities (first token, last token, label), ascending, over rows of ``vectors`` (the NER's
        embedding); ``start[i]``: row i opens a sentence (or a window, or a doc); ``space[i]``: it is
        whitespace."""
        m = len(vectors)
        if not m:
            return []
        cached = self.lower.predict(vectors)  # (m + 1, 3, nO, nP): row 0 is the padding
        pad, cached = cached[0], cached[1:]
        last_here = np.ones(m, dtype=bool)  # no token of the same sentence follows
        last_here[:-1] = start[1:]
        # outside an entity the state is (token, padding, padding): O, B-X (not on whitespace, not
        # at a sentence's last token) or U-X (not on whitespace)
        scores = self._scores(cached[:, 0] + pad[1] + pad[2] + self.lower_b)
        cols = scores[:, self.outside]
        nb, nu = len(self.B), len(self.U)
        cols[space | last_here, :nb] = -np.inf
        cols[space, nb:nb + nu] = -np.inf
        act = self.outside[cols.argmax(axis=1)]
        # from every B-X, the entity's next tokens in rounds: state (token, entity's first, previous)
        opens = np.flatnonzero(np.isin(act, self.B))
        which = np.searchsorted(self.B, act[opens])
        end = opens + 1
        alive = np.arange(len(opens))
        while len(alive):
            at, first = end[alive], opens[alive]
            hidden = cached[at, 0] + cached[first, 1] + cached[at - 1, 2] + self.lower_b
            h = hidden.max(axis=-1)
            i_col, l_col = self.I_of_B[which[alive]], self.L_of_B[which[alive]]
            s_in = np.einsum("ij,ij->i", h, self.W[i_col]) + self.b[i_col]
            s_last = np.einsum("ij,ij->i", h, self.W[l_col]) + self.b[l_col]
            go_on = ~last_here[at] & (s_in >= s_last)
            end[alive[go_on]] += 1
            alive = alive[go_on]
        # left to right: a B-X or U-X inside an entity already taken was never decided
        last_of = dict(zip(opens.tolist(), end.tolist()))
        out, free = [], 0
        for i in np.flatnonzero(act != self.O).tolist():
            if i < free:
                continue
            j = last_of.get(i, i)
            out.append((i, j, self.label[int(act[i])]))
            free = j + 1
        return out


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

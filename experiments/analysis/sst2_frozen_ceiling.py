#!/usr/bin/python3
"""How well can a frozen d-dimensional word representation, learnt from unlabeled SST-2 training text, read
sentiment? Issue 13 asks LoRA and RED on the `english` backbone for >= 0.78 SST-2 dev accuracy; this prints the
ceilings that explain why the 2-layer d-128 backbones have stayed far below it (experiments/README.md,
"Why SST-2 0.78 is out of reach of a d-128 backbone").

Rows (every one fitted on the labelled SST-2 training set, 67,349 phrases, scored on the 872 dev sentences):
  bag of words        logistic regression on binary word counts: a free weight per word (the issue's ~0.80)
  LSA d               the sentence's tf-idf vector reduced to d dims by truncated SVD fitted on the unlabeled
                      training sentences: the best linear d-dim sentence summary, what the summary objective
                      (<s> predicts the sentence's bag of words) approximates at <s>
  word vectors d      each word a d-dim vector (SVD of the positive PMI of words sharing a training sentence,
                      unlabeled); a sentence is their mean: what LoRA on query/value can read off frozen d-dim
                      token embeddings (a rank-r map of each token's embedding, averaged by attention)
The frozen features see no label; only the logistic regression on top does. Word vectors are distributional
(count-based) rather than a transformer's; a transformer's per-token nonlinearity could do somewhat better,
which the MLP row for d = 128 probes (a 512-unit hidden layer on the pooled vectors).

Usage: /usr/bin/python3 sst2_frozen_ceiling.py --glue ../shared/data/glue   (Debian: apt-get install -y python3-sklearn;
about 2 minutes on 2 cores). sklearn, not the project's TypeScript: this is a one-off measurement of the data,
not part of any run, and sklearn's solvers are the reference a reader would check it against.
"""
import argparse
import csv
import os
import sys

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier


def read_sst2(path):
    if not os.path.exists(path):
        sys.exit(f"error: {path} not found (give --glue <folder with SST-2/train.tsv and SST-2/dev.tsv>)")
    with open(path, newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        if header[:2] != ["sentence", "label"]:
            sys.exit(f"error: {path} line 1: expected the header 'sentence<TAB>label', found {header!r}")
        texts, labels = [], []
        for line, row in enumerate(rows, start=2):
            if len(row) != 2 or row[1] not in ("0", "1"):
                sys.exit(f"error: {path} line {line}: expected a sentence and a 0/1 label, found {row!r}")
            texts.append(row[0])
            labels.append(int(row[1]))
    return texts, np.array(labels)


def accuracy(model, train, dev, y_train, y_dev):
    return (model.fit(train, y_train).predict(dev) == y_dev).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--glue", required=True, help="GLUE folder in the official layout (../shared/data/glue)")
    parser.add_argument("--dims", default="128,256,512", help="representation sizes d")
    args = parser.parse_args()
    dims = [int(d) for d in args.dims.split(",")]
    train, y_train = read_sst2(os.path.join(args.glue, "SST-2", "train.tsv"))
    dev, y_dev = read_sst2(os.path.join(args.glue, "SST-2", "dev.tsv"))
    unlabeled = sorted(set(train))  # the training sentences as pretraining would see them: text only, once each
    words = r"[^ ]+"  # SST-2 is already tokenised with spaces

    def logreg():
        return LogisticRegression(C=10, max_iter=3000)

    print(f"SST-2: {len(train)} training phrases ({len(unlabeled)} distinct), {len(dev)} dev sentences; majority "
          f"{max(y_dev.mean(), 1 - y_dev.mean()):.3f}")
    counts = CountVectorizer(binary=True, token_pattern=words).fit(unlabeled)
    bow, bow_dev = counts.transform(train), counts.transform(dev)
    print(f"| representation | d | dev accuracy |\n|---|---|---|")
    print(f"| bag of words, logistic regression | {bow.shape[1]} | {accuracy(LogisticRegression(max_iter=3000), bow, bow_dev, y_train, y_dev):.3f} |")

    tfidf = TfidfVectorizer(token_pattern=words, min_df=2, sublinear_tf=True).fit(unlabeled)
    for d in dims:
        svd = TruncatedSVD(d, random_state=0).fit(tfidf.transform(unlabeled))
        f, f_dev = (normalize(svd.transform(tfidf.transform(x))) for x in (train, dev))
        print(f"| LSA sentence vector, logistic regression | {d} | {accuracy(logreg(), f, f_dev, y_train, y_dev):.3f} |")

    # positive PMI of two words occurring in the same (distinct) training sentence
    occurrences = counts.transform(unlabeled).astype(np.float64)
    cooc = (occurrences.T @ occurrences).toarray()
    np.fill_diagonal(cooc, 0)
    marginal = cooc.sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.log(cooc * cooc.sum() / np.outer(marginal, marginal))
    ppmi[~np.isfinite(ppmi)] = 0
    ppmi = sp.csr_matrix(np.maximum(ppmi, 0))
    mean_of = sp.diags(1 / np.maximum(np.asarray(bow.sum(1)).ravel(), 1)) @ bow
    mean_of_dev = sp.diags(1 / np.maximum(np.asarray(bow_dev.sum(1)).ravel(), 1)) @ bow_dev
    mlp_row = ""
    for d in dims:
        u, s, _ = svds(ppmi, k=d, random_state=0)
        vectors = u * np.sqrt(s)
        f, f_dev = standardize(mean_of @ vectors, mean_of_dev @ vectors)
        print(f"| mean word vector, logistic regression | {d} | {accuracy(logreg(), f, f_dev, y_train, y_dev):.3f} |")
        if d == dims[0]:  # does a nonlinear reader get more out of the smallest representation?
            mlp = MLPClassifier((512,), max_iter=30, early_stopping=True, random_state=0)
            mlp_row = f"| mean word vector, MLP (512 hidden) | {d} | {accuracy(mlp, f, f_dev, y_train, y_dev):.3f} |"
    print(mlp_row)


def normalize(x):
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)


def standardize(train, dev):
    mean, std = train.mean(0), train.std(0) + 1e-9
    return (train - mean) / std, (dev - mean) / std


if __name__ == "__main__":
    main()

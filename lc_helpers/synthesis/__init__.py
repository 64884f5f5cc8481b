"""A portfolio's cross-program synthesis: read the programs' results.csv files, compare and pool them.

`inputs` gathers the finished reports' results.csv files into one folder (the
only thing the synthesis reads: no raw record crosses a program's boundary);
`measures` computes the tables and the random-effects pooling; `figures` draws
the forest plots; `context` is what the synthesis notebooks start from. The
book around them is built like a program's report (`lc_helpers.portfolio.book`).
"""

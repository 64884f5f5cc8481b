"""Qualitative coding of free-text answers: review sheets for quotes, coding workbooks, QDA projects.

Everything here reads or writes files people exchange outside the report
(workbooks, .qdpx archives); the report itself only reads the dataset files
these commands write (quotes.csv, codings.csv, consensus.csv).
"""

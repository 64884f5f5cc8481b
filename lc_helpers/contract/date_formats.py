"""The date layouts a program may declare (program.yml `date_format`), as spreadsheets write them.

A module of its own because program.yml's schema names them, and reading a
configuration (a portfolio's plan, the editor schema) must not import pandas
with the CSV checks that parse the dates.
"""

from __future__ import annotations

DATE_FORMATS = {
    "YYYY-MM-DD": "%Y-%m-%d",
    "MM/DD/YYYY": "%m/%d/%Y",
    "DD/MM/YYYY": "%d/%m/%Y",
    "DD.MM.YYYY": "%d.%m.%Y",
    "YYYY/MM/DD": "%Y/%m/%d",
}

"""Many programs at once: `lc-report portfolio PORTFOLIO.yml` builds every (program, wave) report
through a Snakemake workflow shipped with the package, then a synthesis from their results.csv files."""

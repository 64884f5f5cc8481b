"""Every figure a report draws, drawn once from a dataset, for the tests that check all of them.

One list, so a new figure is checked for clipped labels and faint colours as soon as it is added here.
"""

from __future__ import annotations


def every_figure(dataset, other) -> dict:
    """Figure name -> figure; `other` is a dataset with a select-all item (the example has none)."""
    import matplotlib

    matplotlib.use("Agg")
    from lc_helpers.analysis import coded_themes, comparisons, participation, survey
    from lc_helpers.chapter import figures

    return {
        "attendance_by_topic": figures.attendance_by_topic(dataset, "all"),
        "response_rate_by_session": figures.response_rate_by_session(
            survey.response_rates(dataset, "all"), dataset
        ),
        "likert_diverging": figures.likert_diverging(
            survey.likert_distribution(dataset, "all"), dataset, True
        ),
        "item_means": figures.item_means(survey.item_summary(dataset, "all"), dataset, True),
        "dose_histogram": figures.dose_histogram(
            participation.dose_distribution(dataset, "all"), dataset, True
        ),
        "retention_curve": figures.retention_curve(participation.retention(dataset, "all"), dataset, True),
        "wave_differences": figures.wave_differences(
            comparisons.wave_comparisons(dataset, min_n=dataset.program.min_cell), dataset, True
        ),
        "select_all_shares": figures.select_all_shares(survey.select_all_shares(other, "all"), other, True),
        "code_cooccurrence": figures.code_cooccurrence(
            coded_themes.cooccurrence(dataset, "all"), dataset, True
        ),
    }

"""One wording for a failure a user can act on, for `lc-report` and a portfolio job's status alike."""

from __future__ import annotations

from lc_helpers.errors import BuildError, DatasetError, Problem, user_failure

KEPT = " The last good report was left as it was."


def test_a_timeout_is_not_called_a_file_error():
    message, code = user_failure(TimeoutError("no answer in 120 s"), "nothing was built", KEPT)
    assert code == 1 and "did not answer in time (no answer in 120 s)" in message
    assert "read or write a file" not in message


def test_the_users_failures_get_their_message_and_a_defect_none():
    problem = Problem("sessions.csv", "the value is not a number", "enter a number", row=3, column="n")
    message, code = user_failure(DatasetError([problem]), "nothing was built", KEPT)
    assert code == 2 and message.startswith("The dataset has 1 problem(s); nothing was built:")
    assert user_failure(BuildError("Chromium timed out"), "x")[1] == 1
    assert user_failure(PermissionError("denied"), "x", KEPT) == (
        f"Could not read or write a file: denied.{KEPT}",
        1,
    )
    assert user_failure(KeyError("a bug"), "x") is None

"""The printed PDF's run-specific bytes (dates, DOM node numbers) are pinned without moving any offset."""

from __future__ import annotations

from lc_helpers.pipeline.pdf import make_reproducible

PRINT = (
    b"%PDF-1.4\n/ID (node00000230)\n/ID (node00000231)\n/Names [(node00000230) 5 0 R (node00000231) 6 0 R]\n"
    b"/CreationDate (D:20261123221722+00'00')\n/ModDate (D:20261123221722+00'00')\n"
)
SAME_PAGE_BUSY_MACHINE = (
    PRINT.replace(b"00000230", b"00000227")
    .replace(b"00000231", b"00000229")
    .replace(b"20261123221722", b"20261124093001")
)


def test_two_prints_that_differ_only_in_run_details_become_identical(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(PRINT)
    b.write_bytes(SAME_PAGE_BUSY_MACHINE)
    make_reproducible(a)
    make_reproducible(b)
    assert a.read_bytes() == b.read_bytes()
    assert len(a.read_bytes()) == len(PRINT)  # same length: cross-reference offsets stay valid
    assert b"(node00000001) 5 0 R (node00000002) 6 0 R" in a.read_bytes()  # the name tree stays sorted
    assert b"D:20000101000000+00'00'" in a.read_bytes()


def test_node_numbers_that_change_order_are_renumbered_by_place_and_the_name_tree_resorted(tmp_path):
    def pdf(first: bytes, second: bytes) -> bytes:
        names = sorted([(first, b"5"), (second, b"6")])
        listed = b" ".join(b"(node" + key + b") " + obj + b" 0 R" for key, obj in names)
        return (
            b"5 0 obj\n<</ID (node" + first + b")>>\n6 0 obj\n<</ID (node" + second + b")>>\n"
            b"7 0 obj\n<</Limits [(node"
            + names[0][0]
            + b") (node"
            + names[1][0]
            + b")]\n/Names ["
            + listed
            + b"]>>\n"
        )

    quiet, busy = tmp_path / "quiet.pdf", tmp_path / "busy.pdf"
    quiet.write_bytes(pdf(b"00000230", b"00000231"))
    busy.write_bytes(pdf(b"00000231", b"00000230"))  # the same elements, numbered the other way round
    before = len(busy.read_bytes())
    make_reproducible(quiet)
    make_reproducible(busy)
    assert quiet.read_bytes() == busy.read_bytes() and len(busy.read_bytes()) == before
    assert b"/Names [(node00000001) 5 0 R (node00000002) 6 0 R]" in busy.read_bytes()

"""The package installs and identifies itself."""

import re

import hamstrings


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", hamstrings.__version__)

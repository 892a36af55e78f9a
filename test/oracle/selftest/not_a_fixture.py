# A helper script without markers: the oracle skips it (and would fail if it ran, so skipping is visible).
import sys

sys.exit(3)

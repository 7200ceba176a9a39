"""Replay: every Sunday in a range built as a build builds it, every call graded after the fact.

``run`` orchestrates (collect → compose per week, then grade), ``stats`` makes the
figures, ``report`` writes them. It sits beside ``build``, above the calls ledger.
"""

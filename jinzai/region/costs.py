"""Cost sharing: a total in whole yen split by weights (largest remainder), so the shares add up exactly.

Joint courses split their shared cost per municipality equally, by seats or by participants; a joint hiring
splits a contract's yearly cost by the partners' weights (docs/decisions.md R8).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def split(total: int, weights: Sequence[int | float]) -> list[int]:
    """`total` yen shared in proportion to `weights`; every weight zero (or none given) means equal shares.

    The exact shares are rounded down and the yen left over go one each to the largest remainders (ties:
    the earlier entry), so ``sum(split(t, w)) == t``. Negative weights are not allowed.
    """
    n = len(weights)
    if n == 0:
        return []
    if total < 0:
        raise ValueError("total must not be negative")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    exact_weights = [Fraction(w) for w in weights]
    if sum(exact_weights) == 0:
        exact_weights = [Fraction(1)] * n
    whole = sum(exact_weights)
    exact = [Fraction(total) * w / whole for w in exact_weights]
    shares = [int(x) for x in exact]  # floor: every x is non-negative
    left = total - sum(shares)
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares

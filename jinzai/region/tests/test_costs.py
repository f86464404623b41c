"""Cost split in whole yen (largest remainder): the shares always add up to the total."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jinzai.region.costs import split


def test_split_by_weights_and_remainders():
    assert split(300_000, [18, 9]) == [200_000, 100_000]
    assert split(100, [1, 1, 1]) == [34, 33, 33]  # the left-over yen goes to the first of equals
    assert split(10, [1, 2]) == [3, 7]  # 3.33 / 6.67: the larger remainder gets the yen
    assert split(4_200_000, [60, 40]) == [2_520_000, 1_680_000]


def test_zero_weights_mean_equal_shares():
    assert split(1000, [0, 0]) == [500, 500]
    assert split(0, [3, 1]) == [0, 0]
    assert split(999, []) == []


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        split(-1, [1])
    with pytest.raises(ValueError):
        split(10, [1, -1])


# generation, not the split, is what is slow on a loaded machine: no deadline, no too_slow health check
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.lists(st.integers(0, 10_000), min_size=1, max_size=30))
def test_shares_add_up_and_stay_within_one_yen_of_exact(total, weights):
    shares = split(total, weights)
    assert sum(shares) == total
    whole = sum(weights) or len(weights)
    effective = weights if sum(weights) else [1] * len(weights)
    for share, w in zip(shares, effective, strict=True):
        assert abs(share - total * w / whole) < 1 + 1e-6

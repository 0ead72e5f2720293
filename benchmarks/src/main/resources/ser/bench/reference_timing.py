"""The timing loop every reference script shares: warm-up calls, then seconds per timed call."""
import time


def timed(fn, warmups, runs):
    for _ in range(warmups):
        fn()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return seconds

package org.mucregistration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(3.0, Stats.median(5, 1, 3));
        assertEquals(7.0, Stats.median(7));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Stats.median(4, 1, 3, 2));
    }

    @Test
    void medianIgnoresUnknownValues() {
        assertEquals(2.0, Stats.median(Double.NaN, 1, 3));
        assertTrue(Double.isNaN(Stats.median()));
        assertTrue(Double.isNaN(Stats.median(Double.NaN)));
    }

    @Test
    void percentileIsTheNearestRankWithoutInterpolation() {
        final long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertEquals(50, Stats.percentile(hundred, 50));
        assertEquals(99, Stats.percentile(hundred, 99));
        assertEquals(100, Stats.percentile(hundred, 100));
        assertEquals(1, Stats.percentile(hundred, 0.5));
        final long[] thousand = LongStream.rangeClosed(1, 1000).toArray();
        assertEquals(990, Stats.percentile(thousand, 99));
    }

    @Test
    void percentileOfFewValuesIsAnObservedValue() {
        final long[] three = {10, 20, 30};
        assertEquals(20, Stats.percentile(three, 50));
        assertEquals(30, Stats.percentile(three, 99));
        assertEquals(10, Stats.percentile(new long[] {10}, 99));
        final long[] two = {10, 20};
        assertEquals(10, Stats.percentile(two, 50));
    }

    @Test
    void percentileRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 101));
    }

    @Test
    void ratioIsWithOverWithout() {
        assertEquals(0.8, Stats.ratio(80, 100), 1e-12);
        assertTrue(Double.isNaN(Stats.ratio(1, 0)));
        assertTrue(Double.isNaN(Stats.ratio(Double.NaN, 1)));
    }

    @Test
    void latencySummaryMergesEveryLog() {
        final LatencyLog a = new LatencyLog();
        final LatencyLog b = new LatencyLog();
        for (long i = 1; i <= 2000; i++) {
            (i % 2 == 0 ? a : b).add(i);
        }
        final LatencyLog.Summary s = LatencyLog.summarise(List.of(a, b));
        assertEquals(2000, s.count());
        assertEquals(1000, s.p50());
        assertEquals(1980, s.p99());
        assertEquals(2000, s.max());
        assertEquals(null, LatencyLog.summarise(List.of(new LatencyLog())));
    }
}

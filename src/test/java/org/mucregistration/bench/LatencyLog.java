package org.mucregistration.bench;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, appended by one reader thread and summarised once the workload has stopped. Methods are
 * synchronized, so the summary sees every value whatever thread appended it (uncontended: each log has one writer).
 */
final class LatencyLog {
    private long[] values = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    synchronized long[] values() {
        return Arrays.copyOf(values, count);
    }

    /** p50, p99 and max over all the logs together; null when they hold no value. */
    static Summary summarise(Iterable<LatencyLog> logs) {
        int total = 0;
        for (LatencyLog log : logs) {
            total += log.count();
        }
        final long[] all = new long[total];
        int at = 0;
        for (LatencyLog log : logs) {
            final long[] part = log.values();
            final int n = Math.min(part.length, all.length - at);
            System.arraycopy(part, 0, all, at, n);
            at += n;
        }
        return summarise(Arrays.copyOf(all, at));
    }

    /** p50, p99 and max of these values; null when there are none. */
    static Summary summarise(long[] values) {
        if (values.length == 0) {
            return null;
        }
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Summary(sorted.length, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
            sorted[sorted.length - 1]);
    }

    /** Latency percentiles in nanoseconds, over {@code count} values. */
    record Summary(long count, long p50, long p99, long max) {
    }
}

package org.mucregistration.bench;

import java.util.Arrays;

/** The statistics the live benchmark prints: medians over pairs, latency percentiles, ratios. */
final class Stats {

    private Stats() {
    }

    /** The median; for an even count the mean of the two middle values. NaN values are ignored; NaN if none is left. */
    static double median(double... values) {
        final double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The {@code p}-th percentile (0 &lt; p &le; 100) of sorted values by the nearest-rank method: the smallest value
     * such that at least p % of the values are less than or equal to it. No interpolation, so p99 of 100 values is the
     * 99th smallest, and the value returned was observed.
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    /** {@code with / without}; NaN when either is unknown or {@code without} is 0. */
    static double ratio(double with, double without) {
        if (Double.isNaN(with) || Double.isNaN(without) || without == 0) {
            return Double.NaN;
        }
        return with / without;
    }
}

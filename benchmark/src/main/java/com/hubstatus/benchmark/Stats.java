package com.hubstatus.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/** Order statistics of measured durations or ratios. */
final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile. */
    static double percentile(Collection<Double> values, double percent) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median: the mean of the two middle values of an even count. */
    static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    static double min(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String list(Collection<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }
}

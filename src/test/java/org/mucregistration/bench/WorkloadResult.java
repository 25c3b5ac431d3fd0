package org.mucregistration.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measured window of one workload (of one variant, e.g. one rate) on one server gave: operations completed in the window ({@code seconds}
 * long), the CPU used meanwhile, latencies if the workload measures them, and every problem seen (errors, timeouts, lost stanzas). A
 * window with problems is still reported, with them.
 */
record WorkloadResult(Workload workload, String variant, double operations, double seconds, CpuClock.Usage usage,
                      LatencyLog.Summary latency, Map<String, Long> problems, String note) {

    WorkloadResult {
        problems = Map.copyOf(new LinkedHashMap<>(problems));
    }

    /** A result of a workload that has one variant. */
    WorkloadResult(Workload workload, double operations, double seconds, CpuClock.Usage usage,
                   LatencyLog.Summary latency, Map<String, Long> problems, String note) {
        this(workload, "", operations, seconds, usage, latency, problems, note);
    }

    WorkloadResult withNote(String value) {
        return new WorkloadResult(workload, variant, operations, seconds, usage, latency, problems, value);
    }

    /** e.g. {@code groupchat at a steady rate, 1000 msg/s} */
    String title() {
        return variant.isEmpty() ? workload.title : workload.title + ", " + variant;
    }

    double perSecond() {
        return operations / seconds;
    }

    /** Server CPU seconds per operation. */
    double serverCpuPerOperation() {
        return usage.serverCpuPer(operations);
    }

    long problemCount() {
        return problems.values().stream().mapToLong(Long::longValue).sum();
    }
}

package org.mucregistration.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** Every measured window, one tab-separated line each, for analysis beyond the printed table. */
final class RawResults {
    static final String HEADER = String.join("\t", "pair", "arm", "position", "workload", "operations", "seconds",
        "per_second", "latency_n", "p50_ms", "p99_ms", "max_ms", "server_cpu_s", "bench_cpu_s", "other_cpu_s",
        "interrupt_cpu_s", "idle_cpu_s", "server_cpu_us_per_op", "problems", "note") + "\n";

    private RawResults() {
    }

    static void append(Path file, int pair, Arm arm, int position, List<WorkloadResult> results) throws IOException {
        final StringBuilder lines = new StringBuilder();
        for (WorkloadResult r : results) {
            final LatencyLog.Summary l = r.latency();
            lines.append(String.join("\t", Integer.toString(pair), arm.name().toLowerCase(Locale.ROOT),
                Integer.toString(position), r.workload().name().toLowerCase(Locale.ROOT), fmt(r.operations()),
                fmt(r.seconds()), fmt(r.perSecond()), l == null ? "" : Long.toString(l.count()),
                l == null ? "" : fmt(l.p50() / 1e6), l == null ? "" : fmt(l.p99() / 1e6),
                l == null ? "" : fmt(l.max() / 1e6), fmt(r.usage().serverCpu()), fmt(r.usage().benchCpu()),
                fmt(r.usage().otherCpu()), fmt(r.usage().interruptCpu()), fmt(r.usage().idleCpu()), fmt(r.serverCpuPerOperation() * 1e6),
                r.problems().toString(), r.note())).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

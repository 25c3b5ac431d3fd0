package org.mucregistration.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * The final table: for every metric, each server's median over the pairs, the ratio of the medians (with / without),
 * the order-balanced ratio, every pair's own ratio in pair order, and each server's median server CPU per operation of
 * that workload.
 *
 * <p>The order-balanced ratio takes out which server of a pair ran first. On this machine the first server of a pair
 * did better than the second whichever it was (e.g. 2026-12-03 11:34: CPU per groupchat copy of the first 0.72 to 0.96
 * of the second's in all five pairs), so with an odd number of pairs the ratio of medians leans towards the server that
 * ran first more often. It is the geometric mean of two geometric means of pair ratios: of the pairs where the plugin
 * ran first, and of those where it ran second; a multiplicative advantage of the first server cancels out.
 */
final class Report {

    /** One row: a value read from one workload's result. */
    record Metric(Workload workload, String variant, String label, String unit,
                  ToDoubleFunction<WorkloadResult> value, boolean showCpu) {

        Metric(Workload workload, String label, String unit, ToDoubleFunction<WorkloadResult> value, boolean showCpu) {
            this(workload, "", label, unit, value, showCpu);
        }
    }

    /** Other processes using more cores than this during a window make it noisy (reported in the notes). */
    static final double NOISY_CORES = 0.25;

    private Report() {
    }

    static List<Metric> metrics(BenchOptions o) {
        final List<Metric> m = new ArrayList<>();
        final String loop = o.joinClients + " clients, " + o.joinRooms + " rooms";
        m.add(new Metric(Workload.JOIN_LOOP, "joins/s, join+leave closed loop (" + loop + ")", "/s",
            WorkloadResult::perSecond, true));
        m.add(new Metric(Workload.JOIN_LOOP, "join latency p50, closed loop", "ms", r -> p50(r), false));
        m.add(new Metric(Workload.JOIN_LOOP, "join latency p99, closed loop", "ms", r -> p99(r), false));
        m.add(new Metric(Workload.GROUPCHAT, "groupchat copies delivered/s, closed loop (" + o.chatRooms + " rooms x "
            + o.chatOccupants + ")", "/s", WorkloadResult::perSecond, true));
        for (int rate : o.messageRates) {
            final String variant = MessageRate.variant(rate);
            m.add(new Metric(Workload.MESSAGE_RATE, variant, "message latency p50 at " + variant, "ms", r -> p50(r),
                true));
            m.add(new Metric(Workload.MESSAGE_RATE, variant, "message latency p99 at " + variant, "ms", r -> p99(r),
                false));
        }
        m.add(new Metric(Workload.JOIN_RATE, "join latency p50 at " + o.joinRate + " joins/s", "ms", r -> p50(r), true));
        m.add(new Metric(Workload.JOIN_RATE, "join latency p99 at " + o.joinRate + " joins/s", "ms", r -> p99(r), false));
        final String reg = o.registrationUsers + " users x " + o.registrationRooms + " rooms";
        m.add(new Metric(Workload.REGISTER_MEMBERS, "registrations/s, members first (" + reg + ")", "/s",
            WorkloadResult::perSecond, true));
        m.add(new Metric(Workload.REGISTER_UNAFFILIATED, "registrations/s, unaffiliated users (" + reg + ")", "/s",
            WorkloadResult::perSecond, true));
        m.removeIf(metric -> !o.runs(metric.workload()));
        return m;
    }

    private static double p50(WorkloadResult r) {
        return r.latency() == null ? Double.NaN : r.latency().p50() / 1e6;
    }

    private static double p99(WorkloadResult r) {
        return r.latency() == null ? Double.NaN : r.latency().p99() / 1e6;
    }

    /** The final table, as Markdown. */
    static String table(List<PairResult> pairs, List<Metric> metrics) {
        final StringBuilder t = new StringBuilder();
        t.append("| workload | without (median) | with (median) | ratio of medians | order-balanced ratio | pair ratios "
            + "| CPU/op without | CPU/op with |\n");
        t.append("|---|---:|---:|---:|---:|---|---:|---:|\n");
        for (Metric m : metrics) {
            final double[] without = values(pairs, Arm.WITHOUT, m);
            final double[] with = values(pairs, Arm.WITH, m);
            final double medianWithout = Stats.median(without);
            final double medianWith = Stats.median(with);
            final StringJoiner ratios = new StringJoiner(" ");
            final List<Double> pluginFirst = new ArrayList<>();
            final List<Double> pluginSecond = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                final double r = Stats.ratio(with[i], without[i]);
                ratios.add(ratio(r));
                (pairs.get(i).first() == Arm.WITH ? pluginFirst : pluginSecond).add(r);
            }
            final double balanced = Math.sqrt(geometricMean(pluginFirst) * geometricMean(pluginSecond));
            t.append("| ").append(m.label()).append(" | ").append(number(medianWithout, m.unit())).append(" | ")
                .append(number(medianWith, m.unit())).append(" | ").append(ratio(Stats.ratio(medianWith, medianWithout)))
                .append(" | ").append(ratio(balanced)).append(" | ").append(ratios).append(" | ");
            if (m.showCpu()) {
                t.append(cpu(pairs, Arm.WITHOUT, m)).append(" | ").append(cpu(pairs, Arm.WITH, m));
            } else {
                t.append(" | ");
            }
            t.append(" |\n");
        }
        return t.toString();
    }

    /** The geometric mean; NaN for none (or any value that is not a positive number). */
    static double geometricMean(List<Double> values) {
        double logs = 0;
        for (double v : values) {
            logs += Math.log(v);
        }
        return values.isEmpty() ? Double.NaN : Math.exp(logs / values.size());
    }

    /** Lines about anything that went wrong or that the reader must know to trust a row: problems, kept counts. */
    static List<String> notes(List<PairResult> pairs) {
        final List<String> notes = new ArrayList<>();
        for (PairResult p : pairs) {
            for (Arm arm : Arm.values()) {
                for (WorkloadResult r : p.results().get(arm)) {
                    if (!r.problems().isEmpty()) {
                        notes.add("pair " + p.pair() + ", " + arm.title + ", " + r.title() + ": PROBLEMS "
                            + r.problems());
                    }
                }
            }
        }
        final List<String> noisy = new ArrayList<>();
        for (PairResult p : pairs) {
            for (Arm arm : Arm.values()) {
                for (WorkloadResult r : p.results().get(arm)) {
                    final double others = r.usage().otherCpu() / r.usage().seconds();
                    if (others > NOISY_CORES) {
                        noisy.add(String.format("pair %d %s, %s: %.2f", p.pair(), arm.title, r.title(), others));
                    }
                }
            }
        }
        notes.add(noisy.isEmpty()
            ? String.format("no window had other processes using more than %.2f cores", NOISY_CORES)
            : String.format("windows where other processes used more than %.2f cores (less trustworthy): %s",
                NOISY_CORES, String.join("; ", noisy)));
        for (Workload w : List.of(Workload.REGISTER_MEMBERS, Workload.REGISTER_UNAFFILIATED)) {
            final Map<Arm, List<String>> kept = new LinkedHashMap<>();
            for (Arm arm : Arm.values()) {
                kept.put(arm, new ArrayList<>());
                for (PairResult p : pairs) {
                    kept.get(arm).add(p.of(arm, w).note());
                }
            }
            notes.add(w.title + ": without plugin " + summarise(kept.get(Arm.WITHOUT)) + "; with plugin "
                + summarise(kept.get(Arm.WITH)));
        }
        return notes;
    }

    private static String summarise(List<String> notes) {
        return notes.stream().distinct().count() == 1 ? notes.get(0) + " in every pair" : String.join(" / ", notes);
    }

    private static double[] values(List<PairResult> pairs, Arm arm, Metric m) {
        return pairs.stream().mapToDouble(p -> m.value().applyAsDouble(p.of(arm, m.workload(), m.variant())))
            .toArray();
    }

    private static String cpu(List<PairResult> pairs, Arm arm, Metric m) {
        final Workload w = m.workload();
        final double median = Stats.median(pairs.stream()
            .mapToDouble(p -> p.of(arm, w, m.variant()).serverCpuPerOperation() * 1e6).toArray());
        if (Double.isNaN(median)) {
            return "n/a";
        }
        return (median < 10 ? String.format("%.2f", median) : median < 100 ? String.format("%.1f", median)
            : String.format("%.0f", median)) + " µs/" + w.operation;
    }

    static String number(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (unit.equals("ms")) {
            return (value < 10 ? String.format("%.2f", value) : value < 100 ? String.format("%.1f", value)
                : String.format("%.0f", value)) + " ms";
        }
        return String.format("%.0f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%.2f", value);
    }
}

package org.mucregistration.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link SteadyLoad} sent and got back, by phase and kind, and every problem it saw. */
public final class Tally {
    private static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One kind of request (or groupchat copy) sent in one phase. */
    public static final class Count {
        final LongAdder sent = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder lost = new LongAdder();
        final LongAdder late = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder stray = new LongAdder();
        final LongAdder slow = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
        final Map<String, LongAdder> conditions = new ConcurrentHashMap<>();

        void answered(long nanos) {
            answered.increment();
            maxNanos.accumulate(nanos);
            if (nanos > SLOW_NANOS) {
                slow.increment();
            }
        }

        void error(String condition) {
            errors.increment();
            conditions.computeIfAbsent(String.valueOf(condition), c -> new LongAdder()).increment();
        }
    }

    private final List<String> phases = new CopyOnWriteArrayList<>();
    private final Map<String, Map<SteadyLoad.Kind, Count>> counts = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    void phase(String name) {
        if (!phases.contains(name)) {
            phases.add(name);
        }
    }

    Count count(String phase, SteadyLoad.Kind kind) {
        return counts.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
            .computeIfAbsent(kind, k -> new Count());
    }

    void problems(List<String> seen) {
        problems.addAll(seen);
    }

    /** Every problem seen (lost, late, duplicate, stray), in the order seen. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private long sum(java.util.function.Function<Count, LongAdder> field, boolean copies) {
        long total = 0;
        for (Map<SteadyLoad.Kind, Count> byKind : counts.values()) {
            for (Map.Entry<SteadyLoad.Kind, Count> e : byKind.entrySet()) {
                if ((e.getKey() == SteadyLoad.Kind.COPY) == copies) {
                    total += field.apply(e.getValue()).sum();
                }
            }
        }
        return total;
    }

    /** Requests sent (joins, the joiners' messages, leaves, registrations, registration queries). */
    public long requestsSent() {
        return sum(c -> c.sent, false);
    }

    /** Requests answered once within the timeout (results and errors alike). */
    public long requestsAnswered() {
        return sum(c -> c.answered, false);
    }

    /** Requests answered with an error. */
    public long requestErrors() {
        return sum(c -> c.errors, false);
    }

    /** Requests never answered within the timeout. */
    public long requestsLost() {
        return sum(c -> c.lost, false);
    }

    /** Requests answered after the timeout. */
    public long requestsLate() {
        return sum(c -> c.late, false);
    }

    /** Second answers to a request. */
    public long requestDuplicates() {
        return sum(c -> c.duplicates, false);
    }

    /** Groupchat copies due to occupants (every occupant of the room, sender included, for each message). */
    public long copiesExpected() {
        return sum(c -> c.sent, true);
    }

    public long copiesDelivered() {
        return sum(c -> c.answered, true);
    }

    public long copiesLost() {
        return sum(c -> c.lost, true);
    }

    /** Copies an occupant got twice, or got from another room. */
    public long copiesDuplicatedOrStray() {
        return sum(c -> c.duplicates, true) + sum(c -> c.stray, true);
    }

    /** Groupchat messages the server refused with an error. */
    public long messagesRefused() {
        return sum(c -> c.errors, true);
    }

    /** One row per phase and kind: sent, answered, errors (by condition), lost, late, duplicates, slow, max latency. */
    public String table() {
        final StringBuilder out = new StringBuilder(String.format("%-22s %-30s %7s %8s %6s %5s %5s %5s %5s %9s  %s%n",
            "phase", "kind", "sent", "answered", "errors", "lost", "late", "dup", "slow", "max ms", "errors by condition"));
        for (String phase : phases) {
            final Map<SteadyLoad.Kind, Count> byKind = new EnumMap<>(SteadyLoad.Kind.class);
            byKind.putAll(counts.getOrDefault(phase, Map.of()));
            for (Map.Entry<SteadyLoad.Kind, Count> e : byKind.entrySet()) {
                final Count c = e.getValue();
                final Map<String, Long> conditions = new TreeMap<>();
                c.conditions.forEach((k, v) -> conditions.put(k, v.sum()));
                out.append(String.format("%-22s %-30s %7d %8d %6d %5d %5d %5d %5d %9.1f  %s%n", phase, e.getKey().label,
                    c.sent.sum(), c.answered.sum(), c.errors.sum(), c.lost.sum(), c.late.sum(),
                    c.duplicates.sum() + c.stray.sum(), c.slow.sum(), c.maxNanos.get() / 1e6,
                    conditions.isEmpty() ? "" : conditions));
            }
        }
        out.append(String.format("requests: %d sent, %d answered (%d of them errors), %d lost, %d late, %d duplicate "
                + "answers; groupchat copies: %d due, %d delivered, %d lost, %d duplicate or stray, %d messages refused",
            requestsSent(), requestsAnswered(), requestErrors(), requestsLost(), requestsLate(), requestDuplicates(),
            copiesExpected(), copiesDelivered(), copiesLost(), copiesDuplicatedOrStray(), messagesRefused()));
        return out.toString();
    }

    /** The errors answered to requests of these kinds, as "phase / kind: condition" to count. */
    public Map<String, Long> errors(SteadyLoad.Kind... kinds) {
        final Map<String, Long> errors = new TreeMap<>();
        for (String phase : phases) {
            for (SteadyLoad.Kind kind : kinds) {
                final Count c = counts.getOrDefault(phase, Map.of()).get(kind);
                if (c != null) {
                    c.conditions.forEach((k, v) -> errors.put(phase + " / " + kind.label + ": " + k, v.sum()));
                }
            }
        }
        return errors;
    }

    @Override
    public String toString() {
        return table();
    }
}

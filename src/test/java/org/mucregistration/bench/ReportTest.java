package org.mucregistration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTest {

    /** A result with {@code perSecond} operations per second over 10 s, server CPU {@code cpu} s, p99 {@code p99ms}. */
    private static WorkloadResult result(Workload w, double perSecond, double cpu, double p99ms, String note,
                                         Map<String, Long> problems) {
        final CpuClock.Usage usage = new CpuClock.Usage(10, cpu, 0.5, 0, 0.1, 0, 0, "");
        final LatencyLog.Summary latency = new LatencyLog.Summary(100, (long) (p99ms * 1e6 / 2), (long) (p99ms * 1e6),
            (long) (p99ms * 2e6));
        return new WorkloadResult(w, perSecond * 10, 10, usage, latency, problems, note);
    }

    private static PairResult pair(int n, double without, double with, String withNote, Map<String, Long> problems) {
        final Map<Arm, List<WorkloadResult>> results = new EnumMap<>(Arm.class);
        for (Arm arm : Arm.values()) {
            final List<WorkloadResult> list = new ArrayList<>();
            final double value = arm == Arm.WITH ? with : without;
            for (Workload w : Workload.values()) {
                list.add(result(w, value, value / 1000, value / 100, arm == Arm.WITH ? withNote : "kept all",
                    arm == Arm.WITH ? problems : Map.of()));
            }
            for (int rate : List.of(1000, 2000)) {
                final WorkloadResult r = result(Workload.MESSAGE_RATE, value, value / 1000, value / 100 * rate / 1000, "",
                    Map.of());
                list.add(new WorkloadResult(r.workload(), MessageRate.variant(rate), r.operations(), r.seconds(),
                    r.usage(), r.latency(), r.problems(), r.note()));
            }
            results.put(arm, list);
        }
        return new PairResult(n, Arm.order(n)[0], results);
    }

    @Test
    void eachRowHasBothMediansTheirRatioEveryPairsRatioAndCpuPerOperation() {
        final List<PairResult> pairs = List.of(pair(1, 1000, 900, "kept all", Map.of()),
            pair(2, 1200, 960, "kept all", Map.of()), pair(3, 800, 1000, "kept all", Map.of()));
        final String table = Report.table(pairs, Report.metrics(BenchOptions.parse()));
        final String joins = table.lines().filter(l -> l.startsWith("| joins/s")).findFirst().orElseThrow();
        // medians: without 1000, with 960; ratio 0.96; pairs 0.90 0.80 1.25; order-balanced: the plugin ran first in
        // pair 2 only (0.80), second in pairs 1 and 3 (geometric mean of 0.90 and 1.25: 1.061), so sqrt(0.80 x 1.061)
        // = 0.92; CPU/op: value/1000 s over value*10 ops
        assertEquals("| joins/s, join+leave closed loop (50 clients, 10 rooms) | 1000 | 960 | 0.96 | 0.92 | 0.90 0.80 1.25 "
            + "| 100 µs/join+leave | 100 µs/join+leave |", joins);
        final String p99 = table.lines().filter(l -> l.startsWith("| join latency p99, closed loop")).findFirst()
            .orElseThrow();
        assertEquals("| join latency p99, closed loop | 10.0 ms | 9.60 ms | 0.96 | 0.92 | 0.90 0.80 1.25 |  |  |", p99);
        assertEquals(2 + Report.metrics(BenchOptions.parse()).size(), table.lines().count());
        final String atTwoThousand = table.lines().filter(l -> l.startsWith("| message latency p99 at 2000 msg/s"))
            .findFirst().orElseThrow();
        assertEquals("| message latency p99 at 2000 msg/s | 20.0 ms | 19.2 ms | 0.96 | 0.92 | 0.90 0.80 1.25 |  |  |",
            atTwoThousand);
    }

    @Test
    void theOrderBalancedRatioTakesOutAnAdvantageOfTheServerThatRanFirst() {
        // The plugin changes nothing; whichever server runs first does 20 % better. Three pairs: the plugin first once.
        final List<PairResult> pairs = List.of(pair(1, 1200, 1000, "kept all", Map.of()),
            pair(2, 1000, 1200, "kept all", Map.of()), pair(3, 1200, 1000, "kept all", Map.of()));
        final String joins = Report.table(pairs, Report.metrics(BenchOptions.parse())).lines()
            .filter(l -> l.startsWith("| joins/s")).findFirst().orElseThrow();
        assertTrue(joins.contains("| 1200 | 1000 | 0.83 | 1.00 | 0.83 1.20 0.83 |"), joins);
    }

    @Test
    void notesReportEveryProblemAndWhatTheServersKept() {
        final List<PairResult> pairs = List.of(pair(1, 1000, 900, "kept 0 of 10", Map.of("join refused: conflict", 3L)),
            pair(2, 1000, 900, "kept 10 of 10", Map.of()));
        final List<String> notes = Report.notes(pairs);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("pair 1, with plugin, join+leave, closed loop: PROBLEMS "
            + "{join refused: conflict=3}")), notes.toString());
        assertTrue(notes.contains("registration, members first: without plugin kept all in every pair; with plugin "
            + "kept 0 of 10 / kept 10 of 10"), notes.toString());
    }

    @Test
    void pairsAlternateWhichServerRunsFirst() {
        assertEquals(Arm.WITHOUT, Arm.order(1)[0]);
        assertEquals(Arm.WITH, Arm.order(2)[0]);
        assertEquals(Arm.WITHOUT, Arm.order(3)[0]);
        assertEquals(Arm.WITHOUT, Arm.order(2)[1]);
    }

    @Test
    void optionsAreParsed() {
        final BenchOptions o = BenchOptions.parse("--pairs", "3", "--window", "2.5", "--message-rate", "500",
            "--openfire-defaults");
        assertEquals(3, o.pairs);
        assertEquals(Duration.ofMillis(2500), o.window);
        assertEquals(List.of(500), o.messageRates);
        assertEquals(List.of(1000, 1500), BenchOptions.parse("--message-rate", "1000, 1500").messageRates);
        assertTrue(o.openfireDefaults);
        assertEquals(200, o.users());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--pairs", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--pairs"));
        assertTrue(BenchOptions.parse("--async-profile").asyncProfile);
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--jfr", "--async-profile"));
    }

    @Test
    void workloadsOptionLimitsTheRunAndTheTable() {
        final BenchOptions all = BenchOptions.parse();
        assertEquals(java.util.EnumSet.allOf(Workload.class), all.workloads);
        final BenchOptions some = BenchOptions.parse("--workloads", "registrations,join-loop");
        assertEquals(java.util.EnumSet.of(Workload.JOIN_LOOP, Workload.REGISTER_MEMBERS,
            Workload.REGISTER_UNAFFILIATED), some.workloads);
        assertEquals(java.util.Set.of(Workload.JOIN_LOOP, Workload.REGISTER_MEMBERS, Workload.REGISTER_UNAFFILIATED),
            Report.metrics(some).stream().map(Report.Metric::workload).collect(java.util.stream.Collectors.toSet()));
        assertTrue(Report.metrics(all).size() > Report.metrics(some).size());
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> BenchOptions.parse("--workloads", "registrations,joins"));
        assertTrue(refused.getMessage().contains("'joins'"), refused.getMessage());
    }
}

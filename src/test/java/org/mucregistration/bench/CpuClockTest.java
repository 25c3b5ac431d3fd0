package org.mucregistration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CpuClockTest {

    @Test
    void processTicksAreUtimePlusStimeEvenWithParenthesesInTheName() {
        final String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 30000 0 12 0 1500 250 3 4 20 0 80 0 "
            + "12345 0 0";
        assertEquals(1750, CpuClock.parseProcessTicks(stat));
        assertEquals(12345, CpuClock.parseStartTime(stat));
    }

    @Test
    void systemTicksAreSplitIntoProcessesInterruptsIdleAndSteal() {
        final CpuClock.SystemTicks t = CpuClock.systemTicks("cpu  100 5 50 1000 20 3 7 2 0 0");
        assertEquals(155, t.processes());
        assertEquals(10, t.interrupts());
        assertEquals(1020, t.idle());
        assertEquals(2, t.steal());
    }

    @Test
    void usageSubtractsTheServerAndTheLoadGeneratorFromTheProcessesTime() {
        final long tick = CpuClock.TICKS_PER_SECOND;
        final CpuClock.Sample from = new CpuClock.Sample(0, 0, 0, new CpuClock.SystemTicks(0, 0, 0, 0),
            Map.of(7L, new CpuClock.ProcessTime("other", tick, 1), 8L, new CpuClock.ProcessTime("idle", tick, 1),
                9L, new CpuClock.ProcessTime("kworker/0:2-events", 50 * tick, 1)));
        final CpuClock.Sample to = new CpuClock.Sample(2_000_000_000L, 3 * tick, tick / 2,
            new CpuClock.SystemTicks(4 * tick, tick / 4, tick / 4, 0),
            Map.of(7L, new CpuClock.ProcessTime("other", 2 * tick, 1), 8L, new CpuClock.ProcessTime("idle", tick, 1),
                9L, new CpuClock.ProcessTime("kworker/0:2-mm_percpu_wq", 50 * tick, 1)));
        final CpuClock.Usage u = CpuClock.Usage.between(from, to);
        assertEquals(2.0, u.seconds(), 1e-9);
        assertEquals(3.0, u.serverCpu(), 1e-9);
        assertEquals(0.5, u.benchCpu(), 1e-9);
        assertEquals(0.5, u.otherCpu(), 1e-9);
        assertEquals(0.25, u.interruptCpu(), 1e-9);
        assertEquals(0.001, u.serverCpuPer(3000), 1e-12);
        assertTrue(u.busiestOthers().startsWith("other 7"), u.busiestOthers());
        assertTrue(u.busiestOthers().endsWith(" 0.50"), u.busiestOthers());
        assertFalse(u.busiestOthers().contains("idle"), u.busiestOthers());
        assertFalse(u.busiestOthers().contains("kworker"), u.busiestOthers());
    }

    @Test
    void theProcessesOfThisMachineCanBeListed() {
        final Map<Long, CpuClock.ProcessTime> all = CpuClock.processes();
        assertTrue(all.containsKey(ProcessHandle.current().pid()));
    }

    @Test
    void thisProcessHasCpuTime() {
        final long ticks = CpuClock.processTicks(ProcessHandle.current().pid());
        assertEquals(true, ticks >= 0);
    }
}

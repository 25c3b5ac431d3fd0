package org.mucregistration.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time from Linux's {@code /proc}: a process's user+system time ({@code /proc/PID/stat} fields 14 and 15, in
 * clock ticks) and the whole machine's busy time ({@code /proc/stat}, all cores), read before and after a measured
 * window. The server's CPU per operation comes from the Openfire JVM's process; the load generator's own and the rest
 * of the machine's (e.g. another test suite) are reported beside it so that a noisy window can be seen as such.
 */
final class CpuClock {

    /** Clock ticks per second of {@code /proc} times (USER_HZ; 100 on Linux unless {@code getconf} says otherwise). */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private final long serverPid;
    private final long benchPid = ProcessHandle.current().pid();

    CpuClock(long serverPid) {
        this.serverPid = serverPid;
    }

    /** Reads every clock now (then, just after, every other process's time, to name what else ran). */
    Sample sample() {
        final Sample clocks = new Sample(System.nanoTime(), processTicks(serverPid), processTicks(benchPid),
            systemTicks(read(Path.of("/proc/stat")).lines().findFirst().orElseThrow()), Map.of());
        final Map<Long, ProcessTime> others = processes();
        others.remove(serverPid);
        others.remove(benchPid);
        return new Sample(clocks.nanos(), clocks.serverTicks(), clocks.benchTicks(), clocks.system(), others);
    }

    /** The clocks at one instant (ticks; {@code nanos} from {@link System#nanoTime()}), and every other process's. */
    record Sample(long nanos, long serverTicks, long benchTicks, SystemTicks system, Map<Long, ProcessTime> others) {
    }

    /**
     * A process's name ({@code comm}; a kernel worker's changes with its work), user+system time in ticks, and start
     * time (with the pid, what tells one process from a later one under the same pid).
     */
    record ProcessTime(String name, long ticks, long started) {
    }

    /**
     * The machine's time over all cores from {@code /proc/stat}: processes (user, nice, system), interrupts (irq,
     * softirq: loopback networking is largely here, not in any process's time), idle (idle, iowait), steal.
     */
    record SystemTicks(long processes, long interrupts, long idle, long steal) {
    }

    /** What happened between two samples: seconds, and CPU seconds of each kind (summed over cores). */
    record Usage(double seconds, double serverCpu, double benchCpu, double otherCpu, double interruptCpu,
                 double idleCpu, double stealCpu, String busiestOthers) {

        static Usage between(Sample from, Sample to) {
            final double seconds = (to.nanos() - from.nanos()) / 1e9;
            final double server = ticks(to.serverTicks() - from.serverTicks());
            final double bench = ticks(to.benchTicks() - from.benchTicks());
            final double processes = ticks(to.system().processes() - from.system().processes());
            return new Usage(seconds, server, bench, Math.max(0, processes - server - bench),
                ticks(to.system().interrupts() - from.system().interrupts()),
                ticks(to.system().idle() - from.system().idle()), ticks(to.system().steal() - from.system().steal()),
                busiest(from.others(), to.others(), seconds));
        }

        private static double ticks(long ticks) {
            return ticks / (double) TICKS_PER_SECOND;
        }

        /** Server CPU seconds per operation; NaN for no operations. */
        double serverCpuPer(double operations) {
            return operations > 0 ? serverCpu / operations : Double.NaN;
        }

        /** e.g. {@code CPU over 8.0 s, in cores: server 1.52, load generator 0.41, other processes 0.02, ...} */
        String describe() {
            return String.format("CPU over %.1f s, in cores: server %.2f, load generator %.2f, other processes %.2f%s, "
                    + "interrupts %.2f, idle %.2f%s", seconds, serverCpu / seconds, benchCpu / seconds,
                otherCpu / seconds, busiestOthers.isEmpty() ? "" : " (" + busiestOthers + ")", interruptCpu / seconds,
                idleCpu / seconds, stealCpu > 0 ? String.format(", stolen %.2f", stealCpu / seconds) : "");
        }
    }

    /**
     * The other processes that used at least 0.05 cores between two scans, busiest first (at most three), e.g.
     * {@code java 4242 "java -jar surefirebooter.jar" 0.81}; processes that started and ended in between are not seen.
     */
    static String busiest(Map<Long, ProcessTime> from, Map<Long, ProcessTime> to, double seconds) {
        final List<Map.Entry<Long, Double>> used = new ArrayList<>();
        for (Map.Entry<Long, ProcessTime> p : to.entrySet()) {
            final ProcessTime before = from.get(p.getKey());
            final long ticks = p.getValue().ticks() - (before != null && before.started() == p.getValue().started()
                ? before.ticks() : 0);
            final double cores = ticks / (double) TICKS_PER_SECOND / seconds;
            if (cores >= 0.05) {
                used.add(Map.entry(p.getKey(), cores));
            }
        }
        used.sort(Map.Entry.<Long, Double>comparingByValue().reversed());
        final List<String> names = new ArrayList<>();
        for (Map.Entry<Long, Double> u : used.subList(0, Math.min(3, used.size()))) {
            names.add(String.format("%s %d%s %.2f", to.get(u.getKey()).name(), u.getKey(), commandLine(u.getKey()),
                u.getValue()));
        }
        return String.join(", ", names);
    }

    /** Every process's time, by pid (processes that vanish while being read are left out). */
    static Map<Long, ProcessTime> processes() {
        final Map<Long, ProcessTime> all = new HashMap<>();
        final File[] entries = new File("/proc").listFiles();
        if (entries == null) {
            return all;
        }
        for (File entry : entries) {
            final String name = entry.getName();
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                continue;
            }
            try {
                final String stat = Files.readString(entry.toPath().resolve("stat"));
                all.put(Long.parseLong(name), new ProcessTime(stat.substring(stat.indexOf('(') + 1,
                    stat.lastIndexOf(')')), parseProcessTicks(stat), parseStartTime(stat)));
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile, or not ours to read
            }
        }
        return all;
    }

    /** A short form of a process's command line, e.g. {@code " (java -jar …/surefirebooter.jar)"}; empty if unknown. */
    private static String commandLine(long pid) {
        try {
            final String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
            final StringBuilder shown = new StringBuilder();
            for (String arg : args) {
                if (arg.isEmpty() || (arg.startsWith("-") && !arg.equals("-jar"))) {
                    continue;
                }
                final String tail = arg.contains("/") ? "…/" + arg.substring(arg.lastIndexOf('/') + 1) : arg;
                shown.append(shown.length() == 0 ? "" : " ").append(tail);
                if (shown.length() > 60) {
                    break;
                }
            }
            return shown.length() == 0 ? "" : " (" + shown + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The cores that processes other than this JVM use, averaged over {@code seconds} (e.g. another test suite on the
     * same machine); the time the kernel spends on interrupts is not counted.
     */
    static Others othersCores(double seconds) throws InterruptedException {
        final long self = ProcessHandle.current().pid();
        final long busy0 = systemTicks(read(Path.of("/proc/stat")).lines().findFirst().orElseThrow()).processes();
        final long self0 = processTicks(self);
        final long t0 = System.nanoTime();
        final Map<Long, ProcessTime> before = processes();
        Thread.sleep(Math.round(seconds * 1000));
        final long busy1 = systemTicks(read(Path.of("/proc/stat")).lines().findFirst().orElseThrow()).processes();
        final long self1 = processTicks(self);
        final double elapsed = (System.nanoTime() - t0) / 1e9;
        final Map<Long, ProcessTime> after = processes();
        after.remove(self);
        return new Others(Math.max(0, (busy1 - busy0) - (self1 - self0)) / (double) TICKS_PER_SECOND / elapsed,
            busiest(before, after, elapsed));
    }

    /** The cores other processes used, and the busiest of them. */
    record Others(double cores, String busiest) {
    }

    /** utime + stime of a process, in clock ticks. */
    static long processTicks(long pid) {
        final String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return parseProcessTicks(stat);
    }

    /** utime + stime from the text of {@code /proc/PID/stat} (the command name may contain spaces and parentheses). */
    static long parseProcessTicks(String stat) {
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** When a process started (field 22 of {@code /proc/PID/stat}, ticks after boot). */
    static long parseStartTime(String stat) {
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(fields[19]);
    }

    /** The machine's times from {@code /proc/stat}'s first line: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static SystemTicks systemTicks(String cpuLine) {
        final String[] f = cpuLine.trim().split("\\s+");
        final long[] v = new long[9];
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            v[i] = Long.parseLong(f[i]);
        }
        // guest and guest_nice are already counted in user and nice
        return new SystemTicks(v[1] + v[2] + v[3], v[6] + v[7], v[4] + v[5], v[8]);
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} says. */
    static String loadAverage() {
        final String[] f = read(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (the live benchmark needs Linux /proc)", e);
        }
    }

    private static long ticksPerSecond() {
        try {
            final Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final List<String> out = new String(getconf.getInputStream().readAllBytes()).lines().toList();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0 && !out.isEmpty()) {
                return Long.parseLong(out.get(0).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}

package org.mucregistration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the CPU samples {@code LiveBenchmark --async-profile} took of each server during its measured workloads
 * (collapsed stacks, one sample per millisecond of a thread's CPU) and prints, per file: the CPU by kind of thread
 * (request handlers, network I/O, JIT compiler, garbage collector, other), the request handlers' share with a frame of
 * the plugin on the stack and what the plugin's innermost frames called, the methods taking the most of the request
 * handlers' CPU, and the CPU spent in the kernel. Flight recordings see none of the compiler's, the collector's or the
 * kernel's share.
 *
 * <p>{@code mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.mucregistration.bench.AsyncProfile
 * -Dexec.args="target/live-benchmark"} (files or folders; folders are searched for {@code *.collapsed}).
 */
public final class AsyncProfile {
    static final String PLUGIN = "org/mucregistration/";

    /** Kinds of server thread, by the start of their name (digits aside). */
    enum Kind {
        REQUESTS("request handlers (socket_c2s-handler)"),
        NETWORK("network I/O (socket_c2s-worker)"),
        JIT("JIT compiler"),
        GC("garbage collector"),
        OTHER("other threads");

        final String title;

        Kind(String title) {
            this.title = title;
        }

        static Kind of(String thread) {
            if (thread.startsWith("socket_c2s-handler")) {
                return REQUESTS;
            }
            if (thread.startsWith("socket_c2s-worker")) {
                return NETWORK;
            }
            if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
                return JIT;
            }
            if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
                return GC;
            }
            return OTHER;
        }
    }

    /** What one file's samples say. */
    record Summary(long samples, Map<Kind, Long> byKind, long requestsWithPlugin, long kernel,
                   Map<String, Long> pluginCalls, Map<String, Long> requestMethods) {
    }

    private AsyncProfile() {
    }

    public static void main(String[] args) throws IOException {
        final List<Path> files = ProfileFiles.find(args, ".collapsed");
        for (Path file : files) {
            print(file, summarise(Files.readAllLines(file)));
        }
    }

    /** The summary of collapsed stacks taken per thread: {@code [thread tid=N];frame;...;frame count}. */
    static Summary summarise(List<String> lines) {
        long samples = 0;
        long withPlugin = 0;
        long kernel = 0;
        long requests = 0;
        final Map<Kind, Long> byKind = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            byKind.put(kind, 0L);
        }
        final Map<String, Long> pluginCalls = new HashMap<>();
        final Map<String, Long> requestMethods = new HashMap<>();
        for (String line : lines) {
            final int space = line.lastIndexOf(' ');
            if (line.isBlank() || space < 0) {
                continue;
            }
            final long count = Long.parseLong(line.substring(space + 1).trim());
            final String[] frames = line.substring(0, space).split(";");
            final Kind kind = Kind.of(threadName(frames[0]));
            samples += count;
            byKind.merge(kind, count, Long::sum);
            if (frames[frames.length - 1].endsWith("_[k]")) {
                kernel += count;
            }
            if (kind != Kind.REQUESTS) {
                continue;
            }
            requests += count;
            int innermost = -1;
            final Set<String> seen = new HashSet<>();
            for (int i = 1; i < frames.length; i++) {
                if (frames[i].startsWith(PLUGIN)) {
                    innermost = i;
                }
                if (isJava(frames[i]) && seen.add(frames[i])) {
                    requestMethods.merge(javaName(frames[i]), count, Long::sum);
                }
            }
            if (innermost > 0) {
                withPlugin += count;
                final String called = innermost + 1 < frames.length ? javaName(frames[innermost + 1]) : "(itself)";
                pluginCalls.merge(javaName(frames[innermost]) + " -> " + called, count, Long::sum);
            }
        }
        // Frames on most request handlers' stacks say little: the thread's, the network's and the stanza routing's.
        final long everywhere = requests * 3 / 4;
        requestMethods.values().removeIf(n -> n >= everywhere);
        return new Summary(samples, byKind, withPlugin, kernel, pluginCalls, requestMethods);
    }

    /** {@code [socket_c2s-handler-3 tid=123]} → {@code socket_c2s-handler-3}. */
    private static String threadName(String frame) {
        if (!frame.startsWith("[")) {
            return "?";
        }
        final int tid = frame.lastIndexOf(" tid=");
        return frame.substring(1, tid > 0 ? tid : frame.length() - 1);
    }

    private static boolean isJava(String frame) {
        return frame.contains("/") && !frame.endsWith("_[k]") && !frame.contains("::");
    }

    private static String javaName(String frame) {
        return frame.replace('/', '.');
    }

    private static void print(Path file, Summary s) {
        System.out.printf("%n== %s: %,d samples (ms of CPU)%n", file, s.samples());
        for (Map.Entry<Kind, Long> e : s.byKind().entrySet()) {
            System.out.printf("      %,8d  %5.1f %%  %s%n", e.getValue(), percent(e.getValue(), s.samples()),
                e.getKey().title);
        }
        final long requests = s.byKind().get(Kind.REQUESTS);
        System.out.printf("   request handlers' samples with a plugin frame: %,d (%.1f %%); in the kernel (all threads):"
            + " %,d (%.1f %%)%n", s.requestsWithPlugin(), percent(s.requestsWithPlugin(), requests), s.kernel(),
            percent(s.kernel(), s.samples()));
        ProfileFiles.printTop("   the plugin's innermost frame -> what it called", s.pluginCalls(), 12);
        ProfileFiles.printTop(
            "   methods on fewer than three in four of the request handlers' stacks (samples including them)",
            s.requestMethods(), 15);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : 100.0 * part / whole;
    }
}

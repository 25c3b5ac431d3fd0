package org.mucregistration.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the flight recordings {@code LiveBenchmark --jfr} made of each server during its measured workloads (joins,
 * message-latency windows, registrations) and prints, per recording: CPU samples in all, the share with a frame of the plugin on the stack (and the plugin's
 * innermost methods), the hottest methods overall, time blocked on monitors and parked with a plugin frame on the
 * stack, and GC pauses. The question it answers (issue 9): does the plugin cost the message path anything?
 *
 * <p>{@code mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.mucregistration.bench.JfrProfile
 * -Dexec.args="target/live-benchmark"} (files or folders; folders are searched for {@code *.jfr}).
 */
public final class JfrProfile {
    static final String PLUGIN = "org.mucregistration.";

    private JfrProfile() {
    }

    public static void main(String[] args) throws IOException {
        final List<Path> files = ProfileFiles.find(args, ".jfr");
        for (Path file : files) {
            print(file);
        }
    }

    private static void print(Path file) throws IOException {
        long samples = 0;
        long withPlugin = 0;
        final Map<String, Long> pluginMethods = new HashMap<>();
        final Map<String, Long> pluginEntries = new HashMap<>();
        final Map<String, Long> topMethods = new HashMap<>();
        final Map<String, Long> threads = new HashMap<>();
        Duration blocked = Duration.ZERO;
        Duration blockedInPlugin = Duration.ZERO;
        Duration parkedInPlugin = Duration.ZERO;
        Duration gcPauses = Duration.ZERO;
        long gcs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            final String type = event.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    final RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    topMethods.merge(method(stack.getFrames().get(0)), 1L, Long::sum);
                    final String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                    threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
                    RecordedFrame innermost = null;
                    RecordedFrame outermost = null;
                    for (RecordedFrame frame : stack.getFrames()) {
                        if (frame.getMethod().getType().getName().startsWith(PLUGIN)) {
                            innermost = innermost == null ? frame : innermost;
                            outermost = frame;
                        }
                    }
                    if (innermost != null) {
                        withPlugin++;
                        pluginMethods.merge(method(innermost), 1L, Long::sum);
                        pluginEntries.merge(method(outermost), 1L, Long::sum);
                    }
                }
                case "jdk.JavaMonitorEnter" -> {
                    blocked = blocked.plus(event.getDuration());
                    if (inPlugin(event)) {
                        blockedInPlugin = blockedInPlugin.plus(event.getDuration());
                    }
                }
                case "jdk.ThreadPark" -> {
                    if (inPlugin(event)) {
                        parkedInPlugin = parkedInPlugin.plus(event.getDuration());
                    }
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                }
                default -> {
                }
            }
        }
        System.out.printf("%n== %s (stack traces are truncated at JFR's default depth of 64 frames)%n", file);
        System.out.printf("   CPU samples %,d; with a plugin frame on the stack %,d (%.2f %%)%n", samples, withPlugin,
            samples == 0 ? 0.0 : 100.0 * withPlugin / samples);
        ProfileFiles.printTop("   the plugin's innermost methods in those samples", pluginMethods, 8);
        ProfileFiles.printTop("   the plugin's outermost methods (where Openfire called it) in those samples",
            pluginEntries, 5);
        ProfileFiles.printTop("   hottest methods (top frame) of all samples", topMethods, 10);
        ProfileFiles.printTop("   samples by thread", threads, 6);
        System.out.printf("   blocked on monitors (events over the profile settings' 10 ms threshold): %d ms in all, %d ms with a plugin frame; parked "
            + "(likewise) with a plugin frame: %d ms%n", blocked.toMillis(), blockedInPlugin.toMillis(),
            parkedInPlugin.toMillis());
        System.out.printf("   garbage collections %d, pauses %d ms in all%n", gcs, gcPauses.toMillis());
    }

    private static boolean inPlugin(RecordedEvent event) {
        final RecordedStackTrace stack = event.getStackTrace();
        return stack != null && stack.getFrames().stream()
            .anyMatch(f -> f.getMethod().getType().getName().startsWith(PLUGIN));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}

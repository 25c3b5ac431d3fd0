package org.mucregistration.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.mucregistration.e2e.OpenfireServer;
import org.mucregistration.testenv.TestEnvironment;

/**
 * The same-run benchmark against a real Openfire (issue 9 §2): the same distribution started fresh for every run,
 * without the plugin and with it, in alternating pairs (without-with, with-without, ...), identical settings except
 * the plugin jar; every server runs the same workloads ({@link Workload}) from this JVM's own load generator over
 * loopback, and the report gives each workload's medians, ratios, every pair's ratio and the server's CPU per
 * operation. Not a test (no JUnit): run it with {@code exec:java}, see the README.
 */
public final class LiveBenchmark {

    private LiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        final PrintStream out = System.out;
        final Path distribution = options.distribution != null ? options.distribution.toAbsolutePath()
            : TestEnvironment.openfireDistribution().orElseThrow(() -> new IllegalStateException(
                "No Openfire distribution: pass --distribution DIR, set OPENFIRE_HOME, or provide "
                    + "../shared/openfire/openfire-5.1.1.tar.gz"));
        final Path plugin = options.pluginJar.toAbsolutePath();
        if (!Files.isRegularFile(plugin)) {
            throw new IllegalStateException("No plugin jar at " + plugin + ": build it with mvn package -DskipTests");
        }
        final String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        final String loadAtStart = CpuClock.loadAverage();
        out.println("== Live benchmark: Openfire without and with the plugin, " + started);
        out.println("   distribution " + distribution);
        out.println("   plugin jar   " + plugin + " (" + Files.getLastModifiedTime(plugin) + ")");
        staleJarWarning(plugin).ifPresent(out::println);
        out.println("   machine      " + Runtime.getRuntime().availableProcessors() + " cores, Java "
            + System.getProperty("java.version") + ", load average at start " + loadAtStart);
        options.describe().forEach((k, v) -> out.printf("   %-12s %s%n", k, v));

        final List<PairResult> pairs = new ArrayList<>();
        final Path raw = options.workDir.toAbsolutePath().resolve("results-" + started.replace(':', '-') + ".tsv");
        Files.createDirectories(raw.getParent());
        Files.writeString(raw, RawResults.HEADER, StandardCharsets.UTF_8);
        Exception failure = null;
        try {
            for (int pair = 1; pair <= options.pairs; pair++) {
                final Map<Arm, List<WorkloadResult>> results = new EnumMap<>(Arm.class);
                final Arm[] order = Arm.order(pair);
                for (Arm arm : order) {
                    out.printf("%n-- pair %d/%d, %s (%s)%n", pair, options.pairs, arm.title,
                        arm == order[0] ? "first" : "second");
                    awaitQuiet(options.quietWait, out);
                    final List<WorkloadResult> armResults = runArm(options, distribution, plugin, arm, out);
                    results.put(arm, armResults);
                    RawResults.append(raw, pair, arm, arm == order[0] ? 1 : 2, armResults);
                }
                pairs.add(new PairResult(pair, order[0], results));
            }
        } catch (Exception e) {
            failure = e;
            out.println();
            out.println("RUN ABORTED in pair " + (pairs.size() + 1) + ": " + e);
        }

        out.println();
        out.println("== Results: " + pairs.size() + " complete pair(s); started " + started + ", load average at start "
            + loadAtStart + ", at end " + CpuClock.loadAverage());
        if (!pairs.isEmpty()) {
            out.println("   ratio = with / without; pair ratios in pair order (odd pairs ran without the plugin "
                + "first, even pairs with it first); order-balanced = geometric mean of the geometric means of the "
                + "pair ratios with the plugin first and with it second; CPU/op = median server (Openfire JVM) CPU time "
                + "per operation");
            out.println();
            out.print(Report.table(pairs, Report.metrics(options)));
            out.println();
            for (String note : Report.notes(pairs)) {
                out.println("   " + note);
            }
        }
        out.println("   raw results: " + raw);
        if (failure != null) {
            throw failure;
        }
    }

    private static List<WorkloadResult> runArm(BenchOptions options, Path distribution, Path plugin, Arm arm,
                                               PrintStream out) throws Exception {
        final Map<String, String> users = new LinkedHashMap<>();
        users.put(ArmRun.OWNER, ArmRun.PASSWORD);
        for (int i = 0; i < options.users(); i++) {
            users.put(ArmRun.userName(i), ArmRun.PASSWORD);
        }
        final OpenfireServer.Setup setup = new OpenfireServer.Setup(distribution,
            options.workDir.toAbsolutePath().resolve(arm == Arm.WITH ? "with-plugin" : "without-plugin"))
            .plugin(arm == Arm.WITH ? plugin : null)
            .users(users)
            // Lets unaffiliated users register under the plugin; Openfire alone lets them anyway (and ignores this).
            .property("plugin.mucregistration.unaffiliatedMayRegister", "true")
            .startTimeout(Duration.ofSeconds(180));
        if (options.openfireDefaults) {
            setup.openfireDefaults();
        }
        final long start = System.nanoTime();
        final OpenfireServer server = OpenfireServer.start(setup);
        try {
            out.printf("  Openfire started in %.1f s (pid %d)%n", (System.nanoTime() - start) / 1e9, server.pid());
            try (ArmRun run = new ArmRun(options, server, out)) {
                return run.run();
            } catch (Exception | Error e) {
                out.println("  failed: " + e + "\n--- openfire.log (last 40 lines) ---\n" + server.logTail(40));
                throw e;
            }
        } finally {
            final long stopping = System.nanoTime();
            server.close();
            out.printf("  Openfire stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        }
    }

    /** Waits, up to {@code limit}, until other processes use less than {@link Report#NOISY_CORES} for 2 s. */
    private static void awaitQuiet(Duration limit, PrintStream out) throws InterruptedException {
        final long deadline = System.nanoTime() + limit.toNanos();
        CpuClock.Others others = CpuClock.othersCores(2);
        if (others.cores() <= Report.NOISY_CORES) {
            return;
        }
        out.printf("  other processes use %.2f cores (%s): waiting up to %d s for the machine to be quieter%n",
            others.cores(), others.busiest(), limit.toSeconds());
        while (others.cores() > Report.NOISY_CORES && System.nanoTime() < deadline) {
            others = CpuClock.othersCores(2);
        }
        out.printf("  %s (other processes %.2f cores%s)%n", others.cores() <= Report.NOISY_CORES ? "quiet now"
            : "still busy, going on", others.cores(), others.busiest().isEmpty() ? "" : ": " + others.busiest());
    }

    /** A warning when a source of the plugin is newer than the jar (the run would measure an old build). */
    private static java.util.Optional<String> staleJarWarning(Path jar) {
        try {
            final FileTime built = Files.getLastModifiedTime(jar);
            final Path base = TestEnvironment.basedir();
            try (Stream<Path> files = Stream.of(base.resolve("src/main"), base.resolve("plugin.xml"), base.resolve("web"))
                .filter(Files::exists).flatMap(LiveBenchmark::walk)) {
                return files.filter(f -> modified(f).compareTo(built) > 0).findFirst()
                    .map(f -> "   WARNING: " + f + " is newer than the plugin jar: rebuild it (mvn package -DskipTests)");
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static Stream<Path> walk(Path p) {
        try {
            return Files.walk(p).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.mucregistration.testenv;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What outside parts this machine offers the suites that need them (a real Openfire, its clustering plugin, database
 * servers, Prosody), and whether a suite that lacks its part may skip.
 *
 * <p>Skipping is for a newcomer's machine: a suite without its part says so and is reported skipped. A run that must
 * prove everything may not skip: CI ({@code .ci/run} sets {@value #REQUIRE_ALL_VARIABLE}), and every run on a machine
 * that has the shared Openfire distribution ({@code ../shared/openfire/}). There, a missing part fails the suite.
 */
public final class TestEnvironment {

    /** Set to {@code true} (by {@code .ci/run}) to make every suite that would skip fail instead. */
    public static final String REQUIRE_ALL_VARIABLE = "MUCREG_REQUIRE_ALL_SUITES";
    public static final String OPENFIRE_HOME_VARIABLE = "OPENFIRE_HOME";
    public static final String HAZELCAST_JAR_VARIABLE = "OPENFIRE_HAZELCAST_JAR";
    public static final String POSTGRES_URL_VARIABLE = "MUCREG_TEST_POSTGRES_URL";
    public static final String MARIADB_URL_VARIABLE = "MUCREG_TEST_MARIADB_URL";
    public static final String INTEROP_JAR_VARIABLE = "MUCREG_INTEROP_JAR";

    /** The shared Openfire material, relative to the project: a distribution and its Hazelcast plugin. */
    static final String SHARED_OPENFIRE = "../shared/openfire";
    static final String SHARED_DISTRIBUTION = "openfire-5.1.1.tar.gz";
    static final String SHARED_HAZELCAST = "hazelcast-5.5.0.1.jar";
    static final String SHARED_INTEROP = "../shared/interop/xmpp-interop-tests-1.6.0.jar";

    private static Path unpacked;

    private TestEnvironment() {
    }

    /** The project's folder (Maven's {@code basedir}, else the working directory). */
    public static Path basedir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    static Path sharedOpenfire() {
        return basedir().resolve(SHARED_OPENFIRE).normalize();
    }

    /** Whether this run must run every suite: CI, or a machine with {@code ../shared/openfire/}. */
    public static boolean everySuiteRequired() {
        return "true".equalsIgnoreCase(env(REQUIRE_ALL_VARIABLE).orElse(""))
            || Files.isRegularFile(sharedOpenfire().resolve(SHARED_DISTRIBUTION));
    }

    /**
     * Ends the current test as skipped because {@code why}, or, when {@link #everySuiteRequired()}, fails it: a suite
     * that must run may not look green by skipping.
     */
    public static void skipOrFail(String why) {
        if (everySuiteRequired()) {
            Assertions.fail("REQUIRED SUITE CANNOT RUN: " + why + " (this run requires every suite: "
                + REQUIRE_ALL_VARIABLE + "=true or " + sharedOpenfire() + " exists)");
        }
        Assumptions.abort("SKIPPED: " + why);
    }

    /** Prints, once per suite, why it will skip (or fail), so that the build log says which suites did not run. */
    public static String announce(String suite, String why) {
        final String line = (everySuiteRequired() ? "REQUIRED SUITE CANNOT RUN: " : "SKIPPED: ") + suite + ": " + why;
        System.out.println(line);
        return why;
    }

    /**
     * The Openfire 5.x distribution the end-to-end suites run: {@value #OPENFIRE_HOME_VARIABLE}, else the system
     * property {@code openfire.home}, else the shared distribution unpacked once under {@code target/}.
     *
     * @throws IllegalStateException if one is named but is no Openfire distribution (a misconfiguration fails)
     */
    public static synchronized Optional<Path> openfireDistribution() {
        Optional<String> named = env(OPENFIRE_HOME_VARIABLE);
        String source = OPENFIRE_HOME_VARIABLE;
        if (named.isEmpty()) {
            named = Optional.ofNullable(System.getProperty("openfire.home")).filter(s -> !s.isBlank());
            source = "system property openfire.home";
        }
        if (named.isPresent()) {
            return Optional.of(checkDistribution(Path.of(named.get().trim()).toAbsolutePath().normalize(), source));
        }
        final Path archive = sharedOpenfire().resolve(SHARED_DISTRIBUTION);
        if (!Files.isRegularFile(archive)) {
            return Optional.empty();
        }
        if (unpacked == null) {
            unpacked = unpack(archive, basedir().resolve("target/openfire-dist"));
        }
        return Optional.of(unpacked);
    }

    /** Openfire's Hazelcast clustering plugin: {@value #HAZELCAST_JAR_VARIABLE}, else the shared one. */
    public static Optional<Path> hazelcastPlugin() {
        final Optional<Path> named = env(HAZELCAST_JAR_VARIABLE).map(Path::of);
        if (named.isPresent()) {
            if (!Files.isRegularFile(named.get())) {
                throw new IllegalStateException(HAZELCAST_JAR_VARIABLE + "=" + named.get() + " is not a file");
            }
            return named;
        }
        final Path shared = sharedOpenfire().resolve(SHARED_HAZELCAST);
        return Files.isRegularFile(shared) ? Optional.of(shared) : Optional.empty();
    }

    /** XMPP Interop Testing (the server conformance suite), as a runnable jar: {@value #INTEROP_JAR_VARIABLE}, else the shared one. */
    public static Optional<Path> interopSuite() {
        final Optional<Path> named = env(INTEROP_JAR_VARIABLE).map(Path::of);
        if (named.isPresent()) {
            if (!Files.isRegularFile(named.get())) {
                throw new IllegalStateException(INTEROP_JAR_VARIABLE + "=" + named.get() + " is not a file");
            }
            return named;
        }
        final Path shared = basedir().resolve(SHARED_INTEROP).normalize();
        return Files.isRegularFile(shared) ? Optional.of(shared) : Optional.empty();
    }

    /** The JDBC URL of a PostgreSQL server the tests may create databases on, if any. */
    public static Optional<String> postgresUrl() {
        return env(POSTGRES_URL_VARIABLE);
    }

    /** The JDBC URL of a MariaDB server the tests may create databases on, if any. */
    public static Optional<String> mariadbUrl() {
        return env(MARIADB_URL_VARIABLE);
    }

    private static Optional<String> env(String name) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Path checkDistribution(Path dir, String source) {
        if (!Files.isRegularFile(dir.resolve("lib/startup.jar"))) {
            throw new IllegalStateException(source + "=" + dir + " does not look like an Openfire distribution: "
                + dir.resolve("lib/startup.jar") + " is missing");
        }
        if (!Files.isDirectory(dir.resolve("plugins/admin")) && !Files.isRegularFile(dir.resolve("plugins/admin.jar"))) {
            throw new IllegalStateException(source + "=" + dir + " has no admin console plugin (plugins/admin): "
                + "the end-to-end suite configures Openfire through it");
        }
        return dir;
    }

    /** Unpacks the distribution into {@code into/openfire} unless a complete copy is already there. */
    private static Path unpack(Path archive, Path into) {
        final Path home = into.resolve("openfire");
        final Path done = into.resolve(".unpacked-from-" + archive.getFileName());
        if (Files.isRegularFile(done) && Files.isRegularFile(home.resolve("lib/startup.jar"))) {
            return home;
        }
        try {
            if (Files.exists(home)) {
                run(new ProcessBuilder("rm", "-rf", home.toString()));
            }
            Files.createDirectories(into);
            run(new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString()));
            Files.writeString(done, archive.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Could not unpack " + archive + " into " + into + ": " + e.getMessage(), e);
        }
        System.out.println("Openfire distribution unpacked from " + archive + " into " + home);
        return checkDistribution(home, archive.toString());
    }

    private static void run(ProcessBuilder command) throws IOException {
        final Process process = command.inheritIO().start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command.command()) + " failed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

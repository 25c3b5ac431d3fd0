package org.mucregistration.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for one test class, which the test may stop and start again (a database outage)
 * without touching the machine's server: {@code initdb} into a fresh directory under the temporary directory, then
 * {@code pg_ctl} on a free loopback port, trust authentication, its socket in that directory. As root (CI), the
 * server runs as the {@code postgres} user (PostgreSQL refuses root); otherwise as the current user.
 * {@link #close()} stops it and deletes the directory.
 */
final class ThrowawayPostgres implements AutoCloseable {
    private static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The directory of PostgreSQL's server programs ({@code initdb}, {@code pg_ctl}), if this machine has them. */
    static Optional<Path> binaries() {
        final List<Path> found = new ArrayList<>();
        final Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .forEach(found::add);
            } catch (IOException e) {
                // none from there
            }
        }
        // The newest Debian version first (by number: 9 < 15); else whatever pg_ctl and initdb the PATH has.
        found.sort(Comparator.comparingInt(ThrowawayPostgres::version).reversed());
        if (found.isEmpty()) {
            for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))
                    && Files.isExecutable(Path.of(entry, "pg_ctl"))) {
                    found.add(Path.of(entry));
                    break;
                }
            }
        }
        return found.stream().findFirst();
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String missing() {
        return "the database outage suite needs PostgreSQL's server programs (initdb, pg_ctl: Debian's postgresql, "
            + "under /usr/lib/postgresql/<version>/bin, or on the PATH) to run a server of its own it may stop";
    }

    /** A new server, initialised and started. */
    static ThrowawayPostgres start(Path bin) throws IOException {
        final boolean root = "root".equals(System.getProperty("user.name"));
        final Path dir = Files.createTempDirectory("mucreg-outage-pg-");
        final ThrowawayPostgres server = new ThrowawayPostgres(bin, dir, freePort(), root);
        try {
            if (root) {
                run(List.of("chown", SUPERUSER + ":" + SUPERUSER, dir.toString()), false, 30);
            }
            server.pg(List.of(bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", SUPERUSER,
                "--auth=trust", "-E", "UTF8", "--no-sync"), 120);
            server.startAgain();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /** A JDBC URL of the superuser on this server (which may create databases; any password is taken). */
    String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SUPERUSER + "&password=unused";
    }

    /** Starts the server (again), and waits until it takes connections. */
    void startAgain() throws IOException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
            "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
            "start"), 90);
    }

    /** Stops the server now: {@code pg_ctl stop -m fast} (clients disconnected, open transactions rolled back). */
    void stop() throws IOException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
            90);
    }

    /** The server's own log, for diagnostics. */
    String log() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop();
            }
        } catch (IOException e) {
            System.err.println("Could not stop the outage suite's PostgreSQL in " + dir + ": " + e.getMessage());
        }
        try {
            run(List.of("rm", "-rf", dir.toString()), false, 60);
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL of its own on 127.0.0.1:" + port + " (" + data + ")";
    }

    private void pg(List<String> command, long timeoutSeconds) throws IOException {
        run(command, asPostgres, timeoutSeconds);
    }

    private static void run(List<String> command, boolean asPostgres, long timeoutSeconds) throws IOException {
        final List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        final ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).directory(new java.io.File("/"));
        final Process process = builder.start();
        final String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}

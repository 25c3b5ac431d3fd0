package org.mucregistration.scenario.prosody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test fixture: a private Prosody (Debian's {@code /usr/bin/prosody}, 0.12) for calibrating the scenario runner.
 *
 * <p>Writes its own minimal configuration under {@code target/prosody-NAME/}: c2s on 127.0.0.1 on a free port,
 * no s2s, memory storage, pidfile/data/log in that directory, {@code run_as_root} (CI runs as root).
 * <ul>
 *   <li>{@code VirtualHost "localhost"} accepts any password ({@code mod_auth_insecure}, shipped with Prosody),
 *       as Prosody's own scenario tests do;</li>
 *   <li>{@code Component "conference.localhost" "muc"} is the MUC service;</li>
 *   <li>{@code VirtualHost "password.localhost"} checks passwords for real ({@code internal_plain}, file storage):
 *       it has the one account {@link #CHECKED_USER} with password {@link #CHECKED_PASSWORD}, so a failed
 *       login can be tested honestly;</li>
 *   <li>STARTTLS is offered with a self-signed certificate made by {@code openssl} when that is installed
 *       (encryption is not required either way).</li>
 * </ul>
 */
public final class ProsodyServer implements AutoCloseable {

    /** Debian's Prosody; the environment variable {@code PROSODY_BINARY} may point elsewhere. */
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("PROSODY_BINARY", "/usr/bin/prosody"));
    public static final String CHECKED_HOST = "password.localhost";
    public static final String CHECKED_USER = "romeo";
    public static final String CHECKED_PASSWORD = "correct-horse";

    private final Process process;
    private final Path dir;
    private final int port;
    private final boolean tls;

    private ProsodyServer(Process process, Path dir, int port, boolean tls) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Why tests that need Prosody are skipped here, or {@code null} if they can run. */
    public static String skipReason() {
        return isInstalled() ? null
                : BINARY + " is not installed, so the Prosody calibration tests cannot run "
                  + "(install it with: apt-get install prosody; .ci/run does)";
    }

    /** Starts a fresh Prosody in {@code target/prosody-NAME/} and waits until its c2s port accepts connections. */
    public static ProsodyServer start(String name) throws IOException, InterruptedException {
        if (!isInstalled()) {
            throw new IllegalStateException(skipReason());
        }
        Path dir = targetDir().resolve("prosody-" + name).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        boolean tls = makeCertificate(dir);
        writeCheckedAccount(dir.resolve("data"));
        Path config = dir.resolve("prosody.cfg.lua");
        Files.writeString(config, config(dir, port, tls), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(BINARY.toString(), "-F", "--config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        ProsodyServer server = new ProsodyServer(process, dir, port, tls);
        server.awaitPort(Duration.ofSeconds(30));
        return server;
    }

    public int port() {
        return port;
    }

    public boolean offersTls() {
        return tls;
    }

    public Path directory() {
        return dir;
    }

    /** The last lines of Prosody's log and console output, for failure messages. */
    public String logTail() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("prosody.log", "stdout.log")) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    sb.append("--- ").append(p).append('\n');
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException e) {
                sb.append("(cannot read ").append(p).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Stops Prosody (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy(); // SIGTERM: Prosody shuts down cleanly
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPort(Duration limit) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Prosody exited with status " + process.exitValue() + " before listening on port "
                        + port + "\n" + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("Prosody did not listen on port " + port + " within " + limit.toSeconds() + " s\n"
                + logTail());
    }

    private static String config(Path dir, int port, boolean tls) {
        String d = lua(dir.toString());
        return """
                -- Minimal Prosody configuration for the scenario runner's calibration tests.
                -- Generated by org.mucregistration.scenario.prosody.ProsodyServer; do not edit.
                run_as_root = true
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                log = { info = "%1$s/prosody.log" }
                certificates = "%1$s"

                interfaces = { "127.0.0.1" }
                c2s_ports = { %2$d }
                c2s_interfaces = { "127.0.0.1" }
                s2s_ports = { }
                modules_enabled = { "saslauth"; "roster"; "disco"; "ping"; %3$s }
                modules_disabled = { "s2s"; "offline" }

                c2s_require_encryption = false
                allow_unencrypted_plain_auth = true
                allow_registration = false
                storage = "memory"
                %4$s

                VirtualHost "localhost"
                	authentication = "insecure"
                	insecure_open_authentication = "Yes please, I know what I'm doing!"

                VirtualHost "%5$s"
                	authentication = "internal_plain"
                	storage = "internal"

                Component "conference.localhost" "muc"
                """.formatted(d, port, tls ? "\"tls\";" : "",
                tls ? "ssl = { key = \"" + d + "/localhost.key\"; certificate = \"" + d + "/localhost.crt\"; }" : "",
                CHECKED_HOST);
    }

    /** The account on {@link #CHECKED_HOST}, in Prosody's file storage format (data/HOST/accounts/USER.dat). */
    private static void writeCheckedAccount(Path data) throws IOException {
        Path accounts = data.resolve(CHECKED_HOST.replace(".", "%2e")).resolve("accounts");
        Files.createDirectories(accounts);
        Files.writeString(accounts.resolve(CHECKED_USER + ".dat"),
                "return {\n\t[\"password\"] = \"" + CHECKED_PASSWORD + "\";\n};\n", StandardCharsets.UTF_8);
    }

    /** A self-signed certificate for STARTTLS, if openssl is available; {@code false} if not. */
    private static boolean makeCertificate(Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                    "-subj", "/CN=localhost", "-keyout", dir.resolve("localhost.key").toString(),
                    "-out", dir.resolve("localhost.crt").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile())
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noOpenssl) {
            return false;
        }
    }

    private static String lua(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code target/}, found from where the test classes were loaded (works whatever the working directory). */
    static Path targetDir() {
        try {
            Path classes = Path.of(ProsodyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

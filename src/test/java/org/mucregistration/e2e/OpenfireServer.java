package org.mucregistration.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * A real Openfire server for end-to-end tests, run from a fresh copy of an Openfire 5.x distribution with the
 * plugin jar under test deployed into {@code plugins/}.
 *
 * <p>{@link #start} copies the distribution into {@code workDir/openfire} (deleting any previous copy), writes an
 * {@code <autosetup>} {@code conf/openfire.xml} (embedded HSQLDB, domain {@code localhost}, admin/admin, users
 * {@code user}, {@code user2}, {@code user3} with password {@code password}, everything on 127.0.0.1, client and
 * admin-console ports picked free), starts {@code lib/startup.jar} in its own JVM, waits until the client port
 * listens and the plugin reports loaded, then sets the MUC service's default room settings through the admin
 * console (the conformance precondition: semi-anonymous, unlogged rooms). {@link #restart()} stops and starts the
 * same home, keeping its database. {@link #close()} stops the server (SIGTERM, then forcibly after a timeout).
 */
public final class OpenfireServer implements AutoCloseable {

    /** The plugin's canonical name: the jar is deployed as {@code plugins/mucregistration.jar}. */
    public static final String PLUGIN_NAME = "mucregistration";
    public static final String DOMAIN = "localhost";
    public static final String MUC_SERVICE = "conference";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /**
     * How long Openfire may take to start unless the caller allows more ({@code -Dopenfire.startTimeoutSeconds}
     * overrides either).
     */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    /**
     * Openfire 5.1 logs {@code Successfully loaded plugin 'mucregistration-1.0.0'.} (canonical name, then the
     * plugin.xml version if it has one); accept both forms.
     */
    private static final Pattern LOADED = Pattern.compile("Successfully loaded plugin '" + PLUGIN_NAME + "(-[^']*)?'");
    /** How Openfire quotes this plugin in its log lines: {@code 'mucregistration'} or {@code 'mucregistration-1.0.0'}. */
    private static final Pattern QUOTED_NAME = Pattern.compile("'" + PLUGIN_NAME + "(-[^']*)?'");

    private final Path home;
    private final Path stdout;
    private final int clientPort;
    private final int adminPort;
    private final Duration startTimeout;
    private Process process;
    private Thread shutdownHook;
    /** Where this run's output starts in the stdout file and in openfire.log (so a restart sees only new lines). */
    private long stdoutMark;
    private long logMark;

    private OpenfireServer(Path home, Path stdout, int clientPort, int adminPort, Duration startTimeout) {
        this.home = home;
        this.stdout = stdout;
        this.clientPort = clientPort;
        this.adminPort = adminPort;
        this.startTimeout = startTimeout;
    }

    /**
     * The Openfire distribution to test against: env {@code OPENFIRE_HOME}, else system property
     * {@code openfire.home}; empty if neither is set.
     *
     * @throws IllegalStateException if one is set but does not look like an Openfire distribution (a
     *                               misconfiguration must fail, not skip)
     */
    public static Optional<Path> distribution() {
        String value = System.getenv("OPENFIRE_HOME");
        String source = "OPENFIRE_HOME";
        if (value == null || value.isBlank()) {
            value = System.getProperty("openfire.home");
            source = "system property openfire.home";
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(value.trim()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("lib/startup.jar"))) {
            throw new IllegalStateException(source + "=" + value + " does not look like an Openfire distribution: "
                    + dir.resolve("lib/startup.jar") + " is missing");
        }
        if (!Files.isDirectory(dir.resolve("plugins/admin")) && !Files.isRegularFile(dir.resolve("plugins/admin.jar"))) {
            throw new IllegalStateException(source + "=" + value + " has no admin console plugin (plugins/admin): "
                    + "the end-to-end suite configures the MUC service through it");
        }
        return Optional.of(dir);
    }

    /**
     * Copies {@code distribution} to {@code workDir/openfire}, deploys {@code pluginJar} as
     * {@code plugins/mucregistration.jar}, starts Openfire, waits for the client port and the plugin, and applies
     * the MUC precondition through the admin console. Each start (and {@link #restart()}) may take
     * {@code startTimeout}, or {@code -Dopenfire.startTimeoutSeconds} when that is set.
     */
    public static OpenfireServer start(Path distribution, Path pluginJar, Path workDir, Duration startTimeout)
            throws IOException {
        checkPluginJar(pluginJar);
        Path work = workDir.toAbsolutePath().normalize();
        Path home = work.resolve("openfire");
        deleteRecursively(home);
        Files.createDirectories(work);
        copyDistribution(distribution, home);
        Files.copy(pluginJar, home.resolve("plugins").resolve(PLUGIN_NAME + ".jar"), StandardCopyOption.REPLACE_EXISTING);

        int clientPort = freePort();
        int adminPort = freePort();
        while (adminPort == clientPort) {
            adminPort = freePort();
        }
        Files.writeString(home.resolve("conf/openfire.xml"), openfireXml(clientPort, adminPort), StandardCharsets.UTF_8);

        Path stdout = work.resolve("openfire-stdout.log");
        Files.deleteIfExists(stdout);
        Long configuredSeconds = Long.getLong("openfire.startTimeoutSeconds");
        OpenfireServer server = new OpenfireServer(home, stdout, clientPort, adminPort,
                configuredSeconds != null ? Duration.ofSeconds(configuredSeconds) : startTimeout);
        try {
            server.launch();
            server.applyMucPrecondition();
        } catch (RuntimeException | IOException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Stops the server and starts it again on the same home: database, ports and plugin are kept. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    public int clientPort() {
        return clientPort;
    }

    public int adminPort() {
        return adminPort;
    }

    /** {@code http://127.0.0.1:<adminPort>} */
    public URI adminUrl() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    /** The Openfire home this server runs from (a copy of the distribution). */
    public Path home() {
        return home;
    }

    public Path logFile() {
        return home.resolve("logs/openfire.log");
    }

    public Path stdoutFile() {
        return stdout;
    }

    /** For diagnostics: the whole openfire.log followed by the process's stdout/stderr (colour codes removed). */
    public String log() {
        return "===== " + logFile() + " =====\n" + read(logFile(), 0)
                + "\n===== " + stdout + " (stdout+stderr) =====\n" + read(stdout, 0);
    }

    /** The last {@code lines} lines of openfire.log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = read(logFile(), 0).lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    private void launch() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("Openfire is already running from " + home);
        }
        stdoutMark = size(stdout);
        logMark = size(logFile());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-server",
                "-DopenfireHome=" + home,
                "-Dopenfire.lib.dir=" + home.resolve("lib"),
                "-Dlog4j.configurationFile=" + home.resolve("lib/log4j2.xml"),
                "-jar", home.resolve("lib/startup.jar").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
        Instant started = Instant.now();
        process = pb.start();
        Process launched = process;
        shutdownHook = new Thread(() -> launched.destroyForcibly(), "openfire-e2e-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady(started);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private void awaitReady(Instant started) {
        Instant deadline = started.plus(startTimeout);
        boolean portOpen = false;
        boolean loaded = false;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Openfire exited with code " + process.exitValue()
                        + " while starting.\n" + thisRunDiagnostics());
            }
            if (!portOpen) {
                portOpen = listening(clientPort);
            }
            String out = read(stdout, stdoutMark) + "\n" + read(logFile(), logMark);
            if (!loaded) {
                loaded = LOADED.matcher(out).find();
            }
            if (!loaded) {
                List<String> failures = pluginFailureLines(out);
                if (!failures.isEmpty()) {
                    // Give Openfire a moment to log the stack trace, then report.
                    sleep(500);
                    throw new IllegalStateException("Plugin '" + PLUGIN_NAME + "' failed to load:\n"
                            + String.join("\n", pluginFailureLines(read(logFile(), logMark)
                            + "\n" + read(stdout, stdoutMark)))
                            + "\n--- openfire.log (this run, last 60 lines) ---\n" + tail(read(logFile(), logMark), 60));
                }
            }
            if (portOpen && loaded) {
                System.out.printf("Openfire up in %d ms (client port %d, admin console %s, home %s)%n",
                        Duration.between(started, Instant.now()).toMillis(), clientPort, adminUrl(), home);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Openfire did not become ready within " + startTimeout.toSeconds()
                        + " s: client port " + clientPort + (portOpen ? " listening" : " NOT listening")
                        + "; plugin '" + PLUGIN_NAME + "' " + (loaded ? "loaded" : "NOT loaded (no \"" + LOADED.pattern()
                        + "\" in stdout or openfire.log)") + ".\n" + thisRunDiagnostics());
            }
            sleep(100);
        }
    }

    /** Lines that say the plugin did not load (errors and warnings naming it, or a plugin-loading exception). */
    private static List<String> pluginFailureLines(String text) {
        List<String> lines = text.lines().collect(Collectors.toList());
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean namesPlugin = QUOTED_NAME.matcher(line).find() || line.contains(PLUGIN_NAME + ".jar");
            boolean bad = line.contains("ERROR") || line.contains("WARN") || line.contains("could not be loaded")
                    || line.contains("Unable to load") || line.contains("Ignoring plugin");
            if (namesPlugin && bad) {
                hits.add(line);
                // The stack trace that follows, if any.
                for (int j = i + 1; j < lines.size() && j <= i + 25; j++) {
                    String next = lines.get(j);
                    if (next.startsWith("\t") || next.startsWith("Caused by") || next.startsWith("    ")
                            || next.matches("^[a-zA-Z_$][\\w.$]*(Exception|Error).*")) {
                        hits.add(next);
                    } else {
                        break;
                    }
                }
            }
        }
        return hits;
    }

    private void stop() {
        synchronized (this) {
            adminCookies = null; // the admin console session does not survive a restart
        }
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: Openfire's shutdown hook halts the server cleanly (~6 s).
                if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    // Its embedded database was not shut down cleanly: a test that reads it afterwards will say so.
                    System.err.println("Openfire did not stop within " + STOP_TIMEOUT.toSeconds()
                            + " s of SIGTERM; killing it");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            process = null;
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting; the hook runs anyway
                }
                shutdownHook = null;
            }
        }
        // The next start must be able to bind the same ports.
        Instant deadline = Instant.now().plusSeconds(10);
        while ((listening(clientPort) || listening(adminPort)) && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
    }

    // ------------------------------------------------------------------------------------ admin console (MUC)

    /**
     * The conformance precondition: {@code room.canAnyoneDiscoverJID=false} and {@code room.logEnabled=false} for
     * service {@code conference}, set through the admin console's MUC default room settings page (unchecked boxes,
     * including "non-anonymous" and "enable logging", are saved as false).
     */
    private void applyMucPrecondition() throws IOException {
        final String cookies = adminCookies();
        final String csrf = ADMIN_CSRF;
        final HttpClient http = adminHttp();

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("csrf", csrf);
        settings.put("mucname", MUC_SERVICE);
        settings.put("roomconfig_publicroom", "true");
        settings.put("roomconfig_canchangenick", "true");
        settings.put("roomconfig_registration", "true");
        settings.put("roomconfig_preservehistondel", "true");
        settings.put("roomconfig_maxusers", "30");
        settings.put("roomconfig_broadcastmoderator", "true");
        settings.put("roomconfig_broadcastparticipant", "true");
        settings.put("roomconfig_broadcastvisitor", "true");
        settings.put("roomconfig_allowpm", "anyone");
        HttpResponse<String> save = post(http, "/muc-default-settings.jsp?save=true", cookies, form(settings));
        String location = save.headers().firstValue("location").orElse("");
        if (save.statusCode() != 302 || !location.contains("success=true")) {
            throw new IllegalStateException("Could not apply the MUC precondition (room.canAnyoneDiscoverJID=false, "
                    + "room.logEnabled=false for service '" + MUC_SERVICE + "') through the admin console: POST "
                    + adminUrl() + "/muc-default-settings.jsp?save=true answered " + save.statusCode()
                    + " (location '" + location + "', expected a 302 to ...success=true)\n" + tail(save.body(), 20));
        }
        System.out.println("MUC precondition applied via admin console: " + location);
    }

    /** The CSRF token this fixture uses with the admin console (Openfire only compares cookie and field). */
    public static final String ADMIN_CSRF = "e2ecsrftoken0001";

    private String adminCookies;

    private static HttpClient adminHttp() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Logs in to the admin console as the admin (once per start) and returns the cookies to send, csrf included. */
    public synchronized String adminCookies() throws IOException {
        if (adminCookies != null) {
            return adminCookies;
        }
        final String csrf = ADMIN_CSRF;
        HttpResponse<String> login = post(adminHttp(), "/login.jsp", "csrf=" + csrf, form(Map.of(
                "login", "true", "csrf", csrf, "username", ADMIN_USER, "password", ADMIN_PASSWORD)));
        String session = login.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElse(null);
        if (login.statusCode() != 302 || session == null) {
            throw new IllegalStateException("Admin console login as '" + ADMIN_USER + "' failed: POST " + adminUrl()
                    + "/login.jsp answered " + login.statusCode() + " (location "
                    + login.headers().firstValue("location").orElse("none") + ", JSESSIONID "
                    + (session == null ? "missing" : "set") + ")\n" + tail(login.body(), 20));
        }
        adminCookies = session + "; csrf=" + csrf;
        return adminCookies;
    }

    /** A GET on an admin console page as the logged-in admin (redirects are not followed). */
    public HttpResponse<String> adminGet(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(adminUrl().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .header("Cookie", adminCookies())
                .GET()
                .build();
        try {
            return adminHttp().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpResponse<String> post(HttpClient http, String path, String cookie, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(adminUrl().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        IOException last = null;
        // The admin console may come up a moment after the client port: retry connection failures briefly.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                last = e;
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("Admin console at " + adminUrl() + " is not reachable", last);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    // ------------------------------------------------------------------------------------------- setup files

    static String openfireXml(int clientPort, int adminPort) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <jive>
                    <adminConsole>
                        <port>%d</port>
                        <securePort>-1</securePort>
                        <interface>127.0.0.1</interface>
                    </adminConsole>
                    <network>
                        <interface>127.0.0.1</interface>
                    </network>
                    <locale>en</locale>
                    <connectionProvider>
                        <className>org.jivesoftware.database.EmbeddedConnectionProvider</className>
                    </connectionProvider>
                    <xmpp>
                        <socket><plain><port>%d</port></plain></socket>
                        <server><socket><active>false</active><ssl><active>false</active></ssl></socket></server>
                        <component><socket><active>false</active></socket><ssl><active>false</active></ssl></component>
                        <proxy><enabled>false</enabled></proxy>
                    </xmpp>
                    <httpbind><enabled>false</enabled></httpbind>
                    <update><service-enabled>false</service-enabled></update>
                    <plugins><loading><monitor><interval>2</interval></monitor></loading></plugins>
                    <autosetup>
                        <run>true</run>
                        <locale>en</locale>
                        <xmpp>
                            <domain>%s</domain>
                            <fqdn>%s</fqdn>
                            <auth><anonymous>false</anonymous></auth>
                            <socket><ssl><active>false</active></ssl></socket>
                        </xmpp>
                        <database><mode>embedded</mode></database>
                        <admin><email>admin@%s</email><password>%s</password></admin>
                        <users>
                            <user1><username>user</username><password>password</password></user1>
                            <user2><username>user2</username><password>password</password></user2>
                            <user3><username>user3</username><password>password</password></user3>
                        </users>
                    </autosetup>
                </jive>
                """.formatted(adminPort, clientPort, DOMAIN, DOMAIN, DOMAIN, ADMIN_PASSWORD);
    }

    private static void checkPluginJar(Path pluginJar) throws IOException {
        if (pluginJar == null || !Files.isRegularFile(pluginJar)) {
            throw new IllegalStateException("Plugin jar not found: " + pluginJar
                    + " (build it with `mvn package`)");
        }
        try (ZipFile zip = new ZipFile(pluginJar.toFile())) {
            if (zip.getEntry("plugin.xml") == null) {
                throw new IllegalStateException("Plugin jar " + pluginJar + " has no plugin.xml at its root: "
                        + "Openfire would silently ignore it (is plugin.xml missing from the project root?)");
            }
        }
    }

    /**
     * Copies the distribution, leaving out state a previous in-place run may have left (database, logs, the plugin
     * under test, extracted or not), so every test starts from a pristine server.
     */
    private static void copyDistribution(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                String r = rel.toString().replace('\\', '/');
                if (r.equals("embedded-db") || r.equals("logs") || r.equals("plugins/" + PLUGIN_NAME)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (rel.toString().replace('\\', '/').equals("plugins/" + PLUGIN_NAME + ".jar")) {
                    return FileVisitResult.CONTINUE;
                }
                Files.copy(file, to.resolve(rel), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
        Files.createDirectories(to.resolve("plugins"));
        Files.createDirectories(to.resolve("logs"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String thisRunDiagnostics() {
        return "--- stdout+stderr (" + stdout + ") ---\n" + tail(read(stdout, stdoutMark), 40)
                + "\n--- openfire.log (" + logFile() + ", last 60 lines) ---\n" + tail(read(logFile(), logMark), 60);
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The file's text from byte {@code from} on, without ANSI colour codes; empty if it does not exist. */
    private static String read(Path file, long from) {
        if (!Files.exists(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            long skipped = 0;
            while (skipped < from) {
                long n = in.skip(from - skipped);
                if (n <= 0) {
                    break;
                }
                skipped += n;
            }
            return ANSI.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).replaceAll("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import org.mucregistration.testenv.TestEnvironment;

/**
 * A real Openfire server for end-to-end tests, run from a fresh copy of an Openfire 5.x distribution with the
 * plugin jar under test deployed into {@code plugins/}.
 *
 * <p>{@link #start(Setup)} copies the distribution into {@code workDir/openfire} (deleting any previous copy), writes an
 * {@code <autosetup>} {@code conf/openfire.xml} (the setup's database: embedded HSQLDB or a fresh standard database;
 * domain {@code localhost}, admin/admin, users {@code user}, {@code user2}, {@code user3} with password
 * {@code password}, everything on 127.0.0.1, client and admin-console ports picked free), starts
 * {@code lib/startup.jar} in its own JVM, waits until the client port listens and the plugin reports loaded, then sets
 * the MUC service's default room settings through the admin console (the conformance precondition: semi-anonymous,
 * unlogged rooms). A node that joins a cluster gets an {@code openfire.xml} already set up on the cluster's database
 * and the Hazelcast plugin. {@link #restart()} stops and starts the same home, keeping its database; {@link #kill()}
 * ends the process at once ({@code kill -9}). {@link #close()} stops the server (SIGTERM, then forcibly after a
 * timeout).
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
    /** Hazelcast's report of the cluster's members, e.g. {@code Members {size:2, ver:2} [}. */
    private static final Pattern CLUSTER_MEMBERS = Pattern.compile("Members \\{size:(\\d+)");
    /** What a node logs once it has joined (or formed) its Hazelcast cluster. */
    static final String CLUSTERING_STARTED = "Hazelcast clustering started";
    /** How Openfire quotes this plugin in its log lines: {@code 'mucregistration'} or {@code 'mucregistration-1.0.0'}. */
    private static final Pattern QUOTED_NAME = Pattern.compile("'" + PLUGIN_NAME + "(-[^']*)?'");

    private final Path home;
    private final Path stdout;
    private final int clientPort;
    private final int adminPort;
    private final Duration startTimeout;
    private final Setup setup;
    private Process process;
    private Thread shutdownHook;
    /** Where this run's output starts in the stdout file and in openfire.log (so a restart sees only new lines). */
    private long stdoutMark;
    private long logMark;

    private OpenfireServer(Path home, Path stdout, int clientPort, int adminPort, Duration startTimeout, Setup setup) {
        this.home = home;
        this.stdout = stdout;
        this.clientPort = clientPort;
        this.adminPort = adminPort;
        this.startTimeout = startTimeout;
        this.setup = setup;
    }

    /**
     * How to set up one Openfire: from which distribution, with which plugin jar (none: Openfire alone), on which
     * database, alone or as a node of a cluster.
     */
    public static final class Setup {
        final Path distribution;
        final Path workDir;
        Path pluginJar;
        OpenfireDatabase database = OpenfireDatabase.embedded();
        Duration startTimeout = DEFAULT_START_TIMEOUT;
        Clustering clustering;
        boolean joinsCluster;
        boolean precondition = true;
        int clientPort;
        final Map<String, String> properties = new LinkedHashMap<>();
        /** More accounts for autosetup to create, after {@code user}, {@code user2} and {@code user3}. */
        final Map<String, String> extraUsers = new LinkedHashMap<>();

        public Setup(Path distribution, Path workDir) {
            this.distribution = distribution;
            this.workDir = workDir;
        }

        /** Deploys this plugin jar as {@code plugins/mucregistration.jar}; null for Openfire without the plugin. */
        public Setup plugin(Path jar) {
            this.pluginJar = jar;
            return this;
        }

        public Setup database(OpenfireDatabase value) {
            this.database = value;
            return this;
        }

        /**
         * Leaves Openfire's default room settings as they are (no conformance precondition): for suites that test
         * Openfire as it ships.
         */
        public Setup openfireDefaults() {
            this.precondition = false;
            return this;
        }

        /** Listens for clients on this port instead of a free one (for clients that cannot be told another). */
        public Setup clientPort(int port) {
            this.clientPort = port;
            return this;
        }

        /** Sets a system property at setup (written into {@code openfire.xml}, which autosetup copies to the DB). */
        public Setup property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        /**
         * Has autosetup create these accounts too (username to password), besides {@code user}, {@code user2},
         * {@code user3}: for load generators that need many users. Usernames must be valid node parts.
         */
        public Setup users(Map<String, String> usernamesToPasswords) {
            this.extraUsers.putAll(usernamesToPasswords);
            return this;
        }

        public Setup startTimeout(Duration value) {
            this.startTimeout = value;
            return this;
        }

        /**
         * Runs this node in a Hazelcast cluster. The first node sets Openfire up on the database (autosetup); a node
         * that {@code joins} finds it set up and only applies its own ports.
         */
        public Setup clustering(Clustering value, boolean joins) {
            this.clustering = value;
            this.joinsCluster = joins;
            return this;
        }
    }

    /**
     * One node's place in a Hazelcast cluster on loopback: the clustering plugin to deploy, this node's member port,
     * and every member's port (each node lists them all, multicast and auto-detection off).
     */
    public record Clustering(Path hazelcastPlugin, int memberPort, List<Integer> memberPorts) {
        String localConfigXml() {
            final StringBuilder members = new StringBuilder();
            for (int port : memberPorts) {
                members.append("                <member>127.0.0.1:").append(port).append("</member>\n");
            }
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                    <network>
                        <port auto-increment="false">%d</port>
                        <join>
                            <auto-detection enabled="false"/>
                            <multicast enabled="false"/>
                            <tcp-ip enabled="true">
                %s            </tcp-ip>
                        </join>
                        <interfaces enabled="true">
                            <interface>127.0.0.1</interface>
                        </interfaces>
                    </network>
                </hazelcast>
                """.formatted(memberPort, members);
        }
    }

    /** The Openfire distribution to test against, if this machine has one (see {@link TestEnvironment}). */
    public static Optional<Path> distribution() {
        return TestEnvironment.openfireDistribution();
    }

    /**
     * Copies {@code distribution} to {@code workDir/openfire}, deploys {@code pluginJar} as
     * {@code plugins/mucregistration.jar}, starts Openfire on its embedded database, waits for the client port and the
     * plugin, and applies the MUC precondition through the admin console.
     */
    public static OpenfireServer start(Path distribution, Path pluginJar, Path workDir, Duration startTimeout)
            throws IOException {
        return start(new Setup(distribution, workDir).plugin(pluginJar).startTimeout(startTimeout));
    }

    /**
     * Sets up and starts one Openfire as {@code setup} says. Each start (and {@link #restart()}) may take the setup's
     * start timeout, or {@code -Dopenfire.startTimeoutSeconds} when that is set.
     */
    public static OpenfireServer start(Setup setup) throws IOException {
        if (setup.pluginJar != null) {
            checkPluginJar(setup.pluginJar);
        }
        Path work = setup.workDir.toAbsolutePath().normalize();
        Path home = work.resolve("openfire");
        deleteRecursively(home);
        Files.createDirectories(work);
        copyDistribution(setup.distribution, home);
        if (setup.pluginJar != null) {
            Files.copy(setup.pluginJar, home.resolve("plugins").resolve(PLUGIN_NAME + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (setup.clustering != null) {
            Files.copy(setup.clustering.hazelcastPlugin(), home.resolve("plugins/hazelcast.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(home.resolve("conf/hazelcast-local-config.xml"), setup.clustering.localConfigXml(),
                    StandardCharsets.UTF_8);
        }

        int clientPort = setup.clientPort > 0 ? setup.clientPort : freePort();
        if (setup.clientPort > 0 && listening(clientPort)) {
            throw new IllegalStateException("Client port " + clientPort + " is taken: something else listens on "
                    + "127.0.0.1:" + clientPort);
        }
        int adminPort = freePort();
        while (adminPort == clientPort) {
            adminPort = freePort();
        }
        Files.writeString(home.resolve("conf/openfire.xml"), openfireXml(clientPort, adminPort, setup),
                StandardCharsets.UTF_8);

        Path stdout = work.resolve("openfire-stdout.log");
        Files.deleteIfExists(stdout);
        Long configuredSeconds = Long.getLong("openfire.startTimeoutSeconds");
        OpenfireServer server = new OpenfireServer(home, stdout, clientPort, adminPort,
                configuredSeconds != null ? Duration.ofSeconds(configuredSeconds) : setup.startTimeout, setup);
        try {
            server.launch();
            if (setup.precondition && !setup.joinsCluster) {
                server.applyMucPrecondition();
            }
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

    /**
     * Restarts the server with its plugin taken out of {@code plugins/} (jar and unpacked folder moved aside) or put
     * back: Openfire's own start with and without the plugin, on the same home and database. Returns the start's
     * wall time (from launch until the client port listens and, with the plugin, it is loaded).
     */
    public Duration restartWithPlugin(boolean withPlugin) throws IOException {
        final Path plugins = home.resolve("plugins");
        final Path aside = home.resolve("plugins-aside");
        stop();
        Files.createDirectories(aside);
        if (withPlugin) {
            if (Files.exists(aside.resolve(PLUGIN_NAME + ".jar"))) {
                Files.move(aside.resolve(PLUGIN_NAME + ".jar"), plugins.resolve(PLUGIN_NAME + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            }
            setup.pluginJar = plugins.resolve(PLUGIN_NAME + ".jar");
        } else {
            if (Files.exists(plugins.resolve(PLUGIN_NAME + ".jar"))) {
                Files.move(plugins.resolve(PLUGIN_NAME + ".jar"), aside.resolve(PLUGIN_NAME + ".jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            }
            setup.pluginJar = null;
        }
        deleteRecursively(plugins.resolve(PLUGIN_NAME));
        final long started = System.nanoTime();
        launch();
        return Duration.ofNanos(System.nanoTime() - started);
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

    /** Where openfire.log ends now: give it to {@link #logErrorsSince} to see what a run logged. */
    public long logMark() {
        return size(logFile());
    }

    /**
     * The lines of openfire.log since the mark at ERROR level (Openfire 5.1.1 colours the level: {@code \e[1;31mERROR})
     * or naming an exception, each with the line after it (where a stack trace starts).
     */
    public List<String> logErrorsSince(long mark) {
        final String[] lines = read(logFile(), mark).split("\n");
        final List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("ERROR") || lines[i].contains("Exception")) {
                errors.add(lines[i] + (i + 1 < lines.length ? "\n    " + lines[i + 1] : ""));
            }
        }
        return errors;
    }

    /** The last {@code lines} lines of openfire.log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = read(logFile(), 0).lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The operating-system process id of the running Openfire JVM (e.g. to read its CPU time from /proc). */
    public long pid() {
        final Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("Openfire is not running from " + home);
        }
        return p.pid();
    }

    /** Ends Openfire at once, as {@code kill -9} does: no shutdown, nothing flushed, the cluster not told. */
    public void kill() {
        final Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /**
     * Waits until this node's Hazelcast reports a cluster of {@code size} members (its latest {@code Members {size:N}}
     * log line since this node last started).
     */
    public void awaitClusterSize(int size, Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        while (true) {
            final Matcher members = CLUSTER_MEMBERS.matcher(read(logFile(), logMark) + "\n" + read(stdout, stdoutMark));
            int latest = -1;
            while (members.find()) {
                latest = Integer.parseInt(members.group(1));
            }
            if (latest == size) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The cluster of " + home + " did not reach " + size + " members within "
                        + timeout.toSeconds() + " s (last seen: " + latest + ")\n" + thisRunDiagnostics());
            }
            sleep(200);
        }
    }

    /** Starts this home again after {@link #kill()} or a stop, on the same database and ports. */
    public void startAgain() throws IOException {
        launch();
    }

    /** The database this Openfire is installed on. */
    public OpenfireDatabase database() {
        return setup.database;
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
        writeClientPortIntoDatabase();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-server",
                "-DopenfireHome=" + home,
                "-Dopenfire.lib.dir=" + home.resolve("lib"),
                "-Dlog4j.configurationFile=" + home.resolve("lib/log4j2.xml")));
        if (setup.clustering != null) {
            // Hazelcast on loopback only, and no call home from a test machine.
            command.addAll(List.of("-Xmx1g", "-Dhazelcast.socket.bind.any=false", "-Dhazelcast.phone.home.enabled=false"));
        }
        command.addAll(List.of("-jar", home.resolve("lib/startup.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
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

    /**
     * Openfire reads its listener ports from its database, one value for every node of a cluster: before a node of a
     * standard database starts, its own client port is written there (the notes on clustering say so; the nodes are
     * started one after the other). A first start with autosetup takes the port from {@code openfire.xml}.
     */
    private void writeClientPortIntoDatabase() throws IOException {
        if (setup.database.kind() == OpenfireDatabase.Kind.EMBEDDED) {
            return;
        }
        try (Connection con = setup.database.connect()) {
            if (!hasTable(con, "ofproperty")) {
                return; // not set up yet: autosetup writes it
            }
            try (PreparedStatement update = con.prepareStatement(
                    "UPDATE ofProperty SET propValue = ? WHERE name = 'xmpp.socket.plain.port'")) {
                update.setString(1, Integer.toString(clientPort));
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = con.prepareStatement(
                            "INSERT INTO ofProperty (name, propValue, encrypted) VALUES ('xmpp.socket.plain.port', ?, 0)")) {
                        insert.setString(1, Integer.toString(clientPort));
                        insert.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not write client port " + clientPort + " into " + setup.database + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection con, String lowerCaseName) throws SQLException {
        try (ResultSet tables = con.getMetaData().getTables(con.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (lowerCaseName.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void awaitReady(Instant started) {
        Instant deadline = started.plus(startTimeout);
        boolean portOpen = false;
        boolean loaded = setup.pluginJar == null;
        boolean clustered = setup.clustering == null;
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
            if (!clustered) {
                clustered = out.contains(CLUSTERING_STARTED);
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
            if (portOpen && loaded && clustered) {
                System.out.printf("Openfire up in %d ms (client port %d, admin console %s, %s%s%s, home %s)%n",
                        Duration.between(started, Instant.now()).toMillis(), clientPort, adminUrl(), setup.database,
                        setup.pluginJar == null ? ", WITHOUT the plugin" : "",
                        setup.clustering == null ? "" : ", clustered (Hazelcast member port "
                                + setup.clustering.memberPort() + ")", home);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Openfire did not become ready within " + startTimeout.toSeconds()
                        + " s: client port " + clientPort + (portOpen ? " listening" : " NOT listening")
                        + "; plugin '" + PLUGIN_NAME + "' " + (loaded ? "loaded" : "NOT loaded (no \"" + LOADED.pattern()
                        + "\" in stdout or openfire.log)") + (clustered ? "" : "; clustering NOT started (no \""
                        + CLUSTERING_STARTED + "\")") + ".\n" + thisRunDiagnostics());
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

    /**
     * A POST of a form to an admin console page as the logged-in admin, with the fixture's CSRF token added
     * (redirects are not followed).
     */
    public HttpResponse<String> adminPost(String path, Map<String, String> fields) throws IOException {
        final Map<String, String> withCsrf = new LinkedHashMap<>(fields);
        withCsrf.put("csrf", ADMIN_CSRF);
        return post(adminHttp(), path, adminCookies(), form(withCsrf));
    }

    /** A POST of an encoded form (repeated fields allowed) to an admin console page as the logged-in admin. */
    public HttpResponse<String> adminPostForm(String path, String encodedForm) throws IOException {
        return post(adminHttp(), path, adminCookies(), encodedForm);
    }

    /**
     * Uploads a plugin jar on the admin console's Plugins page, as an admin does (multipart form, CSRF token), and
     * waits until Openfire has loaded it.
     */
    public void uploadPlugin(Path jar, Duration timeout) throws IOException {
        final String boundary = "----mucregistration" + System.nanoTime();
        final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\""
                + PLUGIN_NAME + ".jar\"\r\nContent-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final long mark = size(logFile());
        final HttpRequest request = HttpRequest.newBuilder(adminUrl().resolve("/plugin-admin.jsp?uploadplugin&csrf="
                        + ADMIN_CSRF))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", adminCookies())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        final HttpResponse<String> response;
        try {
            response = adminHttp().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        final String location = response.headers().firstValue("location").orElse("");
        if (response.statusCode() != 302 || !location.contains("uploadsuccess=true")) {
            throw new IllegalStateException("The Plugins page did not take " + jar + ": " + response.statusCode()
                    + " " + location + "\n" + tail(response.body(), 20));
        }
        awaitLogSince(mark, LOADED, timeout);
    }

    /** Deletes the plugin on the admin console's Plugins page, as an admin does, and waits until it is unloaded. */
    public void deletePluginOnConsole(Duration timeout) throws IOException {
        final long mark = size(logFile());
        final HttpResponse<String> delete = adminPost("/plugin-admin.jsp", Map.of("deleteplugin", PLUGIN_NAME));
        final String location = delete.headers().firstValue("location").orElse("");
        if (delete.statusCode() != 302 || !location.contains("deletesuccess=true")) {
            throw new IllegalStateException("The Plugins page did not delete " + PLUGIN_NAME + ": "
                    + delete.statusCode() + " " + location);
        }
        awaitLogSince(mark, Pattern.compile("Successfully unloaded plugin '" + PLUGIN_NAME), timeout);
    }

    /**
     * Waits until openfire.log has, since {@code mark} ({@link #logMark}), a line in which {@code pattern} is found,
     * and returns that line (looked for every 50 ms).
     */
    public String awaitLogSince(long mark, Pattern pattern, Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (String line : read(logFile(), mark).split("\n")) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("No \"" + pattern + "\" in " + logFile() + " within "
                        + timeout.toSeconds() + " s\n" + tail(read(logFile(), mark), 40));
            }
            sleep(50);
        }
    }

    /** openfire.log since {@code mark} ({@link #logMark}), colour codes removed. */
    public String logSince(long mark) {
        return read(logFile(), mark);
    }

    /** Waits until Openfire's log (since this node last started) has a line containing {@code text}. */
    public void awaitLog(String text, Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        while (!(read(logFile(), logMark) + "\n" + read(stdout, stdoutMark)).contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("No \"" + text + "\" in the log of " + home + " within "
                        + timeout.toSeconds() + " s\n" + thisRunDiagnostics());
            }
            sleep(200);
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

    static String openfireXml(int clientPort, int adminPort, Setup setup) {
        final String listeners = """
                    <adminConsole>
                        <port>%d</port>
                        <securePort>-1</securePort>
                        <interface>127.0.0.1</interface>
                    </adminConsole>
                    <network>
                        <interface>127.0.0.1</interface>
                    </network>
                    <locale>en</locale>
                """.formatted(adminPort);
        final String clustering = setup.clustering == null ? ""
                : "    <clustering><enabled>true</enabled></clustering>\n";
        if (setup.joinsCluster) {
            // Set up already, on the cluster's database: this node only brings its own ports and interface.
            return """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <jive>
                    %s    %s
                    %s    <fqdn>%s</fqdn>
                        <setup>true</setup>
                    </jive>
                    """.formatted(listeners, setup.database.setUpXml(), clustering, DOMAIN);
        }
        final StringBuilder properties = new StringBuilder();
        for (Map.Entry<String, String> property : setup.properties.entrySet()) {
            final String[] path = property.getKey().split("\\.");
            for (String part : path) {
                properties.append('<').append(part).append('>');
            }
            properties.append(property.getValue());
            for (int i = path.length - 1; i >= 0; i--) {
                properties.append("</").append(path[i]).append('>');
            }
        }
        final StringBuilder extraUsers = new StringBuilder();
        int userNumber = 4; // autosetup reads user1, user2, ... and stops at the first gap
        for (Map.Entry<String, String> user : setup.extraUsers.entrySet()) {
            extraUsers.append("\n            <user").append(userNumber).append("><username>").append(user.getKey())
                    .append("</username><password>").append(user.getValue()).append("</password></user")
                    .append(userNumber).append('>');
            userNumber++;
        }
        final String connectionProvider = setup.database.kind() == OpenfireDatabase.Kind.EMBEDDED
                ? "<connectionProvider><className>org.jivesoftware.database.EmbeddedConnectionProvider</className>"
                        + "</connectionProvider>"
                : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <jive>
                %s    %s
                %s    %s
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
                        %s
                        <admin><email>admin@%s</email><password>%s</password></admin>
                        <users>
                            <user1><username>user</username><password>password</password></user1>
                            <user2><username>user2</username><password>password</password></user2>
                            <user3><username>user3</username><password>password</password></user3>%s
                        </users>
                    </autosetup>
                </jive>
                """.formatted(listeners, connectionProvider, clustering, properties, clientPort, DOMAIN, DOMAIN,
                setup.database.autosetupXml(), DOMAIN, ADMIN_PASSWORD, extraUsers);
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

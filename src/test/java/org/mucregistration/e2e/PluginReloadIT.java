package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.mucregistration.bench.BenchClient;
import org.mucregistration.bench.Stanza;
import org.mucregistration.bench.SteadyLoad;
import org.mucregistration.bench.Tally;
import org.mucregistration.testenv.TestEnvironment;

/**
 * The plugin deleted on the console's Plugins page, uploaded again through its upload form and upgraded (its jar in
 * {@code plugins/} replaced by a copy whose plugin.xml has a higher version) on a running Openfire (embedded database)
 * while a load keeps going ({@link SteadyLoad}: occupants chatting in two rooms, joiners entering, speaking and
 * leaving, registrars registering and asking for their registrations): every request answered exactly once within
 * 10 s, every groupchat copy delivered once, no error answer, each registrar's last registration in each room still
 * reported at the end, no ERROR or exception in Openfire's log. Before and after each change, requests whose answers
 * tell the plugin from Openfire ({@link Probe}) show who answers: after the delete Openfire's own behaviour (no
 * interceptor, no {@code muc#admin} handler left behind), after the upload and after the upgrade the plugin's, with
 * the reservations made before the delete. Counts are printed per phase.
 */
class PluginReloadIT {
    private static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STEADY = Duration.ofSeconds(6);
    private static final String PASSWORD = "loadpass";
    private static final String MUC = OpenfireServer.MUC_SERVICE + "." + OpenfireServer.DOMAIN;
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3})");
    private static final DateTimeFormatter LOG_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss.SSS");

    private static final String WITH = "with plugin";
    private static final String DELETING = "deleting";
    private static final String WITHOUT = "without plugin";
    private static final String UPLOADING = "uploading";
    private static final String RELOADED = "uploaded again";
    private static final String UPGRADING = "upgrading";
    private static final String UPGRADED = "upgraded";

    @Test
    void noStanzaIsLostWhileThePluginIsDeletedUploadedAndUpgraded() throws Exception {
        final Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            TestEnvironment.skipOrFail(TestEnvironment.announce("PluginReloadIT", OpenfireExtension.SKIP_MESSAGE));
            return;
        }
        final long started = System.nanoTime();
        final SteadyLoad.Shape shape = SteadyLoad.Shape.small();
        final Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < shape.users(); i++) {
            users.put(String.format("load%02d", i), PASSWORD);
        }
        final Path workDir = BuildOutput.workDir(PluginReloadIT.class);
        final Path jar = BuildOutput.pluginJar();
        final String version = pluginVersion(jar);
        final String newer = newerVersion(version);
        final Path upgrade = withVersion(jar, newer, workDir.resolve("mucregistration-" + newer + ".jar"));

        try (OpenfireServer openfire = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(), workDir)
            .plugin(jar)
            .property("plugin.mucregistration.unaffiliatedMayRegister", "true")
            .users(users))) {
            final long runMark = openfire.logMark();
            final Map<String, String> timings = new LinkedHashMap<>();
            final List<String> whoAnswered = new ArrayList<>();
            final Tally tally;
            final List<String> registrations;
            try (Probe probe = Probe.setUp(openfire.clientPort());
                 SteadyLoad load = SteadyLoad.start(shape, "127.0.0.1", openfire.clientPort(), OpenfireServer.DOMAIN,
                     MUC, List.copyOf(users.keySet()), PASSWORD, WITH)) {
                Thread.sleep(STEADY.toMillis());
                whoAnswered.add(probe.expect(Probe.PLUGIN, "before the delete"));

                load.phase(DELETING);
                long mark = openfire.logMark();
                long t0 = System.nanoTime();
                openfire.deletePluginOnConsole(PLUGIN_TIMEOUT);
                timings.put("delete on the console (POST until unloaded)", millisSince(t0));
                timings.put("plugin gone, per Openfire's log (destroyPlugin returned → unloaded)",
                    logGap(openfire, mark, "Removing all System Properties for the plugin", "Successfully unloaded plugin"));
                load.phase(WITHOUT);
                whoAnswered.add(probe.expect(Probe.OPENFIRE, "after the delete"));
                Thread.sleep(STEADY.toMillis());

                load.phase(UPLOADING);
                mark = openfire.logMark();
                t0 = System.nanoTime();
                openfire.uploadPlugin(jar, PLUGIN_TIMEOUT);
                timings.put("upload on the console (POST until loaded)", millisSince(t0));
                load.phase(RELOADED);
                whoAnswered.add(probe.expect(Probe.PLUGIN, "after the upload"));
                Thread.sleep(STEADY.toMillis());
                timings.put("take-over pass after the upload", takeOverLine(openfire, mark));

                load.phase(UPGRADING);
                mark = openfire.logMark();
                t0 = System.nanoTime();
                replaceJar(upgrade, openfire.home().resolve("plugins").resolve(OpenfireServer.PLUGIN_NAME + ".jar"));
                openfire.awaitLogSince(mark, Pattern.compile("Successfully unloaded plugin '"
                    + OpenfireServer.PLUGIN_NAME + "'"), PLUGIN_TIMEOUT);
                timings.put("jar replaced → old version unloaded (Openfire's plugin monitor, every 2 s here)",
                    millisSince(t0));
                openfire.awaitLogSince(mark, Pattern.compile("Successfully loaded plugin '"
                    + OpenfireServer.PLUGIN_NAME + "-" + Pattern.quote(newer) + "'"), PLUGIN_TIMEOUT);
                timings.put("jar replaced → " + newer + " loaded", millisSince(t0));
                timings.put("no plugin during the upgrade, per Openfire's log (old destroyPlugin returned → new "
                    + "initializePlugin returned)", logGap(openfire, mark, "Removing all System Properties for the plugin",
                    "MUC registration active on"));
                load.phase(UPGRADED);
                whoAnswered.add(probe.expect(Probe.PLUGIN, "after the upgrade to " + newer));
                Thread.sleep(STEADY.toMillis());

                tally = load.stop(Duration.ofSeconds(15));
                registrations = load.registrationsKept(Set.of(WITH, RELOADED, UPGRADED));
                probe.assertEveryRequestAnsweredOnce();
            }
            final List<String> errors = openfire.logErrorsSince(runMark);

            System.out.println("PluginReloadIT: " + version + " → deleted → uploaded → upgraded to " + newer + " in "
                + millisSince(started) + " (Openfire start included)");
            timings.forEach((what, value) -> System.out.println("  " + what + ": " + value));
            whoAnswered.forEach(line -> System.out.println("  " + line));
            System.out.println(tally.table());
            tally.problems().stream().limit(40).forEach(p -> System.out.println("  PROBLEM " + p));

            assertEquals(0, tally.requestsLost() + tally.requestsLate() + tally.requestDuplicates(),
                "every request answered exactly once within the timeout:\n" + tally.table());
            assertEquals(0, tally.copiesLost() + tally.copiesDuplicatedOrStray() + tally.messagesRefused(),
                "every groupchat message reaching every occupant of its room once:\n" + tally.table());
            assertEquals(Map.of(), tally.errors(SteadyLoad.Kind.values()), "error answers:\n" + tally.table());
            assertEquals(List.of(), registrations, "last registrations not reported as made");
            assertEquals(List.of(), errors, "ERROR or exception lines in Openfire's log during the run");
        }
    }

    // ----------------------------------------------------------------------------------------------- who answers

    /**
     * Requests whose answers tell the plugin from Openfire alone, on a persistent room {@code probe} made while the
     * plugin runs, where the owner ({@code user}) registered "Prospero" (an owner's reservation: the plugin's table
     * only), made {@code user2} admin with nickname "Ariel" ({@code muc#admin}: the plugin's table only) and
     * {@code user3} member with "Miranda" (Openfire's member nickname, lower-cased there):
     * <ul>
     * <li>the admin asks for its reserved nickname ({@code x-roomuser-item}, the plugin's interceptor): "Ariel", or
     * none from Openfire;</li>
     * <li>the owner asks for its registration ({@code jabber:iq:register} get, the interceptor): "Prospero", or
     * Openfire's registration form;</li>
     * <li>the owner asks for the admin list ({@code muc#admin}, the plugin's handler on the service): the item with
     * {@code nick='Ariel'}, or without a nickname from Openfire;</li>
     * <li>the member asks for its reserved nickname: "Miranda" as registered, or Openfire's "miranda";</li>
     * <li>the member enters the room as "Ariel", then as "Prospero" (the admin's and the owner's reservations, which
     * only the plugin enforces): refused with {@code conflict}, or let in by Openfire (and leaves again).</li>
     * </ul>
     */
    static final class Probe implements AutoCloseable {
        static final String PLUGIN = "the plugin";
        static final String OPENFIRE = "Openfire alone";
        private static final String ROOM = "probe@" + MUC;
        private static final Duration TIMEOUT = Duration.ofSeconds(10);

        private final Channel owner;
        private final Channel admin;
        private final Channel member;

        private Probe(Channel owner, Channel admin, Channel member) {
            this.owner = owner;
            this.admin = admin;
            this.member = member;
        }

        static Probe setUp(int port) throws Exception {
            final Probe probe = new Probe(Channel.login(port, "user"), Channel.login(port, "user2"),
                Channel.login(port, "user3"));
            try {
                probe.makeRoom();
            } catch (Exception | Error e) {
                probe.close();
                throw e;
            }
            return probe;
        }

        private void makeRoom() throws Exception {
            final String self = ROOM + "/Prospero";
            owner.send("<presence to='" + self + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            final String entered = owner.await(x -> x.startsWith("<presence") && self.equals(Stanza.attribute(x,
                "from")), TIMEOUT);
            assertTrue(Stanza.hasStatus(entered, 201), "the probe room was not created: " + entered);
            ok(owner.iq("<iq type='set' id='ID' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                + "<field var='muc#roomconfig_persistentroom'><value>1</value></field>"
                + "<field var='x-muc#roomconfig_registration'><value>1</value></field>"
                + "</x></query></iq>"), "configuring the probe room");
            ok(owner.iq("<iq type='set' id='ID' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item affiliation='admin' jid='user2@" + OpenfireServer.DOMAIN + "' nick='Ariel'/>"
                + "<item affiliation='member' jid='user3@" + OpenfireServer.DOMAIN + "' nick='Miranda'/>"
                + "</query></iq>"), "reserving Ariel and Miranda");
            ok(owner.iq("<iq type='set' id='ID' to='" + ROOM + "'><query xmlns='jabber:iq:register'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
                + "<field var='muc#register_roomnick'><value>Prospero</value></field>"
                + "</x></query></iq>"), "registering Prospero");
            owner.send("<presence to='" + self + "' type='unavailable'/>");
            owner.await(x -> x.startsWith("<presence") && self.equals(Stanza.attribute(x, "from"))
                && "unavailable".equals(Stanza.attribute(x, "type")), TIMEOUT);
        }

        private static void ok(String answer, String what) {
            assertEquals("result", Stanza.attribute(answer, "type"), what + ": " + answer);
        }

        /** Asks the questions; each must be answered as {@code by} answers it. Returns a line for the report. */
        String expect(String by, String when) throws Exception {
            final Map<String, String> answers = new LinkedHashMap<>();
            answers.put("admin's x-roomuser-item", admin.iq(roomUserItem()));
            answers.put("owner's registration", owner.iq("<iq type='get' id='ID' to='" + ROOM + "'>"
                + "<query xmlns='jabber:iq:register'/></iq>"));
            answers.put("admin list", owner.iq("<iq type='get' id='ID' to='" + ROOM + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='admin'/></query></iq>"));
            answers.put("member's x-roomuser-item", member.iq(roomUserItem()));
            answers.put("member entering as Ariel", member.enter(ROOM, "Ariel"));
            answers.put("member entering as Prospero", member.enter(ROOM, "Prospero"));
            final List<String> wrong = new ArrayList<>();
            final List<String> whose = new ArrayList<>();
            for (Map.Entry<String, String> a : answers.entrySet()) {
                final String said = whose(a.getKey(), a.getValue());
                whose.add(a.getKey() + ": " + said);
                if (!by.equals(said)) {
                    wrong.add(a.getKey() + " answered by " + said + ", not " + by + ": " + a.getValue());
                }
            }
            assertEquals(List.of(), wrong, when);
            return when + ": " + by + " answered (" + String.join("; ", whose) + ")";
        }

        private static String roomUserItem() {
            return "<iq type='get' id='ID' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/disco#info' "
                + "node='x-roomuser-item'/></iq>";
        }

        /** Whose answer this is: {@link #PLUGIN}, {@link #OPENFIRE}, or neither (the stanza, for the report). */
        private static String whose(String question, String answer) {
            if (answer.startsWith("<iq") && !"result".equals(Stanza.attribute(answer, "type"))) {
                return "neither (an error)";
            }
            return switch (question) {
                case "admin's x-roomuser-item" -> has(answer, "name", "Ariel") ? PLUGIN
                    : !answer.contains("name=") ? OPENFIRE : "neither";
                case "owner's registration" -> answer.contains("<registered") && answer.contains(">Prospero<") ? PLUGIN
                    : !answer.contains("<registered") && answer.contains("muc#register_roomnick") ? OPENFIRE
                    : "neither";
                case "admin list" -> has(answer, "nick", "Ariel") ? PLUGIN
                    : answer.contains("user2@") && !answer.contains("nick=") ? OPENFIRE : "neither";
                case "member's x-roomuser-item" -> has(answer, "name", "Miranda") ? PLUGIN
                    : has(answer, "name", "miranda") ? OPENFIRE : "neither";
                case "member entering as Ariel", "member entering as Prospero" ->
                    "conflict".equals(Stanza.errorCondition(answer)) ? PLUGIN
                        : !"error".equals(Stanza.attribute(answer, "type")) && Stanza.hasStatus(answer, 110) ? OPENFIRE
                        : "neither";
                default -> throw new IllegalArgumentException(question);
            };
        }

        private static boolean has(String xml, String attribute, String value) {
            return xml.contains(attribute + "='" + value + "'") || xml.contains(attribute + "=\"" + value + "\"");
        }

        /** No second answer to any probe came (waiting a moment for one). */
        void assertEveryRequestAnsweredOnce() throws InterruptedException {
            Thread.sleep(500);
            for (Channel c : List.of(owner, admin, member)) {
                assertEquals(List.of(), c.unansweredIqResults(), c.client.jid() + " got answers nobody asked for");
            }
        }

        @Override
        public void close() {
            for (Channel c : new Channel[] {owner, admin, member}) {
                if (c != null) {
                    c.client.close();
                }
            }
        }
    }

    /** A lean client whose stanzas are kept as the server wrote them, for {@link #await}. */
    private static final class Channel implements BenchClient.Handler {
        private final List<String> received = Collections.synchronizedList(new ArrayList<>());
        private BenchClient client;
        private int ids;

        static Channel login(int port, String username) throws IOException {
            final Channel channel = new Channel();
            channel.client = BenchClient.login(-1, "127.0.0.1", port, OpenfireServer.DOMAIN, username, "password",
                "probe", Duration.ofSeconds(30));
            channel.client.handler(channel);
            return channel;
        }

        @Override
        public void stanza(BenchClient from, String xml, long receivedNanos) {
            synchronized (received) {
                received.add(xml);
                received.notifyAll();
            }
        }

        void send(String xml) throws IOException {
            client.send(xml);
        }

        /** Sends an IQ written with {@code id='ID'} under a fresh id and returns its answer. */
        String iq(String xml) throws IOException, InterruptedException {
            final String id = "probe" + (++ids);
            client.send(xml.replaceFirst("id='ID'", "id='" + id + "'"));
            return await(x -> x.startsWith("<iq") && id.equals(Stanza.attribute(x, "id")), Probe.TIMEOUT);
        }

        /**
         * Enters the room under {@code nick} and returns the answer: the error presence, or the self-presence (status
         * 110), after which it leaves again (waiting for its unavailable self-presence).
         */
        String enter(String room, String nick) throws IOException, InterruptedException {
            final String self = room + "/" + nick;
            client.send("<presence to='" + self + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            final String answer = await(x -> x.startsWith("<presence") && self.equals(Stanza.attribute(x, "from"))
                && ("error".equals(Stanza.attribute(x, "type")) || Stanza.hasStatus(x, 110)), Probe.TIMEOUT);
            if (!"error".equals(Stanza.attribute(answer, "type"))) {
                client.send("<presence to='" + self + "' type='unavailable'/>");
                await(x -> x.startsWith("<presence") && self.equals(Stanza.attribute(x, "from"))
                    && "unavailable".equals(Stanza.attribute(x, "type")) && Stanza.hasStatus(x, 110), Probe.TIMEOUT);
            }
            return answer;
        }

        /** The first stanza received and not yet taken that passes {@code test}, taken. */
        String await(Predicate<String> test, Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (received) {
                while (true) {
                    for (int i = 0; i < received.size(); i++) {
                        if (test.test(received.get(i))) {
                            return received.remove(i);
                        }
                    }
                    final long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(client.jid() + " got no answer within " + timeout.toSeconds()
                            + " s; received: " + received + (client.closedBecause() == null ? ""
                            : " (connection " + client.closedBecause() + ")"));
                    }
                    received.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        /** IQ results and errors received and never taken: second answers. */
        List<String> unansweredIqResults() {
            synchronized (received) {
                return received.stream().filter(x -> x.startsWith("<iq") && !"get".equals(Stanza.attribute(x, "type"))
                    && !"set".equals(Stanza.attribute(x, "type"))).toList();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- the jar

    static String pluginVersion(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            final String xml = new String(zip.getInputStream(zip.getEntry("plugin.xml")).readAllBytes(),
                StandardCharsets.UTF_8);
            final Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(xml);
            if (!m.find()) {
                throw new IllegalStateException("no <version> in the plugin.xml of " + jar);
            }
            return m.group(1).trim();
        }
    }

    /** 1.1.0 → 1.1.1 (the last number raised), or the version with {@code .1} added. */
    static String newerVersion(String version) {
        final Matcher m = Pattern.compile("^(.*?)(\\d+)$").matcher(version);
        return m.matches() ? m.group(1) + (Long.parseLong(m.group(2)) + 1) : version + ".1";
    }

    /** A copy of the jar whose plugin.xml says {@code version}: the "newer version" of the upgrade. */
    static Path withVersion(Path jar, String version, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().equals("plugin.xml")) {
                        out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replaceFirst("<version>[^<]+</version>", "<version>" + version + "</version>")
                            .getBytes(StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return target;
    }

    /**
     * Puts the new jar in place of the old one in one step (a rename in the same directory, under a name Openfire's
     * plugin monitor ignores meanwhile), newer than the extracted directory, as an admin's {@code mv} would.
     */
    private static void replaceJar(Path newJar, Path installed) throws IOException {
        final Path part = installed.resolveSibling(installed.getFileName() + ".part");
        Files.copy(newJar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(part, FileTime.fromMillis(System.currentTimeMillis()));
        Files.move(part, installed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---------------------------------------------------------------------------------------------- timings

    /** What the take-over logged since the mark, or that it logged nothing (a pass already recorded as done). */
    private static String takeOverLine(OpenfireServer openfire, long mark) {
        for (String line : openfire.logSince(mark).split("\n")) {
            final int at = line.indexOf("Took over");
            if (at >= 0) {
                return line.substring(at);
            }
        }
        return "none logged (plugin.mucregistration.takeOverDone still set from the first start)";
    }

    private static String millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000 + " ms";
    }

    /** The time between the first log lines (since the mark) containing {@code from} and then {@code to}. */
    private static String logGap(OpenfireServer openfire, long mark, String from, String to) {
        LocalDateTime start = null;
        for (String line : openfire.logSince(mark).split("\n")) {
            final Matcher time = LOG_TIME.matcher(line);
            if (!time.find()) {
                continue;
            }
            if (start == null && line.contains(from)) {
                start = LocalDateTime.parse(time.group(1), LOG_TIME_FORMAT);
            } else if (start != null && line.contains(to)) {
                return Duration.between(start, LocalDateTime.parse(time.group(1), LOG_TIME_FORMAT)).toMillis() + " ms";
            }
        }
        return "not in the log";
    }
}

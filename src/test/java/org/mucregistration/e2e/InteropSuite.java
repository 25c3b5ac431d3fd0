package org.mucregistration.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;

/**
 * XMPP Interop Testing (the server conformance suite Openfire's own CI runs) driven as its README says: {@code java
 * -jar} with {@code -Dsinttest.*} properties against a running server on 127.0.0.1:5222 (the suite has no port option),
 * reading each test's outcome from the JUnit XML it writes.
 */
final class InteropSuite {

    /** The suite's MUC test classes (every MultiUserChat*Test, the occupant-id, self-ping, channel search and status ones). */
    static final List<String> MUC_CLASSES = List.of(
        "MultiUserChatAdminBanIntegrationTest", "MultiUserChatAdminBanListIntegrationTest",
        "MultiUserChatAdminGrantMemberIntegrationTest", "MultiUserChatAdminGrantModeratorIntegrationTest",
        "MultiUserChatAdminMemberListIntegrationTest", "MultiUserChatAdminModeratorListIntegrationTest",
        "MultiUserChatAdminRevokeMemberIntegrationTest", "MultiUserChatAdminRevokeModeratorIntegrationTest",
        "MultiUserChatEntityIntegrationTest", "MultiUserChatIntegrationTest", "MultiUserChatInvitationIntegrationTest",
        "MultiUserChatLowLevelIntegrationTest", "MultiUserChatModeratorKickIntegrationTest",
        "MultiUserChatModeratorSubjectModIntegrationTest", "MultiUserChatOccupantIntegrationTest",
        "MultiUserChatOccupantPMIntegrationTest", "MultiUserChatOwnerAdminListIntegrationTest",
        "MultiUserChatOwnerConfigRoomIntegrationTest", "MultiUserChatOwnerCreateRoomIntegrationTest",
        "MultiUserChatOwnerDestroyRoomIntegrationTest", "MultiUserChatOwnerGrantAdminIntegrationTest",
        "MultiUserChatOwnerGrantOwnerIntegrationTest", "MultiUserChatOwnerIntegrationTest",
        "MultiUserChatOwnerOwnerListIntegrationTest", "MultiUserChatOwnerRevokeAdminIntegrationTest",
        "MultiUserChatOwnerRevokeOwnerIntegrationTest", "MultiUserChatRolesAffiliationsPrivilegesIntegrationTest",
        "MultiUserChatSecurityConsiderationsIntegrationTest", "MUCAvatarIntegrationTest",
        "ParticipantStatusIntegrationTest", "UserStatusIntegrationTest", "OccupantIdIntegrationTest",
        "MucSelfPingIntegrationTest", "ExtendedChannelSearchAllIntegrationTest", "ExtendedChannelSearchIntegrationTest",
        "ExtendedChannelSearchSortIntegrationTest");

    /** The port the suite connects to: it has no option for another. */
    static final int CLIENT_PORT = 5222;

    enum Outcome { PASSED, FAILED, IMPOSSIBLE }

    /** One test's outcome, with the suite's message when it did not pass. */
    record Result(Outcome outcome, String message) {
    }

    private final Path jar;

    InteropSuite(Path jar) {
        this.jar = jar;
    }

    /**
     * Runs the given tests ({@code Class} or {@code Class.method} names) against the server on 127.0.0.1:5222 as its
     * admin, writing the suite's output and results under {@code workDir}; returns each test's outcome by
     * {@code Class.method}.
     */
    Map<String, Result> run(Collection<String> tests, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        final Path results = workDir.resolve("results");
        final Path output = workDir.resolve("suite-output.log");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java,
            "-Dsinttest.service=" + OpenfireServer.DOMAIN, "-Dsinttest.host=127.0.0.1",
            "-Dsinttest.securityMode=disabled",
            "-Dsinttest.adminAccountUsername=" + OpenfireServer.ADMIN_USER,
            "-Dsinttest.adminAccountPassword=" + OpenfireServer.ADMIN_PASSWORD,
            "-Dsinttest.enabledConnections=tcp", "-Dsinttest.dnsResolver=javax", "-Dsinttest.replyTimeout=5000",
            "-Dsinttest.enabledTests=" + String.join(",", tests),
            "-Dsinttest.testRunResultProcessors=org.igniterealtime.smack.inttest.util.StdOutTestRunResultProcessor,"
                + "org.igniterealtime.smack.inttest.util.JUnitXmlTestRunResultProcessor",
            "-DlogDir=" + results, "-jar", jar.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("XMPP Interop Testing did not finish within 10 minutes; see " + output);
        }
        final Path xml = results.resolve("test-results.xml");
        if (!Files.isRegularFile(xml)) {
            throw new IllegalStateException("XMPP Interop Testing exited with " + process.exitValue()
                + " and wrote no " + xml + "; see " + output);
        }
        return parse(xml);
    }

    /** Each test case of the suite's JUnit XML, by {@code Class.method} (the suite's "(Normal)" suffix dropped). */
    static Map<String, Result> parse(Path xml) throws IOException {
        final Document document;
        try {
            final SAXReader reader = new SAXReader();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = reader.read(xml.toFile());
        } catch (DocumentException | org.xml.sax.SAXException e) {
            throw new IOException("Cannot read " + xml + ": " + e.getMessage(), e);
        }
        final Map<String, Result> results = new LinkedHashMap<>();
        for (Element testCase : testCases(document.getRootElement(), new ArrayList<>())) {
            final String name = testCase.attributeValue("name").replaceFirst(" \\(.*\\)$", "");
            Result result = new Result(Outcome.PASSED, "");
            for (Element child : testCase.elements()) {
                final String message = oneLine(child.attributeValue("message", child.getText()));
                switch (child.getName()) {
                    case "failure", "error" -> result = new Result(Outcome.FAILED, message);
                    case "skipped" -> result = new Result(Outcome.IMPOSSIBLE, message);
                    default -> {
                    }
                }
            }
            results.put(name, result);
        }
        return results;
    }

    private static List<Element> testCases(Element element, List<Element> found) {
        for (Element child : element.elements()) {
            if ("testcase".equals(child.getName())) {
                found.add(child);
            } else {
                testCases(child, found);
            }
        }
        return found;
    }

    static String oneLine(String text) {
        final String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** Counts of each outcome, e.g. {@code 345 passed, 0 failed, 1 impossible}. */
    static String totals(Map<String, Result> results) {
        final List<String> parts = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            parts.add(results.values().stream().filter(r -> r.outcome() == outcome).count() + " "
                + outcome.name().toLowerCase());
        }
        return results.size() + " tests: " + String.join(", ", parts);
    }
}

package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mucregistration.e2e.InteropSuite.Outcome;
import org.mucregistration.e2e.InteropSuite.Result;
import org.mucregistration.testenv.TestEnvironment;

/**
 * The field's conformance suite, XMPP Interop Testing, on its MUC classes: run against Openfire alone, then against
 * Openfire with the plugin (unaffiliated users may register, which the registered-nickname tests need), both from the
 * same distribution with Openfire's default room settings, in the same run. Every test that passes on Openfire alone
 * must pass with the plugin; the registered-nickname tests must run and pass with it.
 *
 * <p>A test that passed alone but not with the plugin is run again (on the same server) before it counts: some of the
 * suite's tests are flaky on Openfire alone (README, "XMPP Interop Testing"). The commonest, a rejoin right after a
 * leave, fails in about one run in five with or without the plugin, in the suite's own client: Smack's
 * {@code MultiUserChat.join} holds the chat's monitor while it waits for its self-presence, and Smack's listener for
 * the leave's self-presence waits for that monitor, holding up the stanzas behind it until the join times out (thread
 * dump in README). Rerun alone, such a test failed more often than not (2026-12-03: with two retries CI failed on one,
 * three failures in a row; with five, one passed only at its fourth retry). So the tests README lists as flaky that way
 * ({@link #KNOWN_FLAKY}) get up to {@value #RETRIES} retries; any other test {@value #OTHER_RETRIES}, so that a plugin
 * change which makes some other test fail now and then is not retried until it passes. Each retry costs about ten
 * seconds and stops at the first pass; a real regression fails every time. Every retry is printed.
 */
class InteropSuiteIT {

    /** Retries of a test in {@link #KNOWN_FLAKY}. */
    static final int RETRIES = 20;
    /** Retries of any other test. */
    static final int OTHER_RETRIES = 2;
    /**
     * Tests seen failing on Openfire alone through the suite's client (README): the whole of
     * {@code OccupantIdIntegrationTest} (its rejoin tests, and its class-wide "Unable to create MUC room"), and the
     * occupant tests that rejoin right after leaving. Names as the suite reports them: class, dot, method.
     */
    static final List<String> KNOWN_FLAKY = List.of(
        "OccupantIdIntegrationTest.",
        "MultiUserChatOccupantIntegrationTest.mucLeaveTest",
        "MultiUserChatOccupantIntegrationTest.mucMaxUsersLimitJoinRoomTest");

    /** Tests of reserved nicknames that must run, and pass, with the plugin. */
    static final List<String> MUST_PASS_WITH_PLUGIN = List.of(
        "MultiUserChatAdminBanIntegrationTest.testBanOccupantRemovesRegisteredNickname",
        "MultiUserChatAdminBanListIntegrationTest.mucTestBanListRemovesRegisteredNickname",
        "MultiUserChatAdminGrantMemberIntegrationTest.testGrantMembershipWithNick");

    @Test
    void everyMucTestPassingOnOpenfireAlonePassesWithThePlugin() throws Exception {
        final Optional<Path> distribution = OpenfireServer.distribution();
        if (distribution.isEmpty()) {
            TestEnvironment.skipOrFail(TestEnvironment.announce("InteropSuiteIT", OpenfireExtension.SKIP_MESSAGE));
            return;
        }
        final Optional<Path> jar = TestEnvironment.interopSuite();
        if (jar.isEmpty()) {
            TestEnvironment.skipOrFail(TestEnvironment.announce("InteropSuiteIT", "XMPP Interop Testing needs "
                + TestEnvironment.INTEROP_JAR_VARIABLE + " (xmpp-interop-tests-1.6.0.jar) or ../shared/interop/"));
            return;
        }
        final InteropSuite suite = new InteropSuite(jar.get());
        final Path work = BuildOutput.workDir(InteropSuiteIT.class);

        final Map<String, Result> alone;
        try (OpenfireServer openfire = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(),
            work.resolve("alone")).openfireDefaults().clientPort(InteropSuite.CLIENT_PORT))) {
            final long t0 = System.nanoTime();
            alone = suite.run(InteropSuite.MUC_CLASSES, work.resolve("alone"));
            System.out.printf("INTEROP Openfire alone: %s (%d s)%n", InteropSuite.totals(alone),
                (System.nanoTime() - t0) / 1_000_000_000);
        }

        final Map<String, Result> with;
        final Map<String, List<Result>> retried = new LinkedHashMap<>();
        try (OpenfireServer openfire = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(),
            work.resolve("plugin")).plugin(BuildOutput.pluginJar()).openfireDefaults()
            .clientPort(InteropSuite.CLIENT_PORT).property("plugin.mucregistration.unaffiliatedMayRegister", "true"))) {
            final long t0 = System.nanoTime();
            with = new LinkedHashMap<>(suite.run(InteropSuite.MUC_CLASSES, work.resolve("plugin")));
            System.out.printf("INTEROP Openfire with the plugin: %s (%d s)%n", InteropSuite.totals(with),
                (System.nanoTime() - t0) / 1_000_000_000);
            for (int retry = 1; retry <= RETRIES; retry++) {
                final List<String> again = toRetry(regressions(alone, with), retry);
                if (again.isEmpty()) {
                    break;
                }
                final Map<String, Result> rerun = suite.run(again, work.resolve("plugin-retry-" + retry));
                for (String test : again) {
                    final Result result = rerun.getOrDefault(test, new Result(Outcome.FAILED, "not run in the retry"));
                    retried.computeIfAbsent(test, t -> new ArrayList<>(List.of(with.get(test)))).add(result);
                    with.put(test, result);
                }
            }
        }
        for (Map.Entry<String, List<Result>> test : retried.entrySet()) {
            System.out.printf("INTEROP RETRIED %s: %s%n", test.getKey(), test.getValue().stream()
                .map(r -> r.outcome() + (r.message().isEmpty() ? "" : " (" + r.message() + ")")).toList());
        }
        System.out.printf("INTEROP after retries: alone %s; with the plugin %s%n", InteropSuite.totals(alone),
            InteropSuite.totals(with));
        printNotPassed("alone", alone);
        printNotPassed("with the plugin", with);

        final List<String> regressions = regressions(alone, with);
        assertTrue(regressions.isEmpty(), () -> regressions.size() + " test(s) pass on Openfire alone but not with "
            + "the plugin:\n" + String.join("\n", regressions.stream().map(t -> t + ": " + with.get(t)).toList()));
        for (String test : MUST_PASS_WITH_PLUGIN) {
            assertEquals(Outcome.PASSED, Optional.ofNullable(with.get(test)).map(Result::outcome).orElse(null),
                test + " must run and pass with the plugin: " + with.get(test));
        }
    }

    private static void printNotPassed(String run, Map<String, Result> results) {
        results.forEach((test, result) -> {
            if (result.outcome() != Outcome.PASSED) {
                System.out.printf("INTEROP %s: %s %s: %s%n", run, result.outcome(), test, result.message());
            }
        });
    }

    /** Of the tests not passed with the plugin, those that get a retry numbered {@code retry} (from 1). */
    static List<String> toRetry(List<String> regressions, int retry) {
        return regressions.stream().filter(test -> retry <= OTHER_RETRIES || knownFlaky(test) && retry <= RETRIES)
            .toList();
    }

    static boolean knownFlaky(String test) {
        return KNOWN_FLAKY.stream().anyMatch(known -> known.endsWith(".") ? test.startsWith(known) : test.equals(known));
    }

    /** Tests that passed on Openfire alone and did not pass (or did not run) with the plugin. */
    static List<String> regressions(Map<String, Result> alone, Map<String, Result> with) {
        final List<String> found = new ArrayList<>();
        for (Map.Entry<String, Result> test : alone.entrySet()) {
            final Result other = with.get(test.getKey());
            if (test.getValue().outcome() == Outcome.PASSED && (other == null || other.outcome() != Outcome.PASSED)) {
                found.add(test.getKey());
            }
        }
        return found;
    }
}

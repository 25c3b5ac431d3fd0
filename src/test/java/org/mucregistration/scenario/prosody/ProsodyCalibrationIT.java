package org.mucregistration.scenario.prosody;

import org.mucregistration.testenv.TestEnvironment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.scenario.RunResult;
import org.mucregistration.scenario.RunnerOptions;
import org.mucregistration.scenario.ScenarioRunner;
import org.mucregistration.scenario.Script;
import org.mucregistration.scenario.Step;

/**
 * Calibrates the scenario runner against Prosody 0.12.3: its own script passes, the seed fails exactly at the
 * first reserved-nick conflict, and each mutated copy fails exactly at its mutated step.
 */
class ProsodyCalibrationIT {

    /** Mutants fail by timing out on their step; the verdict does not depend on how long it waits. */
    private static final Duration MUTANT_TIMEOUT = Duration.ofSeconds(2);

    private static ProsodyServer prosody;
    private static String skip;
    private static String seed;
    private static String prosodyScript;

    @BeforeAll
    static void startProsody() throws Exception {
        skip = ProsodyServer.skipReason();
        if (skip != null) {
            TestEnvironment.announce(ProsodyCalibrationIT.class.getSimpleName(), skip);
            return;
        }
        prosody = ProsodyServer.start("calibration");
        seed = ScenarioScripts.seed();
        prosodyScript = ScenarioScripts.prosody0123(seed);
    }

    /** Reported skipped test by test (or failed, when every suite must run): see {@link TestEnvironment}. */
    @BeforeEach
    void prosodyIsThere() {
        if (skip != null) {
            TestEnvironment.skipOrFail(skip);
        }
    }

    @AfterAll
    static void stopProsody() throws Exception {
        if (prosody != null) {
            prosody.close();
        }
    }

    private record Run(RunResult result, String log) {
    }

    private static Run run(Script script) {
        return run(script, RunnerOptions.defaults().receiveTimeout());
    }

    private static Run run(Script script, Duration receiveTimeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
        RunResult result = new ScenarioRunner(RunnerOptions.defaults().withPort(prosody.port()).withLog(log)
                .withReceiveTimeout(receiveTimeout)).run(script);
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        return new Run(result, text);
    }

    @Test
    void prosodysOwnScriptPassesEveryStep() {
        Script script = ScenarioScripts.parse("muc_register-0.12.3.scs", prosodyScript);
        Run run = run(script);
        assertTrue(run.result().passed(), () -> run.result().summary() + "\n" + run.result().failureReport()
                + "\n" + prosody.logTail());
        assertEquals(script.steps().size(), run.result().stepsPassed());
        assertEquals(script.steps().size(), run.result().totalSteps());
        assertEquals("PASS muc_register-0.12.3.scs: " + script.steps().size() + "/" + script.steps().size() + " steps",
                run.result().summary());
    }

    @Test
    void seedFailsExactlyAtTheFirstReservedNickConflict() {
        Script script = ScenarioScripts.parse("muc_register.scs", seed);
        Step conflict = ScenarioScripts.firstReservedNickConflict(script);
        assertTrue(conflict.xml().contains("<conflict"), "the computed step expects the conflict error");

        Run run = run(script);
        assertFalse(run.result().passed());
        assertEquals(conflict.line(), run.result().failedLine().orElseThrow(), run.result().summary());
        assertEquals(conflict.number() - 1, run.result().stepsPassed(), "no earlier step may fail");
        assertTrue(run.result().summary().startsWith("FAIL muc_register.scs at line " + conflict.line() + " (step "
                + conflict.number() + "/" + script.steps().size() + "): Rosaline receives:"), run.result().summary());
        // The report shows the line, the expected stanza and the error presence Prosody sent instead, with the reason.
        String report = run.result().failureReport();
        assertTrue(report.contains("line " + conflict.line()), report);
        assertTrue(report.contains("Expected:") && report.contains(ScenarioScripts.MUC_X_LINE), report);
        assertTrue(report.contains("type='error'") || report.contains("type=\"error\""), report);
        assertTrue(report.contains("no received child matches expected <x xmlns='http://jabber.org/protocol/muc'/>"),
                report);
    }

    private void assertFailsAt(String name, ScenarioScripts.Mutation mutation) {
        Script script = ScenarioScripts.parse(name, mutation.text());
        Step mutated = ScenarioScripts.stepAt(script, mutation.line());
        assertEquals(Step.Action.RECEIVES, mutated.action());
        Run run = run(script, MUTANT_TIMEOUT); // a shorter wait: the verdict does not depend on it
        assertFalse(run.result().passed(), name + " should fail");
        assertEquals(mutated.line(), run.result().failedLine().orElseThrow(), run.result().summary());
        assertEquals(mutated.number() - 1, run.result().stepsPassed(), "no earlier step may fail");
    }

    @Test
    void changedStatusCodeFailsAtItsStep() {
        var m = ScenarioScripts.replaceOnce(prosodyScript, "<status code='201'/>", "<status code='202'/>", 1);
        assertFailsAt("status_code.scs", m);
    }

    @Test
    void extraAttributeInStrictElementFailsAtItsStep() {
        var m = ScenarioScripts.replaceOnce(prosodyScript, "<identity category='conference' name='Juliet' type='text'/>",
                "<identity category='conference' name='Juliet' type='text' extra='yes'/>", 1);
        assertFailsAt("extra_attribute.scs", m);
    }

    @Test
    void missingAttributeInStrictElementFailsAtItsStep() {
        // Loosely this would still match; strictly, the received label='Nickname' is an unexpected attribute.
        var m = ScenarioScripts.replaceOnce(prosodyScript, "<field type='text-single' label='Nickname' var='muc#register_roomnick'>",
                "<field type='text-single' var='muc#register_roomnick'>", 1);
        assertFailsAt("missing_attribute.scs", m);
    }

    @Test
    void swappedStrictChildrenFailAtTheirStep() {
        var m = ScenarioScripts.replaceOnce(prosodyScript, SWAPPABLE_FORM, SWAPPED_FORM, 1);
        assertFailsAt("swapped_children.scs", m);
    }

    @Test
    void identityInTheEmptyRoomuserItemQueryFailsAtItsStep() {
        String empty = "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item' scansion:strict='true' />";
        var m = ScenarioScripts.replaceOnce(prosodyScript, empty,
                "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item' scansion:strict='true'>"
                        + "<identity category='conference' name='Romeo' type='text'/></query>", 1);
        assertFailsAt("roomuser_identity.scs", m);
    }

    @Test
    void swappedChildrenPassWhenStrictnessIsTurnedOff() {
        // Control for the swapped-children mutant: with scansion:strict='false' on the form, order no longer counts.
        var swapped = ScenarioScripts.replaceOnce(prosodyScript, SWAPPABLE_FORM, SWAPPED_FORM, 1);
        var loose = ScenarioScripts.replaceOnce(swapped.text(), "<x type='form' xmlns='jabber:x:data'>",
                "<x type='form' xmlns='jabber:x:data' scansion:strict='false'>", 1);
        Run run = run(ScenarioScripts.parse("swapped_but_loose.scs", loose.text()));
        assertTrue(run.result().passed(), run.result().summary() + "\n" + run.result().failureReport());
    }

    static final String SWAPPABLE_FORM = """
            <field type='hidden' var='FORM_TYPE'>
            <value>http://jabber.org/protocol/muc#register</value>
            </field>
            <field type='text-single' label='Nickname' var='muc#register_roomnick'>
            <required/>
            </field>
            """;
    static final String SWAPPED_FORM = """
            <field type='text-single' label='Nickname' var='muc#register_roomnick'>
            <required/>
            </field>
            <field type='hidden' var='FORM_TYPE'>
            <value>http://jabber.org/protocol/muc#register</value>
            </field>
            """;
}

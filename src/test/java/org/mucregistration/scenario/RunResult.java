package org.mucregistration.scenario;

import java.util.Optional;
import java.util.OptionalInt;

/** The verdict of one script run. */
public final class RunResult {

    private final String scriptName;
    private final int stepsPassed;
    private final int totalSteps;
    private final Step failedStep;
    private final String reason;
    private final String failureReport;

    private RunResult(String scriptName, int stepsPassed, int totalSteps, Step failedStep, String reason,
                      String failureReport) {
        this.scriptName = scriptName;
        this.stepsPassed = stepsPassed;
        this.totalSteps = totalSteps;
        this.failedStep = failedStep;
        this.reason = reason;
        this.failureReport = failureReport;
    }

    static RunResult passed(Script script) {
        return new RunResult(script.name(), script.steps().size(), script.steps().size(), null, "", "");
    }

    static RunResult failed(Script script, Step step, String reason, String report) {
        return new RunResult(script.name(), step.number() - 1, script.steps().size(), step, reason, report);
    }

    public boolean passed() {
        return failedStep == null;
    }

    public int stepsPassed() {
        return stepsPassed;
    }

    public int totalSteps() {
        return totalSteps;
    }

    /** The script line of the failing step's action, if a step failed. */
    public OptionalInt failedLine() {
        return failedStep == null ? OptionalInt.empty() : OptionalInt.of(failedStep.line());
    }

    public Optional<Step> failedStep() {
        return Optional.ofNullable(failedStep);
    }

    /** Why the step failed, in one line (empty when passed). */
    public String reason() {
        return reason;
    }

    /**
     * One line: {@code PASS muc_register.scs: 78/78 steps} or
     * {@code FAIL muc_register.scs at line 142 (step 31/78): Rosaline receives: <reason>}.
     */
    public String summary() {
        if (passed()) {
            return "PASS " + scriptName + ": " + stepsPassed + "/" + totalSteps + " steps";
        }
        return "FAIL " + scriptName + " at line " + failedStep.line() + " (step " + failedStep.number() + "/" + totalSteps
                + "): " + failedStep.title() + (failedStep.title().endsWith(":") ? " " : ": ") + reason;
    }

    /**
     * The failing step's script line, the expected stanza, and every stanza received or skipped while waiting,
     * each with the reason it did not match. Empty when the run passed.
     */
    public String failureReport() {
        return failureReport;
    }

    @Override
    public String toString() {
        return summary();
    }
}

package org.mucregistration.scenario;

/** A malformed script, found before anything connects. The message starts with {@code name:line:}. */
public final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    public ScriptException(String scriptName, int line, String problem) {
        super(scriptName + ":" + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based script line the problem was found on. */
    public int line() {
        return line;
    }
}

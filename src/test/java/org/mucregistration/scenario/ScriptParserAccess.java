package org.mucregistration.scenario;

import java.io.PrintStream;

/** Test helper for tests in other packages: parse without a checked exception, run the CLI without exiting. */
public final class ScriptParserAccess {

    private ScriptParserAccess() {
    }

    public static Script parse(String name, String text) {
        try {
            return ScriptParser.parse(name, text);
        } catch (ScriptException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static int main(String[] args, PrintStream out, PrintStream err) {
        return ScansionMain.run(args, out, err);
    }
}

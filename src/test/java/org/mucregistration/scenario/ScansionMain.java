package org.mucregistration.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: {@code ScansionMain [--host H] [--port P] [--timeout SECONDS] [--step-delay MS] [-v] script.scs...}.
 *
 * <p>Every script is parsed before anything connects. Prints the log of each run and its summary line.
 * Exit status: 0 all scripts passed, 1 a step failed, 2 a script is malformed or the command line is wrong.
 */
public final class ScansionMain {

    static final String USAGE = "usage: ScansionMain [--host H] [--port P] [--timeout SECONDS] [--step-delay MS]"
            + " [--no-auto-reply] [-v] script.scs...";

    private ScansionMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        RunnerOptions options = RunnerOptions.defaults().withLog(out);
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--host" -> options = options.withHost(value(args, ++i, a));
                    case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i, a)));
                    case "--timeout" -> options = options.withReceiveTimeout(
                            Duration.ofMillis(Math.round(Double.parseDouble(value(args, ++i, a)) * 1000)));
                    case "--step-delay" -> options = options.withStepDelay(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                    case "--no-auto-reply" -> options = options.withAutoReply(false);
                    case "-v", "--verbose" -> options = options.withVerbose(true);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        files.add(Path.of(a));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no script given");
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }

        List<Script> scripts = new ArrayList<>();
        for (Path file : files) {
            try {
                scripts.add(ScriptParser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                err.println("error: cannot read " + file + ": " + e.getMessage());
                return 2;
            } catch (ScriptException e) {
                err.println("error: malformed script " + e.getMessage());
                return 2;
            }
        }

        ScenarioRunner runner = new ScenarioRunner(options);
        List<RunResult> results = new ArrayList<>();
        for (Script script : scripts) {
            results.add(runner.run(script));
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (results.size() > 1) {
            out.println();
            results.forEach(r -> out.println(r.summary()));
            out.println("scripts: " + (results.size() - failed) + " passed, " + failed + " failed");
        }
        return failed == 0 ? 0 : 1;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}

package org.mucregistration.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link ScenarioRunner} runs scripts. Start from {@link #defaults()} and change what you need:
 * {@code RunnerOptions.defaults().withPort(5223).withVerbose(true)}.
 *
 * @param host            where clients connect unless their {@code connect_host:} says otherwise (default 127.0.0.1)
 * @param port            likewise for {@code connect_port:} (default 5222)
 * @param receiveTimeout  how long a {@code receives} waits for a matching stanza; also the connect/login timeout (5 s)
 * @param stepDelay       pause before each step after the first (10 ms), so that back-to-back sends by different
 *                        clients reach the server in script order
 * @param nothingWait     how long {@code receives: nothing} watches for a stanza (1 s)
 * @param verbose         log sent stanzas, matched stanzas and each skipped stanza with the reason
 * @param log             where the log goes
 * @param autoReply       answer IQ get/set requests that a {@code receives} skips (ping → result, others →
 *                        service-unavailable)
 * @param clientPorts     ports for particular clients, by client name (e.g. the clients of a cluster scenario spread
 *                        over its nodes); others use {@code port}
 */
public record RunnerOptions(String host, int port, Duration receiveTimeout, Duration stepDelay, Duration nothingWait,
                            boolean verbose, PrintStream log, boolean autoReply, Map<String, Integer> clientPorts) {

    public RunnerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        Objects.requireNonNull(stepDelay, "stepDelay");
        Objects.requireNonNull(nothingWait, "nothingWait");
        Objects.requireNonNull(log, "log");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        clientPorts = Map.copyOf(clientPorts);
    }

    /** The port the named client connects to unless its {@code connect_port:} says otherwise. */
    public int portOf(String client) {
        return clientPorts.getOrDefault(client, port);
    }

    public static RunnerOptions defaults() {
        return new RunnerOptions("127.0.0.1", 5222, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofSeconds(1),
                false, System.out, true, Map.of());
    }

    public RunnerOptions withHost(String value) {
        return new RunnerOptions(value, port, receiveTimeout, stepDelay, nothingWait, verbose, log, autoReply, clientPorts);
    }

    public RunnerOptions withPort(int value) {
        return new RunnerOptions(host, value, receiveTimeout, stepDelay, nothingWait, verbose, log, autoReply, clientPorts);
    }

    public RunnerOptions withReceiveTimeout(Duration value) {
        return new RunnerOptions(host, port, value, stepDelay, nothingWait, verbose, log, autoReply, clientPorts);
    }

    public RunnerOptions withStepDelay(Duration value) {
        return new RunnerOptions(host, port, receiveTimeout, value, nothingWait, verbose, log, autoReply, clientPorts);
    }

    public RunnerOptions withNothingWait(Duration value) {
        return new RunnerOptions(host, port, receiveTimeout, stepDelay, value, verbose, log, autoReply, clientPorts);
    }

    public RunnerOptions withVerbose(boolean value) {
        return new RunnerOptions(host, port, receiveTimeout, stepDelay, nothingWait, value, log, autoReply, clientPorts);
    }

    public RunnerOptions withLog(PrintStream value) {
        return new RunnerOptions(host, port, receiveTimeout, stepDelay, nothingWait, verbose, value, autoReply, clientPorts);
    }

    /** The named client connects to this port (unless its {@code connect_port:} says otherwise). */
    public RunnerOptions withClientPort(String client, int value) {
        final Map<String, Integer> ports = new HashMap<>(clientPorts);
        ports.put(client, value);
        return new RunnerOptions(host, port, receiveTimeout, stepDelay, nothingWait, verbose, log, autoReply, ports);
    }

    public RunnerOptions withAutoReply(boolean value) {
        return new RunnerOptions(host, port, receiveTimeout, stepDelay, nothingWait, verbose, log, value, clientPorts);
    }
}

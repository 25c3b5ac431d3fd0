package org.mucregistration.bench;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.jivesoftware.openfire.interceptor.PacketRejectedException;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.mucregistration.openfire.MucPacketInterceptor;
import org.mucregistration.openfire.MucServices;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the interceptor costs the stanzas that are none of its business: every stanza of the server passes through
 * it. Chat between two users (incoming and outgoing) and a presence to the server must be turned away with a few
 * string comparisons: goal &lt; 50 ns/op.
 *
 * <p>The packets are reused: Tinder caches their parsed JIDs, as it does for a stanza that goes through several
 * interceptors. The MUC service lookup is a plain lambda (only {@code conference} would be a service, and it is not
 * even asked for these stanzas); the handlers the interceptor would call for MUC traffic are null.
 *
 * <p>Run: {@code mvn -q test-compile} then
 * {@code java -cp target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
 * org.mucregistration.bench.InterceptorBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InterceptorBenchmark {
    private MucPacketInterceptor interceptor;
    private Message chatIn;
    private Message chatOut;
    private Presence presenceToServer;
    /** How often the lookup was asked: must stay 0 (checked after the run in {@link #main}). */
    static volatile int lookups;

    @Setup
    public void setUp() throws DocumentException {
        final Function<String, MultiUserChatService> lookup = subdomain -> {
            lookups++;
            return null; // no MUC service in the benchmark: none is ever asked for
        };
        interceptor = new MucPacketInterceptor(new MucServices("localhost", lookup), null, null, null, () -> false);
        chatIn = new Message(DocumentHelper.parseText("<message type='chat' id='c1' from='user@localhost/orchard' "
            + "to='user2@localhost'><body>Wherefore art thou?</body></message>").getRootElement());
        chatOut = new Message(DocumentHelper.parseText("<message type='chat' id='c2' from='user@localhost/orchard' "
            + "to='user2@localhost/balcony'><body>Wherefore art thou?</body></message>").getRootElement());
        presenceToServer = new Presence(DocumentHelper.parseText("<presence from='user@localhost/orchard' "
            + "to='localhost'><show>away</show></presence>").getRootElement());
        // Warm Tinder's JID caches, as routing does before interceptors run.
        for (Packet p : new Packet[]{chatIn, chatOut, presenceToServer}) {
            p.getTo();
            p.getFrom();
        }
    }

    @Benchmark
    public Packet chatIncoming() throws PacketRejectedException {
        interceptor.interceptPacket(chatIn, null, true, false);
        return chatIn;
    }

    @Benchmark
    public Packet chatOutgoing() throws PacketRejectedException {
        interceptor.interceptPacket(chatOut, null, false, false);
        return chatOut;
    }

    @Benchmark
    public Packet presenceToServerIncoming() throws PacketRejectedException {
        interceptor.interceptPacket(presenceToServer, null, true, false);
        return presenceToServer;
    }

    @Benchmark
    public Packet presenceToServerOutgoing() throws PacketRejectedException {
        interceptor.interceptPacket(presenceToServer, null, false, false);
        return presenceToServer;
    }

    /** Reference: what Tinder's {@code getTo()} alone costs (it re-reads the attribute to validate its JID cache). */
    @Benchmark
    public Object baselineGetTo() {
        return chatIn.getTo();
    }

    /** Reference: {@code getTo()} and {@code getFrom()}, what any interceptor reading both addresses pays. */
    @Benchmark
    public Object baselineGetToAndFrom() {
        return chatIn.getTo() == null ? null : chatIn.getFrom();
    }

    public static void main(String[] args) throws RunnerException {
        final Options options = new OptionsBuilder()
            .include(InterceptorBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .mode(Mode.AverageTime)
            .timeUnit(TimeUnit.NANOSECONDS)
            .build();
        new Runner(options).run();
    }
}

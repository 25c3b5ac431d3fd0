package org.mucregistration.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mucregistration.testenv.TestEnvironment;

/**
 * A two-node Openfire cluster for the end-to-end test class that registers this: both nodes from the machine's Openfire
 * distribution, on loopback, sharing one fresh PostgreSQL database, each with Openfire's Hazelcast plugin and the
 * plugin jar under test. Node A sets Openfire up (autosetup, MUC precondition); node B joins it. Started before the
 * class's {@code @BeforeAll} methods, stopped (database dropped) after its {@code @AfterAll} methods. Without a
 * distribution, the Hazelcast plugin or PostgreSQL, every test is skipped saying why, or fails in a run that requires
 * every suite.
 */
public final class OpenfireClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private String skipMessage;
    private OpenfireDatabase database;
    private OpenfireServer nodeA;
    private OpenfireServer nodeB;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        final String suite = context.getRequiredTestClass().getSimpleName();
        final Optional<Path> distribution = OpenfireServer.distribution();
        final Optional<Path> hazelcast = TestEnvironment.hazelcastPlugin();
        if (distribution.isEmpty()) {
            skipMessage = TestEnvironment.announce(suite, OpenfireExtension.SKIP_MESSAGE);
            return;
        }
        if (hazelcast.isEmpty()) {
            skipMessage = TestEnvironment.announce(suite, "a cluster needs Openfire's Hazelcast plugin: set "
                + TestEnvironment.HAZELCAST_JAR_VARIABLE + " to hazelcast.jar");
            return;
        }
        database = Databases.create(OpenfireDatabase.Kind.POSTGRESQL).orElse(null);
        if (database == null) {
            skipMessage = TestEnvironment.announce(suite, "a cluster shares a standard database: "
                + Databases.missing(OpenfireDatabase.Kind.POSTGRESQL));
            return;
        }
        final int portA = freePort();
        int portB = freePort();
        while (portB == portA) {
            portB = freePort();
        }
        final List<Integer> members = List.of(portA, portB);
        final Path work = BuildOutput.workDir(context.getRequiredTestClass());
        try {
            final long t0 = System.nanoTime();
            nodeA = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(), work.resolve("node-a"))
                .plugin(BuildOutput.pluginJar()).database(database).startTimeout(START_TIMEOUT)
                .clustering(new OpenfireServer.Clustering(hazelcast.get(), portA, members), false));
            nodeB = OpenfireServer.start(new OpenfireServer.Setup(distribution.get(), work.resolve("node-b"))
                .plugin(BuildOutput.pluginJar()).database(database).startTimeout(START_TIMEOUT)
                .clustering(new OpenfireServer.Clustering(hazelcast.get(), portB, members), true));
            nodeA.awaitClusterSize(2, START_TIMEOUT);
            nodeB.awaitClusterSize(2, START_TIMEOUT);
            System.out.printf("Cluster of two nodes up in %d ms: A on client port %d, B on client port %d (%s)%n",
                (System.nanoTime() - t0) / 1_000_000, nodeA.clientPort(), nodeB.clientPort(), database);
        } catch (IOException | RuntimeException | Error e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (nodeA == null) {
            TestEnvironment.skipOrFail(skipMessage);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            for (OpenfireServer node : new OpenfireServer[] {nodeB, nodeA}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            nodeA = null;
            nodeB = null;
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }

    public OpenfireServer nodeA() {
        return running(nodeA);
    }

    public OpenfireServer nodeB() {
        return running(nodeB);
    }

    /** The cluster's database (for tests that count what is stored). */
    public OpenfireDatabase database() {
        return database;
    }

    private OpenfireServer running(OpenfireServer node) {
        if (node == null) {
            throw new IllegalStateException("The cluster is not running: " + skipMessage);
        }
        return node;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}

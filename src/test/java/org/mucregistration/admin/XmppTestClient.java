package org.mucregistration.admin;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.mucregistration.scenario.LoopbackXmpp;
import org.mucregistration.scenario.RawXml;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain XMPP client for the browser tests, to be in a room while the admin page changes it: sends stanzas as raw
 * XML and keeps everything it receives, as XML text, for {@link #await}.
 */
public final class XmppTestClient implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    /** Why the connection closed, if it did (Smack closes it, e.g., on a stanza it cannot parse). */
    private volatile String closed;

    private XmppTestClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Connects to 127.0.0.1:{@code port} and logs in as {@code username@domain/resource}. */
    public static XmppTestClient login(String domain, int port, String username, String password, String resource)
        throws Exception {
        final XMPPTCPConnectionConfiguration config = LoopbackXmpp.configuration(domain, port)
            .setUsernameAndPassword(username, password)
            .setResource(resource)
            .setSendPresence(true)
            .setConnectTimeout(20_000)
            .build();
        final XMPPTCPConnection connection = new XMPPTCPConnection(config);
        final XmppTestClient client = new XmppTestClient(connection);
        connection.setReplyTimeout(20_000);
        connection.setUseStreamManagement(false);
        connection.addAsyncStanzaListener(stanza -> client.received.add(xml(stanza)), stanza -> true);
        // Openfire asks every client for its software version (XEP-0092) a few seconds after it logs in. Smack would
        // answer feature-not-implemented with the query copied in, which it writes as malformed XML (the escaping of
        // UnparsedIQ above): Openfire's parser then waits for the rest of that stanza and processes nothing more the
        // client sends, silently. An empty result is well-formed.
        connection.registerIQRequestHandler(new AbstractIqRequestHandler("query", "jabber:iq:version", IQ.Type.get,
            IQRequestHandler.Mode.async) {
            @Override
            public IQ handleIQRequest(IQ request) {
                return IQ.createResultIQ(request);
            }
        });
        connection.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                client.closed = "closed";
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                client.closed = "closed on error: " + e;
            }
        });
        connection.connect();
        connection.login();
        return client;
    }

    private static String xml(Stanza stanza) {
        if (stanza instanceof UnparsedIQ iq) {
            // Smack 4.4 escapes the unparsed child into the query's start tag: write the IQ from its parts instead.
            return "<iq type='" + iq.getType() + "' id='" + iq.getStanzaId() + "'"
                + (iq.getFrom() == null ? "" : " from='" + iq.getFrom() + "'")
                + (iq.getTo() == null ? "" : " to='" + iq.getTo() + "'") + ">" + iq.getContent() + "</iq>";
        }
        return stanza.toXML().toString();
    }

    /** Whether the XML (a stanza received) has the attribute with the value (in either quotes). */
    public static boolean has(String xml, String attribute, String value) {
        return xml.contains(attribute + "='" + value + "'") || xml.contains(attribute + "=\"" + value + "\"");
    }

    /** This client's full JID. */
    public String jid() {
        return connection.getUser().toString();
    }

    /** Writes the XML to the stream as it is. */
    public void send(String xml) throws Exception {
        connection.sendNonza(new RawXml(xml));
    }

    /**
     * The first stanza received (from now on, or already received and not yet matched) for which {@code test} holds.
     *
     * @throws AssertionError when none arrives within the timeout (with everything received meanwhile)
     */
    public String await(String what, Predicate<String> test, Duration timeout) throws InterruptedException {
        for (String old : new ArrayList<>(seen)) {
            if (test.test(old)) {
                seen.remove(old);
                return old;
            }
        }
        final Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            final String next = received.poll(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                TimeUnit.MILLISECONDS);
            if (next == null) {
                break;
            }
            if (test.test(next)) {
                return next;
            }
            seen.add(next);
        }
        throw new AssertionError(jid() + " received no " + what + " within " + timeout.toSeconds() + " s"
            + (closed == null ? "" : " (its connection " + closed + ")") + "; received:\n" + String.join("\n", seen));
    }

    /** Everything received and not matched by {@link #await} so far (waiting {@code settle} for more first). */
    public List<String> unmatched(Duration settle) throws InterruptedException {
        Thread.sleep(settle.toMillis());
        received.drainTo(seen);
        return new ArrayList<>(seen);
    }

    /** Forgets what was received so far. */
    public void forget() {
        received.clear();
        seen.clear();
    }

    @Override
    public void close() {
        connection.instantShutdown();
    }
}

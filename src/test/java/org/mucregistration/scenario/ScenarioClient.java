package org.mucregistration.scenario;

import java.io.FilterReader;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackConfiguration.UnknownIqRequestReplyMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.parsing.ExceptionLoggingCallback;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * One script client: one XMPP connection and the queue of stanzas it has received.
 *
 * <p><b>Why Smack plus a wire tap, not a hand-written client.</b> Smack 4.4 does the stream, STARTTLS, SASL
 * (PLAIN, SCRAM) and resource binding, which a test tool should not re-implement. But Smack parses incoming
 * stanzas into its own objects and would re-serialise them, which hides exactly what the server sent.
 * So this class subclasses {@link XMPPTCPConnection} and overrides {@code initDebugger()}, the protected hook
 * Smack calls every time it creates the connection's reader and writer (at connect and after STARTTLS), to wrap
 * them in tee reader/writer. Every character Smack reads from the socket is thus also fed, unchanged and in
 * order, to a {@link WireTap}, which splits and parses the stanzas itself; Smack's parsed objects are never
 * looked at. Scripts' stanzas are written as raw text with {@code sendNonza}. Smack's own behaviour is switched
 * off where it would interfere: no initial presence, no roster (smack-im is not on the classpath), no stream
 * management, no automatic IQ error replies, no unavailable presence on disconnect, parse errors logged rather
 * than fatal, logging silenced (failures are reported by the runner, without stack traces).
 *
 * <p>TLS: STARTTLS is used when offered, and any certificate is accepted ({@link LoopbackXmpp}) — this tool is for
 * test servers reached over loopback or a trusted network, not for production use.
 */
final class ScenarioClient {

    /** Smack logs through java.util.logging; keep strong references so the levels stick. */
    private static final List<Logger> QUIET_LOGGERS = new ArrayList<>();

    static {
        for (String name : new String[] {"org.jivesoftware", "org.jxmpp", "org.minidns"}) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            QUIET_LOGGERS.add(logger);
        }
    }

    /** A connect that failed: the message is meant for the report as it is. */
    static final class ConnectFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectFailedException(String message) {
            super(message);
        }
    }

    private final ClientSpec spec;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final WireTap tap;
    private TappedConnection connection;
    private String fullJid;

    /**
     * @param trace receives each raw incoming stanza as it is queued (verbose logging)
     */
    ScenarioClient(ClientSpec spec, String host, int port, Duration timeout, Consumer<String> trace) {
        this.spec = spec;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.tap = new WireTap(queue, trace);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean isConnected() {
        return connection != null && connection.isAuthenticated();
    }

    /** Connects, negotiates TLS if offered, authenticates and binds; returns the bound full JID. */
    String connect() throws ConnectFailedException {
        String resource = spec.resource() != null ? spec.resource() : randomResource();
        try {
            XMPPTCPConnectionConfiguration config = LoopbackXmpp
                    .configuration(spec.domain(), InetAddress.getByName(host), port)
                    .setUsernameAndPassword(spec.localpart(), spec.password())
                    .setResource(resource)
                    .setLanguage(Locale.ENGLISH)
                    .setSendPresence(false)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .build();
            connection = new TappedConnection(config, tap);
            connection.setReplyTimeout(timeout.toMillis());
            connection.setUseStreamManagement(false);
            connection.setUnknownIqRequestReplyMode(UnknownIqRequestReplyMode.doNotReply);
            connection.setParsingExceptionCallback(new ExceptionLoggingCallback());
            connection.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    tap.connectionLost("connection lost: " + describe(e));
                }
            });
            connection.connect();
            connection.login();
        } catch (UnknownHostException e) {
            throw new ConnectFailedException("cannot resolve host " + host + ": " + describe(e));
        } catch (SASLErrorException e) {
            abandon();
            throw new ConnectFailedException("login as " + spec.bareJid() + " failed: SASL "
                    + e.getSASLFailure().getSASLErrorString()
                    + (e.getSASLFailure().getDescriptiveText() != null ? " (" + e.getSASLFailure().getDescriptiveText() + ")" : ""));
        } catch (SmackException.ConnectionException e) {
            abandon();
            throw new ConnectFailedException("cannot connect to " + host + ":" + port + ": " + describe(e));
        } catch (XMPPException.StreamErrorException e) {
            abandon();
            throw new ConnectFailedException("the server refused the stream for " + spec.domain() + ": "
                    + e.getStreamError().getCondition()
                    + (e.getStreamError().getDescriptiveText() != null ? " (" + e.getStreamError().getDescriptiveText() + ")" : ""));
        } catch (SmackException.NoResponseException e) {
            abandon();
            throw new ConnectFailedException("no response from " + host + ":" + port + " within "
                    + timeout.toMillis() + " ms while logging in as " + spec.bareJid());
        } catch (Exception e) {
            abandon();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConnectFailedException("cannot log in as " + spec.bareJid() + " at " + host + ":" + port + ": "
                    + describe(e));
        }
        tap.loggedIn();
        fullJid = connection.getUser().toString();
        return fullJid;
    }

    String fullJid() {
        return fullJid;
    }

    /** Writes {@code xml} to the stream exactly as given. */
    void send(String xml) throws IOException {
        if (!isConnected()) {
            throw new IOException(spec.name() + " is not connected");
        }
        try {
            connection.sendNonza(new RawXml(xml));
        } catch (SmackException.NotConnectedException e) {
            throw new IOException(spec.name() + " is not connected: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The next queued item, waiting up to {@code wait}; {@code null} if none came. */
    Incoming poll(Duration wait) throws InterruptedException {
        return queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Takes everything queued so far. */
    List<Incoming> drain() {
        List<Incoming> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    /** Closes the stream ({@code </stream:stream>}, waiting up to 1 s for the server's) and returns what was left unread. */
    List<Incoming> disconnect() {
        if (connection != null) {
            tap.closing();
            connection.setReplyTimeout(1000);
            if (connection.isConnected()) {
                try {
                    connection.disconnect((Presence) null);
                } catch (SmackException.NotConnectedException | RuntimeException ignored) {
                    connection.instantShutdown();
                }
            }
            connection = null;
        }
        return drain();
    }

    private void abandon() {
        if (connection != null) {
            tap.closing();
            try {
                connection.instantShutdown();
            } catch (RuntimeException ignored) {
                // already down
            }
            connection = null;
        }
    }

    static String describe(Throwable e) {
        if (e instanceof SmackException.EndpointConnectionException ece && !ece.getConnectionExceptions().isEmpty()) {
            Exception inner = ece.getConnectionExceptions().get(0).getException();
            return describe(inner);
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        String kind = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : message + " (" + kind + ")";
    }

    private static String randomResource() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("scansion-");
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Smack's TCP connection with every reader/writer it creates wrapped in a tee to the {@link WireTap}. */
    private static final class TappedConnection extends XMPPTCPConnection {
        private final WireTap tap;

        TappedConnection(XMPPTCPConnectionConfiguration config, WireTap tap) {
            super(config);
            this.tap = tap;
        }

        @Override
        protected void initDebugger() {
            super.initDebugger();
            tap.newTransport();
            reader = new TeeReader(reader, tap);
            writer = new TeeWriter(writer, tap);
        }
    }

    private static final class TeeReader extends FilterReader {
        private final WireTap tap;

        TeeReader(Reader in, WireTap tap) {
            super(in);
            this.tap = tap;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                tap.incoming(String.valueOf((char) c));
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                tap.incoming(new String(buf, off, n));
            }
            return n;
        }
    }

    private static final class TeeWriter extends FilterWriter {
        private final WireTap tap;

        TeeWriter(Writer out, WireTap tap) {
            super(out);
            this.tap = tap;
        }

        @Override
        public void write(int c) throws IOException {
            tap.outgoing(String.valueOf((char) c));
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            tap.outgoing(new String(buf, off, len));
            super.write(buf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            tap.outgoing(str.substring(off, off + len));
            super.write(str, off, len);
        }
    }
}

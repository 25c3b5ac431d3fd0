package org.mucregistration.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A lean XMPP client for load: a plain TCP connection on loopback (no TLS, no stream management, no compression),
 * SASL PLAIN, resource binding, initial presence. After {@link #login} every stanza received goes, as text, to the
 * current {@link Handler} on the connection's reader thread, stamped with {@link System#nanoTime()} when it was cut
 * from the stream. Sends are raw XML, serialised by a lock.
 *
 * <p>Connection setup is done before any measured window; the workloads only swap handlers. Public for the end-to-end
 * tests that want a server's stanzas exactly as it wrote them.
 */
public final class BenchClient implements AutoCloseable {

    /** What a workload does with each stanza this client receives (called on the reader thread, in order). */
    public interface Handler {
        void stanza(BenchClient client, String xml, long receivedNanos);
    }

    static final Handler IGNORE = (client, xml, at) -> { };

    private static final AtomicLong IDS = new AtomicLong();

    final int index;
    final String username;
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final BlockingQueue<String> loginQueue = new LinkedBlockingQueue<>();
    private volatile boolean loggedIn;
    private volatile Handler handler = IGNORE;
    private volatile String closedBecause;
    private volatile boolean closing;
    private String jid;

    private BenchClient(int index, String username, Socket socket) throws IOException {
        this.index = index;
        this.username = username;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        final InputStream in = socket.getInputStream();
        this.reader = new Thread(() -> read(in), "bench-reader-" + username);
        this.reader.setDaemon(true);
    }

    /**
     * Connects to {@code 127.0.0.1:port}, authenticates {@code username@domain} with SASL PLAIN, binds
     * {@code resource} and sends initial presence.
     */
    public static BenchClient login(int index, String host, int port, String domain, String username, String password,
                             String resource, Duration timeout) throws IOException {
        final Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        final BenchClient client = new BenchClient(index, username, socket);
        try {
            client.reader.start();
            client.handshake(domain, username, password, resource, timeout);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Logs {@code count} users in ({@code username} of each index), four at a time. Every client that logged in is
     * handed to {@code keep}, also when another one failed (the caller closes them).
     */
    static void loginAll(int count, IntFunction<String> username, String host, int port,
                         String domain, String password, String resource, Duration timeout,
                         Consumer<BenchClient> keep) throws IOException, InterruptedException {
        final BenchClient[] logged = new BenchClient[count];
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final int n = i;
                tasks.add(pool.submit(() -> {
                    logged[n] = login(n, host, port, domain, username.apply(n), password, resource, timeout);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("Login failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdown();
            for (BenchClient c : logged) {
                if (c != null) {
                    keep.accept(c);
                }
            }
        }
    }

    private void handshake(String domain, String username, String password, String resource, Duration timeout)
        throws IOException {
        final String header = "<?xml version='1.0'?><stream:stream to='" + domain + "' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
        send(header);
        final String features = expect("stream features", timeout);
        if (!features.contains(">PLAIN<")) {
            throw new IOException(username + ": the server does not offer SASL PLAIN on a plain connection: "
                + features);
        }
        final String credentials = Base64.getEncoder().encodeToString(
            ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + credentials + "</auth>");
        final String outcome = expect("SASL outcome", timeout);
        if (!Stanza.name(outcome).equals("success")) {
            throw new IOException(username + ": authentication failed: " + outcome);
        }
        send(header);
        final String bindFeatures = expect("stream features after SASL", timeout);
        send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
            + Stanza.escape(resource) + "</resource></bind></iq>");
        final String bound = expect("bind result", timeout);
        if (!"result".equals(Stanza.attribute(bound, "type"))) {
            throw new IOException(username + ": resource binding failed: " + bound);
        }
        final int jidStart = bound.indexOf("<jid>");
        jid = jidStart < 0 ? username + "@" + domain + "/" + resource
            : Stanza.unescape(bound.substring(jidStart + 5, bound.indexOf("</jid>", jidStart)));
        if (bindFeatures.contains("urn:ietf:params:xml:ns:xmpp-session") && !bindFeatures.contains("<optional")) {
            send("<iq type='set' id='session'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            final String session = expect("session result", timeout);
            if (!"result".equals(Stanza.attribute(session, "type"))) {
                throw new IOException(username + ": session establishment failed: " + session);
            }
        }
        loggedIn = true;
        send("<presence/>");
    }

    private String expect(String what, Duration timeout) throws IOException {
        try {
            final String next = loginQueue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new IOException(username + ": no " + what + " within " + timeout.toSeconds() + " s"
                    + (closedBecause == null ? "" : " (connection " + closedBecause + ")"));
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void read(InputStream in) {
        final StanzaSplitter splitter = new StanzaSplitter(new StanzaSplitter.Listener() {
            @Override
            public void stanza(String xml) {
                if (loggedIn) {
                    handler.stanza(BenchClient.this, xml, System.nanoTime());
                } else {
                    loginQueue.add(xml);
                }
            }

            @Override
            public void streamClosed() {
                closedBecause = "closed by the server";
            }
        });
        final byte[] chunk = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                splitter.feed(chunk, 0, n);
            }
            if (closedBecause == null) {
                closedBecause = "end of stream";
            }
        } catch (IOException | RuntimeException e) {
            if (closedBecause == null) {
                closedBecause = closing ? "closed" : "read failed: " + e;
            }
        }
    }

    /** Writes raw XML to the stream and flushes. */
    public void send(String xml) throws IOException {
        final byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** As {@link #send}, for callers that count a failure rather than stop. */
    boolean trySend(String xml) {
        try {
            send(xml);
            return true;
        } catch (IOException e) {
            if (closedBecause == null) {
                closedBecause = "write failed: " + e;
            }
            return false;
        }
    }

    public void handler(Handler value) {
        this.handler = value == null ? IGNORE : value;
    }

    /** This client's full JID as bound by the server. */
    public String jid() {
        return jid;
    }

    /** Why the connection is gone, or null while it is open. */
    public String closedBecause() {
        return closedBecause;
    }

    /** A stanza id unique in this load generator. */
    public static String nextId() {
        return "b" + Long.toString(IDS.incrementAndGet(), 36);
    }

    @Override
    public void close() {
        closing = true;
        handler = IGNORE;
        try {
            if (!socket.isClosed() && closedBecause == null) {
                send("<presence type='unavailable'/></stream:stream>");
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

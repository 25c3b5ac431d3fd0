package org.mucregistration.scenario;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.dom4j.Element;

/**
 * Turns the raw characters of one XMPP connection into the client's receive queue.
 *
 * <p>It sees the incoming characters exactly as the XMPP library reads them from the socket (see
 * {@link ScenarioClient}), splits off each top-level element with {@link XmlSplitter}, parses it
 * namespace-aware under its stream header, and queues every {@code jabber:client} stanza. Stream-level
 * elements (features, STARTTLS, SASL) are the library's business and are not queued, and neither are the
 * replies to the library's own IQ requests during login (resource binding, session): their ids are learned by
 * watching the outgoing characters until {@link #loggedIn()}. A stream error, the server's closing tag or a
 * lost connection queues a {@link Incoming.StreamEnd}.
 */
final class WireTap {

    private final BlockingQueue<Incoming> queue;
    private final Consumer<String> trace;
    private final Set<String> libraryIqIds = ConcurrentHashMap.newKeySet();
    private volatile boolean loggedIn;
    private volatile boolean closing;

    private XmlSplitter in;
    private XmlSplitter out;
    private String inHeader;
    private String outHeader;

    /**
     * @param queue  where stanzas and the stream's end go
     * @param trace  receives every raw incoming element (for verbose logs); may ignore it
     */
    WireTap(BlockingQueue<Incoming> queue, Consumer<String> trace) {
        this.queue = queue;
        this.trace = trace;
        newTransport();
    }

    /** A new reader/writer pair (connection start, or after STARTTLS): streams start afresh. */
    synchronized void newTransport() {
        in = XmlSplitter.forXmppStream(new XmlSplitter.Listener() {
            @Override
            public void streamOpened(String startTag) {
                inHeader = startTag;
            }

            @Override
            public void element(String xml) {
                incomingElement(xml);
            }

            @Override
            public void streamClosed() {
                if (!closing) {
                    queue.add(new Incoming.StreamEnd("the server closed the stream"));
                }
            }
        });
        out = XmlSplitter.forXmppStream(new XmlSplitter.Listener() {
            @Override
            public void streamOpened(String startTag) {
                outHeader = startTag;
            }

            @Override
            public void element(String xml) {
                outgoingElement(xml);
            }
        });
    }

    /** Login is done: from now on outgoing IQs are the script's, and their replies belong in the queue. */
    void loggedIn() {
        loggedIn = true;
    }

    /** We are closing the stream ourselves: its end is not news. */
    void closing() {
        closing = true;
    }

    synchronized void incoming(CharSequence chars) {
        try {
            in.feed(chars);
        } catch (RuntimeException e) { // never break the library's reader thread
            queue.add(new Incoming.StreamEnd("cannot follow the incoming stream: " + e));
        }
    }

    synchronized void outgoing(CharSequence chars) {
        if (!loggedIn) {
            try {
                out.feed(chars);
            } catch (RuntimeException ignored) {
                // only used to recognise the library's own IQs
            }
        }
    }

    void connectionLost(String reason) {
        if (!closing) {
            queue.add(new Incoming.StreamEnd(reason));
        }
    }

    private void outgoingElement(String xml) {
        try {
            Element e = XmlFragments.parseStreamElement(outHeader, xml);
            if (e.getName().equals("iq") && e.attributeValue("id") != null) {
                libraryIqIds.add(e.attributeValue("id"));
            }
        } catch (XmlFragments.MalformedXmlException ignored) {
            // the library wrote it; not ours to judge
        }
    }

    private void incomingElement(String xml) {
        Element e;
        try {
            e = XmlFragments.parseStreamElement(inHeader, xml);
        } catch (XmlFragments.MalformedXmlException ex) {
            trace.accept(xml);
            queue.add(new Incoming.Stanza(xml, null, ex.getMessage()));
            return;
        }
        String ns = e.getNamespaceURI();
        if (ns.equals(XmlFragments.STREAMS_NS) && e.getName().equals("error")) {
            trace.accept(xml);
            queue.add(new Incoming.StreamEnd("stream error from the server: " + streamErrorText(e)));
            return;
        }
        if (!ns.equals(XmlFragments.JABBER_CLIENT)
                || !(e.getName().equals("message") || e.getName().equals("presence") || e.getName().equals("iq"))) {
            return; // stream negotiation: the library's business
        }
        String type = e.attributeValue("type", "");
        if (e.getName().equals("iq") && (type.equals("result") || type.equals("error"))
                && libraryIqIds.remove(e.attributeValue("id", ""))) {
            return; // reply to the library's own bind/session request
        }
        trace.accept(xml);
        queue.add(new Incoming.Stanza(xml, e, null));
    }

    private static String streamErrorText(Element error) {
        StringBuilder sb = new StringBuilder();
        for (Element c : error.elements()) {
            if (c.getName().equals("text")) {
                sb.append(" (").append(c.getTextTrim()).append(')');
            } else {
                sb.insert(0, c.getName());
            }
        }
        return sb.length() == 0 ? "(no condition)" : sb.toString();
    }
}

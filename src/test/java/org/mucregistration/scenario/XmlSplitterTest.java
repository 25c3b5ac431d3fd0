package org.mucregistration.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;

class XmlSplitterTest {

    private static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " id='1' from='localhost' version='1.0' xml:lang='en'>";

    @Test
    void splitsAStreamFedOneCharacterAtATime() {
        List<String> elements = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        boolean[] closed = {false};
        XmlSplitter splitter = XmlSplitter.forXmppStream(new XmlSplitter.Listener() {
            @Override
            public void streamOpened(String startTag) {
                headers.add(startTag);
            }

            @Override
            public void element(String xml) {
                elements.add(xml);
            }

            @Override
            public void streamClosed() {
                closed[0] = true;
            }
        });
        String stanza1 = "<message a='x>y' b=\"q'\"><body>1 &lt; 2 <![CDATA[</body> <x>]]></body><!-- </message> --></message>";
        String stanza2 = "<presence/>";
        String input = "<?xml version='1.0'?>" + HEADER + " <stream:features><bind/></stream:features>" + stanza1 + "\n"
                + stanza2 + HEADER + "<iq type='result'/></stream:stream>";
        for (char c : input.toCharArray()) {
            splitter.feed(String.valueOf(c));
        }
        assertEquals(List.of(HEADER, HEADER), headers, "a second header at depth 1 is a stream restart");
        assertEquals(List.of("<stream:features><bind/></stream:features>", stanza1, stanza2, "<iq type='result'/>"), elements);
        assertTrue(closed[0]);
    }

    @Test
    void fragmentModeReportsCompletenessAndStrayText() {
        List<String> elements = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        XmlSplitter splitter = XmlSplitter.forFragment(new XmlSplitter.Listener() {
            @Override
            public void element(String xml) {
                elements.add(xml);
            }

            @Override
            public void topLevelText(String t) {
                text.append(t);
            }
        });
        splitter.feed("<a>\n<b/>\n");
        assertFalse(splitter.atTopLevel());
        splitter.feed("</a>\n<c/> tail");
        assertTrue(splitter.atTopLevel());
        assertEquals(List.of("<a>\n<b/>\n</a>", "<c/>"), elements);
        assertEquals("\n tail", text.toString());
    }

    @Test
    void wireTapQueuesClientStanzasOnlyAndHidesTheLibrarysOwnIqReplies() throws Exception {
        LinkedBlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
        WireTap tap = new WireTap(queue, raw -> { });
        tap.outgoing("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>");
        tap.outgoing("<iq type='set' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        tap.incoming(HEADER + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>");
        tap.incoming("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        tap.newTransport(); // after STARTTLS the library makes a new reader
        tap.incoming("<?xml version='1.0'?>" + HEADER + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        tap.incoming(HEADER + "<iq type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>a@b/c</jid></bind></iq>");
        tap.loggedIn();
        tap.outgoing("<iq type='get' id='script-1'/>");
        tap.incoming("<iq type='result' id='script-1'/><mess");
        tap.incoming("age from='x'>\n <body>hi</body></message>");
        tap.incoming("<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");

        Incoming.Stanza iq = assertInstanceOf(Incoming.Stanza.class, queue.poll());
        assertEquals("<iq type='result' id='script-1'/>", iq.raw());
        Incoming.Stanza message = assertInstanceOf(Incoming.Stanza.class, queue.poll());
        assertEquals("<message from='x'>\n <body>hi</body></message>", message.raw(), "raw text as received");
        assertEquals("jabber:client", message.element().getNamespaceURI());
        Incoming.StreamEnd error = assertInstanceOf(Incoming.StreamEnd.class, queue.poll());
        assertTrue(error.reason().contains("host-unknown"), error.reason());
        Incoming.StreamEnd closed = assertInstanceOf(Incoming.StreamEnd.class, queue.poll());
        assertEquals("the server closed the stream", closed.reason());
        assertNull(queue.poll());
    }
}

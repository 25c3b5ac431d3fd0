package org.mucregistration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StanzaSplitterTest {

    private static final String STREAM = "<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream="
        + "\"http://etherx.jabber.org/streams\" xmlns=\"jabber:client\" from=\"localhost\" id=\"x\" version=\"1.0\">";

    private final List<String> stanzas = new ArrayList<>();
    private boolean closed;
    private final StanzaSplitter splitter = new StanzaSplitter(new StanzaSplitter.Listener() {
        @Override
        public void stanza(String xml) {
            stanzas.add(xml);
        }

        @Override
        public void streamClosed() {
            closed = true;
        }
    });

    private void feed(String text, int chunk) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            splitter.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
    }

    @Test
    void cutsTheChildrenOfTheStreamWhateverTheChunks() {
        final String features = "<stream:features><mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">"
            + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
        final String presence = "<presence from=\"r@conference.localhost/a\" to=\"u@localhost/b\"><x xmlns="
            + "\"http://jabber.org/protocol/muc#user\"><item affiliation=\"none\" role=\"participant\"/>"
            + "<status code=\"110\"/></x></presence>";
        final String empty = "<presence from='x' type='unavailable'/>";
        for (int chunk : new int[] {1, 2, 3, 7, 64, 100_000}) {
            stanzas.clear();
            feed(STREAM + features + "\n " + presence + empty, chunk);
            assertEquals(List.of(features, presence, empty), stanzas, "chunks of " + chunk);
        }
    }

    @Test
    void aGreaterThanSignInsideQuotesDoesNotEndTheTag() {
        feed(STREAM + "<message from='a>b' to=\"c>d\"><body>x &gt; y</body></message>", 5);
        assertEquals(List.of("<message from='a>b' to=\"c>d\"><body>x &gt; y</body></message>"), stanzas);
    }

    @Test
    void aRestartedStreamReplacesTheRoot() {
        feed(STREAM + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + STREAM
            + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>", 3);
        assertEquals(2, stanzas.size());
        assertEquals("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", stanzas.get(0));
        assertTrue(stanzas.get(1).startsWith("<stream:features>"));
        assertEquals(1, splitter.depth());
    }

    @Test
    void multiByteCharactersSplitBetweenChunksSurvive() {
        final String message = "<message><body>Ｊuliet — 🎭</body></message>";
        feed(STREAM + message, 1);
        assertEquals(List.of(message), stanzas);
    }

    @Test
    void theEndOfTheStreamIsReported() {
        feed(STREAM + "<presence/></stream:stream>", 4);
        assertEquals(List.of("<presence/>"), stanzas);
        assertTrue(closed);
        assertEquals(0, splitter.depth());
    }

    @Test
    void aLongStanzaGrowsTheBuffer() {
        final String body = "y".repeat(200_000);
        final String message = "<message><body>" + body + "</body></message>";
        feed(STREAM + message + "<presence/>", 10_000);
        assertEquals(List.of(message, "<presence/>"), stanzas);
    }
}

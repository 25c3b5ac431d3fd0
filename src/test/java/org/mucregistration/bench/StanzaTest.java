package org.mucregistration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StanzaTest {

    private static final String SELF = "<presence from=\"room@conference.localhost/nick\" to=\"u@localhost/r\">"
        + "<x xmlns=\"http://jabber.org/protocol/muc#user\"><item affiliation=\"none\" role=\"participant\" "
        + "jid=\"u@localhost/r\" type=\"child\"/><status code=\"110\"/></x></presence>";

    @Test
    void readsTheStartTagsAttributesNotTheChildrens() {
        assertEquals("presence", Stanza.name(SELF));
        assertEquals("room@conference.localhost/nick", Stanza.attribute(SELF, "from"));
        assertEquals("u@localhost/r", Stanza.attribute(SELF, "to"));
        assertNull(Stanza.attribute(SELF, "type"));
        assertNull(Stanza.attribute(SELF, "id"));
    }

    @Test
    void readsEitherQuoteAndUnescapes() {
        final String iq = "<iq type='error' id='a&amp;b' from=\"r@c/it&apos;s\"/>";
        assertEquals("error", Stanza.attribute(iq, "type"));
        assertEquals("a&b", Stanza.attribute(iq, "id"));
        assertEquals("r@c/it's", Stanza.attribute(iq, "from"));
        assertEquals("iq", Stanza.name(iq));
    }

    @Test
    void anAttributeNameInsideAnotherIsNotIt() {
        final String xml = "<message xml:lang='en' lang-type='x' type='groupchat'/>";
        assertEquals("groupchat", Stanza.attribute(xml, "type"));
        assertEquals("en", Stanza.attribute(xml, "xml:lang"));
    }

    @Test
    void statusCodesAndBodies() {
        assertTrue(Stanza.hasStatus(SELF, 110));
        assertFalse(Stanza.hasStatus(SELF, 201));
        assertEquals("T1 5 6 xx", Stanza.body("<message><body>T1 5 6 xx</body></message>"));
        assertEquals("a<b", Stanza.body("<message><bodyguard/><body xml:lang='en'>a&lt;b</body></message>"));
        assertEquals("", Stanza.body("<message><body/></message>"));
        assertNull(Stanza.body("<message><subject/></message>"));
    }

    @Test
    void errorConditions() {
        assertEquals("conflict", Stanza.errorCondition("<presence type=\"error\"><x/><error code=\"409\" type=\"cancel\">"
            + "<conflict xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error></presence>"));
        assertNull(Stanza.errorCondition("<iq type='result'/>"));
    }

    @Test
    void messageBodiesOfTheWorkloads() {
        final String body = ChatRooms.body("L3", 123456789L, 42, 64);
        assertEquals(64, body.length());
        assertEquals(123456789L, ChatRooms.fields(body, "L3")[0]);
        assertEquals(42, ChatRooms.fields(body, "L3")[1]);
        assertNull(ChatRooms.fields(body, "L"));
        assertNull(ChatRooms.fields(body, "L33"));
        assertNull(ChatRooms.fields("L3 x y z", "L3"));
        assertNull(ChatRooms.fields(null, "L3"));
    }

    @Test
    void registrationAnswers() {
        assertEquals("r7", Muc.registeredNick("<iq type='result'><query xmlns='jabber:iq:register'><registered/>"
            + "<username>r7</username></query></iq>"));
        assertNull(Muc.registeredNick("<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data'/>"
            + "</query></iq>"));
    }
}

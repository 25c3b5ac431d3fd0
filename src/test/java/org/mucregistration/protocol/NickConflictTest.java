package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.Presence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.presence;

/** Joining as a nickname reserved by someone else (XEP-0045 §7.2.9). */
class NickConflictTest {

    @Test
    void replyIsTheSeedsConflictPresence() {
        final Presence join = presence("<presence from='user3@localhost/garden' to='room@conference.localhost/Juliet'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        assertXml("<presence type='error' from='room@conference.localhost/Juliet' to='user3@localhost/garden'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/>"
            + "<error type='cancel' by='room@conference.localhost'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>", NickConflict.reply(join));
    }

    @Test
    void replyKeepsTheIdAndDoesNotTouchTheRequest() {
        final String xml = "<presence id='j1' from='user3@localhost/garden' to='room@conference.localhost/Juliet'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/></presence>";
        final Presence join = presence(xml);
        final Presence reply = NickConflict.reply(join);
        assertXml("<presence id='j1' type='error' from='room@conference.localhost/Juliet' to='user3@localhost/garden'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/>"
            + "<error type='cancel' by='room@conference.localhost'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>", reply);
        assertXml(xml, join);
    }

    @Test
    void nickChangeWithoutMucPayloadGetsAnErrorWithoutIt() {
        final Presence change = presence("<presence from='user3@localhost/garden' to='room@conference.localhost/Juliet'/>");
        assertXml("<presence type='error' from='room@conference.localhost/Juliet' to='user3@localhost/garden'>"
            + "<error type='cancel' by='room@conference.localhost'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>", NickConflict.reply(change));
    }

    @Test
    void occupancyRequests() {
        assertTrue(NickConflict.isOccupancyRequest(presence(
            "<presence from='u@localhost/r' to='room@conference.localhost/Juliet'><x xmlns='http://jabber.org/protocol/muc'/></presence>")));
        assertTrue(NickConflict.isOccupancyRequest(presence(
            "<presence from='u@localhost/r' to='room@conference.localhost/Juliet'><show>away</show></presence>")));
        assertFalse(NickConflict.isOccupancyRequest(presence(
            "<presence type='unavailable' from='u@localhost/r' to='room@conference.localhost/Juliet'/>")));
        assertFalse(NickConflict.isOccupancyRequest(presence(
            "<presence type='subscribe' from='u@localhost/r' to='room@conference.localhost/Juliet'/>")));
        assertFalse(NickConflict.isOccupancyRequest(presence(
            "<presence from='u@localhost/r' to='room@conference.localhost'/>")));
        assertFalse(NickConflict.isOccupancyRequest(presence(
            "<presence from='u@localhost/r' to='conference.localhost'/>")));
        assertFalse(NickConflict.isOccupancyRequest(presence("<presence from='u@localhost/r'/>")));
    }
}

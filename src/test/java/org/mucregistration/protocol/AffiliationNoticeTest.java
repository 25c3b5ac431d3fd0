package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

import static org.mucregistration.protocol.Xml.assertXml;

/** The out-of-room affiliation change message (XEP-0045 §9.3, as Prosody sends it). */
class AffiliationNoticeTest {

    @Test
    void bareJidsAndNoType() {
        assertXml("<message from='room@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item jid='user2@localhost' affiliation='none'/></x></message>",
            AffiliationNotice.outOfRoom(new JID("room@conference.localhost/Romeo"), new JID("user2@localhost/balcony"),
                RoomAffiliation.none));
        assertXml("<message from='room@conference.localhost'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item jid='user2@localhost' affiliation='member'/></x></message>",
            AffiliationNotice.outOfRoom(new JID("room@conference.localhost"), new JID("user2@localhost"),
                RoomAffiliation.member));
    }
}

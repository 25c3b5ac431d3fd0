package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.iq;

/** x-roomuser-item (XEP-0045 §7.12): one identity, or an empty query. */
class RoomUserItemTest {
    private static final String HEAD = "id='getnick1' from='user2@localhost/balcony' to='room@conference.localhost'";
    private static final String REPLY = "<iq type='result' id='getnick1' from='room@conference.localhost' "
        + "to='user2@localhost/balcony'>";

    private static IQ query() {
        return iq("<iq type='get' " + HEAD + "><query xmlns='http://jabber.org/protocol/disco#info' "
            + "node='x-roomuser-item'/></iq>");
    }

    @Test
    void reservedNickIsExactlyOneIdentity() {
        assertXml(REPLY + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'>"
            + "<identity category='conference' name='Juliet' type='text'/></query></iq>",
            RoomUserItem.reply(query(), Optional.of("Juliet")));
    }

    @Test
    void noReservationIsAnEmptyQuery() {
        assertXml(REPLY + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>",
            RoomUserItem.reply(query(), Optional.empty()));
    }

    @Test
    void isQuery() {
        assertTrue(RoomUserItem.isQuery(query()));
        assertFalse(RoomUserItem.isQuery(iq("<iq type='get' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/disco#info'/></iq>")), "plain disco#info");
        assertFalse(RoomUserItem.isQuery(iq("<iq type='get' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/disco#info' node='other'/></iq>")));
        assertFalse(RoomUserItem.isQuery(iq("<iq type='get' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/disco#items' node='x-roomuser-item'/></iq>")));
        assertFalse(RoomUserItem.isQuery(iq("<iq type='set' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>")));
        assertFalse(RoomUserItem.isQuery(iq("<iq type='result' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>")));
    }
}

package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.Presence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.presence;

/** Children of {@code <x xmlns='…muc#user'>}: statuses (not 110), items, others, status 110. */
class MucUserOrderTest {

    private static final String FROM = "from='room@conference.localhost/Romeo' to='user@localhost/r'";

    @Test
    void openfireRoomCreationPresenceIsReordered() {
        // What Openfire sends on room creation: item, 110, 201 (notes §2 step 1).
        final Presence p = presence("<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item jid='user@localhost/r' affiliation='owner' role='moderator'/>"
            + "<status code='110'/><status code='201'/></x></presence>");
        assertTrue(MucUserOrder.apply(p));
        assertXml("<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='201'/>"
            + "<item jid='user@localhost/r' affiliation='owner' role='moderator'/>"
            + "<status code='110'/></x></presence>", p);
    }

    @Test
    void kickStatus307GoesBeforeTheItemAnd110Last() {
        final Presence p = presence("<presence type='unavailable' " + FROM + ">"
            + "<x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='none' role='none' jid='user3@localhost/r'><reason>This nickname is reserved</reason></item>"
            + "<status code='110'/><status code='307'/></x></presence>");
        assertTrue(MucUserOrder.apply(p));
        assertXml("<presence type='unavailable' " + FROM + ">"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='307'/>"
            + "<item affiliation='none' role='none' jid='user3@localhost/r'><reason>This nickname is reserved</reason></item>"
            + "<status code='110'/></x></presence>", p);
    }

    @Test
    void othersGoBetweenItemsAnd110() {
        final Presence p = presence("<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='110'/><destroy jid='other@conference.localhost'/><item affiliation='none' role='none'/>"
            + "<status code='100'/><status code='170'/></x></presence>");
        assertTrue(MucUserOrder.apply(p));
        assertXml("<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='100'/><status code='170'/><item affiliation='none' role='none'/>"
            + "<destroy jid='other@conference.localhost'/><status code='110'/></x></presence>", p);
    }

    @Test
    void idempotent() {
        final Presence p = presence("<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>");
        assertTrue(MucUserOrder.apply(p));
        final String once = p.toXML();
        assertFalse(MucUserOrder.apply(p));
        assertXml(once, p);
    }

    @Test
    void alreadyOrderedIsLeftAlone() {
        final String xml = "<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='201'/><item affiliation='owner' role='moderator'/><status code='110'/></x></presence>";
        final Presence p = presence(xml);
        assertFalse(MucUserOrder.apply(p));
        assertXml(xml, p);
    }

    @Test
    void withoutMucUserPayloadNothingHappens() {
        final String xml = "<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc'>"
            + "<status code='110'/><item/></x></presence>";
        final Presence p = presence(xml);
        assertFalse(MucUserOrder.apply(p));
        assertXml(xml, p);
        final Presence bare = presence("<presence " + FROM + "/>");
        assertFalse(MucUserOrder.apply(bare));
    }

    @Test
    void singleChildIsLeftAlone() {
        final String xml = "<presence " + FROM + "><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='none' role='participant'/></x></presence>";
        final Presence p = presence(xml);
        assertFalse(MucUserOrder.apply(p));
        assertXml(xml, p);
    }

    @Test
    void otherPayloadsOfThePresenceStayWhereTheyAre() {
        final Presence p = presence("<presence " + FROM + "><show>away</show>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/>"
            + "<status code='110'/><status code='210'/></x>"
            + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='abc'/></presence>");
        assertTrue(MucUserOrder.apply(p));
        assertXml("<presence " + FROM + "><show>away</show>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='210'/>"
            + "<item affiliation='none' role='participant'/><status code='110'/></x>"
            + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='abc'/></presence>", p);
    }
}

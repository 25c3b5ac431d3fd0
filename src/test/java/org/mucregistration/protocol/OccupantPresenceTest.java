package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.presence;

/** The three forms of an occupant's presence after a change, with and without an actor. */
class OccupantPresenceTest {
    private static final String CURRENT = "<presence from='room@conference.localhost/Rosaline'>"
        + "<x xmlns='http://jabber.org/protocol/muc#user'>"
        + "<item affiliation='member' role='participant' jid='user3@localhost/garden'/></x></presence>";
    private static final Actor ROMEO = new Actor(new JID("user@localhost/orchard"), "Romeo");

    @Test
    void selfWithActorHasItsNickOnlyAnd110Last() {
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant' jid='user3@localhost/garden'><actor nick='Romeo'/></item>"
            + "<status code='110'/></x></presence>", OccupantPresence.forSelf(presence(CURRENT), ROMEO));
    }

    @Test
    void jidViewerWithActorHasItsFullJidAndNick() {
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant' jid='user3@localhost/garden'>"
            + "<actor jid='user@localhost/orchard' nick='Romeo'/></item></x></presence>",
            OccupantPresence.forJidViewer(presence(CURRENT), ROMEO));
    }

    @Test
    void othersWithActorHaveNoJidsAtAll() {
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant'><actor nick='Romeo'/></item></x></presence>",
            OccupantPresence.forOthers(presence(CURRENT), ROMEO));
    }

    @Test
    void withoutActorThereIsNoActorElement() {
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant' jid='user3@localhost/garden'/><status code='110'/></x>"
            + "</presence>", OccupantPresence.forSelf(presence(CURRENT), Actor.NONE));
        assertXml(CURRENT, OccupantPresence.forJidViewer(presence(CURRENT), Actor.NONE));
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant'/></x></presence>",
            OccupantPresence.forOthers(presence(CURRENT), Actor.NONE));
    }

    @Test
    void actorWithoutNickInTheRoom() {
        final Actor absent = new Actor(new JID("user@localhost/orchard"), null);
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant' jid='user3@localhost/garden'>"
            + "<actor jid='user@localhost/orchard'/></item></x></presence>",
            OccupantPresence.forJidViewer(presence(CURRENT), absent));
        assertXml("<presence from='room@conference.localhost/Rosaline'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='member' role='participant'/></x></presence>",
            OccupantPresence.forOthers(presence(CURRENT), absent));
    }

    @Test
    void theCurrentPresenceIsNotChanged() {
        final Presence current = presence(CURRENT);
        OccupantPresence.forSelf(current, ROMEO);
        OccupantPresence.forJidViewer(current, ROMEO);
        OccupantPresence.forOthers(current, ROMEO);
        assertXml(CURRENT, current);
    }

    @Test
    void notAnOccupantPresence() {
        assertThrows(IllegalArgumentException.class,
            () -> OccupantPresence.forSelf(presence("<presence from='room@conference.localhost/R'/>"), ROMEO));
        assertThrows(IllegalArgumentException.class, () -> OccupantPresence.forOthers(presence(
            "<presence from='room@conference.localhost/R'><x xmlns='http://jabber.org/protocol/muc#user'/></presence>"),
            ROMEO));
    }
}

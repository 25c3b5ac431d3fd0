package org.mucregistration.openfire;

import static org.mucregistration.protocol.Xml.assertXml;

import org.junit.jupiter.api.Test;
import org.mucregistration.protocol.Actor;
import org.mucregistration.protocol.Xml;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

import java.util.Set;

/** The actor goes into the presences Openfire sends while the plugin applies an affiliation change, and only then. */
class AffiliationActorTest {
    static final JID ROOM = new JID("room@conference.localhost");
    static final JID ROMEO = new JID("user@localhost/orchard");
    static final JID MODERATOR = new JID("user4@localhost/kitchen");
    static final JID JULIET = new JID("user2@localhost/balcony");
    static final Actor BY_ROMEO = new Actor(ROMEO, "Romeo");

    private static Presence removal(JID to) {
        return Xml.presence("<presence type='unavailable' from='room@conference.localhost/Juliet' to='" + to + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/>"
            + "<status code='321'/></x></presence>");
    }

    @Test
    void eachRecipientGetsTheActorInTheFormItMaySee() throws Exception {
        final Presence toModerator = removal(MODERATOR);
        final Presence toJuliet = removal(JULIET);
        AffiliationActor.during(ROOM, BY_ROMEO, Set.of(MODERATOR), () -> {
            AffiliationActor.addTo(toModerator);
            AffiliationActor.addTo(toJuliet);
            AffiliationActor.addTo(toJuliet); // Openfire may pass one presence object twice: one actor
            return null;
        });
        assertXml("<presence type='unavailable' from='room@conference.localhost/Juliet' to='" + MODERATOR + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'>"
            + "<actor jid='" + ROMEO + "' nick='Romeo'/></item><status code='321'/></x></presence>", toModerator);
        assertXml("<presence type='unavailable' from='room@conference.localhost/Juliet' to='" + JULIET + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'>"
            + "<actor nick='Romeo'/></item><status code='321'/></x></presence>", toJuliet);
    }

    @Test
    void nothingOutsideAChangeOrFromAnotherRoomOrByTheServer() throws Exception {
        final Presence outside = removal(MODERATOR);
        AffiliationActor.addTo(outside);
        final Presence otherRoom = Xml.presence("<presence from='other@conference.localhost/X' to='" + MODERATOR + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='none'/></x></presence>");
        final Presence byServer = removal(MODERATOR);
        AffiliationActor.during(ROOM, BY_ROMEO, Set.of(MODERATOR), () -> {
            AffiliationActor.addTo(otherRoom);
            return null;
        });
        AffiliationActor.during(ROOM, Actor.NONE, Set.of(MODERATOR), () -> {
            AffiliationActor.addTo(byServer);
            return null;
        });
        for (Presence untouched : new Presence[] {outside, otherRoom, byServer}) {
            assertXml(untouched.toXML().replace("<actor", "<unexpected"), untouched);
        }
    }
}

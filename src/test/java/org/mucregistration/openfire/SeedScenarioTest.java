package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.Test;
import org.mucregistration.protocol.Xml;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.protocol.Xml.assertXml;

/**
 * The seed scenario (shared/seed/muc_register.scs) from step 3 on, through the interceptor and the muc#admin handler,
 * against a mocked Openfire room (Openfire's own parts, e.g. joins, simulated by the fixture). Each step checks every
 * stanza the plugin sends, to whom, in order, with the seed's payloads.
 */
class SeedScenarioTest {
    private static final String X = "<x xmlns='http://jabber.org/protocol/muc#user'>";
    private final MucFixture f;
    private final MucPacketInterceptor interceptor;
    private final MucAdminHandler admin;
    /** What the plugin emitted, in order: sent to occupants, routed, and returned by the admin handler. */
    private final List<Packet> wire = new ArrayList<>();

    SeedScenarioTest() throws Exception {
        f = MucFixture.withRomeo();
        interceptor = new MucPacketInterceptor(new MucServices("localhost", s -> "conference".equals(s) ? f.service : null),
            Handlers.registration(f.changes, () -> false), f.changes, f.router,
            () -> false);
        admin = Handlers.admin(f.service, f.changes);
    }

    /** A client's stanza reaches the server: the interceptor first, then (if it still goes to a room) Openfire. */
    private Packet send(String xml) throws Exception {
        final Packet packet = xml.startsWith("<iq") ? Xml.iq(xml) : Xml.presence(xml);
        interceptor.interceptPacket(packet, null, true, false);
        if (packet instanceof IQ iq && packet.getTo().getNode() != null
            && iq.getChildElement() != null && "http://jabber.org/protocol/muc#admin".equals(iq.getChildElement().getNamespaceURI())) {
            final IQ reply = admin.handleIQ(iq);
            collect();
            wire.add(reply);
        }
        collect();
        return packet;
    }

    private void collect() {
        // interleave in the order they happened: occupant sends and routed replies are recorded separately, but each
        // request produces its occupant stanzas before its reply (checked with InOrder in the handler tests).
        wire.addAll(f.sent);
        wire.addAll(f.routed);
        f.sent.clear();
        f.routed.clear();
    }

    /** The stanzas emitted since the last call, each checked against {to, xml}. */
    private void expect(Object... toAndXml) {
        assertEquals(toAndXml.length / 2, wire.size(), () -> "emitted: " + wire);
        for (int i = 0; i < toAndXml.length; i += 2) {
            final Packet packet = wire.get(i / 2);
            assertEquals(toAndXml[i], packet.getTo(), packet::toXML);
            assertXml((String) toAndXml[i + 1], packet);
        }
        wire.clear();
    }

    private static String full(JID jid) {
        return jid.toString();
    }

    @Test
    void theSeed() throws Exception {
        final String room = "room@conference.localhost";

        // member1: Romeo makes Juliet a member: out-of-room message, then the result.
        send("<iq id='member1' to='" + room + "' type='set' from='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member' jid='user2@localhost'/></query></iq>");
        expect(ROMEO, "<message from='" + room + "' to='" + ROMEO + "'>" + X
                + "<item jid='user2@localhost' affiliation='member'/></x></message>",
            ROMEO, "<iq from='" + room + "' id='member1' type='result' to='" + ROMEO + "'/>");

        // Juliet joins (Openfire), gets the form, registers.
        f.join(JULIET, "Juliet", Role.participant);
        send("<iq id='jw81b36f' to='" + room + "' type='get' from='" + JULIET + "'><query xmlns='jabber:iq:register'/></iq>");
        expect(JULIET, "<iq type='result' from='" + room + "' id='jw81b36f' to='" + JULIET + "'>"
            + "<query xmlns='jabber:iq:register'><x type='form' xmlns='jabber:x:data'>"
            + "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
            + "<field type='text-single' label='Nickname' var='muc#register_roomnick'><required/></field></x></query></iq>");
        send(Stanzas.registerSet(JULIET, "Juliet").toXML());
        expect(ROMEO, "<presence from='" + room + "/Juliet' to='" + ROMEO + "'>" + X
                + "<item affiliation='member' jid='" + full(JULIET) + "' role='participant'/></x></presence>",
            JULIET, "<presence from='" + room + "/Juliet' to='" + JULIET + "'>" + X
                + "<item affiliation='member' jid='" + full(JULIET) + "' role='participant'/><status code='110'/></x></presence>",
            JULIET, "<iq type='result' from='" + room + "' id='nv71va54' to='" + JULIET + "'/>");

        // Juliet discovers her reserved nick, then leaves (Openfire).
        send(Stanzas.roomUserItem(JULIET).toXML());
        expect(JULIET, "<iq type='result' from='" + room + "' id='getnick1' to='" + JULIET + "'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'>"
            + "<identity category='conference' name='Juliet' type='text'/></query></iq>");
        f.occupants.removeAll(f.occupantsOf(JULIET));

        // Rosaline tries to join as Juliet.
        final Packet attempt1 = send(Stanzas.join(ROSALINE, "Juliet").toXML());
        expect(ROSALINE, "<presence type='error' from='" + room + "/Juliet' to='" + ROSALINE + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/><error type='cancel' by='" + room + "'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
        assertEquals("conference.localhost", attempt1.getTo().toString());

        // Juliet unregisters: result to her, the out-of-room message to Romeo.
        send(Stanzas.unregister(JULIET).toXML());
        expect(ROMEO, "<message from='" + room + "' to='" + ROMEO + "'>" + X
                + "<item jid='user2@localhost' affiliation='none'/></x></message>",
            JULIET, "<iq type='result' from='" + room + "' id='unreg1' to='" + JULIET + "'/>");

        // Rosaline sneaks in as Juliet: nothing stops her now (Openfire lets her in).
        final Presence attempt2 = (Presence) send(Stanzas.join(ROSALINE, "Juliet").toXML());
        expect();
        assertEquals(room + "/Juliet", attempt2.getTo().toString());
        f.join(ROSALINE, "Juliet", Role.participant);

        // Romeo restores Juliet's nick: Rosaline kicked (Openfire broadcasts it), out-of-room message, result.
        send("<iq id='member1' to='" + room + "' type='set' from='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item affiliation='member' jid='user2@localhost' nick='Juliet'/></query></iq>");
        verify(f.room).kickOccupant(ROSALINE, Affiliation.owner, Role.moderator, null, null, "This nickname is reserved");
        expect(ROMEO, "<message from='" + room + "' to='" + ROMEO + "'>" + X
                + "<item jid='user2@localhost' affiliation='member'/></x></message>",
            ROMEO, "<iq from='" + room + "' id='member1' type='result' to='" + ROMEO + "'/>");

        // Rosaline is denied again; Juliet gets in.
        send(Stanzas.join(ROSALINE, "Juliet").toXML());
        expect(ROSALINE, "<presence type='error' from='" + room + "/Juliet' to='" + ROSALINE + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/><error type='cancel' by='" + room + "'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
        final Packet julietJoin = send(Stanzas.join(JULIET, "Juliet").toXML());
        expect();
        assertEquals(room + "/Juliet", julietJoin.getTo().toString());
        f.join(JULIET, "Juliet", Role.participant);

        // Romeo has no reserved nick yet; registers; Juliet sees him without his JID.
        send(Stanzas.roomUserItem(ROMEO).toXML());
        expect(ROMEO, "<iq type='result' from='" + room + "' id='getnick1' to='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
        send(Stanzas.registerSet(ROMEO, "Romeo").toXML());
        expect(ROMEO, "<presence from='" + room + "/Romeo' to='" + ROMEO + "'>" + X
                + "<item affiliation='owner' jid='" + full(ROMEO) + "' role='moderator'/><status code='110'/></x></presence>",
            JULIET, "<presence from='" + room + "/Romeo' to='" + JULIET + "'>" + X
                + "<item role='moderator' affiliation='owner'/></x></presence>",
            ROMEO, "<iq type='result' from='" + room + "' id='nv71va54' to='" + ROMEO + "'/>");
        send(Stanzas.roomUserItem(ROMEO).toXML());
        expect(ROMEO, "<iq type='result' from='" + room + "' id='getnick1' to='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'>"
            + "<identity category='conference' name='Romeo' type='text'/></query></iq>");

        // The member list.
        send(Stanzas.adminGet(ROMEO, "member").toXML());
        expect(ROMEO, "<iq from='" + room + "' type='result' id='member3' to='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item jid='user2@localhost' affiliation='member' nick='Juliet'/></query></iq>");

        // Juliet leaves; Rosaline joins as herself and may not register.
        f.occupants.removeAll(f.occupantsOf(JULIET));
        send(Stanzas.join(ROSALINE, "Rosaline").toXML());
        expect();
        final MUCOccupant rosaline = f.join(ROSALINE, "Rosaline", Role.participant);
        send("<iq id='reg990' to='" + room + "' type='get' from='" + ROSALINE + "'><query xmlns='jabber:iq:register'/></iq>");
        expect(ROSALINE, "<iq type='error' from='" + room + "' id='reg990' to='" + ROSALINE + "'><error type='auth'>"
            + "<registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        send(Stanzas.registerSet(ROSALINE, "Romeo").toXML());
        expect(ROSALINE, "<iq type='error' from='" + room + "' id='nv71va54' to='" + ROSALINE + "'><error type='auth'>"
            + "<registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        verify(rosaline, never()).send(any());

        // Romeo reserves her nickname for her: presences with actors, then the result.
        send("<iq id='member2' to='" + room + "' type='set' from='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item affiliation='member' jid='user3@localhost' nick='Rosaline'/></query></iq>");
        expect(ROMEO, "<presence from='" + room + "/Rosaline' to='" + ROMEO + "'>" + X
                + "<item affiliation='member' role='participant' jid='" + full(ROSALINE) + "'>"
                + "<actor jid='" + full(ROMEO) + "' nick='Romeo'/></item></x></presence>",
            ROSALINE, "<presence from='" + room + "/Rosaline' to='" + ROSALINE + "'>" + X
                + "<item affiliation='member' role='participant' jid='" + full(ROSALINE) + "'><actor nick='Romeo'/></item>"
                + "<status code='110'/></x></presence>",
            ROMEO, "<iq type='result' id='member2' from='" + room + "' to='" + ROMEO + "'/>");

        // Romeo reserves his own nickname through muc#admin (Prosody #1273).
        send("<iq to='" + room + "' id='reserve' type='set' from='" + ROMEO + "'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item nick='Romeo' affiliation='owner' jid='user@localhost'/></query></iq>");
        expect(ROMEO, "<presence from='" + room + "/Romeo' to='" + ROMEO + "'>" + X
                + "<item role='moderator' jid='" + full(ROMEO) + "' affiliation='owner'><actor nick='Romeo'/></item>"
                + "<status code='110'/></x></presence>",
            ROSALINE, "<presence from='" + room + "/Romeo' to='" + ROSALINE + "'>" + X
                + "<item role='moderator' affiliation='owner'><actor nick='Romeo'/></item></x></presence>",
            ROMEO, "<iq from='" + room + "' id='reserve' type='result' to='" + ROMEO + "'/>");
    }
}

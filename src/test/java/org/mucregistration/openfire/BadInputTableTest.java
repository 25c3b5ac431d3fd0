package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mucregistration.badinput.BadInputCases;
import org.mucregistration.badinput.BadInputTable;
import org.mucregistration.badinput.BadInputTable.Answer;
import org.mucregistration.badinput.BadInputTable.Row;
import org.mucregistration.badinput.BadInputTable.Sender;
import org.mucregistration.protocol.Xml;
import org.mucregistration.storage.Reservation;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * Every row of {@code docs/bad-input.md}, every variant, from every sender, through the plugin's handlers: the answer
 * is the table's, and a refusal changes nothing. (The hostile run in {@code OpenfireEmbeddedIT} sends the same to a
 * real Openfire.)
 */
class BadInputTableTest {
    private static final JID OUTCAST = new JID("user4@localhost/kitchen");
    private static final JID STRANGER = new JID("user5@localhost/street");
    private static final JID MEMBER = new JID("user3@localhost/garden");
    private static final JID ADMIN = new JID("user2@localhost/balcony");
    private static final JID OWNER = new JID("user@localhost/orchard");
    private static final JID TYBALT = new JID("user6@localhost/square");
    private static final JID BENVOLIO = new JID("user7@localhost/square");
    /** The column width of JIDs and nickname keys the tests' store has (as on PostgreSQL). */
    private static final int KEY_CHARS = 1024;

    private static final BadInputCases.Cast CAST = new BadInputCases.Cast("room@conference.localhost",
        "closed@conference.localhost", "nowhere@conference.localhost", OWNER.toBareJID(), "Tybalt", "Benvolio",
        "localhost", KEY_CHARS);

    private static JID from(Sender sender) {
        return switch (sender) {
            case outcast -> OUTCAST;
            case stranger -> STRANGER;
            case member -> MEMBER;
            case admin -> ADMIN;
            case owner -> OWNER;
        };
    }

    @Test
    void everyRowHasStanzasAndEveryStanzaARow() {
        final Set<String> rows = new LinkedHashSet<>();
        for (Row row : BadInputTable.rows()) {
            rows.add(row.id());
            BadInputCases.of(row.id());
        }
        assertEquals(rows, BadInputCases.ids(), "docs/bad-input.md and BadInputCases name the same cases");
    }

    @TestFactory
    Stream<DynamicTest> everyRowEveryVariantEverySender() {
        final List<DynamicTest> tests = new ArrayList<>();
        for (Row row : BadInputTable.rows()) {
            final BadInputCases.Case c = BadInputCases.of(row.id());
            for (int v = 0; v < c.variants().size(); v++) {
                final int variant = v;
                for (Sender sender : Sender.values()) {
                    tests.add(DynamicTest.dynamicTest(row.id() + " #" + v + " from " + sender,
                        () -> check(row, c, variant, sender)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Row row, BadInputCases.Case c, int variant, Sender sender) throws Exception {
        final Room room = new Room();
        final String xml = c.variants().get(variant).xml(CAST, "bad1");
        final Packet stanza = c.kind() == BadInputCases.Kind.JOIN ? Xml.presence(xml) : Xml.iq(xml);
        stanza.setFrom(from(sender));
        final List<Reservation> before = room.f.allReservations();
        room.f.forget();

        final Packet answer = room.send(stanza);

        final Answer expected = row.answerTo(sender);
        final String what = row.id() + " #" + variant + " from " + sender + ": " + xml;
        assertNotNull(answer, "no answer to " + what);
        assertEquals(expected.toString(), describe(answer), what);
        if (!expected.isResult()) {
            room.f.assertNothingChanged(before);
        }
    }

    private static String describe(Packet answer) {
        final PacketError error = answer.getError();
        if (answer instanceof IQ iq && iq.getType() == IQ.Type.result) {
            return "result";
        }
        if (error == null) {
            return "no error: " + answer.toXML();
        }
        return error.getCondition().toXMPP() + "/" + error.getType().toXMPP();
    }

    /** The cast of the table in a room of the fixture, a closed room, and the handlers in front of them. */
    private static final class Room {
        final MucFixture f = new MucFixture();
        final MucPacketInterceptor interceptor;
        final MucAdminHandler admin;

        Room() throws Exception {
            f.setAffiliation(OWNER, Affiliation.owner);
            f.join(OWNER, "Romeo", Role.moderator);
            f.setAffiliation(ADMIN, Affiliation.admin);
            f.setAffiliation(MEMBER, Affiliation.member);
            f.setAffiliation(OUTCAST, Affiliation.outcast);
            f.setAffiliation(TYBALT, Affiliation.member);
            f.reserve(TYBALT, "Tybalt");
            f.join(BENVOLIO, "Benvolio", Role.participant);
            final MucFixture closed = f.server.room("conference", "closed");
            closed.registrationEnabled = false;
            closed.setAffiliation(OWNER, Affiliation.owner);
            // The width of the columns, as the JDBC store says it on PostgreSQL.
            doAnswer(i -> {
                final Reservation r = i.getArgument(0);
                return r.bareJid().length() > KEY_CHARS ? Optional.of("bareJid (at most " + KEY_CHARS + " characters)")
                    : r.nickKey().length() > KEY_CHARS ? Optional.of("nickKey (at most " + KEY_CHARS + " characters)")
                    : Optional.empty();
            }).when(f.store).tooWide(any());
            final MucServices services = new MucServices("localhost",
                subdomain -> "conference".equals(subdomain) ? f.service : null);
            interceptor = new MucPacketInterceptor(services, Handlers.registration(f.changes, () -> false),
                f.changes, f.router, () -> false);
            admin = Handlers.admin(f.service, f.changes);
        }

        /** What the server answers: the interceptor's routed answer, else the muc#admin handler's. */
        Packet send(Packet stanza) throws Exception {
            interceptor.interceptPacket(stanza, null, true, false);
            if (!f.routed.isEmpty()) {
                return f.routed.get(0);
            }
            if (stanza instanceof IQ iq && iq.getChildElement() != null
                && "http://jabber.org/protocol/muc#admin".equals(iq.getChildElement().getNamespaceURI())) {
                return admin.handleIQ(iq);
            }
            if (stanza instanceof Presence) {
                return null; // let through to Openfire: no refusal of the plugin's
            }
            return null;
        }
    }
}

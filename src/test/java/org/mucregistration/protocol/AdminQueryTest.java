package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.iq;

/** muc#admin: what the plugin answers itself, and the list replies. */
class AdminQueryTest {
    private static final String HEAD = "id='a1' from='user@localhost/r' to='room@conference.localhost'";

    private static AdminQuery.Request classify(String type, String items) {
        return AdminQuery.classify(iq("<iq type='" + type + "' " + HEAD
            + "><query xmlns='http://jabber.org/protocol/muc#admin'>" + items + "</query></iq>"));
    }

    @Test
    void affiliationChangeWithNickAndReason() {
        final AdminQuery.Request r = classify("set",
            "<item affiliation='member' jid='user2@localhost/balcony' nick='Juliet'><reason>welcome</reason></item>");
        final List<AdminQuery.Change> changes = assertInstanceOf(AdminQuery.Request.ChangeAffiliations.class, r).changes();
        assertEquals(List.of(new AdminQuery.Change(new JID("user2@localhost"), RoomAffiliation.member, "Juliet", "welcome")),
            changes, "the JID is made bare");
    }

    @Test
    void affiliationChangeWithoutNickOrWithEmptyNick() {
        final AdminQuery.Change noNick = assertInstanceOf(AdminQuery.Request.ChangeAffiliations.class,
            classify("set", "<item affiliation='member' jid='user2@localhost'/>")).changes().get(0);
        assertNull(noNick.nick());
        final AdminQuery.Change empty = assertInstanceOf(AdminQuery.Request.ChangeAffiliations.class,
            classify("set", "<item affiliation='member' jid='user2@localhost' nick=''/>")).changes().get(0);
        assertEquals("", empty.nick());
    }

    @Test
    void roleChangesAndNickOnlyItemsGoToOpenfire() {
        assertInstanceOf(AdminQuery.Request.LeaveToOpenfire.class, classify("set", "<item role='visitor' nick='Juliet'/>"));
        final AdminQuery.Change byNick = assertInstanceOf(AdminQuery.Request.ChangeAffiliations.class,
            classify("set", "<item affiliation='member' nick='Juliet'/>")).changes().get(0);
        assertNull(byNick.jid());
        assertEquals("Juliet", byNick.occupant());
        assertInstanceOf(AdminQuery.Request.LeaveToOpenfire.class, classify("get", "<item role='moderator'/>"));
    }

    @Test
    void malformed() {
        assertBadRequest(classify("set", ""));
        assertBadRequest(classify("set", "<item affiliation='king' jid='u@localhost'/>"));
        assertBadRequest(classify("set", "<item affiliation='member' jid='u@localhost'/><item role='visitor' nick='x'/>"));
        assertBadRequest(classify("get", "<item affiliation='none'/>"));
        assertBadRequest(classify("get", "<item affiliation='king'/>"));
        final AdminQuery.Request badJid = classify("set", "<item affiliation='member' jid='@@@'/>");
        assertEquals(PacketError.Condition.jid_malformed,
            assertInstanceOf(AdminQuery.Request.Malformed.class, badJid).refusal().condition());
    }

    private static void assertBadRequest(AdminQuery.Request r) {
        final Refusal refusal = assertInstanceOf(AdminQuery.Request.Malformed.class, r).refusal();
        assertEquals(PacketError.Condition.bad_request, refusal.condition());
        assertEquals(PacketError.Type.modify, refusal.type());
    }

    @Test
    void listRequest() {
        assertEquals(RoomAffiliation.member, assertInstanceOf(AdminQuery.Request.ListAffiliation.class,
            classify("get", "<item affiliation='member'/>")).affiliation());
        assertEquals(RoomAffiliation.outcast, assertInstanceOf(AdminQuery.Request.ListAffiliation.class,
            classify("get", "<item affiliation='outcast'/>")).affiliation());
    }

    @Test
    void listReplyHasAffiliationJidAndNickWhenReservedButNoRole() {
        final IQ request = iq("<iq type='get' id='member3' from='user@localhost/r' to='room@conference.localhost'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query></iq>");
        final IQ reply = AdminQuery.listReply(request, RoomAffiliation.member, List.of(
            new AdminQuery.ListEntry(new JID("user2@localhost"), "Juliet"),
            new AdminQuery.ListEntry(new JID("user4@localhost"), null)));
        assertXml("<iq type='result' id='member3' from='room@conference.localhost' to='user@localhost/r'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item jid='user2@localhost' affiliation='member' nick='Juliet'/>"
            + "<item jid='user4@localhost' affiliation='member'/>"
            + "</query></iq>", reply);
    }

    @Test
    void emptyList() {
        final IQ request = iq("<iq type='get' id='o' from='user@localhost/r' to='room@conference.localhost'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast'/></query></iq>");
        assertXml("<iq type='result' id='o' from='room@conference.localhost' to='user@localhost/r'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'/></iq>",
            AdminQuery.listReply(request, RoomAffiliation.outcast, List.of()));
    }
}

package org.mucregistration.openfire;

import org.mucregistration.protocol.Xml;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The requests of the seed scenario, as real Tinder stanzas, and assertions on error replies. */
final class Stanzas {
    static final String MUC_USER = "http://jabber.org/protocol/muc#user";

    private Stanzas() {
    }

    static IQ registerGet(JID from) {
        return Xml.iq("<iq id='jw81b36f' to='room@conference.localhost' from='" + from + "' type='get'>"
            + "<query xmlns='jabber:iq:register'/></iq>");
    }

    static IQ registerSet(JID from, String nick) {
        return registerForm(from, "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
            + "<field var='muc#register_roomnick'><value>" + nick + "</value></field></x>");
    }

    static IQ registerForm(JID from, String queryContent) {
        return Xml.iq("<iq id='nv71va54' to='room@conference.localhost' from='" + from + "' type='set'>"
            + "<query xmlns='jabber:iq:register'>" + queryContent + "</query></iq>");
    }

    static IQ unregister(JID from) {
        return Xml.iq("<iq type='set' to='room@conference.localhost' from='" + from + "' id='unreg1'>"
            + "<query xmlns='jabber:iq:register'><remove/></query></iq>");
    }

    static IQ roomUserItem(JID from) {
        return Xml.iq("<iq id='getnick1' to='room@conference.localhost' from='" + from + "' type='get'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
    }

    static IQ adminSet(JID from, String items) {
        return Xml.iq("<iq id='member1' to='room@conference.localhost' from='" + from + "' type='set'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>" + items + "</query></iq>");
    }

    static IQ adminGet(JID from, String affiliation) {
        return Xml.iq("<iq id='member3' to='room@conference.localhost' from='" + from + "' type='get'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='" + affiliation + "'/></query></iq>");
    }

    static Presence join(JID from, String nick) {
        return Xml.presence("<presence to='room@conference.localhost/" + nick + "' from='" + from + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
    }

    /** The reply is an IQ error to the request, from the room, with this condition and type. */
    static void assertError(IQ request, IQ reply, PacketError.Condition condition, PacketError.Type type) {
        assertNotNull(reply, "no reply");
        assertEquals(IQ.Type.error, reply.getType(), reply::toXML);
        assertEquals(request.getID(), reply.getID());
        assertEquals(request.getTo(), reply.getFrom());
        assertEquals(request.getFrom(), reply.getTo());
        final PacketError error = reply.getError();
        assertNotNull(error, reply::toXML);
        assertEquals(condition, error.getCondition(), reply::toXML);
        assertEquals(type, error.getType(), reply::toXML);
        assertFalse(reply.toXML().contains("Exception"), "no exception in the reply: " + reply.toXML());
    }

    /** The empty result of an IQ request, exactly. */
    static void assertEmptyResult(IQ request, Packet reply) {
        Xml.assertXml("<iq type='result' id='" + request.getID() + "' from='" + request.getTo() + "' to='"
            + request.getFrom() + "'/>", reply);
    }
}

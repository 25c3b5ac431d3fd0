package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.protocol.Xml.assertXml;
import static org.mucregistration.protocol.Xml.iq;

/** jabber:iq:register to a room (XEP-0045 §7.10): classification, who may register, the answers. */
class RegistrationTest {
    static final String HEAD = "from='user2@localhost/balcony' to='room@conference.localhost'";
    static final String REPLY_HEAD = "from='room@conference.localhost' to='user2@localhost/balcony'";

    static String submit(String fields) {
        return "<iq id='reg1' type='set' " + HEAD + "><query xmlns='jabber:iq:register'>"
            + "<x xmlns='jabber:x:data' type='submit'>" + fields + "</x></query></iq>";
    }

    static String formType(String value) {
        return "<field var='FORM_TYPE'><value>" + value + "</value></field>";
    }

    static String nick(String value) {
        return "<field var='muc#register_roomnick'><value>" + value + "</value></field>";
    }

    @Test
    void theBlankFormIsExactlyTheSeedsForm() {
        final IQ get = iq("<iq id='jw81b36f' type='get' " + HEAD + "><query xmlns='jabber:iq:register'/></iq>");
        assertXml("<iq type='result' id='jw81b36f' " + REPLY_HEAD + ">"
            + "<query xmlns='jabber:iq:register'>"
            + "<x type='form' xmlns='jabber:x:data'>"
            + "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
            + "<field type='text-single' label='Nickname' var='muc#register_roomnick'><required/></field>"
            + "</x></query></iq>", Registration.formReply(get, Optional.empty()));
    }

    @Test
    void aRegisteredUserGetsRegisteredAndUsername() {
        final IQ get = iq("<iq id='g2' type='get' " + HEAD + "><query xmlns='jabber:iq:register'/></iq>");
        assertXml("<iq type='result' id='g2' " + REPLY_HEAD + "><query xmlns='jabber:iq:register'>"
            + "<registered/><username>Juliet</username></query></iq>", Registration.formReply(get, Optional.of("Juliet")));
    }

    @Test
    void isRegistrationRequest() {
        assertTrue(Registration.isRegistrationRequest(iq("<iq type='get' id='1' " + HEAD
            + "><query xmlns='jabber:iq:register'/></iq>")));
        assertTrue(Registration.isRegistrationRequest(iq(submit(formType(Namespaces.MUC_REGISTER_FORM)))));
        assertFalse(Registration.isRegistrationRequest(iq("<iq type='result' id='1' " + HEAD
            + "><query xmlns='jabber:iq:register'/></iq>")));
        assertFalse(Registration.isRegistrationRequest(iq("<iq type='get' id='1' " + HEAD
            + "><query xmlns='jabber:iq:search'/></iq>")));
        assertFalse(Registration.isRegistrationRequest(iq("<iq type='get' id='1' " + HEAD + "/>")));
    }

    @Test
    void classify() {
        assertInstanceOf(Registration.Request.FormRequest.class, Registration.classify(
            iq("<iq type='get' id='1' " + HEAD + "><query xmlns='jabber:iq:register'/></iq>")));
        assertInstanceOf(Registration.Request.Remove.class, Registration.classify(
            iq("<iq type='set' id='1' " + HEAD + "><query xmlns='jabber:iq:register'><remove/></query></iq>")));
        final Registration.Request submit = Registration.classify(iq(submit(
            formType(Namespaces.MUC_REGISTER_FORM) + nick("Juliet"))));
        final RegistrationForm.Submission submission =
            assertInstanceOf(Registration.Request.Submit.class, submit).submission();
        assertEquals("Juliet",
            assertInstanceOf(RegistrationForm.Submission.Nick.class, submission).nickname().display());
    }

    @Test
    void aSetWithoutFormOrWithFormAndRemoveIsABadRequest() {
        for (String query : new String[]{
            "<query xmlns='jabber:iq:register'/>",
            "<query xmlns='jabber:iq:register'><username>Juliet</username></query>",
            "<query xmlns='jabber:iq:register'><remove/><x xmlns='jabber:x:data' type='submit'>"
                + formType(Namespaces.MUC_REGISTER_FORM) + nick("Juliet") + "</x></query>"}) {
            final Registration.Request r = Registration.classify(iq("<iq type='set' id='1' " + HEAD + ">" + query
                + "</iq>"));
            final Refusal refusal = assertInstanceOf(Registration.Request.Malformed.class, r, query).refusal();
            assertEquals(PacketError.Condition.bad_request, refusal.condition());
            assertEquals(PacketError.Type.modify, refusal.type());
        }
    }

    static Stream<Arguments> whoMayRegister() {
        return Stream.of(
            Arguments.of(RoomAffiliation.owner, false, null, null),
            Arguments.of(RoomAffiliation.admin, false, null, null),
            Arguments.of(RoomAffiliation.member, false, null, null),
            Arguments.of(RoomAffiliation.none, false, PacketError.Condition.registration_required, PacketError.Type.auth),
            Arguments.of(RoomAffiliation.none, true, null, null),
            Arguments.of(RoomAffiliation.outcast, false, PacketError.Condition.forbidden, PacketError.Type.auth),
            Arguments.of(RoomAffiliation.outcast, true, PacketError.Condition.forbidden, PacketError.Type.auth));
    }

    @ParameterizedTest
    @MethodSource
    void whoMayRegister(RoomAffiliation affiliation, boolean open, PacketError.Condition condition,
                        PacketError.Type type) {
        final Optional<Refusal> refusal = Registration.mayRegister(affiliation, open);
        if (condition == null) {
            assertTrue(refusal.isEmpty(), refusal::toString);
        } else {
            assertEquals(condition, refusal.orElseThrow().condition());
            assertEquals(type, refusal.orElseThrow().type());
        }
    }

    @Test
    void affiliationAfterRegisteringAndRemoving() {
        assertEquals(RoomAffiliation.member, Registration.affiliationAfterRegistering(RoomAffiliation.none));
        assertEquals(RoomAffiliation.member, Registration.affiliationAfterRegistering(RoomAffiliation.member));
        assertEquals(RoomAffiliation.admin, Registration.affiliationAfterRegistering(RoomAffiliation.admin));
        assertEquals(RoomAffiliation.owner, Registration.affiliationAfterRegistering(RoomAffiliation.owner));
        assertEquals(RoomAffiliation.none, Registration.affiliationAfterRemoving(RoomAffiliation.member));
        assertEquals(RoomAffiliation.admin, Registration.affiliationAfterRemoving(RoomAffiliation.admin));
        assertEquals(RoomAffiliation.owner, Registration.affiliationAfterRemoving(RoomAffiliation.owner));
    }

    @Test
    void nicknameTakenIsACancelConflict() {
        assertEquals(PacketError.Condition.conflict, Registration.nicknameTaken().condition());
        assertEquals(PacketError.Type.cancel, Registration.nicknameTaken().type());
    }

    @Test
    void refusalReplyIsAnErrorIqWithTheCondition() {
        final IQ get = iq("<iq id='reg990' type='get' " + HEAD + "><query xmlns='jabber:iq:register'/></iq>");
        assertXml("<iq type='error' id='reg990' " + REPLY_HEAD + "><error type='auth'>"
                + "<registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            Registration.mayRegister(RoomAffiliation.none, false).orElseThrow().replyTo(get));
    }
}

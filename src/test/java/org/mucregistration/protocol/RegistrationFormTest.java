package org.mucregistration.protocol;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.PacketError;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mucregistration.protocol.RegistrationTest.formType;
import static org.mucregistration.protocol.RegistrationTest.nick;
import static org.mucregistration.protocol.Xml.assertXml;

/** Reading a submitted registration form: anything but exactly one valid nickname is a bad request. */
class RegistrationFormTest {
    private static final String REGISTER = Namespaces.MUC_REGISTER_FORM;

    /** The query holding the form; {@code {BEL}} in a value becomes U+0007 (XML 1.0 text cannot carry it). */
    private static Element query(String form) {
        final Element query = Xml.parse("<query xmlns='jabber:iq:register'>" + form + "</query>");
        for (Element x : query.elements()) {
            for (Element field : x.elements()) {
                for (Element value : field.elements("value")) {
                    value.setText(value.getText().replace("{BEL}", "\u0007"));
                }
            }
        }
        return query;
    }

    private static String submit(String fields) {
        return "<x xmlns='jabber:x:data' type='submit'>" + fields + "</x>";
    }

    @Test
    void blankFormIsExactlyTwoFields() {
        assertXml("<x type='form' xmlns='jabber:x:data'>"
            + "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
            + "<field type='text-single' label='Nickname' var='muc#register_roomnick'><required/></field>"
            + "</x>", RegistrationForm.blank().getElement());
    }

    @Test
    void aValidSubmissionKeepsTheCase() {
        final RegistrationForm.Submission s = RegistrationForm.read(query(submit(formType(REGISTER) + nick("Juliet"))));
        final Nickname nickname = assertInstanceOf(RegistrationForm.Submission.Nick.class, s).nickname();
        assertEquals("Juliet", nickname.display());
        assertEquals("juliet", nickname.key());
    }

    @Test
    void fieldTypesOnTheSubmissionAndFieldOrderDoNotMatter() {
        final RegistrationForm.Submission s = RegistrationForm.read(query(submit(
            "<field var='muc#register_roomnick' type='text-single'><value>Romeo</value></field>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + REGISTER + "</value></field>")));
        assertEquals("Romeo", assertInstanceOf(RegistrationForm.Submission.Nick.class, s).nickname().display());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
            Arguments.of("no form", ""),
            Arguments.of("two forms", submit(formType(REGISTER) + nick("Juliet")) + submit(formType(REGISTER) + nick("Juliet"))),
            Arguments.of("form type 'form'", "<x xmlns='jabber:x:data' type='form'>" + formType(REGISTER) + nick("Juliet") + "</x>"),
            Arguments.of("form type 'result'", "<x xmlns='jabber:x:data' type='result'>" + formType(REGISTER) + nick("Juliet") + "</x>"),
            Arguments.of("form type 'cancel'", "<x xmlns='jabber:x:data' type='cancel'/>"),
            Arguments.of("form type 'bogus'", "<x xmlns='jabber:x:data' type='bogus'>" + formType(REGISTER) + nick("Juliet") + "</x>"),
            Arguments.of("form without a type", "<x xmlns='jabber:x:data'>" + formType(REGISTER) + nick("Juliet") + "</x>"),
            Arguments.of("form type 'SUBMIT'", "<x xmlns='jabber:x:data' type='SUBMIT'>" + formType(REGISTER) + nick("Juliet") + "</x>"),
            Arguments.of("no FORM_TYPE", submit(nick("Juliet"))),
            Arguments.of("wrong FORM_TYPE", submit(formType("http://jabber.org/protocol/muc#roomconfig") + nick("Juliet"))),
            Arguments.of("two FORM_TYPE", submit(formType(REGISTER) + formType(REGISTER) + nick("Juliet"))),
            Arguments.of("missing nickname", submit(formType(REGISTER))),
            Arguments.of("nickname without value", submit(formType(REGISTER) + "<field var='muc#register_roomnick'/>")),
            Arguments.of("empty nickname", submit(formType(REGISTER) + nick(""))),
            Arguments.of("blank nickname", submit(formType(REGISTER) + nick("   "))),
            Arguments.of("duplicated nickname field", submit(formType(REGISTER) + nick("Juliet") + nick("Juliet"))),
            Arguments.of("multi-valued nickname", submit(formType(REGISTER)
                + "<field var='muc#register_roomnick'><value>Juliet</value><value>Romeo</value></field>")),
            Arguments.of("oversized nickname", submit(formType(REGISTER) + nick("j".repeat(Nickname.MAX_LENGTH + 1)))),
            Arguments.of("control character", submit(formType(REGISTER) + nick("Jul{BEL}iet"))),
            Arguments.of("only spaces", submit(formType(REGISTER) + nick("&#160;&#160;"))),
            Arguments.of("zero-width space", submit(formType(REGISTER) + nick("Jul&#8203;iet"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Jul&#9;iet", "Jul&#10;iet", "Jul&#13;iet", "Juliet&#9;"})
    void whitespaceControlCharactersInTheNicknameAreABadRequest(String value) {
        final RegistrationForm.Submission s = RegistrationForm.read(query(submit(formType(REGISTER) + nick(value))));
        assertInstanceOf(RegistrationForm.Submission.Invalid.class, s, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequest(String what, String form) {
        final RegistrationForm.Submission s = RegistrationForm.read(query(form));
        final Refusal refusal = assertInstanceOf(RegistrationForm.Submission.Invalid.class, s, what).refusal();
        assertEquals(PacketError.Condition.bad_request, refusal.condition(), what);
        assertEquals(PacketError.Type.modify, refusal.type(), what);
    }
}

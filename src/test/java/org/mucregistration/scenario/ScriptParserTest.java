package org.mucregistration.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptParserTest {

    private static String seed() throws IOException {
        try (InputStream in = ScriptParserTest.class.getResourceAsStream("/scenarios/muc_register.scs")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String HEADER = "[Client] Romeo\njid: user@localhost\npassword: password\n-----\n";

    @Test
    void parsesTheFlushLeftSeed() throws Exception {
        Script script = ScriptParser.parse("muc_register.scs", seed());
        assertEquals("MUC: Room registration and reserved nicknames", script.title());
        assertEquals(List.of("Romeo", "Juliet", "Rosaline"), script.clients().stream().map(ClientSpec::name).toList());
        assertEquals("user2@localhost", script.client("Juliet").orElseThrow().bareJid());
        assertEquals(78, script.steps().size());

        Step first = script.steps().get(0);
        assertEquals(new Step(1, 12, "Romeo", Step.Action.CONNECTS, "", 0, List.of()), first);
        Step join = script.steps().get(1);
        assertEquals(Step.Action.SENDS, join.action());
        assertEquals(14, join.xmlLine());
        assertEquals(List.of("<presence to=\"room@conference.localhost/Romeo\">\n<x xmlns=\"http://jabber.org/protocol/muc\"/>\n</presence>"),
                join.stanzas());
        Step conflict = script.steps().stream().filter(s -> s.line() == 142).findFirst().orElseThrow();
        assertEquals("Rosaline receives:", conflict.title());
        assertEquals(143, conflict.xmlLine());
        // step numbers are positions
        for (int i = 0; i < script.steps().size(); i++) {
            assertEquals(i + 1, script.steps().get(i).number());
        }
    }

    @Test
    void tabIndentedScriptWithBlankLinesParsesLikeFlushLeft() throws Exception {
        String tabbed = """
                # Title here
                ## tag

                [Client] Romeo
                \tjid: user@localhost
                \tpassword: password

                [Client] Juliet's phone
                \tjid: user2@localhost/phone
                \tpassword: secret
                \tconnect_host: 10.0.0.1
                \tconnect_port: 5223

                ---------

                # comment
                Romeo connects

                Romeo sends:
                \t<presence to="room@conference.localhost/Romeo">
                \t\t<x xmlns="http://jabber.org/protocol/muc"/>
                \t</presence>

                Romeo receives:
                \t<presence from="${Juliet's phone's full JID}"/>
                """;
        Script script = ScriptParser.parse("tabbed.scs", tabbed);
        assertEquals("Title here", script.title());
        ClientSpec phone = script.client("Juliet's phone").orElseThrow();
        assertEquals(new ClientSpec("Juliet's phone", "user2@localhost", "secret", "phone", "10.0.0.1", 5223, 8), phone);
        assertEquals(3, script.steps().size());
        assertEquals(17, script.steps().get(0).line());
        assertEquals(19, script.steps().get(1).line());
        assertEquals(20, script.steps().get(1).xmlLine());
        assertEquals("\t<presence to=\"room@conference.localhost/Romeo\">\n\t\t<x xmlns=\"http://jabber.org/protocol/muc\"/>\n\t</presence>\n",
                script.steps().get(1).xml());
        assertEquals(List.of("<presence from=\"${Juliet's phone's full JID}\"/>"), script.steps().get(2).stanzas());
    }

    @Test
    void colonIsOptionalAndCommentsAreSkipped() throws Exception {
        Script script = ScriptParser.parse("t.scs", HEADER + """
                Romeo connects
                // a comment
                -- another
                Romeo sends
                <presence/>
                # and another
                Romeo receives
                <presence/>
                Romeo receives: nothing
                Romeo disconnects
                """);
        assertEquals(List.of(Step.Action.CONNECTS, Step.Action.SENDS, Step.Action.RECEIVES, Step.Action.RECEIVES_NOTHING,
                Step.Action.DISCONNECTS), script.steps().stream().map(Step::action).toList());
        assertEquals(List.of(5, 8, 11, 13, 14), script.steps().stream().map(Step::line).toList());
    }

    @Test
    void aBlockMayHoldSeveralStanzasEvenAcrossBlankLines() throws Exception {
        Script script = ScriptParser.parse("t.scs", HEADER + """
                Romeo connects
                Romeo sends:
                <message to='a@localhost'><body>one &amp; <![CDATA[<two>]]></body></message><presence/>

                <iq type='get' id='x' attr='a>b'><query xmlns='jabber:iq:version'/></iq>
                Romeo disconnects
                """);
        Step sends = script.steps().get(1);
        assertEquals(3, sends.stanzas().size());
        assertEquals("<presence/>", sends.stanzas().get(1));
        assertEquals("<iq type='get' id='x' attr='a>b'><query xmlns='jabber:iq:version'/></iq>", sends.stanzas().get(2));
        assertEquals(Step.Action.DISCONNECTS, script.steps().get(2).action());
        assertEquals(10, script.steps().get(2).line());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown action", HEADER + "Romeo connects\nRomeo shouts:\n<presence/>\n", 6, "unknown action"),
                Arguments.of("unknown client", HEADER + "Romeo connects\nMercutio connects\n", 6, "unknown client 'Mercutio'"),
                Arguments.of("unknown client in sends", HEADER + "Nobody sends:\n<presence/>\n", 5, "unknown client 'Nobody'"),
                Arguments.of("unclosed XML", HEADER + "Romeo connects\nRomeo sends:\n<presence>\n<x/>\nRomeo disconnects\n", 7,
                        "unclosed XML"),
                Arguments.of("mismatched tags", HEADER + "Romeo sends:\n<presence>\n<x>\n</y>\n</presence>\n", 8,
                        "malformed XML"),
                Arguments.of("undeclared prefix", HEADER + "Romeo sends:\n<presence>\n<foo:x/>\n</presence>\n", 7,
                        "malformed XML"),
                Arguments.of("undefined variable", HEADER + "Romeo sends:\n<presence>\n<x to=\"${Nobody's JID}\"/>\n</presence>\n",
                        7, "undefined variable ${Nobody's JID}"),
                Arguments.of("not a variable", HEADER + "Romeo sends:\n<presence to=\"${Romeo's password}\"/>\n", 6,
                        "undefined variable ${Romeo's password}"),
                Arguments.of("missing separator", "[Client] Romeo\njid: user@localhost\npassword: p\nRomeo connects\n", 4,
                        "separator missing"),
                Arguments.of("no separator at all", "[Client] Romeo\njid: user@localhost\npassword: p\n", 4,
                        "missing the '-----' separator"),
                Arguments.of("XML outside a step", HEADER + "Romeo connects\n<presence/>\n", 6, "XML outside"),
                Arguments.of("sends without XML", HEADER + "Romeo sends:\nRomeo connects\n", 6, "expected XML"),
                Arguments.of("sends at end of file", HEADER + "Romeo sends:\n", 5, "not followed by XML"),
                Arguments.of("text after XML", HEADER + "Romeo sends:\n<presence/> oops\n", 6, "unexpected text"),
                Arguments.of("unknown property", "[Client] Romeo\njid: user@localhost\npasswd: p\n-----\n", 3,
                        "unknown client property"),
                Arguments.of("no jid", "[Client] Romeo\npassword: p\n-----\n", 1, "has no jid"),
                Arguments.of("bad port", "[Client] Romeo\njid: a@b\npassword: p\nconnect_port: x\n-----\n", 4, "connect_port"),
                Arguments.of("bad strict flag", HEADER + "Romeo receives:\n<presence scansion:strict='yes'/>\n", 6,
                        "scansion:strict"),
                Arguments.of("capture", HEADER + "Romeo receives:\n<presence id='{scansion:capture:x}'/>\n", 6,
                        "not supported"),
                Arguments.of("connects with text", HEADER + "Romeo connects now\n", 5, "unexpected text"),
                Arguments.of("duplicate client", "[Client] A\njid: a@b\npassword: p\n[Client] A\njid: a@b\npassword: p\n-----\n",
                        4, "declared twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedScriptsWithTheLineNumber(String what, String text, int line, String message) {
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptParser.parse("bad.scs", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.scs:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}

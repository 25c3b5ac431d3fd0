package org.mucregistration.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VariablesTest {

    private static Variables variables() {
        Variables v = new Variables();
        v.bindBare("Romeo", "romeo@localhost");
        v.bindBare("Juliet's phone", "juliet@localhost");
        return v;
    }

    @Test
    void substitutesBareAndFullJids() throws Exception {
        Variables v = variables();
        v.bindFull("Romeo", "romeo@localhost/scansion-abc");
        assertEquals("<a to=\"romeo@localhost\" from='romeo@localhost/scansion-abc'>romeo@localhost</a>",
                v.substitute("<a to=\"${Romeo's JID}\" from='${Romeo's full JID}'>${Romeo's JID}</a>"));
    }

    @Test
    void namesMayContainApostrophesAndSpaces() throws Exception {
        Variables v = variables();
        v.bindFull("Juliet's phone", "juliet@localhost/phone");
        assertEquals("juliet@localhost/phone|juliet@localhost", v.substitute("${Juliet's phone's full JID}|${Juliet's phone's JID}"));
    }

    @Test
    void valuesAreXmlEscaped() throws Exception {
        Variables v = variables();
        v.bindFull("Romeo", "romeo@localhost/it's <me> & \"you\"");
        assertEquals("romeo@localhost/it&apos;s &lt;me&gt; &amp; &quot;you&quot;", v.substitute("${Romeo's full JID}"));
    }

    @Test
    void fullJidIsUnknownBeforeConnecting() {
        var e = assertThrows(Variables.UndefinedVariableException.class, () -> variables().substitute("${Romeo's full JID}"));
        assertTrue(e.getMessage().contains("Romeo has not connected yet"), e.getMessage());
    }

    @Test
    void unknownNamesAndFormsAreRejected() {
        var unknown = assertThrows(Variables.UndefinedVariableException.class, () -> variables().substitute("${Nobody's JID}"));
        assertEquals("undefined variable ${Nobody's JID}: no client named 'Nobody'", unknown.getMessage());
        var form = assertThrows(Variables.UndefinedVariableException.class, () -> variables().substitute("${Romeo}"));
        assertTrue(form.getMessage().contains("only ${Name's JID} and ${Name's full JID} exist"), form.getMessage());
        var lower = assertThrows(Variables.UndefinedVariableException.class,
                () -> Variables.parseReference("Romeo's jid", Set.of("Romeo")));
        assertTrue(lower.getMessage().startsWith("undefined variable"), lower.getMessage());
    }

    @Test
    void placeholdersHaveTheShapeOfTheValues() throws Exception {
        assertEquals("a@b / a@b/scansion-00000000 / $notavariable",
                Variables.substitutePlaceholders("${A's JID} / ${A's full JID} / $notavariable", Map.of("A", "a@b")));
    }
}

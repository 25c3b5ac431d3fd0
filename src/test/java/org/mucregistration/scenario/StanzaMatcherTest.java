package org.mucregistration.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;

class StanzaMatcherTest {

    private static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " from='localhost' version='1.0'>";
    private static final String MUC_USER = "http://jabber.org/protocol/muc#user";

    private static StanzaMatcher.Result match(String expected, String received) throws Exception {
        Element e = XmlFragments.parseScriptXml(expected).get(0);
        Element r = XmlFragments.parseStreamElement(HEADER, received);
        return StanzaMatcher.match(e, r);
    }

    private static void matches(String expected, String received) throws Exception {
        StanzaMatcher.Result result = match(expected, received);
        assertTrue(result.matched(), result.reason());
    }

    private static String mismatch(String expected, String received) throws Exception {
        StanzaMatcher.Result result = match(expected, received);
        assertFalse(result.matched(), "should not match:\n" + expected + "\n" + received);
        return result.reason();
    }

    // --- loose: jabber:client elements ---

    @Test
    void looseIgnoresExtraAttributesAndChildrenAndTheirOrder() throws Exception {
        matches("<presence from='a@b/c'><x xmlns='" + MUC_USER + "'/></presence>",
                "<presence xml:lang='en' to='me@b/r' from='a@b/c'><occupant-id xmlns='urn:xmpp:occupant-id:0' id='1'/>"
                        + "<x xmlns='" + MUC_USER + "'/></presence>");
        matches("<iq type='result'/>", "<iq type='result' id='1'><query xmlns='jabber:iq:roster'/></iq>");
    }

    @Test
    void looseRequiresEachExpectedAttributeWithItsValue() throws Exception {
        assertEquals("presence: attribute type missing (expected 'error')", mismatch("<presence type='error'/>", "<presence/>"));
        assertEquals("presence: attribute from is 'x@y', expected 'a@b'", mismatch("<presence from='a@b'/>", "<presence from='x@y'/>"));
    }

    @Test
    void looseRequiresEachExpectedChildToMatchADistinctReceivedChild() throws Exception {
        String reason = mismatch("<message><subject/><body/></message>", "<message><body/></message>");
        assertTrue(reason.contains("no received child matches expected <subject/>"), reason);
        String distinct = mismatch("<message><body/><body/></message>", "<message><body>hi</body></message>");
        assertTrue(distinct.contains("cannot each match a different received child"), distinct);
        matches("<message><body/><body/></message>", "<message><body>a</body><body>b</body></message>");
    }

    @Test
    void looseChildrenMatchAfterBacktracking() throws Exception {
        // The first received <error> fits both expected ones; only the assignment (2→1, 1→2) works.
        matches("<presence><error/><error type='cancel'/></presence>",
                "<presence><error type='cancel'/><error type='auth'/></presence>");
    }

    @Test
    void looseComparesTextOnlyWhenExpected() throws Exception {
        matches("<message><body/></message>", "<message><body>anything</body></message>");
        matches("<message><body>\n  Hello  \n</body></message>", "<message><body>Hello</body></message>");
        String reason = mismatch("<message><body>Hello</body></message>", "<message><body>Bye</body></message>");
        assertTrue(reason.contains("text is 'Bye', expected 'Hello'"), reason);
    }

    // --- strict: elements with their own namespace, and their descendants ---

    @Test
    void strictRejectsAnExtraReceivedAttribute() throws Exception {
        String reason = mismatch("<iq><query xmlns='q'><item a='1'/></query></iq>", "<iq><query xmlns='q'><item a='1' b='2'/></query></iq>");
        assertTrue(reason.contains("iq/query/item (strict): unexpected attribute b='2'"), reason);
    }

    @Test
    void strictRejectsAMissingAttribute() throws Exception {
        String reason = mismatch("<iq><query xmlns='q' node='n'/></iq>", "<iq><query xmlns='q'/></iq>");
        assertTrue(reason.contains("attribute node missing"), reason);
    }

    @Test
    void strictRequiresTheSameChildrenInTheSameOrder() throws Exception {
        String extra = mismatch("<iq><query xmlns='q'/></iq>", "<iq><query xmlns='q'><identity/></query></iq>");
        assertTrue(extra.contains("has 1 child element(s) [<identity xmlns='q'/>], expected 0 []"), extra);
        String missing = mismatch("<iq><query xmlns='q'><identity/></query></iq>", "<iq><query xmlns='q'/></iq>");
        assertTrue(missing.contains("has 0 child element(s)"), missing);
        String order = mismatch("<m><x xmlns='q'><a/><b/></x></m>", "<m><x xmlns='q'><b/><a/></x></m>");
        assertTrue(order.contains("child 1 of 2 in strict order"), order);
        matches("<m><x xmlns='q'><a/><b/></x></m>", "<m><x xmlns='q'><a/><b/></x></m>");
    }

    @Test
    void strictComparesTrimmedText() throws Exception {
        matches("<m><x xmlns='q'><value>\n  v  \n</value></x></m>", "<m><x xmlns='q'><value>v</value></x></m>");
        String reason = mismatch("<m><x xmlns='q'><value/></x></m>", "<m><x xmlns='q'><value>v</value></x></m>");
        assertTrue(reason.contains("text is 'v', expected ''"), reason);
        matches("<m><x xmlns='q'>\n  <a/>\n</x></m>", "<m><x xmlns='q'><a/></x></m>"); // indentation is not text
    }

    @Test
    void namespaceDeclarationsAndScansionAttributesAreNotAttributes() throws Exception {
        matches("<m><x xmlns='q' scansion:strict='true'/></m>", "<m><x xmlns='q' xmlns:other='o'/></m>");
    }

    @Test
    void jabberClientElementsInheritTheirParentsStrictness() throws Exception {
        // <message xmlns='jabber:client'> inside a namespaced <forwarded> is strict: extra xml:lang fails.
        String reason = mismatch("<message><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/></forwarded></message>",
                "<message><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' xml:lang='en'/></forwarded></message>");
        assertTrue(reason.contains("unexpected attribute xml:lang='en'"), reason);
    }

    // --- scansion:strict overrides ---

    @Test
    void strictTrueMakesAJabberClientElementStrict() throws Exception {
        String reason = mismatch("<iq type='result' scansion:strict='true'/>", "<iq type='result' id='1'/>");
        assertTrue(reason.contains("unexpected attribute id='1'"), reason);
    }

    @Test
    void strictFalseMakesANamespacedElementLooseUntilAnotherNamespaceOrFlag() throws Exception {
        matches("<iq><query xmlns='q' scansion:strict='false'><item/></query></iq>",
                "<iq><query xmlns='q' extra='1'><other/><item a='1'/></query></iq>");
        // A descendant in its own (other) namespace is strict again.
        String reason = mismatch("<iq><query xmlns='q' scansion:strict='false'><x xmlns='r'/></query></iq>",
                "<iq><query xmlns='q'><x xmlns='r' a='1'/></query></iq>");
        assertTrue(reason.contains("unexpected attribute a='1'"), reason);
        // And a flag on a descendant wins over its namespace.
        matches("<iq><query xmlns='q'><x xmlns='r' scansion:strict='false'/></query></iq>",
                "<iq><query xmlns='q'><x xmlns='r' a='1'/></query></iq>");
    }

    @Test
    void strictnessFollowsADeclaredXmlnsNotAnInheritedNamespace() throws Exception {
        // Under a loose parent, <item> that inherits 'q' stays loose; <item xmlns='q'> declares it and is strict.
        matches("<iq><query xmlns='q' scansion:strict='false'><item/></query></iq>",
                "<iq><query xmlns='q'><item a='1'/></query></iq>");
        String reason = mismatch("<iq><query xmlns='q' scansion:strict='false'><item xmlns='q'/></query></iq>",
                "<iq><query xmlns='q'><item a='1'/></query></iq>");
        assertTrue(reason.contains("unexpected attribute a='1'"), reason);
    }

    // --- names are resolved namespaces ---

    @Test
    void redundantXmlnsOnAChildIsTheSameName() throws Exception {
        matches("<presence><x xmlns='" + MUC_USER + "'><item xmlns='" + MUC_USER + "' role='moderator'/>"
                        + "<status xmlns='" + MUC_USER + "' code='110'/></x></presence>",
                "<presence><x xmlns='" + MUC_USER + "'><item role='moderator'/><status code='110'/></x></presence>");
    }

    @Test
    void prefixesDoNotMatterOnlyResolvedNames() throws Exception {
        matches("<presence><x xmlns='" + MUC_USER + "'><item/></x></presence>",
                "<presence><u:x xmlns:u='" + MUC_USER + "'><u:item/></u:x></presence>");
        String reason = mismatch("<presence><x xmlns='" + MUC_USER + "'><item/></x></presence>",
                "<presence><x xmlns='" + MUC_USER + "'><item xmlns='other'/></x></presence>");
        assertTrue(reason.contains("expected <item xmlns='" + MUC_USER + "'/>, found <item xmlns='other'/>"), reason);
        String wrongNs = mismatch("<presence><x xmlns='http://jabber.org/protocol/muc'/></presence>",
                "<presence><x xmlns='" + MUC_USER + "'/></presence>");
        assertTrue(wrongNs.contains("no received child matches expected <x xmlns='http://jabber.org/protocol/muc'/>"), wrongNs);
    }

    @Test
    void topLevelNameMismatchIsReported() throws Exception {
        assertEquals("presence: expected <presence/>, found <message/>", mismatch("<presence/>", "<message/>"));
    }

    // --- {scansion:any} ---

    @Test
    void anyMatchesAnyAttributeValueOrText() throws Exception {
        matches("<iq><query xmlns='q' ver='{scansion:any}'><v>{scansion:any}</v></query></iq>",
                "<iq><query xmlns='q' ver='42'><v>whatever</v></query></iq>");
        String reason = mismatch("<iq><query xmlns='q' ver='{scansion:any}'/></iq>", "<iq><query xmlns='q'/></iq>");
        assertTrue(reason.contains("attribute ver missing"), reason);
    }
}

package org.mucregistration.protocol;

import org.dom4j.Attribute;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support: real Tinder stanzas from XML text, and a strict structural comparison of XML (what scansion does for
 * namespaced payloads): same names and namespaces, the same attributes both ways, the same child elements in the
 * same order, the same trimmed text. The only tolerance: Tinder's legacy {@code code} attribute on {@code <error/>}.
 */
public final class Xml {
    public static final String CLIENT = "jabber:client";

    private Xml() {
    }

    public static Element parse(String xml) {
        try {
            return DocumentHelper.parseText(xml).getRootElement();
        } catch (DocumentException e) {
            throw new IllegalArgumentException("Not XML: " + xml, e);
        }
    }

    public static IQ iq(String xml) {
        return new IQ(parse(xml));
    }

    public static Presence presence(String xml) {
        return new Presence(parse(xml));
    }

    public static Message message(String xml) {
        return new Message(parse(xml));
    }

    /** The one child element of {@code parent} with this name and namespace; fails if absent or repeated. */
    public static Element only(Element parent, String name, String namespace) {
        final List<Element> found = parent.elements(QName.get(name, namespace));
        if (found.size() != 1) {
            fail("Expected exactly one <" + name + " xmlns='" + namespace + "'> in " + parent.asXML() + ", found "
                + found.size());
        }
        return found.get(0);
    }

    /** Asserts that the packet's whole element is structurally the expected XML. */
    public static void assertXml(String expected, Packet actual) {
        assertNotNull(actual, "No stanza, expected " + expected);
        assertXml(expected, actual.getElement());
    }

    /** Asserts that {@code actual} is structurally {@code expected}: see the class comment. */
    public static void assertXml(String expected, Element actual) {
        assertNotNull(actual, "No element, expected " + expected);
        final List<String> differences = new ArrayList<>();
        compare(parse(expected), actual, "/", differences);
        if (!differences.isEmpty()) {
            fail(String.join("\n", differences) + "\nexpected: " + parse(expected).asXML() + "\nactual:   "
                + actual.asXML());
        }
    }

    /** Whether {@code actual} is structurally {@code expected}. */
    public static boolean matches(String expected, Element actual) {
        final List<String> differences = new ArrayList<>();
        compare(parse(expected), actual, "/", differences);
        return differences.isEmpty();
    }

    private static void compare(Element expected, Element actual, String path, List<String> differences) {
        final String here = path + actual.getName();
        if (!expected.getName().equals(actual.getName())
            || !namespace(expected).equals(namespace(actual))) {
            differences.add(here + ": expected <" + expected.getName() + " xmlns='" + namespace(expected)
                + "'>, got <" + actual.getName() + " xmlns='" + namespace(actual) + "'>");
            return;
        }
        final Map<String, String> expectedAttributes = attributes(expected);
        final Map<String, String> actualAttributes = attributes(actual);
        if ("error".equals(actual.getName()) && !expectedAttributes.containsKey("code")) {
            actualAttributes.remove("code"); // Tinder's legacy error code
        }
        if (!expectedAttributes.equals(actualAttributes)) {
            differences.add(here + ": attributes " + actualAttributes + ", expected " + expectedAttributes);
        }
        final List<Element> expectedChildren = expected.elements();
        final List<Element> actualChildren = actual.elements();
        if (expectedChildren.size() != actualChildren.size()) {
            differences.add(here + ": " + actualChildren.size() + " children " + names(actualChildren) + ", expected "
                + expectedChildren.size() + " " + names(expectedChildren));
            return;
        }
        if (expectedChildren.isEmpty() && !expected.getTextTrim().equals(actual.getTextTrim())) {
            differences.add(here + ": text '" + actual.getTextTrim() + "', expected '" + expected.getTextTrim() + "'");
        }
        for (int i = 0; i < expectedChildren.size(); i++) {
            compare(expectedChildren.get(i), actualChildren.get(i), here + "/", differences);
        }
    }

    private static String namespace(Element element) {
        final String uri = element.getNamespaceURI();
        return uri == null || uri.isEmpty() ? CLIENT : uri;
    }

    private static Map<String, String> attributes(Element element) {
        final Map<String, String> map = new TreeMap<>();
        for (Attribute attribute : element.attributes()) {
            map.put(attribute.getQualifiedName(), attribute.getValue());
        }
        return map;
    }

    private static List<String> names(List<Element> elements) {
        final List<String> names = new ArrayList<>();
        for (Element element : elements) {
            names.add(element.getName());
        }
        return names;
    }
}

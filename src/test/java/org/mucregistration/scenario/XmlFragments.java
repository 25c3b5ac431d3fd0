package org.mucregistration.scenario;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.dom4j.Attribute;
import org.dom4j.CDATA;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.Node;
import org.dom4j.Text;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXParseException;

/** Namespace-aware parsing of XML snippets into dom4j trees, and short descriptions of elements for reports. */
final class XmlFragments {

    static final String JABBER_CLIENT = "jabber:client";
    /** The namespace the runner gives the {@code scansion:} prefix; scripts need not declare it. */
    static final String SCANSION_NS = "https://matthewwild.co.uk/projects/scansion";
    static final String STREAMS_NS = "http://etherx.jabber.org/streams";

    private static final String FRAGMENT_ROOT = "scansion-fragment";

    private XmlFragments() {
    }

    /** Thrown for XML that is not well-formed; {@link #line} is 1-based within the fragment. */
    static final class MalformedXmlException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        MalformedXmlException(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    /**
     * Parses a script's XML block: its top-level elements in the default namespace {@code jabber:client},
     * with the {@code scansion:} prefix predeclared.
     */
    static List<Element> parseScriptXml(String xml) throws MalformedXmlException {
        String wrapped = "<" + FRAGMENT_ROOT + " xmlns='" + JABBER_CLIENT + "' xmlns:scansion='" + SCANSION_NS + "'>"
                + xml + "</" + FRAGMENT_ROOT + ">";
        return new ArrayList<>(parse(wrapped).getRootElement().elements());
    }

    /**
     * Parses one top-level element received on an XMPP stream, in the namespace context of the
     * stream header it arrived under (the raw {@code <stream:stream ...>} start tag).
     */
    static Element parseStreamElement(String streamHeader, String xml) throws MalformedXmlException {
        String rootName = XmlSplitter.tagName(streamHeader);
        Document doc = parse(streamHeader + xml + "</" + rootName + ">");
        List<Element> children = doc.getRootElement().elements();
        if (children.size() != 1) {
            throw new MalformedXmlException("expected one element, found " + children.size(), 1);
        }
        Element e = children.get(0);
        e.detach();
        return e;
    }

    private static Document parse(String xml) throws MalformedXmlException {
        try {
            SAXReader reader = SAXReader.createDefault();
            reader.setStripWhitespaceText(false);
            reader.setMergeAdjacentText(true);
            return reader.read(new StringReader(xml));
        } catch (DocumentException e) {
            int line = 1;
            String message = e.getMessage();
            if (e.getCause() instanceof SAXParseException spe) {
                line = Math.max(1, spe.getLineNumber());
                message = spe.getMessage();
            }
            throw new MalformedXmlException(message, line);
        }
    }

    /** The element's own character data (text and CDATA children, not descendants'). */
    static String ownText(Element e) {
        StringBuilder sb = new StringBuilder();
        for (Node n : e.content()) {
            if (n instanceof Text || n instanceof CDATA) {
                sb.append(n.getText());
            }
        }
        return sb.toString();
    }

    /** {@code <name xmlns='ns' a='v'>} — the start tag, resolved namespace shown when not jabber:client. */
    static String describe(Element e) {
        StringBuilder sb = new StringBuilder("<").append(e.getName());
        String ns = e.getNamespaceURI();
        if (!ns.isEmpty() && !ns.equals(JABBER_CLIENT)) {
            sb.append(" xmlns='").append(ns).append('\'');
        }
        for (Attribute a : e.attributes()) {
            if (SCANSION_NS.equals(a.getNamespaceURI())) {
                continue;
            }
            sb.append(' ').append(attributeName(a)).append("='").append(a.getValue()).append('\'');
        }
        return sb.append(e.elements().isEmpty() && ownText(e).isBlank() ? "/>" : ">").toString();
    }

    static String attributeName(Attribute a) {
        String ns = a.getNamespaceURI();
        if (ns.isEmpty()) {
            return a.getName();
        }
        if ("http://www.w3.org/XML/1998/namespace".equals(ns)) {
            return "xml:" + a.getName();
        }
        return "{" + ns + "}" + a.getName();
    }

    /** Escapes a value for use in XML text or in an attribute quoted with ' or ". */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
